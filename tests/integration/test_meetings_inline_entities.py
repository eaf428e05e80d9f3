"""People, organisations and an event created "on the spot" while logging a meeting are written in
the meeting's own transaction: all of them with the meeting, or none of them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tests.integration.test_services_meetings import DAY, MEETING_TABLES, meeting_input, participations
from tracker.db import data_version
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import (
    Event,
    MeetingOrganisation,
    Organisation,
    Person,
    Position,
)
from tracker.services import meetings

TABLES = (*MEETING_TABLES, Organisation, Event, Position)


def inline_input(world, **fields) -> dict:
    """The reference talk plus a new organisation (stand-in id -1), a new person working there
    and a new event, all typed into the form."""
    data = meeting_input(world, **fields)
    data["new_organisations"] = [{"name": "Minjiang Robotics", "kind": "private_enterprise"}]
    data["new_event"] = {"name": "Digital China Summit 2019", "start_date": DAY, "end_date": DAY}
    data["participants"].append({
        "new_person": {"name": "Lin Wei", "positions": [{"organisation_id": -1, "title": "CEO"}]},
        "organisation_id": -1, "title": "CEO", "role": "guest", "side": "enterprise"})
    data["organisation_ids"] = [-1]
    return data


def test_new_entities_are_created_with_the_meeting_in_one_transaction(session, editor, world):
    version = data_version(session)
    meeting = meetings.create_meeting(session=session, actor=editor, data=inline_input(world))
    assert data_version(session) == version + 1
    org = session.exec(select(Organisation).where(Organisation.name == "Minjiang Robotics")).one()
    event = session.exec(select(Event).where(Event.name == "Digital China Summit 2019")).one()
    person = session.exec(select(Person).where(Person.name == "Lin Wei")).one()
    assert meeting.event_id == event.id
    newcomer = participations(session, meeting.id)[-1]
    assert (newcomer.person_id, newcomer.organisation_id, newcomer.title) == (person.id, org.id, "CEO")
    assert [(p.organisation_id, p.title) for p in session.exec(
        select(Position).where(Position.person_id == person.id))] == [(org.id, "CEO")]
    assert org.id in set(session.exec(select(MeetingOrganisation.organisation_id).where(
        MeetingOrganisation.meeting_id == meeting.id)))
    for entity, entity_id in (("organisation", org.id), ("event", event.id), ("person", person.id),
                              ("meeting", meeting.id)):
        assert_audited(session, entity=entity, entity_id=entity_id, action="create", actor="edith")


def test_a_validation_error_creates_none_of_them(session, editor, world):
    with nothing_changes(session, *TABLES):
        with pytest.raises(ValidationError) as exc:
            meetings.create_meeting(session=session, actor=editor,
                                    data=inline_input(world, status="held", date=DAY.replace(year=2999)))
    assert set(exc.value.errors) == {"date"}


def test_an_invalid_new_organisation_is_reported_at_its_path_and_nothing_is_written(session, editor, world):
    data = inline_input(world)
    data["new_organisations"][0]["name"] = "   "
    with nothing_changes(session, *TABLES):
        with pytest.raises(ValidationError) as exc:
            meetings.create_meeting(session=session, actor=editor, data=data)
    assert set(exc.value.errors) == {"new_organisations.0.name"}


def test_a_clearance_failure_creates_none_of_them(session, editor, world):
    with nothing_changes(session, *TABLES), pytest.raises(PermissionDenied):
        meetings.create_meeting(session=session, actor=editor,
                                data=inline_input(world, confidentiality="secret"))
