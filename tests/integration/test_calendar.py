"""The calendar (issue 17): the window's meetings with the filters and clearance, the .ics export
read back by two parsers, each user's feed (token, clearance, revocation), and "Log what happened"
turning a planned meeting into a held one in place."""

from __future__ import annotations

import datetime as dt

import icalendar
import ics
import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.factories import make_meeting
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.auth.feeds import resolve_feed_token
from tracker.errors import Conflict, PermissionDenied, ValidationError
from tracker.models import (
    CalendarFeedToken,
    Confidentiality,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    Participation,
    Role,
    Side,
    UserCreate,
)
from tracker.queries.calendar import calendar_meetings
from tracker.queries.filters import Filters
from tracker.reports.calendar_feed import feed_ics
from tracker.reports.formats import DocumentKind, render_bytes
from tracker.reports.ics import CalendarContent, meeting_uid
from tracker.services import calendar_feeds, users
from tracker.services.meeting_outcome import MeetingOutcome, log_meeting_held

TODAY = dt.date.today()
NEXT_WEEK = TODAY + dt.timedelta(days=7)
LAST_WEEK = TODAY - dt.timedelta(days=7)


def _pair(world):
    return [(world.official, world.government, Side.GOVERNMENT),
            (world.executive, world.company, Side.ENTERPRISE)]


@pytest.fixture
def meetings(session, world):
    """A planned visit next week (internal), a held talk last week at time 09:30 (public), a
    secret planned meeting next week, and a cancelled one; the first two with both people."""
    planned = make_meeting(session, people_and_orgs=_pair(world), date=NEXT_WEEK, title="Visit to SenseTime",
                           status=MeetingStatus.PLANNED, place="Shanghai")
    held = make_meeting(session, people_and_orgs=_pair(world), date=LAST_WEEK, title="Talk with SenseTime",
                        time=dt.time(9, 30), confidentiality=Confidentiality.PUBLIC)
    secret = make_meeting(session, people_and_orgs=_pair(world)[:1], date=NEXT_WEEK, title="Secret dinner",
                          status=MeetingStatus.PLANNED, confidentiality=Confidentiality.SECRET)
    cancelled = make_meeting(session, people_and_orgs=_pair(world)[:1], date=NEXT_WEEK, title="Called off",
                             status=MeetingStatus.CANCELLED)
    return planned, held, secret, cancelled


def window(session, clearance=Confidentiality.SECRET, **filters):
    return calendar_meetings(session, Filters(clearance=clearance, **filters),
                             TODAY - dt.timedelta(days=31), TODAY + dt.timedelta(days=31))


def test_window_holds_planned_and_held_meetings_not_cancelled(session, meetings):
    planned, held, secret, cancelled = meetings
    frame = window(session)
    assert list(frame["id"]) == [held.id, planned.id, secret.id]
    assert "SenseTime" in frame.set_index("id").loc[planned.id, "organisations"]


def test_window_applies_clearance(session, meetings):
    planned, held, secret, _ = meetings
    assert set(window(session, Confidentiality.INTERNAL)["id"]) == {planned.id, held.id}
    assert set(window(session, Confidentiality.PUBLIC)["id"]) == {held.id}


def test_window_applies_the_dashboards_filters(session, world, meetings):
    planned, held, secret, _ = meetings
    other = make_meeting(session, people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)],
                         date=NEXT_WEEK, title="Government only", status=MeetingStatus.PLANNED)
    assert set(window(session, organisation_ids=(world.company.id,))["id"]) == {planned.id, held.id}
    assert set(window(session, organisation_kinds=("private_enterprise",))["id"]) == {planned.id, held.id}
    assert other.id in set(window(session, person_ids=(world.official.id,))["id"])
    assert set(window(session, person_ids=(world.executive.id,))["id"]) == {planned.id, held.id}
    assert window(session, event_ids=(999,)).empty
    # The window replaces the sidebar's period: a period far away does not empty the calendar.
    assert len(window(session, start=dt.date(2001, 1, 1), end=dt.date(2001, 2, 1))) == 4


def test_export_reads_back_with_icalendar_and_ics(session, meetings):
    planned, held, secret, _ = meetings
    frame = window(session, Confidentiality.CONFIDENTIAL)
    data = render_bytes(DocumentKind.CALENDAR, "ics", CalendarContent(frame, "Calendar", "https://t.example"))
    parsed = icalendar.Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {meeting_uid(planned.id), meeting_uid(held.id)}
    visit = events[meeting_uid(planned.id)]
    assert str(visit["summary"]) == "Visit to SenseTime" and str(visit["location"]) == "Shanghai"
    assert visit.decoded("dtstart") == NEXT_WEEK  # all day: a date, no time
    assert str(visit["url"]) == f"https://t.example/meeting?id={planned.id}"
    talk = events[meeting_uid(held.id)].decoded("dtstart")
    assert (talk.hour, talk.minute, str(talk.tzinfo)) == (9, 30, "Asia/Shanghai")
    assert parsed.walk("VTIMEZONE"), "a timed event's zone is described in the file"
    second = ics.Calendar(data.decode("utf-8"))
    by_uid = {e.uid: e for e in second.events}
    assert set(by_uid) == set(events)
    assert by_uid[meeting_uid(planned.id)].name == "Visit to SenseTime"
    assert by_uid[meeting_uid(planned.id)].all_day
    assert by_uid[meeting_uid(held.id)].begin.to("Asia/Shanghai").hour == 9


def _user(session, name: str, clearance: Confidentiality, role=Role.VIEWER) -> Actor:
    user = users.create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username=name, role=role, clearance=clearance, password="long-enough-pass"))
    return Actor.from_user(user)


def test_feed_token_gives_the_users_clearance(session, meetings):
    planned, held, secret, _ = meetings
    viewer = _user(session, "vera", Confidentiality.INTERNAL)
    token = calendar_feeds.issue_feed_token(session=session, actor=viewer)
    assert_audited(session, entity="calendar_feed_token", entity_id=None, action="create", actor="vera")
    stored = session.exec(select(CalendarFeedToken)).one()
    assert stored.token_hash != token and token not in stored.token_hash
    body = feed_ics(session, token)
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert uids == {meeting_uid(planned.id), meeting_uid(held.id)}
    narrowed = feed_ics(session, token, {"official": ["999999"]})
    assert not icalendar.Calendar.from_ical(narrowed).walk("VEVENT")
    assert feed_ics(session, token + "x") is None


def test_new_token_replaces_the_old_and_revoke_ends_it(session, meetings):
    viewer = _user(session, "vera", Confidentiality.INTERNAL)
    first = calendar_feeds.issue_feed_token(session=session, actor=viewer)
    second = calendar_feeds.issue_feed_token(session=session, actor=viewer)
    assert resolve_feed_token(session=session, token=first) is None
    assert resolve_feed_token(session=session, token=second).username == "vera"
    assert calendar_feeds.revoke_feed_token(session=session, actor=viewer) == 1
    assert_audited(session, entity="calendar_feed_token", entity_id=None, action="update", actor="vera")
    assert feed_ics(session, second) is None


def test_only_the_user_or_an_admin_revokes_a_feed(session, meetings):
    vera = _user(session, "vera", Confidentiality.INTERNAL)
    other = _user(session, "otto", Confidentiality.INTERNAL)
    token = calendar_feeds.issue_feed_token(session=session, actor=vera)
    with pytest.raises(PermissionDenied):
        calendar_feeds.revoke_feed_token(session=session, actor=other, user_id=vera.user_id)
    assert resolve_feed_token(session=session, token=token) is not None
    calendar_feeds.revoke_feed_token(session=session, actor=SYSTEM_ACTOR, user_id=vera.user_id)
    assert resolve_feed_token(session=session, token=token) is None


def test_lowered_clearance_applies_to_the_next_feed_fetch(session, meetings):
    planned, held, secret, _ = meetings
    from tracker.models import UserUpdate
    sam = _user(session, "sam", Confidentiality.SECRET)
    token = calendar_feeds.issue_feed_token(session=session, actor=sam)
    assert meeting_uid(secret.id).encode() in feed_ics(session, token)
    users.update_user(session=session, actor=SYSTEM_ACTOR, user_id=sam.user_id,
                      data=UserUpdate(clearance=Confidentiality.PUBLIC))
    events = icalendar.Calendar.from_ical(feed_ics(session, token)).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {meeting_uid(held.id)}


def _links(session, meeting_id):
    people = sorted(session.exec(select(Participation.person_id)
                                 .where(Participation.meeting_id == meeting_id)))
    orgs = sorted(session.exec(select(MeetingOrganisation.organisation_id)
                               .where(MeetingOrganisation.meeting_id == meeting_id)))
    return people, orgs


def test_log_what_happened_keeps_id_people_and_organisations(session, world, editor):
    planned = make_meeting(session, people_and_orgs=_pair(world), date=TODAY, title="Visit",
                           status=MeetingStatus.PLANNED)
    before, version = _links(session, planned.id), planned.version
    held = log_meeting_held(session=session, actor=editor, meeting_id=planned.id, data=MeetingOutcome(
        version=version, summary="Agreed a pilot.", topics=["Smart city"]))
    assert held.id == planned.id and held.status is MeetingStatus.HELD and held.summary == "Agreed a pilot."
    assert _links(session, planned.id) == before and before[0] and before[1]
    copies = session.exec(select(Participation.meeting_status).where(Participation.meeting_id == planned.id))
    assert set(copies) == {MeetingStatus.HELD}
    event = assert_audited(session, entity="meeting", entity_id=planned.id, action="update", actor="edith")
    assert event.before["status"] == "planned" and event.after["status"] == "held"
    assert session.get(Meeting, planned.id).version == version + 1


def test_log_what_happened_refuses_future_held_and_viewers(session, world, editor, viewer):
    planned = make_meeting(session, people_and_orgs=_pair(world), date=NEXT_WEEK, title="Visit",
                           status=MeetingStatus.PLANNED)
    with pytest.raises(ValidationError):
        log_meeting_held(session=session, actor=editor, meeting_id=planned.id,
                         data=MeetingOutcome(version=planned.version))
    with pytest.raises(PermissionDenied):
        log_meeting_held(session=session, actor=viewer, meeting_id=planned.id,
                         data=MeetingOutcome(version=planned.version, held_on=TODAY))
    held = log_meeting_held(session=session, actor=editor, meeting_id=planned.id,
                            data=MeetingOutcome(version=planned.version, held_on=TODAY))
    assert held.date == TODAY
    with pytest.raises(Conflict):
        log_meeting_held(session=session, actor=editor, meeting_id=planned.id,
                         data=MeetingOutcome(version=held.version))
