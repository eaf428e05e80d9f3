"""Event writes: create, update, delete (meetings stay, ungrouped), and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assert_audited
from tests.factories import make_meeting
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import Event, EventCreate, EventUpdate, Meeting, Side
from tracker.services import events

SUMMIT = {"name": "2nd Digital China Summit", "place": "Fuzhou, Fujian",
          "start_date": dt.date(2019, 5, 6), "end_date": dt.date(2019, 5, 8)}


def make_event(session, **fields) -> Event:
    return events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(**{**SUMMIT, **fields}))


def test_create_is_audited(session, editor):
    event = events.create_event(session=session, actor=editor, data=EventCreate(
        **{**SUMMIT, "name": "  2nd  Digital China Summit "}))
    assert events.get_by_name(session=session, name="2nd Digital China Summit").id == event.id
    audit = assert_audited(session, entity="event", entity_id=event.id, action="create", actor="edith")
    assert audit.after == {"id": event.id, "name": "2nd Digital China Summit", "place": "Fuzhou, Fujian",
                           "start_date": "2019-05-06", "end_date": "2019-05-08", "description": None}


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"name": ""}, "name", "must not be empty"),
    ({"name": "n" * 201}, "name", "200"),
    ({"place": "p" * 301}, "place", "at most 300"),
    ({"end_date": dt.date(2019, 5, 1)}, "end_date", "cannot end before it starts"),
    ({"name": "2nd digital china summit"}, "name", "already exists"),
])
def test_create_refuses_invalid_input(session, editor, fields, field, fragment):
    make_event(session, name="2nd digital china summit")
    with nothing_changes(session, Event), pytest.raises(ValidationError) as caught:
        events.create_event(session=session, actor=editor, data={**SUMMIT, "name": "Forum", **fields})
    assert fragment in caught.value.errors[field]


def test_update_is_audited_and_checks_the_merged_dates(session, editor):
    event = make_event(session)
    events.update_event(session=session, actor=editor, event_id=event.id,
                        data=EventUpdate(place="Fuzhou Strait International Conference Center"))
    audit = assert_audited(session, entity="event", entity_id=event.id, action="update")
    assert (audit.before["place"], audit.after["place"]) == (
        "Fuzhou, Fujian", "Fuzhou Strait International Conference Center")
    with nothing_changes(session, Event), pytest.raises(ValidationError) as caught:
        events.update_event(session=session, actor=editor, event_id=event.id,
                            data=EventUpdate(start_date=dt.date(2019, 6, 1)))
    assert "end_date" in caught.value.errors


def test_delete_keeps_its_meetings_ungrouped(session, editor, world):
    event = make_event(session)
    meeting = make_meeting(session, people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)],
                           event_id=event.id)
    events.delete_event(session=session, actor=editor, event_id=event.id)
    session.expire_all()
    assert session.get(Event, event.id) is None
    assert session.get(Meeting, meeting.id).event_id is None
    assert assert_audited(session, entity="event", entity_id=event.id,
                          action="delete").before["name"] == SUMMIT["name"]


@pytest.mark.parametrize("write", ["create", "update", "delete"])
def test_viewer_may_not_write(session, viewer, write):
    event = make_event(session)
    with nothing_changes(session, Event), pytest.raises(PermissionDenied):
        if write == "create":
            events.create_event(session=session, actor=viewer, data=EventCreate(name="Forum"))
        elif write == "update":
            events.update_event(session=session, actor=viewer, event_id=event.id, data=EventUpdate(name="X"))
        else:
            events.delete_event(session=session, actor=viewer, event_id=event.id)
    session.expire_all()
    assert session.get(Event, event.id).name == SUMMIT["name"]


@pytest.mark.parametrize("write", ["update", "delete"])
def test_missing_event_is_not_found(session, editor, write):
    with pytest.raises(NotFound, match="No event with id 404"):
        if write == "update":
            events.update_event(session=session, actor=editor, event_id=404, data=EventUpdate(name="X"))
        else:
            events.delete_event(session=session, actor=editor, event_id=404)
