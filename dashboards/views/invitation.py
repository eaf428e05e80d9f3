"""Import an invitation: upload a calendar invitation (.ics), check the planned meeting it proposes
and its people (matched to the directory by name and e-mail, or new), then save it."""

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.meeting_sections import label
from dashboards.navigation import PAGES_DIR
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
from tracker.i18n import _
from tracker.importers.invitation import InvitationDraft, draft_invitation, save_invitation
from tracker.labels import EMPTY
from tracker.models import Confidentiality, MeetingKind, Side

DRAFT_KEY = "invitation_draft"

actor = require_actor()
st.title(_("Import an invitation"))
st.caption(_("Upload a calendar invitation (.ics) from Outlook, Google Calendar or Apple Calendar. The "
             "tracker drafts the planned meeting; nothing is saved until you check it and press Save."))

upload = st.file_uploader(_("Invitation file"), type=["ics"], key="invitation_file")
if upload is not None and st.session_state.get("invitation_file_id") != upload.file_id:
    try:
        draft = run_query(draft_invitation, upload.getvalue(), clearance=actor.clearance)
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
    st.session_state[DRAFT_KEY] = draft.model_dump(mode="json")
    st.session_state["invitation_file_id"] = upload.file_id

if DRAFT_KEY not in st.session_state:
    st.info(_("Choose an .ics file to draft the meeting."))
    st.stop()

draft = InvitationDraft.model_validate(st.session_state[DRAFT_KEY])
for warning in draft.warnings:
    st.warning(escape_markdown(warning))

title = st.text_input(_("Title"), value=draft.title, key="invitation_title")
c1, c2, c3 = st.columns(3)
date = c1.date_input(_("Date"), value=draft.date, key="invitation_date")
time = c2.time_input(_("Time"), value=draft.time, key="invitation_time")
place = c3.text_input(_("Place"), value=draft.place or "", key="invitation_place")
kinds = [k.value for k in MeetingKind]
kind = st.selectbox(_("Kind"), kinds, index=kinds.index(MeetingKind.TALK.value), format_func=label,
                    key="invitation_kind", placeholder=choose_placeholder(False))
summary = st.text_area(_("Agenda or notes"), value=draft.summary or "", key="invitation_summary")

st.subheader(_("People"))
rows = pd.DataFrame([{
    "include": a.include, "name": a.name, "email": a.email or "", "organisation": a.organisation_name or "",
    "side": a.side.value,
    "record": _("matched: {name}").format(name=a.person_name) if a.person_id else _("new"),
} for a in draft.attendees], columns=["include", "name", "email", "organisation", "side", "record"])
people = st.data_editor(
    rows, key="invitation_people", hide_index=True, width="stretch", placeholder=EMPTY,
    disabled=["email", "organisation", "record"],
    column_config={
        "include": st.column_config.CheckboxColumn(_("Include"), default=True),
        "name": _("Name"), "email": _("E-mail"), "organisation": _("Organisation"),
        "side": st.column_config.SelectboxColumn(_("Side"), options=[s.value for s in Side],
                                                 format_func=label),
        "record": st.column_config.TextColumn(
            _("In the directory"), help=_("matched: an existing person; new: saved as a new person")),
    })
levels = [c for c in Confidentiality if c <= actor.clearance]
confidentiality = st.selectbox(_("Confidentiality"), levels, index=min(1, len(levels) - 1),
                               format_func=lambda c: _(c.label), key="invitation_confidentiality",
                               placeholder=choose_placeholder(False))

if not actor.can_write:
    st.info(_("You can read drafts; saving a meeting needs an editor."))
    st.stop()


def corrected() -> InvitationDraft:
    fixed = draft.model_copy(deep=True)
    fixed.title, fixed.date, fixed.time = title, date, time
    fixed.place, fixed.summary = place.strip() or None, summary.strip() or None
    for attendee, row in zip(fixed.attendees, people.to_dict("records"), strict=False):
        attendee.include = bool(row["include"])
        if row["name"] and row["name"].strip() != attendee.name:
            attendee.name, attendee.person_id = row["name"].strip(), None  # renamed: a new person
        attendee.side = Side(row["side"])
    return fixed


if st.button(_("Save planned meeting"), key="invitation_save", type="primary"):
    try:
        saved = run_write(save_invitation, actor=actor, draft=corrected(), confidentiality=confidentiality,
                          kind=MeetingKind(kind))
    except DomainError as exc:
        show_domain_error(exc)
    else:
        st.session_state.pop(DRAFT_KEY, None)
        st.success(_("Saved “{title}”.").format(title=escape_markdown(saved.title)),
                   icon=":material/check_circle:")
        st.page_link(str(PAGES_DIR / "meeting_record.py"), label=_("Open the new record"),
                     icon=":material/open_in_new:", query_params={"id": saved.id})
