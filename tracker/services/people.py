"""Writes to people and their positions (titles held over time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_write
from tracker.db import unit_of_work
from tracker.errors import Conflict, ValidationError, validate
from tracker.i18n import N_, _
from tracker.models import (
    AuditAction,
    Organisation,
    Participation,
    Person,
    PersonAlias,
    PersonCreate,
    PersonUpdate,
    Position,
    PositionCreate,
    PositionUpdate,
    utcnow,
)
from tracker.models.text import normalise_key
from tracker.services.aliases import list_aliases, replace_aliases
from tracker.services.archive import archive_record, get_archived, require_confirmed
from tracker.services.lookups import get_known, known_exists, require_nothing_above


def get(*, session: Session, person_id: int) -> Person | None:
    """The person with this id, or None."""
    return session.get(Person, person_id)


def get_by_name(*, session: Session, name: str) -> Person | None:
    """The person whose name, local name or alias equals ``name`` (case-insensitive), or None."""
    key = normalise_key(name)
    found = session.exec(select(Person).where(
        sa.or_(Person.name_key == key, Person.local_name == name.strip()))).first()
    if found is None:
        found = session.exec(select(Person).join(PersonAlias, PersonAlias.person_id == Person.id)
                             .where(PersonAlias.alias_key == key)).first()
    return found


def person_snapshot(session: Session, person: Person) -> dict:
    positions = session.exec(select(Position).where(Position.person_id == person.id)
                             .order_by(Position.start_date, Position.id)).all()
    return snapshot(person, exclude={"name_key"},
                    aliases=list_aliases(session, PersonAlias, person.id),
                    positions=[snapshot(p, exclude={"person_id"}) for p in positions])


def held_on(positions: Iterable[Position], on: dt.date,
            organisation_id: int | None = None) -> Position | None:
    """Of ``positions``, the one held on ``on`` (open dates count as held), or None: one at
    ``organisation_id`` first when given, then the latest started."""
    current = [p for p in positions
               if (p.start_date is None or p.start_date <= on) and (p.end_date is None or p.end_date >= on)]
    if not current:
        return None

    def rank(p: Position):
        return (p.organisation_id != organisation_id if organisation_id else False,
                -(p.start_date or dt.date.min).toordinal())

    return min(current, key=rank)


def position_on(session: Session, person_id: int, on: dt.date,
                organisation_id: int | None = None) -> Position | None:
    """The position the person held on ``on`` (preferring one at ``organisation_id``), or None."""
    # The database narrows to the positions held that day; ``held_on`` states the rule.
    query = select(Position).where(
        Position.person_id == person_id,
        sa.or_(Position.start_date.is_(None), Position.start_date <= on),
        sa.or_(Position.end_date.is_(None), Position.end_date >= on),
    )
    return held_on(session.exec(query).all(), on, organisation_id)


def _add_person(session: Session, actor: Actor, data: PersonCreate) -> Person:
    """Insert a person with aliases and positions, inside the caller's unit of work."""
    person = Person(name=data.name, local_name=data.local_name, name_key=normalise_key(data.name),
                    created_at=utcnow())
    session.add(person)
    session.flush()
    replace_aliases(session, PersonAlias, person.id, data.aliases, own_name=person.name)
    for index, position in enumerate(data.positions):
        _check_organisation(session, actor, position.organisation_id, f"positions.{index}.organisation_id")
        session.add(Position(person_id=person.id, **position.model_dump()))
    session.flush()
    return person


def _check_organisation(session: Session, actor: Actor, organisation_id: int | None, field: str) -> None:
    """The organisation exists as far as the actor may know (one known only above their clearance
    does not)."""
    if organisation_id is not None and not known_exists(session, actor, Organisation, organisation_id):
        raise ValidationError({field: "this organisation does not exist"})


def create_person(*, session: Session, actor: Actor, data: PersonCreate) -> Person:
    """Create a person with aliases and positions."""
    data = validate(PersonCreate, data)
    require_write(actor)
    with unit_of_work(session):
        person = _add_person(session, actor, data)
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="person",
                     entity_id=person.id, after=person_snapshot(session, person), summary=person.name)
    return person


def update_person(*, session: Session, actor: Actor, person_id: int, data: PersonUpdate) -> Person:
    """Change a person's names; a given alias list replaces the old one."""
    data = validate(PersonUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        person = get_known(session, actor, Person, person_id)
        before = person_snapshot(session, person)
        changes = data.model_dump(exclude_unset=True, exclude={"aliases"})
        if "name" in changes and changes["name"] is None:
            raise ValidationError({"name": "must not be empty"})
        for key, value in changes.items():
            setattr(person, key, value)
        person.name_key = normalise_key(person.name)
        session.add(person)
        if data.aliases is not None:
            replace_aliases(session, PersonAlias, person.id, data.aliases, own_name=person.name)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="person",
                     entity_id=person.id, before=before, after=person_snapshot(session, person),
                     summary=person.name)
    return person


def delete_person(*, session: Session, actor: Actor, person_id: int) -> None:
    """Archive a person who took part in no live meeting (merge them instead otherwise)."""
    archive_record(session=session, actor=actor, kind="person", record_id=person_id)


def purge_person(*, session: Session, actor: Actor, person_id: int, confirm: bool = False) -> None:
    """Delete an archived person for good, once they took part in no meeting, archived or not."""
    require_admin(actor, N_("purge records for good"))
    require_confirmed(confirm)
    with unit_of_work(session):
        person = get_archived(session, actor, "person", person_id)
        require_nothing_above(session, actor, person, "Deleting this person")
        if session.exec(select(Participation.id).where(Participation.person_id == person_id)
                        .limit(1)).first() is not None:
            raise Conflict(_("{name} appears in archived {where}; purge those first.").format(
                name=person.name, where=_("meetings")))
        before = person_snapshot(session, person)
        session.delete(person)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="person",
                     entity_id=person_id, before=before,
                     summary=_("Purged: {name}").format(name=before["name"]))


def create_position(*, session: Session, actor: Actor, person_id: int, data: PositionCreate) -> Position:
    """Record a title a person held at an organisation over a date range."""
    data = validate(PositionCreate, data)
    require_write(actor)
    with unit_of_work(session):
        person = get_known(session, actor, Person, person_id)
        _check_organisation(session, actor, data.organisation_id, "organisation_id")
        position = Position(person_id=person.id, **data.model_dump())
        session.add(position)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="position",
                     entity_id=position.id, after=snapshot(position),
                     summary=f"{person.name}: {position.title}")
    return position


def update_position(*, session: Session, actor: Actor, position_id: int, data: PositionUpdate) -> Position:
    """Change a position's title, organisation or dates."""
    data = validate(PositionUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        position = get_known(session, actor, Position, position_id)
        before = snapshot(position)
        merged = validate(PositionCreate, {**before, **data.model_dump(exclude_unset=True)})
        _check_organisation(session, actor, merged.organisation_id, "organisation_id")
        for key, value in merged.model_dump().items():
            setattr(position, key, value)
        session.add(position)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="position",
                     entity_id=position.id, before=before, after=snapshot(position),
                     summary=position.title)
    return position


def delete_position(*, session: Session, actor: Actor, position_id: int) -> None:
    """Remove a position (titles already stored on meetings are kept)."""
    require_write(actor)
    with unit_of_work(session):
        position = get_known(session, actor, Position, position_id)
        before = snapshot(position)
        session.delete(position)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="position",
                     entity_id=position_id, before=before, summary=before["title"])
