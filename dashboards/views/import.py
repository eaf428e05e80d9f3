"""Import meetings from a spreadsheet: upload, check the proposed column mapping, preview the
rows (errors and name matches) before anything is written, then import with a progress bar.
Editors and administrators only; the service refuses anyone else whatever this page shows."""

import hashlib

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
from tracker.i18n import N_, _, format_date, format_number, ngettext
from tracker.importers import load_mapping, propose, read_table
from tracker.importers.grouping import RowError
from tracker.importers.mapping import (
    DATE_PARTS,
    DEFAULT_SPLIT,
    REQUIRED_FIELDS,
    TARGET_FIELDS,
    VALUE_CHOICES,
    MappingSpec,
    resolve_columns,
)
from tracker.importers.outputs import error_file, template_csv, template_mapping, template_xlsx
from tracker.importers.proposal import value_counts
from tracker.importers.reading import MAX_UPLOAD_BYTES
from tracker.importers.run import import_rows, preview_import
from tracker.importers.saved_mappings import get_mapping, list_mappings, save_mapping
from tracker.importers.vocabulary import SKIP
from tracker.labels import EMPTY, label
from tracker.reports.formats import CSV, XLSX

NONE = "—"
PROPOSED = N_("Proposed from the headers")  # a choice's code (in widget keys), shown translated
MB = MAX_UPLOAD_BYTES // 2**20
# The preview's tables, headed in the reader's language (their columns stay codes for the files).
HEADINGS = {
    "rows": N_("Rows"), "row": N_("Row"), "date": N_("Date"), "precision": N_("Precision"),
    "title": N_("Title"), "official": N_("Official"), "organisations": N_("Organisations"),
    "people": N_("People"), "state": N_("State"), "probable duplicate of": N_("Probable duplicate of"),
    "kind": N_("Kind"), "in file": N_("In the file"), "match": N_("Match"), "how": N_("How"),
    "score": N_("Score"), "possible match": N_("Possible match"), "reason": N_("Reason"),
    "note": N_("Note"), "recorded id": N_("Recorded ID"), "recorded date": N_("Recorded date"),
    "recorded title": N_("Recorded title"), "shared": N_("Shared"), "ours": N_("Ours"),
}
# How a name in the file was matched (``tracker.importers.resolve.Match.method``).
HOW = {"exact": N_("Exact"), "alias": N_("Alias"), "fuzzy": N_("Close match"), "new": N_("New"),
       "possible": N_("New (possible match)"), "confirmed": N_("Confirmed")}
# The fields the importer's refusals name (a file, a mapping, a match to confirm), as the error shows them.
REFUSAL_FIELDS = (N_("File"), N_("Mapping"), N_("Match"), N_("Confirm"))
PART_LABELS = {"day": N_("Day in its own column"), "month": N_("Month in its own column"),
               "year": N_("Year in its own column")}


def headed(frame) -> dict:
    """Column headings of a preview table in the reader's language."""
    return {column: _(HEADINGS[column]) for column in frame.columns if column in HEADINGS}


def value_word(code: str) -> str:
    """A value a file's value maps to, in words: empty (the default), skip, or one of ours."""
    if not code:
        return ""
    return _("Skip (not imported)") if code == SKIP else label(code)


def dated(frame, column: str = "date", precision: str | None = "precision"):
    """A table's dates as the reader's language writes them, to their precision."""
    if frame.empty or column not in frame:
        return frame
    if precision and precision in frame:
        texts = [format_date(day, how) for day, how in zip(frame[column], frame[precision], strict=True)]
        return frame.assign(**{column: texts, precision: frame[precision].map(label)})
    return frame.assign(**{column: frame[column].map(format_date)})

actor = require_actor()
st.title(_("Import meetings"))
if not actor.can_write:
    st.info(_("Only editors and administrators can import meetings."))
    st.stop()

with st.expander(_("Template for the tracker's own layout")):
    st.caption(_("Fill one row per meeting (or several rows sharing a Meeting ID); the template "
                 "imports without any mapping."))
    cols = st.columns(3)
    cols[0].download_button(_("Template (XLSX)"), template_xlsx(), "meetings-template.xlsx", XLSX.mime,
                            key="template_xlsx")
    cols[1].download_button(_("Template (CSV)"), template_csv(), "meetings-template.csv", CSV.mime,
                            key="template_csv")
    cols[2].download_button(_("Its mapping (YAML)"), template_mapping().to_yaml(), "template-mapping.yaml",
                            "text/yaml", key="template_yaml")

uploaded = st.file_uploader(_("Spreadsheet (CSV or XLSX, up to {mb} MB)").format(mb=MB),
                            type=["csv", "xlsx"], key="import_upload",
                            max_upload_size=MB)  # else the box says "200MB"
if uploaded is None:
    st.caption(_("Windows-1252 or UTF-8, title rows, blank rows and extra columns are all fine."))
    st.stop()
data = uploaded.getvalue()
if len(data) > MAX_UPLOAD_BYTES:
    st.error(_("This file is larger than {mb} MB; split it and import the parts.").format(mb=MB))
    st.stop()
digest = hashlib.sha1(data).hexdigest()[:12]
if st.session_state.get("import_table_digest") != digest:
    try:
        st.session_state["import_table"] = read_table(data, uploaded.name)
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
    st.session_state["import_table_digest"] = digest
    st.session_state.pop("import_preview", None)
    st.session_state.pop("import_result", None)
table = st.session_state["import_table"]
read = _("{rows} rows read from {file} ({blank} blank rows skipped).").format(
    rows=format_number(len(table.rows)), file=escape_markdown(table.filename),
    blank=format_number(table.blank_rows))
st.caption(" ".join([read, *([_("Encoding: {encoding}.").format(encoding=table.encoding)] if table.encoding
                             else []), *table.notes]))

def value_mapping_editor(name: str, column: str, proposed: dict[str, str]) -> dict[str, str]:
    """The file's values of a kind, status or confidentiality column with their counts, each
    mapped to ours (or "skip": the row is not imported, counted as skipped by rule)."""
    counts = value_counts(table, column)
    field_label = _(TARGET_FIELDS[name].label)
    with st.expander(_("{field}: {count} value(s) in “{column}” mapped to ours").format(
            field=field_label, count=format_number(len(counts)), column=escape_markdown(column))):
        st.caption(_("Empty: the default. “{skip}”: rows with that value are not imported (e.g. contact "
                     "types that are no meeting). A value left out reads as “{other}”.").format(
                         skip=value_word(SKIP), other=label("other")))
        known = {key.casefold(): value for key, value in proposed.items()}
        rows = [{"in file": value, "rows": count, "ours": known.get(value.casefold(), "")}
                for value, count in counts[:200]]
        edited = st.data_editor(rows, hide_index=True, disabled=["in file", "rows"],
                                key=f"values_{name}_{start}_{digest}", column_config={
                                    "in file": _(HEADINGS["in file"]), "rows": _(HEADINGS["rows"]),
                                    "ours": st.column_config.SelectboxColumn(
                                        _(HEADINGS["ours"]), options=["", SKIP, *VALUE_CHOICES[name]],
                                        format_func=value_word)})
    return {row["in file"]: row["ours"] or "" for row in edited}


# Step 2: the mapping, proposed (or a saved one), then editable.
st.subheader(_("1. Columns"))
saved_names = run_query(list_mappings)
start = st.selectbox(_("Start from"), [PROPOSED, *saved_names], key=f"map_start_{digest}",
                     format_func=lambda choice: _(PROPOSED) if choice == PROPOSED else choice,
                     placeholder=choose_placeholder(False))
confidence = {}
if start == PROPOSED:
    proposal = propose(table)
    base, confidence = proposal.spec, proposal.confidence
else:
    base = run_query(get_mapping, name=start)
found = resolve_columns(base, table).indexes
options = [NONE, *table.headers]
fields: dict = {}
grid = st.columns(3)
for position, (name, target) in enumerate(TARGET_FIELDS.items()):
    column = grid[position % 3]
    field_label = _(target.label)
    index = found[name] + 1 if name in found else 0
    choice = column.selectbox(field_label + (" *" if name in REQUIRED_FIELDS else ""), options, index=index,
                              help=_(target.help), key=f"map_{name}_{start}_{digest}",
                              placeholder=choose_placeholder(False))
    if name in confidence and choice != NONE:
        sure = confidence[name]
        mark = "✓" if sure.score >= 80 else "?"
        column.caption(_("{mark} {score}% sure: {reason}").format(mark=mark, score=sure.score,
                                                                  reason=escape_markdown(sure.reason)))
    if choice != NONE:
        rule = base.fields[name].model_dump(exclude_defaults=True) if name in base.fields else {}
        rule["column"] = choice
        if target.multi:
            current = "".join(s for s in (rule.get("split") or []) if s not in DEFAULT_SPLIT)
            typed = column.text_input(_("{field}: also split on").format(field=field_label), current,
                                      key=f"split_{name}_{start}_{digest}",
                                      help=_("Characters that separate several values in one cell, "
                                             "e.g. , or /. Semicolons and line breaks always do."))
            rule["split"] = list(dict.fromkeys(typed.replace(" ", ""))) or None
        if name in VALUE_CHOICES:
            rule["values"] = value_mapping_editor(name, choice, rule.get("values") or {})
        fields[name] = rule
with st.expander(_("Values the file lacks, dates and grouping"), expanded=False):
    fixed = dict(base.fixed)
    body = st.text_input(_("Government body for every row (when no column gives it)"),
                         fixed.get("government_body", ""), key=f"fixed_body_{start}_{digest}")
    fixed["government_body"] = body
    date_rule = fields.get("date", {})
    year = st.number_input(_("Year for dates that give only a month (0: from the file name)"), 0, 2100,
                           int(date_rule.get("year") or 0), key=f"year_{start}_{digest}")
    day_first = st.checkbox(_("Numeric dates are day first (06/05/2019 = 6 May)"),
                            date_rule.get("day_first", True), key=f"day_first_{start}_{digest}")
    part_cols = st.columns(3)
    parts = {}
    for position, part in enumerate(DATE_PARTS):
        current = date_rule.get(f"{part}_column")
        picked = part_cols[position].selectbox(
            _(PART_LABELS[part]), options,
            index=options.index(current) if current in options else 0, key=f"date_{part}_{start}_{digest}",
            help=_("For a date spread over columns: the month column (with a year column or the year "
                   "above) is enough; the Date field then takes the month column."),
            placeholder=choose_placeholder(False))
        parts[f"{part}_column"] = picked if picked != NONE else None
    group = st.checkbox(_("Rows with the same date, official and purpose are one meeting"),
                        bool(base.group_by), key=f"group_{start}_{digest}")
if "date" in fields:
    fields["date"].update({"year": year or None, "day_first": day_first,
                           "year_from_filename": not year, **parts})
try:
    spec: MappingSpec = load_mapping({"fields": fields, "fixed": fixed,
                                      "group_by": (base.group_by or ["date", "official", "title"])
                                      if group else None,
                                      "match_threshold": base.match_threshold,
                                      "organisation_kind": base.organisation_kind})
except DomainError as exc:
    show_domain_error(exc)
    st.stop()
missing = resolve_columns(spec, table).missing_required
save_cols = st.columns([2, 1, 1])
mapping_name = save_cols[0].text_input(_("Save this mapping as"), key=f"map_name_{digest}",
                                       placeholder=_("e.g. Cabinet Office quarterly return"))
if save_cols[1].button(_("Save mapping"), key="save_mapping", disabled=not mapping_name.strip()):
    try:
        run_write(save_mapping, actor=actor, name=mapping_name, mapping=spec)
        st.success(_("Saved “{name}”: pick it under “{start_from}” next time.").format(
            name=escape_markdown(mapping_name.strip()), start_from=_("Start from")))
    except DomainError as exc:
        show_domain_error(exc)
save_cols[2].download_button(_("Mapping (YAML)"), spec.to_yaml(), "mapping.yaml", "text/yaml",
                             key="mapping_yaml")
if missing:
    st.warning(_("Choose a column for: {fields}").format(
        fields=_(", ").join(_(TARGET_FIELDS[f].label) for f in missing)))
    st.stop()

# Step 3: preview (nothing written yet).
st.subheader(_("2. Preview"))
preview_key = (digest, spec.to_yaml())
stored = st.session_state.get("import_preview")
if st.button(_("Preview"), key="preview_button"):
    try:
        stored = {"key": preview_key, "preview": run_query(preview_import, table=table, mapping=spec,
                                                            clearance=actor.clearance)}
        st.session_state["import_preview"] = stored
        st.session_state.pop("import_result", None)
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
if not stored or stored["key"] != preview_key:
    st.caption(_("Preview to see the meetings, name matches and row errors before anything is written."))
    st.stop()
preview = stored["preview"]
counts = {key: format_number(value) for key, value in preview.match_counts().items()}
metrics = st.columns(5)
metrics[0].metric(_("Rows read"), format_number(preview.rows_read))
metrics[1].metric(_("To import"), format_number(preview.importable_rows))
metrics[2].metric(_("Already imported"), format_number(preview.already_imported))
metrics[3].metric(_("Skipped by rule"), format_number(preview.skipped_by_rule))
metrics[4].metric(_("Rejected"), format_number(preview.rejected))
st.caption(_("Organisations: {matched_organisations} matched, {created_organisations} new · People: "
             "{matched_people} matched, {created_people} new").format(**counts))
notes = preview.notes_frame()
tabs = st.tabs([_("Meetings"), _("Matches"),
                _("Errors ({count})").format(count=format_number(preview.rejected)),
                _("Cuts, splits and skips ({count})").format(count=format_number(len(notes)))])
if preview.probable_duplicates:
    tabs[0].warning(_("{count} of the new meetings may be already recorded: a meeting within a day of the "
                      "date has the same people or organisations. They are imported all the same; check "
                      "them below.").format(count=format_number(preview.probable_duplicates)),
                    icon=":material/content_copy:")
    duplicates = preview.duplicates_frame()
    duplicates = dated(dated(duplicates, precision=None), "recorded date", precision=None)
    tabs[0].dataframe(duplicates, hide_index=True, key="preview_duplicates", placeholder=EMPTY,
                      column_config=headed(duplicates))
drafts = dated(preview.drafts_frame())
tabs[0].dataframe(drafts, hide_index=True, key="preview_meetings", placeholder=EMPTY,
                  column_config=headed(drafts))
found_names = preview.matches_frame()
found_names = found_names.assign(kind=found_names["kind"].map(label),
                                 how=found_names["how"].map(lambda how: _(HOW[how]) if how in HOW else how))
tabs[1].dataframe(found_names, hide_index=True, key="preview_matches", placeholder=EMPTY,
                  column_config=headed(found_names))
possible = preview.possible_matches()
confirmed: list[str] = []
if possible:
    tabs[1].caption(_("Close to an existing record but for a number (“No. 2” and “No. 1”): imported as "
                      "new unless you tick that they are the same."))
    for number, match in enumerate(possible):
        if tabs[1].checkbox(_("“{name}” is the existing “{existing}”").format(
                name=escape_markdown(match.source), existing=escape_markdown(match.possible_name)),
                key=f"confirm_{digest}_{number}"):
            confirmed.append(match.source)
rejected_rows = preview.errors_frame()
tabs[2].dataframe(rejected_rows, hide_index=True, key="preview_errors", placeholder=EMPTY,
                  column_config=headed(rejected_rows))
tabs[3].caption(_("Nothing long is rejected: long titles are cut at a word (the full text goes to the "
                  "summary), cells listing several names are split; each is listed here."))
tabs[3].dataframe(notes, hide_index=True, key="preview_notes", placeholder=EMPTY,
                  column_config=headed(notes))
if preview.errors:
    tabs[2].download_button(_("Error file (CSV)"), error_file(table, preview.errors), "import-errors.csv",
                            CSV.mime, key="preview_error_file")

# Step 4: import.
st.subheader(_("3. Import"))
result = st.session_state.get("import_result")
if result is None and st.button(
        ngettext("Import {count} row", "Import {count} rows", preview.importable_rows).format(
            count=format_number(preview.importable_rows)), type="primary",
        key="import_button", disabled=preview.importable_rows == 0):
    bar = st.progress(0.0, text=_("Importing…"))
    try:
        outcome = run_write(import_rows, actor=actor, table=table, mapping=spec, preview=preview,
                            confirmed=confirmed, progress=lambda done, total: bar.progress(
                                done / max(total, 1), text=_("Imported {done} of {total} rows").format(
                                    done=format_number(done), total=format_number(total))))
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
    result = outcome.to_dict()
    st.session_state["import_result"] = result
if result is not None:
    figures = {name: format_number(result[key]) for name, key in (
        ("imported", "imported"), ("meetings", "meetings_created"), ("already", "already_imported"),
        ("skipped", "skipped_by_rule"), ("rejected", "rejected"))}
    st.success(_("Imported {imported} rows as {meetings} meetings; {already} were already imported, "
                 "{skipped} skipped by rule, {rejected} rejected.").format(**figures))
    if result["errors"]:
        rows = [RowError(e["row"], e["reason"]) for e in result["errors"]]
        st.download_button(_("Error file (CSV)"), error_file(table, rows), "import-errors.csv", CSV.mime,
                           key="result_error_file")
