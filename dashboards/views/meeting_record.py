"""One meeting (``?id=N``): everything about it, its history of changes, and edit/delete for editors."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboards.action_section import action_section, agreement_actions
from dashboards.auth import default_filters, require_actor
from dashboards.database import cached_query, run_write
from dashboards.directory_widgets import readable as readable_frame
from dashboards.incidents import show_domain_error
from dashboards.meeting_dates import shown_date
from dashboards.meeting_edit import (
    DELETED_KEY,
    MERGED_KEY,
    delete,
    duplicate_check,
    edit_form,
    load_form,
    save_edit,
    save_edit_as_separate,
    show_conflict,
)
from dashboards.meeting_sections import (
    choices,
    label,
    render_basics,
    render_organisations,
    render_participants,
    render_source,
    render_topics,
)
from dashboards.navigation import PAGES_DIR
from dashboards.record_links import record_link_column
from dashboards.safe import escape_markdown, web_link
from tracker.errors import DomainError
from tracker.i18n import _, display_name, format_list, format_number
from tracker.labels import EMPTY, action, value_text
from tracker.models import MeetingStatus
from tracker.queries.meeting_record import meeting_record
from tracker.services.meeting_outcome import MeetingOutcome, log_meeting_held
from tracker.taxonomy import area_label


def readable(values: pd.Series) -> pd.Series:
    """Enum values as words ("signing_ceremony" → "Signing ceremony"); blanks read "—"."""
    return values.map(lambda v: label(v) or EMPTY)


def dates(values: pd.Series) -> pd.Series:
    """Dates as the reader's language writes them (2019年5月7日; 2019-05-07); blanks read "—"."""
    return values.map(lambda v: EMPTY if pd.isna(v) else shown_date(pd.Timestamp(v).date()))


actor = require_actor()
filters = default_filters()
deleted = st.session_state.pop(DELETED_KEY, None)
if deleted:
    st.success(_("Deleted “{title}”.").format(title=escape_markdown(deleted)))
    st.page_link(str(PAGES_DIR / "meetings.py"), label=_("Back to the meetings"), icon=":material/list:")
    st.stop()

raw_id = st.query_params.get("id", "")
record = cached_query(meeting_record, filters, int(raw_id)) if str(raw_id).isdigit() else None
if record is None:
    st.title(_("Meeting"))
    st.warning(_("No such meeting, or it is above your clearance."))
    st.page_link(str(PAGES_DIR / "meetings.py"), label=_("Find a meeting"), icon=":material/search:")
    st.stop()

meeting = record["meeting"]
meeting_id = meeting["id"]
st.title(escape_markdown(meeting["title"]))
when = shown_date(meeting["date"], meeting["date_precision"])
if meeting["time"]:
    when += f" {meeting['time']:%H:%M}"
facts = [
    when,
    label(meeting["kind"]),
    label(meeting["status"]),
    meeting["place"] or "",
    (record["event"] or {}).get("name", ""),
    value_text("confidentiality", meeting["confidentiality"]),
    _("version {number}").format(number=meeting["version"]),
]
st.caption(escape_markdown(" · ".join(f for f in facts if f)))
if meeting["summary"]:
    st.markdown(escape_markdown(meeting["summary"]))
if meeting["source"]:
    st.caption(_("Source: {source}").format(source=escape_markdown(meeting["source"])))
web_link(meeting["source_url"], _("Source"))

st.subheader(_("Participants"))
participants = record["participants"].drop(columns=["person_id", "organisation_id"])
if participants.empty:
    st.caption(_("No participants recorded."))
else:
    # One name column, the reader's language first: 徐立 (Xu Li) in Chinese, Xu Li (徐立) in English.
    participants["name"] = [display_name(english, chinese) for english, chinese
                            in zip(participants["name"], participants["local_name"], strict=True)]
    participants = participants.drop(columns=["local_name"])
    st.dataframe(
        readable_frame(participants),
        hide_index=True,
        key="mr.participants",
        placeholder=EMPTY,
        column_config={"name": _("Name"), "organisation": _("Organisation"),
                       "title": _("Title that day"), "role": _("Role"), "side": _("Side")},
    )
st.subheader(_("Organisations"))
organisations = record["organisations"]
st.write(escape_markdown(format_list(display_name(english, chinese) for english, chinese
                                in zip(organisations["name"], organisations["local_name"], strict=True)))
         or EMPTY)
st.subheader(_("Topics"))
st.write(escape_markdown(format_list(record["topics"])) or EMPTY)
agreements = record["agreements"]
if not agreements.empty:
    st.subheader(_("Agreements signed"))
    # Value, currency and term are often unknown: an all-empty column only repeats "None".
    shown = agreements.drop(columns=["id", "confidentiality"]).dropna(axis=1, how="all")
    shown = shown.assign(kind=readable(agreements["kind"]), status=readable(agreements["status"]),
                         **{column: dates(shown[column]) for column in ("signed_on", "start_date", "end_date")
                            if column in shown.columns})
    if "value" in shown.columns:
        shown["value"] = shown["value"].map(lambda v: EMPTY if pd.isna(v) else format_number(v))
    st.dataframe(
        shown,
        hide_index=True,
        key="mr.agreements",
        placeholder=EMPTY,
        column_config={"title": _("Title"), "kind": _("Kind"), "signed_on": _("Signed on"),
                       "value": _("Value"), "currency": _("Currency"), "start_date": _("Starts"),
                       "end_date": _("Ends"), "status": _("Status"), "parties": _("Parties (signatory)")},
    )
    agreement_actions(agreements, key="mr_agreement_actions")
pledges = record["pledges"]
if not pledges.empty:
    st.subheader(_("Pledges made"))
    st.dataframe(
        pledges.drop(columns=["id", "agreement_id"]).assign(status=readable(pledges["status"]),
                                                            area=pledges["area"].map(area_label),
                                                            target_date=dates(pledges["target_date"]),
                                                            open=[f"/pledges?id={i}" for i in pledges["id"]]),
        hide_index=True,
        key="mr.pledges",
        placeholder=EMPTY,
        column_config={"organisation": _("Organisation"), "area": _("Cooperation area"), "text": _("Pledge"),
                       "target_date": _("Target date"), "status": _("Status"),
                       # The pledge's record: its progress and its follow-up actions.
                       "open": record_link_column()},
    )
action_section(meeting_id=meeting_id, level=meeting["confidentiality"], key="mr_actions")
st.subheader(_("History of changes"))
history = record["history"]
if history.empty:
    st.caption(_("No change recorded since this meeting was loaded (it came with the initial data)."))
else:
    stamps = pd.to_datetime(history["at"])
    st.dataframe(
        history.assign(at=[f"{shown_date(stamp.date())} {stamp:%H:%M}" for stamp in stamps],
                       action=history["action"].map(lambda code: _(action(code)))),
        hide_index=True,
        key="mr.history",
        placeholder=EMPTY,
        column_config={"at": _("When (UTC)"), "by": _("By"), "action": _("Action"),
                       "changed": _("Fields changed")},
    )

if actor.can_write and meeting["status"] == MeetingStatus.PLANNED.value:
    with st.expander(_("Log what happened"), icon=":material/task_alt:", expanded=True):
        st.caption(_("Marks this planned meeting as held, keeping its people and organisations."))
        planned_on = meeting["date"]
        held_on = st.date_input(_("Held on"), value=min(planned_on, dt.date.today()),
                                max_value=dt.date.today(), key=f"mr.held_on.{meeting_id}")
        outcome = st.text_area(_("What happened"), value=meeting["summary"] or "",
                               key=f"mr.outcome.{meeting_id}")
        if st.button(_("Log as held"), key=f"mr.log_held.{meeting_id}", type="primary",
                     icon=":material/check:"):
            try:
                run_write(log_meeting_held, actor=actor, meeting_id=meeting_id, data=MeetingOutcome(
                    version=meeting["version"], held_on=held_on, summary=outcome.strip() or None))
            except DomainError as exc:
                show_domain_error(exc)
            else:
                st.rerun()

if actor.can_write:
    form = edit_form(meeting_id)
    if not form.get("loaded"):
        load_form(form, record)
    if st.session_state.pop(MERGED_KEY, None) == meeting_id:
        st.success(_("Your changes were applied on top of the other editor's."), icon=":material/merge:")
    with st.expander(_("Edit this meeting"), expanded=bool(form.get("conflict") or form.errors
                                                           or duplicate_check(form).found)):
        flash = form.get("flash")
        if flash:
            st.success(escape_markdown(flash))
            form.set(None, "flash")
        show_conflict(form, actor, meeting_id)
        if "__all__" in form.errors:
            st.error(escape_markdown(form.errors["__all__"]))
        orgs, events_frame, topics, _areas = choices(form)
        render_basics(form, events_frame, actor)
        render_participants(form, orgs, actor)
        render_organisations(form, orgs, actor)
        render_topics(form, topics)
        render_source(form, actor)
        st.button(
            _("Save changes"),
            key=form.key("save"),
            type="primary",
            on_click=save_edit,
            args=(form, actor, meeting_id),
            icon=":material/save:",
        )
        duplicate_check(form).show(on_separate=save_edit_as_separate, args=(form, actor, meeting_id))
    with st.expander(_("Delete this meeting")):
        st.write(_("Deletes the meeting with its agreements signed and pledges made there. "
                   "The audit trail keeps it."))
        sure = st.checkbox(_("Yes, delete it"), key=f"mr.confirm.{meeting_id}")
        st.button(
            _("Delete"),
            key=f"mr.delete.{meeting_id}",
            disabled=not sure,
            on_click=delete,
            args=(form, actor, meeting_id, meeting["title"]),
        )
