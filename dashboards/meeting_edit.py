"""Editing and deleting a meeting from its record page, with optimistic locking.

The form is loaded once from the record at the version read; saving sends that version. When
someone else saved in between, the service raises ``Conflict``: the page shows what they changed
and keeps this user's input, which they can re-apply on top of the latest version in one click.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.database import run_write
from dashboards.duplicate_warning import DuplicateCheck
from dashboards.language import in_page_language
from dashboards.meeting_form import MeetingFormState
from dashboards.safe import escape_markdown
from tracker.auth.actor import Actor
from tracker.errors import Conflict, DomainError, ValidationError
from tracker.i18n import _, display_name, format_list
from tracker.labels import EMPTY, field, value_text
from tracker.services import meetings

DELETED_KEY = "meeting_record.deleted"
MERGED_KEY = "meeting_record.merged"


def edit_form(meeting_id: int) -> MeetingFormState:
    return MeetingFormState(f"em{meeting_id}")


def load_form(form: MeetingFormState, record: dict) -> None:
    """Fill the edit form from the record as read now (its version is the one saves will send)."""
    form.clear()
    fields = record["meeting"]
    for name, key in (
        ("title", "title"),
        ("date", "date"),
        ("time", "time"),
        ("status", "status"),
        ("kind", "kind"),
        ("place", "place"),
        ("event_id", "event"),
        ("summary", "summary"),
        ("source", "source"),
        ("source_url", "source_url"),
        ("confidentiality", "confidentiality"),
    ):
        form.set(
            fields[name]
            if fields[name] is not None
            else ("" if key in ("title", "place", "summary", "source", "source_url") else None),
            key,
        )
    form.set(list(record["topics"]), "topics")
    form.set("", "new_topics")
    form.set(list(record["extra_organisation_ids"]), "orgs_extra")
    for row in record["participants"].to_dict("records"):
        org_id = row["organisation_id"]
        form.add_participant(
            person_id=int(row["person_id"]),
            name=display_name(row["name"], row["local_name"]),
            organisation_id=None if pd.isna(org_id) else int(org_id),
            organisation_kind=None,
            title=row["title"] or "",
            role=row["role"],
            side=row["side"],
        )
    form.set(fields["version"], "base_version")
    form.set(_without_version(update_payload(form)), "baseline")
    form.set(True, "loaded")


def _without_version(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k != "version"}


def update_payload(form: MeetingFormState) -> dict:
    return {
        "version": form.get("base_version"),
        **form.scalars_payload(),
        **form.new_entities_payload(),
        "participants": form.participants_payload(),
        "organisation_ids": list(form.get("orgs_extra") or []),
        "topics": form.topics_payload(),
    }


def duplicate_check(form: MeetingFormState) -> DuplicateCheck:
    return DuplicateCheck(form.key("duplicates"))


def _moved(form: MeetingFormState) -> bool:
    """The edit changes the date, the people or the organisations: what makes a duplicate."""
    baseline, now = form.get("baseline") or {}, _without_version(update_payload(form))
    return any(baseline.get(field) != now.get(field)
               for field in ("date", "participants", "organisation_ids"))


@in_page_language
def save_edit(form: MeetingFormState, actor: Actor, meeting_id: int) -> None:
    """Save the edit at the version read; on a conflict keep the input and record what changed.
    An edit that moves the meeting onto another one's day, people or organisations is checked
    for duplicates first (an unchanged meeting is not warned about again at every save)."""
    if _moved(form) and duplicate_check(form).blocks(form.duplicate_probe(exclude_id=meeting_id)):
        return
    try:
        meeting = run_write(meetings.update_meeting, actor=actor, meeting_id=meeting_id,
                            data=update_payload(form))
    except Conflict as exc:
        form.set(
            {"message": exc.message, "changes": exc.changes, "current_version": exc.current_version},
            "conflict",
        )
        return
    except ValidationError as exc:
        form.set_errors(exc.errors)
        return
    except DomainError as exc:
        form.set_errors({"__all__": exc.message})
        return
    form.set({}, "errors")
    form.set(None, "conflict")
    duplicate_check(form).forget()
    form.set(meeting.version, "base_version")
    form.set(_without_version(update_payload(form)), "baseline")
    form.set(_("Saved (version {number}).").format(number=meeting.version), "flash")


@in_page_language
def save_edit_as_separate(form: MeetingFormState, actor: Actor, meeting_id: int) -> None:
    duplicate_check(form).acknowledge()
    save_edit(form, actor, meeting_id)


def my_changes(form: MeetingFormState) -> dict:
    """The fields this user changed since loading the form (what a re-apply sends)."""
    baseline = form.get("baseline") or {}
    return {k: v for k, v in _without_version(update_payload(form)).items() if baseline.get(k) != v}


@in_page_language
def reapply_mine(form: MeetingFormState, actor: Actor, meeting_id: int) -> None:
    """Apply only the fields this user changed on top of the latest version; theirs stay."""
    conflict = form.get("conflict") or {}
    try:
        run_write(meetings.update_meeting, actor=actor, meeting_id=meeting_id,
                  data={"version": conflict.get("current_version"), **my_changes(form)})
    except Conflict as exc:
        form.set(
            {"message": exc.message, "changes": exc.changes, "current_version": exc.current_version},
            "conflict",
        )
        return
    except ValidationError as exc:
        form.set_errors(exc.errors)
        return
    except DomainError as exc:
        form.set_errors({"__all__": exc.message})
        return
    form.set(False, "loaded")  # reload from the merged record on this run
    st.session_state[MERGED_KEY] = meeting_id


@in_page_language
def discard_mine(form: MeetingFormState) -> None:
    form.set(False, "loaded")


@in_page_language
def delete(form: MeetingFormState, actor: Actor, meeting_id: int, title: str) -> None:
    try:
        run_write(meetings.delete_meeting, actor=actor, meeting_id=meeting_id,
                  version=form.get("base_version"))
    except DomainError as exc:
        form.set_errors({"__all__": exc.message})
        return
    form.clear()
    st.session_state[DELETED_KEY] = title


def show_conflict(form: MeetingFormState, actor: Actor, meeting_id: int) -> None:
    conflict = form.get("conflict")
    if not conflict:
        return
    st.warning(escape_markdown(conflict["message"]), icon=":material/sync_problem:")
    changes = conflict.get("changes") or {}
    if changes:
        st.dataframe(
            pd.DataFrame([{"field": field(k), "before": value_text(k, v[0]), "now": value_text(k, v[1])}
                          for k, v in changes.items()]),
            hide_index=True,
            key=form.key("conflict_table"),
            placeholder=EMPTY,
            column_config={"field": _("Field"), "before": _("Before"), "now": _("Now")},
        )
    mine = my_changes(form)
    st.caption(_("Your input is kept below. Your changes: {fields}").format(
        fields=escape_markdown(format_list(field(name) for name in mine)) or _("none")))
    left, right = st.columns(2)
    left.button(
        _("Apply my changes on top of theirs"),
        key=form.key("reapply"),
        on_click=reapply_mine,
        args=(form, actor, meeting_id),
        type="primary",
    )
    right.button(_("Discard mine and load theirs"), key=form.key("discard"), on_click=discard_mine,
                 args=(form,))
