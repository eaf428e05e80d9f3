"""Log a meeting: everything about it on one page, saved in one go through the meeting service.

Opens with a draft when ``st.session_state["meeting_draft"]`` holds a ``MeetingCreate``-shaped dict.
"""

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_write
from dashboards.duplicate_warning import DuplicateCheck
from dashboards.language import in_page_language
from dashboards.meeting_form import MeetingFormState
from dashboards.meeting_sections import (
    choices,
    render_agreements,
    render_basics,
    render_organisations,
    render_participants,
    render_pledges,
    render_source,
    render_topics,
)
from dashboards.navigation import PAGES_DIR
from dashboards.safe import escape_markdown
from tracker.errors import DomainError, ValidationError
from tracker.i18n import _, format_number, ngettext
from tracker.services import meetings

SAVED_KEY = "log_meeting.saved"
DRAFT_KEY = "meeting_draft"

actor = require_actor()
form = MeetingFormState("lm")
duplicates = DuplicateCheck(form.key("duplicates"))  # under the form's prefix: cleared with it


@in_page_language
def save() -> None:
    """Create the meeting unless it may already be recorded; on an error keep every input and
    point at the fields at fault."""
    st.session_state.pop(SAVED_KEY, None)
    if duplicates.blocks(form.duplicate_probe()):
        return
    try:
        meeting = run_write(meetings.create_meeting, actor=actor, data=form.create_payload())
    except ValidationError as exc:
        form.set_errors(exc.errors)
        return
    except DomainError as exc:
        form.set_errors({"__all__": exc.message})
        return
    form.clear()
    st.session_state[SAVED_KEY] = {"id": meeting.id, "title": meeting.title}


@in_page_language
def save_as_separate() -> None:
    duplicates.acknowledge()
    save()


@in_page_language
def start_over() -> None:
    form.clear()
    st.session_state.pop(SAVED_KEY, None)


st.title(_("Log a meeting"))
if not actor.can_write:
    st.info(_("You can look at the form, but only editors and administrators can save meetings."))

draft = st.session_state.pop(DRAFT_KEY, None)
if draft:
    form.clear()
    form.init_defaults(actor.clearance)
    form.apply_draft(draft)
    st.info(_("Opened with a draft: check every field, then save."))
form.init_defaults(actor.clearance)

errors = form.errors
if errors:
    st.error(ngettext("Not saved: please correct the {count} field marked below.",
                      "Not saved: please correct the {count} fields marked below.",
                      len(errors)).format(count=format_number(len(errors))), icon=":material/error:")
    if "__all__" in errors:
        st.error(escape_markdown(errors["__all__"]))

orgs, events_frame, topics, areas = choices(form)
render_basics(form, events_frame, actor)
render_participants(form, orgs, actor)
render_organisations(form, orgs, actor)
render_topics(form, topics)
render_agreements(form, orgs)
render_pledges(form, orgs, areas)
render_source(form, actor)

left, right = st.columns([1, 5])
left.button(
    _("Save meeting"),
    type="primary",
    key="lm_save",
    on_click=save,
    disabled=not actor.can_write,
    icon=":material/save:",
)
right.button(_("Clear the form"), key="lm_clear", on_click=start_over)
duplicates.show(on_separate=save_as_separate)

# Shown by the Save button, where the user's eyes are after saving.
saved = st.session_state.get(SAVED_KEY)
if saved:
    st.success(_("Saved “{title}”.").format(title=escape_markdown(saved["title"])),
               icon=":material/check_circle:")
    st.page_link(
        str(PAGES_DIR / "meeting_record.py"),
        label=_("Open the new record"),
        icon=":material/open_in_new:",
        query_params={"id": saved["id"]},
    )
