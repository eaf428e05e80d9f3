"""Import meetings from a spreadsheet: upload, check the proposed column mapping, preview the
rows (errors and name matches) before anything is written, then import with a progress bar.
Editors and administrators only; the service refuses anyone else whatever this page shows."""

import hashlib

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.incidents import show_domain_error
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
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
from tracker.labels import EMPTY
from tracker.reports.formats import CSV, XLSX

NONE = "—"
PROPOSED = "Proposed from the headers"

actor = require_actor()
st.title("Import meetings")
if not actor.can_write:
    st.info("Only editors and administrators can import meetings.")
    st.stop()

with st.expander("Template for the tracker's own layout"):
    st.caption("Fill one row per meeting (or several rows sharing a Meeting ID); the template "
               "imports without any mapping.")
    cols = st.columns(3)
    cols[0].download_button("Template (XLSX)", template_xlsx(), "meetings-template.xlsx", XLSX.mime,
                            key="template_xlsx")
    cols[1].download_button("Template (CSV)", template_csv(), "meetings-template.csv", CSV.mime,
                            key="template_csv")
    cols[2].download_button("Its mapping (YAML)", template_mapping().to_yaml(), "template-mapping.yaml",
                            "text/yaml", key="template_yaml")

uploaded = st.file_uploader(f"Spreadsheet (CSV or XLSX, up to {MAX_UPLOAD_BYTES // 2**20} MB)",
                            type=["csv", "xlsx"], key="import_upload",
                            max_upload_size=MAX_UPLOAD_BYTES // 2**20)  # else the box says "200MB"
if uploaded is None:
    st.caption("Windows-1252 or UTF-8, title rows, blank rows and extra columns are all fine.")
    st.stop()
data = uploaded.getvalue()
if len(data) > MAX_UPLOAD_BYTES:
    st.error(f"This file is larger than {MAX_UPLOAD_BYTES // 2**20} MB; split it and import the parts.")
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
st.caption(f"{len(table.rows):,} rows read from {escape_markdown(table.filename)} "
           f"({table.blank_rows:,} blank rows skipped{', ' + table.encoding if table.encoding else ''}). "
           + " ".join(table.notes))

def value_mapping_editor(name: str, column: str, proposed: dict[str, str]) -> dict[str, str]:
    """The file's values of a kind, status or confidentiality column with their counts, each
    mapped to ours (or "skip": the row is not imported, counted as skipped by rule)."""
    counts = value_counts(table, column)
    label = TARGET_FIELDS[name].label
    with st.expander(f"{label}: {len(counts):,} value(s) in “{escape_markdown(column)}” mapped to ours"):
        st.caption(f"Empty: the default. “{SKIP}”: rows with that value are not imported "
                   "(e.g. contact types that are no meeting). A value left out reads as “other”.")
        known = {key.casefold(): value for key, value in proposed.items()}
        rows = [{"in file": value, "rows": count, "ours": known.get(value.casefold(), "")}
                for value, count in counts[:200]]
        edited = st.data_editor(rows, hide_index=True, disabled=["in file", "rows"],
                                key=f"values_{name}_{start}_{digest}", column_config={
                                    "ours": st.column_config.SelectboxColumn(
                                        options=["", SKIP, *VALUE_CHOICES[name]])})
    return {row["in file"]: row["ours"] or "" for row in edited}


# Step 2: the mapping, proposed (or a saved one), then editable.
st.subheader("1. Columns")
saved_names = run_query(list_mappings)
start = st.selectbox("Start from", [PROPOSED, *saved_names], key=f"map_start_{digest}")
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
    label = target.label + (" *" if name in REQUIRED_FIELDS else "")
    index = found[name] + 1 if name in found else 0
    choice = column.selectbox(label, options, index=index, help=target.help,
                              key=f"map_{name}_{start}_{digest}")
    if name in confidence and choice != NONE:
        sure = confidence[name]
        mark = "✓" if sure.score >= 80 else "?"
        column.caption(f"{mark} {sure.score}% sure: {escape_markdown(sure.reason)}")
    if choice != NONE:
        rule = base.fields[name].model_dump(exclude_defaults=True) if name in base.fields else {}
        rule["column"] = choice
        if target.multi:
            current = "".join(s for s in (rule.get("split") or []) if s not in DEFAULT_SPLIT)
            typed = column.text_input(f"{target.label}: also split on", current,
                                      key=f"split_{name}_{start}_{digest}",
                                      help="Characters that separate several values in one cell, "
                                           "e.g. , or /. Semicolons and line breaks always do.")
            rule["split"] = list(dict.fromkeys(typed.replace(" ", ""))) or None
        if name in VALUE_CHOICES:
            rule["values"] = value_mapping_editor(name, choice, rule.get("values") or {})
        fields[name] = rule
with st.expander("Values the file lacks, dates and grouping", expanded=False):
    fixed = dict(base.fixed)
    body = st.text_input("Government body for every row (when no column gives it)",
                         fixed.get("government_body", ""), key=f"fixed_body_{start}_{digest}")
    fixed["government_body"] = body
    date_rule = fields.get("date", {})
    year = st.number_input("Year for dates that give only a month (0: from the file name)", 0, 2100,
                           int(date_rule.get("year") or 0), key=f"year_{start}_{digest}")
    day_first = st.checkbox("Numeric dates are day first (06/05/2019 = 6 May)",
                            date_rule.get("day_first", True), key=f"day_first_{start}_{digest}")
    part_cols = st.columns(3)
    parts = {}
    for position, part in enumerate(DATE_PARTS):
        current = date_rule.get(f"{part}_column")
        picked = part_cols[position].selectbox(
            f"{part.capitalize()} in its own column", options,
            index=options.index(current) if current in options else 0, key=f"date_{part}_{start}_{digest}",
            help="For a date spread over columns: the month column (with a year column or the year "
                 "above) is enough; the Date field then takes the month column.")
        parts[f"{part}_column"] = picked if picked != NONE else None
    group = st.checkbox("Rows with the same date, official and purpose are one meeting",
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
mapping_name = save_cols[0].text_input("Save this mapping as", key=f"map_name_{digest}",
                                       placeholder="e.g. Cabinet Office quarterly return")
if save_cols[1].button("Save mapping", key="save_mapping", disabled=not mapping_name.strip()):
    try:
        run_write(save_mapping, actor=actor, name=mapping_name, mapping=spec)
        st.success(f"Saved “{escape_markdown(mapping_name.strip())}”: pick it under “Start from” next time.")
    except DomainError as exc:
        show_domain_error(exc)
save_cols[2].download_button("Mapping (YAML)", spec.to_yaml(), "mapping.yaml", "text/yaml",
                             key="mapping_yaml")
if missing:
    st.warning("Choose a column for: " + ", ".join(TARGET_FIELDS[f].label for f in missing))
    st.stop()

# Step 3: preview (nothing written yet).
st.subheader("2. Preview")
preview_key = (digest, spec.to_yaml())
stored = st.session_state.get("import_preview")
if st.button("Preview", key="preview_button"):
    try:
        stored = {"key": preview_key, "preview": run_query(preview_import, table=table, mapping=spec,
                                                            clearance=actor.clearance)}
        st.session_state["import_preview"] = stored
        st.session_state.pop("import_result", None)
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
if not stored or stored["key"] != preview_key:
    st.caption("Preview to see the meetings, name matches and row errors before anything is written.")
    st.stop()
preview = stored["preview"]
counts = preview.match_counts()
metrics = st.columns(5)
metrics[0].metric("Rows read", f"{preview.rows_read:,}")
metrics[1].metric("To import", f"{preview.importable_rows:,}")
metrics[2].metric("Already imported", f"{preview.already_imported:,}")
metrics[3].metric("Skipped by rule", f"{preview.skipped_by_rule:,}")
metrics[4].metric("Rejected", f"{preview.rejected:,}")
st.caption(f"Organisations: {counts['matched_organisations']:,} matched, "
           f"{counts['created_organisations']:,} new · People: {counts['matched_people']:,} matched, "
           f"{counts['created_people']:,} new")
notes = preview.notes_frame()
tabs = st.tabs(["Meetings", "Matches", f"Errors ({preview.rejected:,})",
                f"Cuts, splits and skips ({len(notes):,})"])
if preview.probable_duplicates:
    tabs[0].warning(f"{preview.probable_duplicates:,} of the new meetings may be already recorded: a meeting "
                    "within a day of the date has the same people or organisations. They are imported "
                    "all the same; check them below.", icon=":material/content_copy:")
    tabs[0].dataframe(preview.duplicates_frame(), hide_index=True, key="preview_duplicates",
                      placeholder=EMPTY)
tabs[0].dataframe(preview.drafts_frame(), hide_index=True, key="preview_meetings", placeholder=EMPTY)
tabs[1].dataframe(preview.matches_frame(), hide_index=True, key="preview_matches", placeholder=EMPTY)
possible = preview.possible_matches()
confirmed: list[str] = []
if possible:
    tabs[1].caption("Close to an existing record but for a number (“No. 2” and “No. 1”): imported as "
                    "new unless you tick that they are the same.")
    for number, match in enumerate(possible):
        if tabs[1].checkbox(f"“{escape_markdown(match.source)}” is the existing "
                            f"“{escape_markdown(match.possible_name)}”", key=f"confirm_{digest}_{number}"):
            confirmed.append(match.source)
tabs[2].dataframe(preview.errors_frame(), hide_index=True, key="preview_errors", placeholder=EMPTY)
tabs[3].caption("Nothing long is rejected: long titles are cut at a word (the full text goes to the "
                "summary), cells listing several names are split; each is listed here.")
tabs[3].dataframe(notes, hide_index=True, key="preview_notes", placeholder=EMPTY)
if preview.errors:
    tabs[2].download_button("Error file (CSV)", error_file(table, preview.errors), "import-errors.csv",
                            CSV.mime, key="preview_error_file")

# Step 4: import.
st.subheader("3. Import")
result = st.session_state.get("import_result")
if result is None and st.button(f"Import {preview.importable_rows:,} rows", type="primary",
                                key="import_button", disabled=preview.importable_rows == 0):
    bar = st.progress(0.0, text="Importing…")
    try:
        outcome = run_write(import_rows, actor=actor, table=table, mapping=spec, preview=preview,
                            confirmed=confirmed, progress=lambda done, total: bar.progress(
                                done / max(total, 1), text=f"Imported {done:,} of {total:,} rows"))
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
    result = outcome.to_dict()
    st.session_state["import_result"] = result
if result is not None:
    st.success(f"Imported {result['imported']:,} rows as {result['meetings_created']:,} meetings; "
               f"{result['already_imported']:,} were already imported, {result['skipped_by_rule']:,} "
               f"skipped by rule, {result['rejected']:,} rejected.")
    if result["errors"]:
        rows = [RowError(e["row"], e["reason"]) for e in result["errors"]]
        st.download_button("Error file (CSV)", error_file(table, rows), "import-errors.csv", CSV.mime,
                           key="result_error_file")
