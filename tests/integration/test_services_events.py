"""Event writes: create, and its refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import Event, EventCreate
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


def test_viewer_may_not_create(session, viewer):
    with nothing_changes(session, Event), pytest.raises(PermissionDenied):
        events.create_event(session=session, actor=viewer, data=EventCreate(name="Forum"))
