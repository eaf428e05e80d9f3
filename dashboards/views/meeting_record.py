"""One meeting (``?id=N``): everything about it, its history of changes, and edit/delete for editors."""

import pandas as pd
import streamlit as st

from dashboards.action_section import action_section
from dashboards.auth import default_filters, require_actor
from dashboards.database import cached_query
from dashboards.directory_widgets import readable as readable_frame
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
from dashboards.safe import escape_markdown, web_link
from tracker.labels import EMPTY, action
from tracker.models import Confidentiality
from tracker.queries.meeting_record import meeting_record


def readable(values: pd.Series) -> pd.Series:
    """Enum values as words ("signing_ceremony" → "Signing ceremony"); blanks read "—"."""
    return values.map(lambda v: label(v) or EMPTY)


actor = require_actor()
filters = default_filters()
deleted = st.session_state.pop(DELETED_KEY, None)
if deleted:
    st.success(f"Deleted “{escape_markdown(deleted)}”.")
    st.page_link(str(PAGES_DIR / "meetings.py"), label="Back to the meetings", icon=":material/list:")
    st.stop()

raw_id = st.query_params.get("id", "")
record = cached_query(meeting_record, filters, int(raw_id)) if str(raw_id).isdigit() else None
if record is None:
    st.title("Meeting")
    st.warning("No such meeting, or it is above your clearance.")
    st.page_link(str(PAGES_DIR / "meetings.py"), label="Find a meeting", icon=":material/search:")
    st.stop()

meeting = record["meeting"]
meeting_id = meeting["id"]
st.title(escape_markdown(meeting["title"]))
when = (
    meeting["date"].isoformat()
    if meeting["date_precision"] == "day"
    else f"{meeting['date']:%Y-%m} ({meeting['date_precision']})"
)
if meeting["time"]:
    when += f" {meeting['time']:%H:%M}"
facts = [
    when,
    label(meeting["kind"]),
    label(meeting["status"]),
    meeting["place"] or "",
    (record["event"] or {}).get("name", ""),
    Confidentiality(meeting["confidentiality"]).label,
    f"version {meeting['version']}",
]
st.caption(escape_markdown(" · ".join(f for f in facts if f)))
if meeting["summary"]:
    st.markdown(escape_markdown(meeting["summary"]))
if meeting["source"]:
    st.caption("Source: " + escape_markdown(meeting["source"]))
web_link(meeting["source_url"], "Source")

st.subheader("Participants")
participants = record["participants"].drop(columns=["person_id", "organisation_id"])
if participants.empty:
    st.caption("No participants recorded.")
else:
    st.dataframe(
        readable_frame(participants),
        hide_index=True,
        key="mr.participants",
        placeholder=EMPTY,
        column_config={"name": "Name", "local_name": "Local name", "organisation": "Organisation",
                       "title": "Title that day", "role": "Role", "side": "Side"},
    )
st.subheader("Organisations")
st.write(escape_markdown(", ".join(record["organisations"]["name"])) or "—")
st.subheader("Topics")
st.write(escape_markdown(", ".join(record["topics"])) or "—")
agreements = record["agreements"]
if not agreements.empty:
    st.subheader("Agreements signed")
    st.dataframe(
        # Value, currency and term are often unknown: an all-empty column only repeats "None".
        agreements.drop(columns=["id"]).dropna(axis=1, how="all").assign(kind=readable(agreements["kind"]),
                                               status=readable(agreements["status"])),
        hide_index=True,
        key="mr.agreements",
        placeholder=EMPTY,
        column_config={"title": "Title", "kind": "Kind",
                       "signed_on": st.column_config.DateColumn("Signed on"),
                       "value": st.column_config.NumberColumn("Value", format="localized"),
                       "currency": "Currency", "start_date": st.column_config.DateColumn("Starts"),
                       "end_date": st.column_config.DateColumn("Ends"), "status": "Status",
                       "parties": "Parties (signatory)"},
    )
pledges = record["pledges"]
if not pledges.empty:
    st.subheader("Pledges made")
    st.dataframe(
        pledges.drop(columns=["id", "agreement_id"]).assign(status=readable(pledges["status"])),
        hide_index=True,
        key="mr.pledges",
        placeholder=EMPTY,
        column_config={"organisation": "Organisation", "area": "Cooperation area", "text": "Pledge",
                       "target_date": st.column_config.DateColumn("Target date"), "status": "Status"},
    )
action_section(meeting_id=meeting_id, level=meeting["confidentiality"], key="mr_actions")
st.subheader("History of changes")
history = record["history"]
if history.empty:
    st.caption("No change recorded since this meeting was loaded (it came with the initial data).")
else:
    st.dataframe(
        history.assign(at=pd.to_datetime(history["at"]).dt.strftime("%Y-%m-%d %H:%M"),
                       action=history["action"].map(action)),
        hide_index=True,
        key="mr.history",
        placeholder=EMPTY,
        column_config={"at": "When (UTC)", "by": "By", "action": "Action", "changed": "Fields changed"},
    )

if actor.can_write:
    form = edit_form(meeting_id)
    if not form.get("loaded"):
        load_form(form, record)
    if st.session_state.pop(MERGED_KEY, None) == meeting_id:
        st.success("Your changes were applied on top of the other editor's.", icon=":material/merge:")
    with st.expander("Edit this meeting", expanded=bool(form.get("conflict") or form.errors
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
            "Save changes",
            key=form.key("save"),
            type="primary",
            on_click=save_edit,
            args=(form, actor, meeting_id),
            icon=":material/save:",
        )
        duplicate_check(form).show(on_separate=save_edit_as_separate, args=(form, actor, meeting_id))
    with st.expander("Delete this meeting"):
        st.write(
            "Deletes the meeting with its agreements signed and pledges made there. The audit trail keeps it."
        )
        sure = st.checkbox("Yes, delete it", key=f"mr.confirm.{meeting_id}")
        st.button(
            "Delete",
            key=f"mr.delete.{meeting_id}",
            disabled=not sure,
            on_click=delete,
            args=(form, actor, meeting_id, meeting["title"]),
        )
