"""Log a meeting page: people, organisations and events created "on the spot" are held in the form
and written only by Save, with the meeting, in one transaction (issue 13, item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from tests.app.meeting_pages import fresh_page_cache, open_page  # noqa: F401 (autouse fixture)
from tests.app.test_log_meeting import EDITOR, PAGE, create_org, create_person, type_into
from tracker.db import data_version
from tracker.models import AuditEvent, Event, Meeting, Organisation, Person

# The page hands what a person typed to services that validate and write; those services, and the
# duplicate and import rules behind them, are tested on both databases, so the page runs on SQLite.
pytestmark = pytest.mark.sqlite_only

DAY = dt.date(2024, 3, 5)
NEW_ORG = {"name": "Minjiang Robotics", "kind": "private_enterprise", "aliases": ["MJR"]}
NEW_PERSON = {"name": "Lin Wei", "local_name": "林伟", "title": "CEO"}


def _counts(session) -> dict[str, int]:
    session.rollback()  # end the test session's read snapshot: see what the page wrote
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Organisation, Person, Event, Meeting, AuditEvent)}


def _fill_on_the_spot(at) -> None:
    assert not at.exception and not at.error, [e.value for e in at.error]
    type_into(at, "lm.newevent.name", "Digital China Summit 2024")
    at.date_input(key="lm.newevent.start").set_value(DAY)
    at.date_input(key="lm.newevent.end").set_value(DAY)
    at.button(key="lm.newevent.create").click().run()
    assert not at.exception
    create_org(at, NEW_ORG)
    org_id = at.session_state["lm.newperson.org"]  # the new person works there
    at.date_input(key="lm.date").set_value(DAY).run()
    create_person(at, NEW_PERSON, org_id)
    type_into(at, "lm.title", "Talk with Minjiang Robotics")
    at.run()
    assert not at.exception


def test_an_abandoned_form_leaves_nothing_behind(session):
    at = open_page(EDITOR, PAGE)
    before = _counts(session)  # after signing in, which is audited
    _fill_on_the_spot(at)
    at.button(key="lm_clear").click().run()
    assert not at.exception
    assert _counts(session) == before


def test_a_refused_save_writes_none_of_them_and_a_good_one_writes_all_at_once(session):
    at = open_page(EDITOR, PAGE)
    _fill_on_the_spot(at)
    before, version = _counts(session), data_version(session)
    type_into(at, "lm.title", "   ")
    at.button(key="lm_save").click().run()
    assert not at.exception
    assert at.session_state["lm.errors"] == {"title": "must not be empty"}
    assert (_counts(session), data_version(session)) == (before, version)

    type_into(at, "lm.title", "Talk with Minjiang Robotics")
    at.button(key="lm_save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    after = _counts(session)
    assert {name: after[name] - before[name] for name in after} == {
        "Organisation": 1, "Person": 1, "Event": 1, "Meeting": 1, "AuditEvent": 4}
    assert data_version(session) == version + 1
    meeting = session.exec(select(Meeting).where(Meeting.title == "Talk with Minjiang Robotics")).one()
    event = session.exec(select(Event).where(Event.name == "Digital China Summit 2024")).one()
    assert meeting.event_id == event.id
    audited = set(session.exec(select(AuditEvent.entity_type).where(AuditEvent.id > 0).order_by(
        AuditEvent.id.desc()).limit(4)))
    assert audited == {"organisation", "person", "event", "meeting"}
