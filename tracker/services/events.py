"""Writes to events (summits, forums, visits that group meetings)."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import DIRECTORY_LOCK, lock_until_commit, unit_of_work
from tracker.errors import ValidationError, validate
from tracker.models import AuditAction, Event, EventCreate


def get_by_name(*, session: Session, name: str) -> Event | None:
    """The event with exactly this name, or None."""
    return session.exec(select(Event).where(Event.name == name.strip())).first()


def _check_unique_name(session: Session, name: str) -> None:
    if get_by_name(session=session, name=name) is not None:
        raise ValidationError({"name": f"an event called “{name}” already exists"})


def create_event(*, session: Session, actor: Actor, data: EventCreate) -> Event:
    """Create an event."""
    data = validate(EventCreate, data)
    require_write(actor)
    with unit_of_work(session):
        # Turns with other writers of names, so a second event of the same name created at the
        # same moment is refused by the check, not by the unique constraint (PostgreSQL).
        lock_until_commit(session, DIRECTORY_LOCK)
        _check_unique_name(session, data.name)
        return insert_event(session, actor, data)


def find_or_create_event(*, session: Session, actor: Actor, data: EventCreate) -> Event:
    """The event with exactly this name, created if there is none (safe when run at once)."""
    data = validate(EventCreate, data)
    require_write(actor)
    with unit_of_work(session):
        lock_until_commit(session, DIRECTORY_LOCK)
        existing = get_by_name(session=session, name=data.name)
        return existing if existing is not None else insert_event(session, actor, data)


def insert_event(session: Session, actor: Actor, data: EventCreate) -> Event:
    """Insert an event and its audit row in the caller's unit of work; the caller has validated
    ``data``, checked the role and holds ``DIRECTORY_LOCK`` (the meeting form's new event too)."""
    event = Event(**data.model_dump())
    session.add(event)
    session.flush()
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="event",
                 entity_id=event.id, after=snapshot(event), summary=event.name)
    return event
