"""Organisations and an event typed into the meeting form "on the spot", created inside the
meeting's unit of work: a meeting that is refused (validation, clearance) rolls them back with it,
and a form that is never saved writes nothing at all."""

from __future__ import annotations

from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.db import DIRECTORY_LOCK, lock_until_commit
from tracker.errors import ValidationError
from tracker.i18n import _
from tracker.models import MeetingCreate, MeetingUpdate
from tracker.services.events import get_by_name, insert_event
from tracker.services.organisations import _add_organisation


def stand_in_id(index: int) -> int:
    """The id the meeting payload uses for ``new_organisations[index]`` before it exists."""
    return -(index + 1)


def create_new_entities(session: Session, actor: Actor, data: MeetingCreate | MeetingUpdate) -> None:
    """Create ``data``'s new organisations and event (audited, in the caller's transaction) and
    put their ids where the payload used stand-ins. ``data`` is the service's own validated copy."""
    real = {stand_in_id(index): _add_organisation(session, actor, org).id
            for index, org in enumerate(data.new_organisations)}
    if data.new_event is not None:
        # Turns with other writers of names, as the event service does.
        lock_until_commit(session, DIRECTORY_LOCK)
        name = data.new_event.name
        if get_by_name(session=session, name=name) is not None:
            raise ValidationError({"new_event.name": _("an event called “{name}” already exists").format(
                name=name)})
        data.event_id = insert_event(session, actor, data.new_event).id
    if real:
        _replace_stand_ins(data, real)


def _replace_stand_ins(data: MeetingCreate | MeetingUpdate, real: dict[int, int]) -> None:
    def swap(org_id: int | None) -> int | None:
        return real.get(org_id, org_id)

    for participant in data.participants or []:
        participant.organisation_id = swap(participant.organisation_id)
        for position in participant.new_person.positions if participant.new_person else []:
            position.organisation_id = swap(position.organisation_id)
    if data.organisation_ids is not None:
        data.organisation_ids = [swap(org_id) for org_id in data.organisation_ids]
    for agreement in getattr(data, "agreements", []):
        for party in agreement.parties:
            party.organisation_id = swap(party.organisation_id)
    for pledge in getattr(data, "pledges", []):
        pledge.organisation_id = swap(pledge.organisation_id)
