"""The shared data version every write bumps (so cached figures refresh in every app process),
and optimistic locking between two sessions, as two app processes would hold them."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tests.integration.test_services_meetings import create, meeting_input
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import Conflict, ValidationError
from tracker.models import (
    AgreementCreate,
    AgreementUpdate,
    CooperationAreaCreate,
    EventCreate,
    Meeting,
    MeetingUpdate,
    OrganisationCreate,
    OrganisationUpdate,
    PersonCreate,
    PersonUpdate,
    PledgeCreate,
    PledgeProgressCreate,
    PledgeUpdate,
    PositionCreate,
    PositionUpdate,
    UserCreate,
    UserUpdate,
)
from tracker.services import agreements, areas, events, meetings, organisations, people, pledges, users


def every_write(session, world):
    """Each service write once, in an order where each has what it needs; yields its name first."""
    actor = SYSTEM_ACTOR
    org = organisations.create_organisation(session=session, actor=actor,
                                            data=OrganisationCreate(name="Tencent"))
    yield "create_organisation"
    organisations.update_organisation(session=session, actor=actor, organisation_id=org.id,
                                      data=OrganisationUpdate(local_name="腾讯"))
    yield "update_organisation"
    person = people.create_person(session=session, actor=actor, data=PersonCreate(name="Ma Huateng"))
    yield "create_person"
    people.update_person(session=session, actor=actor, person_id=person.id,
                         data=PersonUpdate(local_name="马化腾"))
    yield "update_person"
    position = people.create_position(session=session, actor=actor, person_id=person.id,
                                      data=PositionCreate(organisation_id=org.id, title="Chairman"))
    yield "create_position"
    people.update_position(session=session, actor=actor, position_id=position.id,
                           data=PositionUpdate(title="Chairman and CEO"))
    yield "update_position"
    people.delete_position(session=session, actor=actor, position_id=position.id)
    yield "delete_position"
    people.delete_person(session=session, actor=actor, person_id=person.id)
    yield "delete_person"
    events.create_event(session=session, actor=actor, data=EventCreate(name="Summit"))
    yield "create_event"
    area = areas.create_area(session=session, actor=actor, data=CooperationAreaCreate(name="Health"))
    yield "create_area"
    meeting = create(session, world)
    yield "create_meeting"
    meetings.update_meeting(session=session, actor=actor, meeting_id=meeting.id,
                            data=MeetingUpdate(version=1, title="Renamed"))
    yield "update_meeting"
    agreement = agreements.create_agreement(session=session, actor=actor, data=AgreementCreate(title="MoU"))
    yield "create_agreement"
    agreements.update_agreement(session=session, actor=actor, agreement_id=agreement.id,
                                data=AgreementUpdate(status="in_force"))
    yield "update_agreement"
    pledge = pledges.create_pledge(session=session, actor=actor, data=PledgeCreate(
        organisation_id=org.id, area_id=area.id, made_on=dt.date(2019, 5, 7)))
    yield "create_pledge"
    pledges.update_pledge(session=session, actor=actor, pledge_id=pledge.id, data=PledgeUpdate(text="Health"))
    yield "update_pledge"
    pledges.create_pledge_update(session=session, actor=actor, pledge_id=pledge.id,
                                 data=PledgeProgressCreate(on=dt.date(2020, 1, 1), note="Started"))
    yield "create_pledge_update"
    pledges.delete_pledge(session=session, actor=actor, pledge_id=pledge.id)
    yield "delete_pledge"
    agreements.delete_agreement(session=session, actor=actor, agreement_id=agreement.id)
    yield "delete_agreement"
    meetings.delete_meeting(session=session, actor=actor, meeting_id=meeting.id)
    yield "delete_meeting"
    organisations.delete_organisation(session=session, actor=actor, organisation_id=org.id)
    yield "delete_organisation"
    user = users.create_user(session=session, actor=actor, data=UserCreate(username="li", password="p" * 8))
    yield "create_user"
    users.update_user(session=session, actor=actor, user_id=user.id, data=UserUpdate(role="editor"))
    yield "update_user"


def test_every_service_write_bumps_the_data_version_once(session, engine, world, monkeypatch):
    monkeypatch.setattr("tracker.auth.passwords._hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    bumped = []
    version = tracker_db.data_version(engine)
    for name in every_write(session, world):
        new = tracker_db.data_version(engine)  # seen from another connection, as another process would
        bumped.append((name, new - version))
        version = new
    assert bumped == [(name, 1) for name, _ in bumped]
    assert len(bumped) == 23


def test_a_refused_write_does_not_bump_the_version(session, editor, world):
    with nothing_changes(session, Meeting), pytest.raises(ValidationError):
        meetings.create_meeting(session=session, actor=editor, data=meeting_input(world, participants=[]))


def test_concurrent_updates_from_two_sessions(engine, session, editor, admin, world):
    """Two people open the same meeting in two app processes; the second save is refused."""
    meeting = create(session, world)
    with tracker_db.session_scope(engine) as first, tracker_db.session_scope(engine) as second:
        mine = first.get(Meeting, meeting.id)
        theirs = second.get(Meeting, meeting.id)
        assert mine.version == theirs.version == 1
        meetings.update_meeting(session=second, actor=admin, meeting_id=meeting.id,
                                data=MeetingUpdate(version=theirs.version, summary="Agreed on pilots"))
        with pytest.raises(Conflict) as caught:
            meetings.update_meeting(session=first, actor=editor, meeting_id=meeting.id,
                                    data=MeetingUpdate(version=mine.version, summary="My notes"))
        assert set(caught.value.changes) == {"summary"} and "alice" in caught.value.message
        # Reloaded at the current version, the first person's change goes through.
        retry = meetings.update_meeting(session=first, actor=editor, meeting_id=meeting.id,
                                        data=MeetingUpdate(version=caught.value.current_version,
                                                           place="Fuzhou"))
        assert (retry.version, retry.summary, retry.place) == (3, "Agreed on pilots", "Fuzhou")
        audit = assert_audited(first, entity="meeting", entity_id=meeting.id, action="update", actor="edith")
        assert (audit.before["summary"], audit.before["version"]) == ("Agreed on pilots", 2)


def test_a_stale_object_in_the_session_does_not_hide_another_process_change(engine, session, editor, world):
    """The session that created the meeting still holds it (version 1) when another process saves."""
    meeting = create(session, world)
    with tracker_db.session_scope(engine) as other:
        meetings.update_meeting(session=other, actor=SYSTEM_ACTOR, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, title="Renamed elsewhere"))
    meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                            data=MeetingUpdate(version=2, place="Fuzhou"))
    audit = assert_audited(session, entity="meeting", entity_id=meeting.id, action="update", actor="edith")
    assert audit.before["title"] == audit.after["title"] == "Renamed elsewhere"
    assert (audit.before["version"], audit.after["version"]) == (2, 3)


def test_delete_with_a_stale_version_is_refused_even_from_a_stale_session(engine, session, editor, world):
    meeting = create(session, world)
    with tracker_db.session_scope(engine) as other:
        meetings.update_meeting(session=other, actor=SYSTEM_ACTOR, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, title="Renamed elsewhere"))
    with nothing_changes(session, Meeting), pytest.raises(Conflict, match="title"):
        meetings.delete_meeting(session=session, actor=editor, meeting_id=meeting.id, version=1)
