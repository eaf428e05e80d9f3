"""Pledge follow-up: what each organisation promised, which are late or silent, and the dated
progress behind them. Editors add an update (and change the status) from the list or the record
(``?id=N``)."""

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboards.action_section import action_section
from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import (
    as_file,
    can_write,
    field_error,
    flash,
    label,
    organisation_picker,
    page_file,
    pager,
    query_id,
    run_service,
    table,
)
from dashboards.downloads import table_downloads
from dashboards.history import show_history
from dashboards.language import choose_placeholder
from dashboards.safe import escape_markdown
from tracker.definitions import HELP, SILENT_AFTER_DAYS, silent_label
from tracker.i18n import _, format_date, format_number, ngettext
from tracker.models import PledgeStatus
from tracker.queries.frames import all_pages
from tracker.queries.pledges import (
    FollowUp,
    area_choices,
    pledge_counts,
    pledge_follow_up,
    pledge_record,
)
from tracker.reports.table_export import definition_pairs
from tracker.services.pledges import create_pledge_update
from tracker.taxonomy import area_label

PAGE_SIZE = 100
ERRORS = "pledge_update_errors"
STATUSES = [s.value for s in PledgeStatus]
NAMES = {"organisation": _("Organisation"), "area": _("Area"), "text": _("Text"),  # the list's headings
         "status": _("Status"), "made_on": _("Made"), "target_date": _("Target"),
         "last_update_on": _("Last update"), "days_since_update": _("Days since news"),
         "overdue": st.column_config.CheckboxColumn(_("Overdue"), help=HELP["overdue"]),
         "silent": st.column_config.CheckboxColumn(silent_label(), help=HELP["silent"])}
SILENT_ONLY = _("No update for {days}+ days").format(days=SILENT_AFTER_DAYS)


def update_form(pledge_id: int, current_status: str, made_on: dt.date, *, key: str) -> None:
    """A dated note and an optional new status for one pledge, written as a progress update."""
    errors = st.session_state.get(ERRORS, {})
    today = dt.date.today()
    on = st.date_input(_("Date"), value=today, min_value=min(made_on, today), max_value=today,
                       key=f"{key}_on")
    field_error(errors, "on")
    status = st.selectbox(_("Status"), STATUSES, index=STATUSES.index(current_status), format_func=label,
                          key=f"{key}_status", placeholder=choose_placeholder(False))
    note = st.text_area(_("What happened"), key=f"{key}_note",
                        placeholder=_("e.g. Pilot platform launched in Fuzhou"))
    field_error(errors, "note")
    if st.button(_("Save update"), type="primary", key=f"{key}_save"):
        new_status = status if status != current_status else None
        if run_service(create_pledge_update, errors_key=ERRORS, pledge_id=pledge_id,
                       success=_("Update saved."), data=dict(on=on, note=note, status=new_status)):
            st.session_state.pop(f"{key}_note", None)
            st.rerun()


filters = default_filters()
pledge_id = query_id()
flash(ERRORS)

if pledge_id is not None:
    record = cached_query(pledge_record, filters, pledge_id)
    if record is None:
        st.title(_("Pledge"))
        st.warning(_("This pledge does not exist or is above your clearance."))
        st.page_link(page_file("pledges.py"), label=_("All pledges"), icon=":material/arrow_back:")
        st.stop()
    st.title(_("Pledge by {organisation}").format(organisation=escape_markdown(record["organisation"])))
    made = _("made on {date}").format(date=format_date(record["made_on"]))
    at = _(" at “{meeting}”").format(meeting=record["meeting"]) if record["meeting"] else ""
    under = _(" under “{agreement}”").format(agreement=record["agreement"]) if record["agreement"] else ""
    st.caption(escape_markdown(f"{area_label(record['area'])} · {made}{at}{under}"))
    st.markdown(escape_markdown(record["text"]) if record["text"] else "_" + _("No text recorded.") + "_")
    cols = st.columns(4)
    cols[0].metric(_("Status"), label(record["status"]))
    cols[1].metric(_("Target"), format_date(record["target_date"]) if record["target_date"] else "—")
    cols[2].metric(_("Days since news"), format_number(record["days_since_update"]))
    follow_up = _("Overdue") if record["overdue"] else (_("Silent") if record["silent"] else _("On track"))
    cols[3].metric(_("Follow-up"), follow_up, help=f"{HELP['overdue']} {HELP['silent']}")
    st.page_link(page_file("organisation_profile.py"), label=escape_markdown(record["organisation"]),
                 query_params={"id": record["organisation_id"]}, icon=":material/domain:")
    st.subheader(_("Progress"))
    if record["updates"].empty:
        st.caption(_("No updates yet."))
    else:
        updates = record["updates"].drop(columns=["id"])
        updates["status"] = updates["status"].map(lambda s: label(s) if s else "")
        table(updates, key="pledge_updates", on=_("Date"), note=_("Note"), by=_("By"))
    if can_write():
        with st.expander(_("Add an update or change the status"), expanded=True):
            update_form(record["id"], record["status"], record["made_on"], key=f"pledge_{record['id']}")
    action_section(pledge_id=record["id"], level=record["confidentiality"], key="pledge_actions")
    show_history("pledge", record["id"])
    st.page_link(page_file("pledges.py"), label=_("All pledges"), icon=":material/arrow_back:")
    st.stop()

st.title(_("Pledges"))
st.caption(f"{HELP['overdue']} {HELP['silent']}")
counts = cached_query(pledge_counts, filters)
metrics = st.columns(4)
metrics[0].metric(_("Open"), format_number(counts["open"]), help=HELP["open"])
metrics[1].metric(_("Overdue"), format_number(counts["overdue"]), help=HELP["overdue"])
metrics[2].metric(silent_label(), format_number(counts["silent"]), help=HELP["silent"])
metrics[3].metric(_("Delivered"), format_number(counts["delivered"]), help=HELP["delivered"])

areas = cached_query(area_choices)
# The picker is the taxonomy's tree (sub-areas indented under their area), each by its name in
# the reader's language.
area_names = {area_id: name[: len(name) - len(name.lstrip())] + area_label(name.lstrip())
              for area_id, name in zip(areas["id"], areas["name"], strict=True)}
top = st.columns([3, 3, 3])
with top[0]:
    organisation_id = organisation_picker(_("Organisation"), key="pledge_org")
area_ids = top[1].multiselect(_("Cooperation area"), list(area_names), format_func=area_names.get,
                              key="pledge_areas", placeholder=choose_placeholder())
statuses = top[2].multiselect(_("Status"), STATUSES, format_func=label, key="pledge_statuses",
                              placeholder=choose_placeholder())
bottom = st.columns([3, 2, 2])
search = bottom[0].text_input(_("Search text"), key="pledge_search")
overdue_only = bottom[1].checkbox(_("Overdue only"), key="pledge_overdue", help=HELP["overdue"])
silent_only = bottom[2].checkbox(SILENT_ONLY, key="pledge_silent",
                                 help=HELP["silent"])

filters = replace(filters, area_ids=tuple(int(a) for a in area_ids),
                  organisation_ids=(organisation_id,) if organisation_id else ())
follow_up = FollowUp(statuses=tuple(statuses), overdue_only=overdue_only, silent_only=silent_only,
                     search=search)
_first, total = cached_query(pledge_follow_up, filters, follow_up, limit=1)
offset = pager(total, PAGE_SIZE, key="pledge_page")
frame, total = cached_query(pledge_follow_up, filters, follow_up, limit=PAGE_SIZE, offset=offset)
st.caption(ngettext("{count} pledge", "{count} pledges", total).format(count=format_number(total)))
if frame.empty:
    st.info(_("No pledge matches.") if total == 0 and (statuses or area_ids or organisation_id or search
                                                        or overdue_only or silent_only)
            else _("No pledges yet. They are recorded with the meetings where they are made."))
    st.stop()

shown = frame.copy()
shown.insert(0, "open", [f"/pledges?id={i}" for i in shown["id"]])
shown["status"] = shown["status"].map(label)
shown["area"] = shown["area"].map(area_label)  # the area's own name in Chinese, in the download too
table(shown.drop(columns=["id", "organisation_id"]), key="pledge_table", **NAMES)
table_downloads(frame, "pledges", filters, key="pledge_export", total=total,
                shape=lambda rows: as_file(rows.drop(columns=["id", "organisation_id"])
                                           .assign(area=rows["area"].map(area_label)), **NAMES),
                load_all=lambda s: all_pages(s, pledge_follow_up, filters, follow_up, total=total),
                about=[(_("Status"), _(", ").join(map(label, statuses))), (_("Search"), search),
                       (_("Overdue only"), _("Yes") if overdue_only else None),
                       (SILENT_ONLY, _("Yes") if silent_only else None),
                       *definition_pairs(("overdue", "silent"))])

if can_write():
    with st.expander(_("Update a pledge from this list")):
        rows = {int(r.id): r for r in frame.itertuples()}
        chosen = st.selectbox(_("Pledge"), list(rows), key="pledge_pick",
                              format_func=lambda i: _("{field}: {value}").format(
                                  field=f"#{i} {rows[i].organisation}",
                                  value=(rows[i].text or area_label(rows[i].area))[:80]),
                              placeholder=choose_placeholder(False))
        row = rows[chosen]
        update_form(chosen, row.status, row.made_on, key=f"pledge_list_{chosen}")
