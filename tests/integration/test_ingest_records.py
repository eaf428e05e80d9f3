"""Extraction against the database (the gazetteer), saving a checked draft, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import select

from seed_data.reference import load_reference
from tests.cli_helpers import run_cli
from tests.conftest import assert_audited, count_rows
from tracker.errors import PermissionDenied, ValidationError
from tracker.ingest import extract_draft
from tracker.ingest.save import save_draft
from tracker.models import CooperationArea, Event, Meeting, Organisation, Participation, Person, Pledge
from tracker.taxonomy import ensure_default_taxonomy

ARTICLES = Path(__file__).resolve().parents[1] / "ingest_articles"
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "digital-china-summit-2019.txt"


def reference_text() -> str:
    if not REFERENCE.exists():
        pytest.skip("the reference article is not beside the repository")
    return REFERENCE.read_text(encoding="utf-8")


def test_known_people_and_organisations_are_matched_to_their_records(session):
    load_reference(session)
    draft = extract_draft(reference_text(), session=session)
    assert all(p.match.record_id for p in draft.people), [
        p.name for p in draft.people if not p.match.record_id
    ]
    assert all(o.match.record_id for o in draft.organisations)
    assert session.get(Event, draft.event_id).name == "2nd Digital China Summit"
    wang = next(p for p in draft.people if p.name == "Wang Ning")
    assert draft.organisation(wang.organisation_key).name == "CPC Fujian Provincial Committee"
    assert next(o for o in draft.organisations if o.name == "ByteDance")


def test_chinese_article_matches_records_by_characters(session):
    load_reference(session)
    draft = extract_draft((ARTICLES / "zh_reference.txt").read_text(encoding="utf-8"), session=session)
    ma = next(p for p in draft.people if p.local_name == "马化腾")
    assert ma.match.record_id and ma.name == "Ma Huateng"
    assert draft.organisation(ma.organisation_key).match.record_id


def test_saving_a_new_article_creates_its_organisations_people_and_pledges(session, editor):
    ensure_default_taxonomy(session)
    draft = extract_draft((ARTICLES / "en_two_meetings.txt").read_text(encoding="utf-8"))
    meeting = save_draft(session=session, actor=editor, draft=draft, meeting_index=0)
    assert meeting.date == dt.date(2021, 9, 13)
    names = set(session.exec(select(Person.name)).all())
    assert {"Chen Mingyuan", "Liu Jiahui"} <= names
    assert {"Lanting Robotics", "Binhai Provincial People's Government"} <= set(
        session.exec(select(Organisation.name)).all()
    )
    assert count_rows(session, Participation) == 2
    assert count_rows(session, Pledge) == 2
    assert_audited(session, entity="meeting", entity_id=meeting.id, action="create", actor=editor.username)


def test_a_pledge_area_typed_as_a_synonym_saves_under_its_area(session, editor):
    ensure_default_taxonomy(session)
    draft = extract_draft((ARTICLES / "en_two_meetings.txt").read_text(encoding="utf-8"))
    first, second = draft.meetings[0].pledges[:2]
    first.area, second.area = "cloud computing", "大数据"
    meeting = save_draft(session=session, actor=editor, draft=draft, meeting_index=0)
    filed = set(session.exec(select(CooperationArea.name).join(Pledge, Pledge.area_id == CooperationArea.id)
                             .where(Pledge.meeting_id == meeting.id)).all())
    assert filed == {"Digital infrastructure", "Data sharing and security"}


def test_a_pledge_area_that_names_no_area_is_refused(session, editor):
    ensure_default_taxonomy(session)
    draft = extract_draft((ARTICLES / "en_two_meetings.txt").read_text(encoding="utf-8"))
    draft.meetings[0].pledges[0].area = "quantum teleportation"
    with pytest.raises(ValidationError) as caught:
        save_draft(session=session, actor=editor, draft=draft, meeting_index=0)
    assert "pledges.0.area" in caught.value.errors
    assert count_rows(session, Meeting) == 0


def test_the_reference_draft_saves_as_the_reference_meeting(session, editor):
    load_reference(session)
    draft = extract_draft(reference_text(), session=session)
    before_people = count_rows(session, Person)
    saved = save_draft(session=session, actor=editor, draft=draft)
    assert count_rows(session, Person) == before_people  # everyone matched, nobody duplicated
    titles = dict(
        session.exec(
            select(Person.name, Participation.title)
            .join(Participation)
            .where(Participation.meeting_id == saved.id)
        ).all()
    )
    assert titles["Ma Huateng"] == "Chairman and CEO of Tencent"
    assert count_rows(session, Pledge) == 2 * 14


def test_a_draft_that_cannot_be_saved_writes_nothing(session, editor):
    ensure_default_taxonomy(session)
    draft = extract_draft((ARTICLES / "en_signing.txt").read_text(encoding="utf-8"))
    draft.meetings[0].date = dt.date.today() + dt.timedelta(days=30)
    before = count_rows(session, Organisation)
    with pytest.raises(ValidationError) as caught:
        save_draft(session=session, actor=editor, draft=draft)
    assert "date" in caught.value.errors
    assert count_rows(session, Organisation) == before


def test_a_viewer_cannot_save_a_draft(session, viewer):
    draft = extract_draft((ARTICLES / "en_signing.txt").read_text(encoding="utf-8"))
    with pytest.raises(PermissionDenied):
        save_draft(session=session, actor=viewer, draft=draft)
    assert count_rows(session, Meeting) == 0


def test_cli_extract_prints_json_and_refuses_bad_input(database_url, tmp_path, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "extract", str(ARTICLES / "en_signing.txt"), "--json")
    assert code == 0
    draft = json.loads(out)
    assert draft["meetings"][0]["date"] == "2022-03-01"
    assert {p["name"] for p in draft["people"]} == {"Sun Wei", "Grace Lin"}
    code, out, _ = run_cli(monkeypatch, capsys, "extract", str(ARTICLES / "zh_city_visit.txt"))
    assert code == 0 and "林志远" in out
    code, _, err = run_cli(monkeypatch, capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 2 and "No such file" in err and "Traceback" not in err
    code, _, err = run_cli(
        monkeypatch, capsys, "extract", str(ARTICLES / "en_signing.txt"), "--date", "May 5"
    )
    assert code == 2 and "YYYY-MM-DD" in err
