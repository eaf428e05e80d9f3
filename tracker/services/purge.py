"""Purging an archived record for good: an administrator's explicit, confirmed act, audited, by
the record's own delete logic (each kind's ``purge_…`` in its service module)."""

from __future__ import annotations

from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.services import agreements, meetings, organisations, people, pledges
from tracker.services.archive import _kind

PURGERS = {
    "meeting": lambda **kw: meetings.purge_meeting(meeting_id=kw.pop("record_id"), **kw),
    "agreement": lambda **kw: agreements.purge_agreement(agreement_id=kw.pop("record_id"), **kw),
    "pledge": lambda **kw: pledges.purge_pledge(pledge_id=kw.pop("record_id"), **kw),
    "organisation": lambda **kw: organisations.purge_organisation(organisation_id=kw.pop("record_id"), **kw),
    "person": lambda **kw: people.purge_person(person_id=kw.pop("record_id"), **kw),
}


def purge_record(*, session: Session, actor: Actor, kind: str, record_id: int, confirm: bool = False) -> None:
    """Delete an archived record for good (administrators, with ``confirm``); audited."""
    _kind(kind)
    PURGERS[kind](session=session, actor=actor, record_id=record_id, confirm=confirm)
