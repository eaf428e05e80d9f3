"""The reference scenario (Fuzhou Daily, 2019-05-08) loaded through the services reads back with
every fact of the article. Expected values are the article's words, not copies of the YAML."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from seed_data.reference import load_reference
from tests.conftest import count_rows
from tracker.db import data_version
from tracker.models import (
    Agreement,
    AgreementParty,
    AuditEvent,
    CooperationArea,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Pledge,
    Topic,
)
from tracker.models.enums import ENTERPRISE_KINDS

# name, name in Chinese characters, title the article gives, organisation represented
PARTICIPANTS = {
    ("Yu Weiguo", "于伟国", "Secretary of CPC Fujian Provincial Committee",
     "CPC Fujian Provincial Committee"),
    ("Tang Dengjie", "唐登杰", "Governor of Fujian Province", "Fujian Provincial People's Government"),
    ("Ma Huateng", "马化腾", "Chairman and CEO of Tencent", "Tencent"),
    ("Zhang Yiming", "张一鸣", "Founder and CEO of Bytedance", "ByteDance"),
    ("Xu Li", "徐立", "CEO of SenseTime", "SenseTime"),
    ("Wang Ning", "王宁", "Provincial leader", "CPC Fujian Provincial Committee"),
    ("Zheng Xincong", "郑新聪", "Provincial leader", "Fujian Provincial People's Government"),
}
PLEDGED_AREAS = {
    "Tencent": ["Consumption", "E-government", "Environmental protection", "Health", "People's livelihood",
                "Production services"],
    "ByteDance": ["Cooperation projects", "Digital products and content", "Publicity and promotion",
                  "Talent cultivation"],
    "SenseTime": ["AI R&D", "Smart city"],
    "Fujian Provincial People's Government": ["Business environment", "Opening up and investment"],
}


@pytest.fixture
def reference(session) -> Meeting:
    return load_reference(session)


def test_the_event_and_the_meeting(session, reference):
    meeting = session.get(Meeting, reference.id)
    assert (meeting.date, meeting.status) == (dt.date(2019, 5, 7), MeetingStatus.HELD)
    assert "West Lake" in meeting.place and "Fuzhou" in meeting.place
    assert session.get(Event, meeting.event_id).name == "2nd Digital China Summit"
    assert "Fuzhou Daily" in meeting.source
    topics = session.exec(select(Topic.name).join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                          .where(MeetingTopic.meeting_id == meeting.id)).all()
    assert {"Data security", "Digital economy"} <= set(topics) and len(topics) >= 6
    created = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "meeting",
                                                    AuditEvent.entity_id == meeting.id)).one()
    assert (created.action.value, created.actor_username) == ("create", "system")


def test_seven_participants_with_the_articles_titles_and_chinese_names(session, reference):
    rows = session.exec(select(Person.name, Person.local_name, Participation.title, Organisation.name)
                        .join(Participation, Participation.person_id == Person.id)
                        .join(Organisation, Organisation.id == Participation.organisation_id)
                        .where(Participation.meeting_id == reference.id)).all()
    assert len(rows) == 7
    assert {tuple(row) for row in rows} == PARTICIPANTS


def test_five_organisations_and_one_agreement_between_the_province_and_sensetime(session, reference):
    present = session.exec(select(Organisation.name, Organisation.kind).join(
        MeetingOrganisation, MeetingOrganisation.organisation_id == Organisation.id)
        .where(MeetingOrganisation.meeting_id == reference.id)).all()
    assert {name for name, _ in present} == {"CPC Fujian Provincial Committee", "Tencent", "ByteDance",
                                             "Fujian Provincial People's Government", "SenseTime"}
    assert sum(kind in ENTERPRISE_KINDS for _, kind in present) == 3
    agreement = session.exec(select(Agreement).where(Agreement.meeting_id == reference.id)).one()
    assert agreement.signed_on == dt.date(2019, 5, 7)
    parties = session.exec(select(Organisation.name).join(
        AgreementParty, AgreementParty.organisation_id == Organisation.id)
        .where(AgreementParty.agreement_id == agreement.id)).all()
    assert sorted(parties) == ["Fujian Provincial People's Government", "SenseTime"]


def test_twelve_company_pledges_in_the_right_areas_plus_the_provinces_own(session, reference):
    rows = session.exec(select(Organisation.name, CooperationArea.name, Pledge.agreement_id)
                        .join(Pledge, Pledge.organisation_id == Organisation.id)
                        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
                        .where(Pledge.meeting_id == reference.id)).all()
    by_organisation: dict[str, list[str]] = {}
    for organisation, area, _ in rows:
        by_organisation.setdefault(organisation, []).append(area)
    assert {k: sorted(v) for k, v in by_organisation.items()} == PLEDGED_AREAS
    assert sum(len(by_organisation[c]) for c in ("Tencent", "ByteDance", "SenseTime")) == 12
    # SenseTime's two pledges belong to the agreement it signed.
    assert {agreement_id is not None for organisation, _, agreement_id in rows
            if organisation == "SenseTime"} == {True}


def test_loading_twice_adds_nothing(session, engine):
    load_reference(session)
    tables = list(SQLModel.metadata.sorted_tables)
    before = {t.name: count_rows(session, t) for t in tables}, data_version(engine)
    again = load_reference(session)
    assert ({t.name: count_rows(session, t) for t in tables}, data_version(engine)) == before
    assert count_rows(session, Meeting) == 1 and again.import_key == "reference:digital-china-summit-2019"
    assert session.exec(select(sa.func.count()).select_from(Organisation)).one() == 5
