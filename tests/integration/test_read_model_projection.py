"""The unit of work keeps the read model in step whichever writer changed the records: copies,
the three summaries and the search text follow through the services, through plain ORM and SQL
writes that call nothing, and through the bulk paths, which write the same search text."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import select

from seed_data.generator import generate
from tests.dashboard_data import (
    organisation_summaries,
    recounted_organisation_summaries,
    recounted_summary,
    summary_rows,
)
from tests.factories import make_meeting, make_organisation, make_person
from tests.integration.test_import_messy import csv_bytes, run
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingsByMonth,
    MeetingTopic,
    MeetingUpdate,
    Organisation,
    OrganisationUpdate,
    ParticipantIn,
    Participation,
    Person,
    PersonUpdate,
    Side,
    Topic,
)
from tracker.read_model import meeting_search_text
from tracker.read_model.search_text import search_texts
from tracker.read_model.vocabulary import NO_OUTSIDE
from tracker.services import meetings as meeting_service
from tracker.services import organisations, people

MARCH, MAY = dt.date(2024, 3, 5), dt.date(2024, 5, 20)


def in_step(session) -> None:
    """Every summary equals a fresh recount, every copy equals its source, every search text
    equals the one built from what is stored."""
    session.expire_all()
    connection = session.connection()
    assert summary_rows(connection) == recounted_summary(connection)
    assert organisation_summaries(connection) == recounted_organisation_summaries(connection)
    assert session.execute(sa.text(
        "SELECT count(*) FROM meeting_organisation mo JOIN organisation o ON o.id = mo.organisation_id "
        "JOIN meeting m ON m.id = mo.meeting_id WHERE mo.organisation_kind <> o.kind "
        "OR coalesce(mo.organisation_sector, '') <> coalesce(o.sector, '') OR mo.meeting_date <> m.date "
        "OR mo.meeting_status <> m.status OR mo.confidentiality <> m.confidentiality")).scalar() == 0
    assert session.execute(sa.text(
        "SELECT count(*) FROM participation p JOIN meeting m ON m.id = p.meeting_id "
        "WHERE p.meeting_date <> m.date OR p.meeting_status <> m.status "
        "OR p.confidentiality <> m.confidentiality")).scalar() == 0
    ids = list(session.execute(select(Meeting.id)).scalars())
    assert all(stored == built for stored, built in search_texts(connection, ids).values())
    session.commit()


def month_segments(session, month: str) -> set[tuple[str, str]]:
    return {(row.dimension, row.segment) for row in session.exec(
        select(MeetingsByMonth).where(MeetingsByMonth.month == month))}


def text_of(session, meeting_id: int) -> str:
    session.expire_all()
    return session.get(Meeting, meeting_id).search_text


def test_a_sector_changed_through_the_service_reaches_copies_and_summaries(session, editor):
    firm = make_organisation(session, sector="Energy")
    make_meeting(session, organisation_ids=[firm.id], date=MARCH)
    assert ("sector", "Energy") in month_segments(session, "2024-03")

    organisations.update_organisation(session=session, actor=editor, organisation_id=firm.id,
                                      data=OrganisationUpdate(sector="Fintech"))
    assert month_segments(session, "2024-03") == {("sector", "Fintech"), ("kind", "private_enterprise")}
    assert set(session.execute(sa.select(MeetingOrganisation.organisation_sector)).scalars()) == {"Fintech"}
    in_step(session)


def test_renaming_people_and_organisations_rewrites_the_search_text(session, editor):
    firm = make_organisation(session, name="Westlake Robotics")
    official = make_person(session, name="Zhao Lei")
    meeting = make_meeting(session, people_and_orgs=[(official, None, Side.GOVERNMENT)],
                           organisation_ids=[firm.id])
    assert "zhao lei" in meeting.search_text and "westlake robotics" in meeting.search_text

    people.update_person(session=session, actor=editor, person_id=official.id,
                         data=PersonUpdate(name="Zhao Leiming", local_name="赵雷鸣"))
    organisations.update_organisation(session=session, actor=editor, organisation_id=firm.id,
                                      data=OrganisationUpdate(local_name="西湖机器人"))
    text = text_of(session, meeting.id)
    assert "zhao leiming" in text and "赵雷鸣" in text and "西湖机器人" in text
    in_step(session)


def test_a_meeting_moved_to_another_month_recounts_both(session, editor):
    firm = make_organisation(session, sector="Energy")
    meeting = make_meeting(session, organisation_ids=[firm.id], date=MARCH)
    make_meeting(session, organisation_ids=[firm.id], date=dt.date(2024, 4, 2))
    assert month_segments(session, "2024-03") != set() and month_segments(session, "2024-05") == set()

    moved = meeting_service.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                           data=MeetingUpdate(version=meeting.version, date=MAY))
    assert month_segments(session, "2024-03") == set()
    assert month_segments(session, "2024-05") == {("sector", "Energy"), ("kind", "private_enterprise")}
    rows = session.exec(select(MeetingOrganisation).where(MeetingOrganisation.meeting_id == moved.id)).all()
    assert [row.meeting_date for row in rows] == [MAY]
    assert session.exec(select(MeetingsByMonth.meetings).where(
        MeetingsByMonth.month == "2024-05", MeetingsByMonth.dimension == "kind")).all() == [1]
    in_step(session)


def test_writes_that_call_nothing_still_reach_the_read_model(session):
    """Plain ORM changes and UPDATE statements, committed with no service involved."""
    firm = make_organisation(session, sector="Energy")
    official = make_person(session, name="Qian Wen")
    meeting = make_meeting(session, people_and_orgs=[(official, None, Side.GOVERNMENT)],
                           organisation_ids=[firm.id], date=MARCH)

    with tracker_db.write_transaction(session):
        session.get(Organisation, firm.id).sector = "Biotech"
        session.get(Person, official.id).name = "Qian Wenjun"
        session.execute(sa.update(Meeting).where(Meeting.id == meeting.id).values(date=MAY))
    assert month_segments(session, "2024-03") == set()
    assert ("sector", "Biotech") in month_segments(session, "2024-05")
    assert "qian wenjun" in text_of(session, meeting.id)
    in_step(session)

    with tracker_db.write_transaction(session):
        session.execute(sa.delete(MeetingOrganisation).where(MeetingOrganisation.meeting_id == meeting.id))
    # Still a meeting held: counted once, now under "no organisation outside government".
    assert month_segments(session, "2024-05") == {("sector", NO_OUTSIDE), ("kind", NO_OUTSIDE)}
    assert "biotech" not in text_of(session, meeting.id) and firm.name.casefold() not in text_of(
        session, meeting.id)
    in_step(session)


def test_a_rolled_back_write_leaves_nothing_to_project_later(session, editor):
    firm = make_organisation(session, sector="Energy")
    make_meeting(session, organisation_ids=[firm.id], date=MARCH)
    with pytest.raises(RuntimeError), tracker_db.write_transaction(session):
        session.get(Organisation, firm.id).sector = "Mining"
        session.flush()
        raise RuntimeError("refused")
    people.update_person(session=session, actor=editor, person_id=make_person(session).id,
                         data=PersonUpdate(name="Someone Else"))
    assert ("sector", "Energy") in month_segments(session, "2024-03")
    assert ("sector", "Mining") not in month_segments(session, "2024-03")
    in_step(session)


def relog(session, meeting: Meeting) -> Meeting:
    """The same meeting entered through the meeting service."""
    participations = session.exec(select(Participation).where(Participation.meeting_id == meeting.id)
                                  .order_by(Participation.id)).all()
    org_ids = sorted(session.exec(select(MeetingOrganisation.organisation_id)
                                  .where(MeetingOrganisation.meeting_id == meeting.id)))
    topics = list(session.exec(select(Topic.name).join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                               .where(MeetingTopic.meeting_id == meeting.id)))
    return meeting_service.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title=meeting.title, date=meeting.date, place=meeting.place, summary=meeting.summary,
        status=meeting.status, confidentiality=meeting.confidentiality, topics=topics,
        organisation_ids=org_ids,
        participants=[ParticipantIn(person_id=p.person_id, organisation_id=p.organisation_id, role=p.role,
                                    side=p.side) for p in participations]))


def test_service_importer_and_generator_write_the_same_search_text(engine, session, admin):
    # Known beforehand with local names, which the importer's own text used to leave out.
    make_organisation(session, name="Tencent", local_name="腾讯")
    make_person(session, name="Ma Huateng", local_name="马化腾")
    result = run(session, admin, csv_bytes([
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting", "Topic"],
        ["Ma Huateng", "2021-06-01", "tencent", "Cloud investment", "Digital economy"]]))
    assert result.imported == 1
    imported = session.exec(select(Meeting).where(Meeting.title == "Cloud investment")).one()
    assert "腾讯" in imported.search_text and "马化腾" in imported.search_text
    assert relog(session, imported).search_text == imported.search_text

    generate(engine, meetings=30, seed=5, today=dt.date(2025, 6, 30))
    session.expire_all()
    sample = session.exec(select(Meeting).where(Meeting.import_key.is_(None), Meeting.source.is_not(None))
                          .order_by(Meeting.id).limit(8)).all()
    assert len(sample) == 8
    for meeting in sample:
        assert relog(session, meeting).search_text == meeting.search_text


def test_the_search_text_is_one_pure_function_of_plain_values():
    text = meeting_search_text("Talks", None, "On AI", [("Ma Huateng", "马化腾"), ("Li Qiang", None)],
                               [("Tencent", "腾讯")], ["trade", "AI"])
    assert text == "talks | on ai | ma huateng | 马化腾 | li qiang | tencent | 腾讯 | ai | trade"
