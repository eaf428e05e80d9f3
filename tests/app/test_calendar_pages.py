"""The calendar pages: the calendar (views, filters, clearance, the list under it, a row opening
the record), "Log what happened" on a planned meeting's record, the feed page, and importing an
invitation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from tests.app.meeting_pages import fresh_page_cache, open_page  # noqa: F401 (autouse fixture)
from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import Actor
from tracker.models import CalendarFeedToken, Confidentiality, Meeting, MeetingStatus, Role, Side

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
VIEWER = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.INTERNAL)
TODAY = dt.date.today()
FIXTURES = Path(__file__).resolve().parents[1] / "ics_fixtures"


@pytest.fixture
def planned(session):
    org = make_organisation(session, name="Harbour Robotics")
    side = [(make_person(session, name="Li Wei", organisation=org), org, Side.ENTERPRISE)]
    visit = make_meeting(session, title="Visit Harbour Robotics", date=TODAY, status="planned",
                         people_and_orgs=side)
    make_meeting(session, title="Secret Harbour dinner", date=TODAY, status="planned", people_and_orgs=side,
                 confidentiality=Confidentiality.SECRET)
    make_meeting(session, title="Harbour talk held", date=TODAY - dt.timedelta(days=1), people_and_orgs=side)
    session.commit()
    return visit


def listed(at) -> list[str]:
    tables = [t.value for t in at.dataframe if "title" in t.value.columns]
    return sorted(tables[0]["title"]) if tables else []


def test_calendar_lists_the_views_meetings_within_clearance(database_url, planned):
    at = open_page(VIEWER, "views/calendar.py")
    assert not at.exception
    assert listed(at) == ["Harbour talk held", "Visit Harbour Robotics"]
    at = open_page(EDITOR, "views/calendar.py")
    assert "Secret Harbour dinner" in listed(at)


def test_calendar_views_and_moving_between_them(database_url, planned):
    at = open_page(EDITOR, "views/calendar.py")
    for view in ("week", "agenda", "month"):
        at.segmented_control(key="calendar_view").set_value(view).run()
        assert not at.exception
        assert "Visit Harbour Robotics" in listed(at)
    at.button(key="calendar_next").click().run()
    at.button(key="calendar_next").click().run()
    assert not at.exception and listed(at) == []
    at.button(key="calendar_today").click().run()
    assert "Visit Harbour Robotics" in listed(at)


def test_calendar_filters_by_kind_of_meeting(database_url, planned):
    at = open_page(EDITOR, "views/calendar.py")
    at.multiselect(key="calendar_kinds").set_value(["visit"]).run()
    assert not at.exception and listed(at) == []


def test_log_what_happened_on_a_planned_meetings_record(database_url, session, planned):
    at = open_page(EDITOR, "views/meeting_record.py", id=planned.id)
    assert not at.exception
    at.text_area(key=f"mr.outcome.{planned.id}").set_value("Agreed to open a lab.")
    at.button(key=f"mr.log_held.{planned.id}").click().run()
    assert not at.exception
    session.rollback()
    stored = session.get(Meeting, planned.id)
    session.refresh(stored)
    assert stored.status is MeetingStatus.HELD and stored.summary == "Agreed to open a lab."
    assert not [b for b in at.button if b.key == f"mr.log_held.{planned.id}"]


def test_feed_page_makes_shows_once_and_revokes(database_url, session):
    at = open_page(VIEWER, "views/calendar_feed.py")
    assert not at.exception
    at.button(key="feed_make").click().run()
    assert not at.exception
    address = at.code[0].value
    assert "/_tracker/feed/" in address and address.endswith(".ics")
    token = address.rsplit("/", 1)[-1].removesuffix(".ics")
    stored = session.exec(select(CalendarFeedToken)).one()
    assert stored.revoked_at is None and token not in stored.token_hash
    at.button(key="feed_revoke").click().run()
    assert not at.exception
    session.rollback()
    assert session.exec(select(CalendarFeedToken)).one().revoked_at is not None


def test_invitation_page_drafts_and_saves_a_planned_meeting(database_url, session):
    at = open_page(EDITOR, "views/invitation.py")
    assert not at.exception
    from tracker.importers.invitation import draft_invitation
    draft = draft_invitation(session, (FIXTURES / "outlook_tzid.ics").read_bytes(),
                             clearance=Confidentiality.SECRET)
    session.rollback()
    at.session_state["invitation_draft"] = draft.model_dump(mode="json")
    at.run()
    assert not at.exception
    assert at.text_input(key="invitation_title").value == "Governor meets SenseTime on the smart city pilot"
    at.button(key="invitation_save").click().run()
    assert not at.exception
    session.rollback()
    saved = session.exec(select(Meeting)).one()
    assert saved.status is MeetingStatus.PLANNED and saved.date == dt.date(2027, 3, 15)
