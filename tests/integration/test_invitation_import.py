"""Calendar invitations (.ics, hand-written after Outlook, Google Calendar and Apple Calendar
following RFC 5545: a TZID with its VTIMEZONE, UTC times, an all-day event, attendees with CN and
mailto, folded lines) → a draft planned meeting with its people matched, saved only when asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from tests.cli_helpers import run_cli
from tests.conftest import assert_audited
from tracker.errors import ValidationError
from tracker.importers.invitation import draft_invitation, save_invitation
from tracker.models import Confidentiality, Meeting, MeetingStatus, Participation, Person, Side

FIXTURES = Path(__file__).resolve().parents[1] / "ics_fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def sensetime_site(session, world):
    world.company.website = "https://www.sensetime.com/en"
    world.government.website = "http://www.fujian.gov.cn"
    session.add_all([world.company, world.government])
    session.commit()
    return world


def test_outlook_invitation_with_tzid_and_folded_attendees(session, sensetime_site):
    world = sensetime_site
    draft = draft_invitation(session, read("outlook_tzid.ics"), clearance=Confidentiality.SECRET)
    assert draft.title == "Governor meets SenseTime on the smart city pilot"
    assert (draft.date, draft.time) == (dt.date(2027, 3, 15), dt.time(9, 30))
    assert draft.place == "Provincial Government, Fuzhou"
    assert draft.summary.startswith("Follow-up on the smart city pilot agreed at the Digital China Summit.")
    people = {a.name: a for a in draft.attendees}
    assert set(people) == {"Tang Dengjie", "Xu Li", "Wang Fang"}
    assert people["Tang Dengjie"].organiser and people["Tang Dengjie"].person_id == world.official.id
    assert people["Tang Dengjie"].side is Side.GOVERNMENT
    assert people["Xu Li"].person_id == world.executive.id and people["Xu Li"].email == "xuli@sensetime.com"
    assert people["Xu Li"].organisation_id == world.company.id and people["Xu Li"].side is Side.ENTERPRISE
    assert people["Wang Fang"].person_id is None  # new: created when saved


def test_google_invitation_in_utc_names_people_from_their_mailbox(session, sensetime_site):
    draft = draft_invitation(session, read("google_utc.ics"), clearance=Confidentiality.SECRET)
    assert (draft.date, draft.time) == (dt.date(2027, 4, 2), dt.time(9, 0))  # 01:00Z in Shanghai
    names = [a.name for a in draft.attendees]
    assert names == ["Xu Li", "Tang Dengjie"]  # the address in CN is not a name; no one twice
    assert all(a.person_id for a in draft.attendees)


def test_apple_all_day_invitation_with_chinese_names(session, sensetime_site):
    world = sensetime_site
    draft = draft_invitation(session, read("apple_all_day.ics"), clearance=Confidentiality.SECRET)
    assert (draft.date, draft.time) == (dt.date(2027, 5, 20), None)
    assert draft.title == "数字中国峰会 企业座谈会"
    assert {a.name: a.person_id for a in draft.attendees} == {"唐登杰": world.official.id,
                                                              "徐立": world.executive.id}


def test_saving_makes_a_planned_meeting_with_the_people(session, sensetime_site, editor):
    draft = draft_invitation(session, read("outlook_tzid.ics"), clearance=editor.clearance)
    meeting = save_invitation(session=session, actor=editor, draft=draft)
    assert meeting.status is MeetingStatus.PLANNED and meeting.time == dt.time(9, 30)
    people = set(session.exec(select(Person.name).join(Participation, Participation.person_id == Person.id)
                              .where(Participation.meeting_id == meeting.id)))
    assert people == {"Tang Dengjie", "Xu Li", "Wang Fang"}
    assert_audited(session, entity="meeting", entity_id=meeting.id, action="create", actor="edith")


def test_not_a_calendar_is_a_clear_error(session):
    with pytest.raises(ValidationError, match="not an iCalendar"):
        draft_invitation(session, b"\x00\x01 not a calendar", clearance=Confidentiality.SECRET)
    with pytest.raises(ValidationError, match="holds no event"):
        draft_invitation(session, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
                         clearance=Confidentiality.SECRET)


def test_import_ics_command_prints_then_saves(database_url, session, sensetime_site, monkeypatch, capsys):
    path = str(FIXTURES / "outlook_tzid.ics")
    code, out, _ = run_cli(monkeypatch, capsys, "import-ics", path)
    assert code == 0 and "Governor meets SenseTime" in out and "Matched" in out
    assert session.exec(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).first() is None
    code, out, _ = run_cli(monkeypatch, capsys, "import-ics", path, "--save")
    assert code == 0 and "Saved planned meeting" in out
    session.rollback()  # end the read snapshot taken before the command wrote
    assert session.exec(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).one().title \
        == "Governor meets SenseTime on the smart city pilot"
    code, _, err = run_cli(monkeypatch, capsys, "import-ics", str(FIXTURES / "missing.ics"))
    assert code == 2 and "No such file" in err
