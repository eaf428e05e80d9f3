"""Writes to events (summits, forums, visits that group meetings)."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import DIRECTORY_LOCK, lock_until_commit, unit_of_work
from tracker.errors import ValidationError, validate
from tracker.models import AuditAction, Event, EventCreate, EventUpdate, Meeting
from tracker.services.common import get_known, require_nothing_above


def get_by_name(*, session: Session, name: str) -> Event | None:
    """The event with exactly this name, or None."""
    return session.exec(select(Event).where(Event.name == name.strip())).first()


def _check_unique_name(session: Session, name: str, event_id: int | None) -> None:
    existing = get_by_name(session=session, name=name)
    if existing is not None and existing.id != event_id:
        raise ValidationError({"name": f"an event called “{name}” already exists"})


def create_event(*, session: Session, actor: Actor, data: EventCreate) -> Event:
    """Create an event."""
    data = validate(EventCreate, data)
    require_write(actor)
    with unit_of_work(session):
        # Turns with other writers of names, so a second event of the same name created at the
        # same moment is refused by the check, not by the unique constraint (PostgreSQL).
        lock_until_commit(session, DIRECTORY_LOCK)
        _check_unique_name(session, data.name, None)
        return _add_event(session, actor, data)


def find_or_create_event(*, session: Session, actor: Actor, data: EventCreate) -> Event:
    """The event with exactly this name, created if there is none (safe when run at once)."""
    data = validate(EventCreate, data)
    require_write(actor)
    with unit_of_work(session):
        lock_until_commit(session, DIRECTORY_LOCK)
        existing = get_by_name(session=session, name=data.name)
        return existing if existing is not None else _add_event(session, actor, data)


def _add_event(session: Session, actor: Actor, data: EventCreate) -> Event:
    event = Event(**data.model_dump())
    session.add(event)
    session.flush()
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="event",
                 entity_id=event.id, after=snapshot(event), summary=event.name)
    return event


def update_event(*, session: Session, actor: Actor, event_id: int, data: EventUpdate) -> Event:
    """Change an event's name, place, dates or description."""
    data = validate(EventUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        event = get_known(session, actor, Event, event_id)
        before = snapshot(event)
        merged = validate(EventCreate, {**before, **data.model_dump(exclude_unset=True)})
        lock_until_commit(session, DIRECTORY_LOCK)
        _check_unique_name(session, merged.name, event.id)
        for key, value in merged.model_dump().items():
            setattr(event, key, value)
        session.add(event)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="event",
                     entity_id=event.id, before=before, after=snapshot(event), summary=event.name)
    return event


def delete_event(*, session: Session, actor: Actor, event_id: int) -> None:
    """Delete an event; its meetings stay, no longer grouped."""
    require_write(actor)
    with unit_of_work(session):
        event = get_known(session, actor, Event, event_id)
        require_nothing_above(session, actor, event, "Deleting this event")
        before = snapshot(event)
        for meeting in session.exec(select(Meeting).where(Meeting.event_id == event_id)):
            meeting.event_id = None
            session.add(meeting)
        session.delete(event)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="event",
                     entity_id=event_id, before=before, summary=before["name"])
