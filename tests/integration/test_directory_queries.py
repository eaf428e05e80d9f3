"""Directory lists and profiles: search by any name, counts and rows limited by clearance."""

from __future__ import annotations

import datetime as dt

from seed_data.reference import load_reference
from tests.factories import make_meeting, make_organisation, make_person
from tracker.models import Confidentiality, OrganisationKind, Side
from tracker.queries.directory import list_organisations, list_people, organisation_choices
from tracker.queries.directory_profiles import organisation_profile, person_profile
from tracker.queries.filters import Filters

PUBLIC = Filters(clearance=Confidentiality.PUBLIC)
SECRET = Filters(clearance=Confidentiality.SECRET)


def test_organisation_search_by_name_alias_local_name_and_pinyin(session):
    load_reference(session)
    for query in ("tencent", "Tencent Holdings", "腾讯", "腾讯控股", "TENCENT hold", "teng xun"):
        frame, total = list_organisations(session, SECRET, search=query)
        assert list(frame["name"]) == ["Tencent"], query
        assert total == 1
    frame, total = list_organisations(session, SECRET, search="fujian")
    assert total == 2
    frame, _ = list_organisations(session, Filters(clearance=3, organisation_kinds=("party_organ",)))
    assert list(frame["name"]) == ["CPC Fujian Provincial Committee"]
    frame, _ = list_organisations(session, Filters(clearance=3, sectors=("Artificial intelligence",)))
    assert list(frame["name"]) == ["SenseTime"]
    frame, _ = list_organisations(session, Filters(clearance=3, regions=("Beijing",)))
    assert list(frame["name"]) == ["ByteDance"]
    frame, _ = list_organisations(session, SECRET, search="50%_off")
    assert frame.empty


def test_people_search_by_alias_chinese_and_pinyin(session):
    load_reference(session)
    for query in ("Pony", "马化腾", "ma hua", "huateng"):
        frame, total = list_people(session, SECRET, search=query)
        assert list(frame["name"]) == ["Ma Huateng"], query
        row = frame.iloc[0]
        assert row["title"] == "Chairman and CEO of Tencent" and row["organisation"] == "Tencent"
        assert row["meetings"] == 1


def test_meeting_counts_and_profiles_hide_meetings_above_clearance(session):
    org = make_organisation(session, name="Acme", kind=OrganisationKind.FOREIGN_ENTERPRISE)
    person = make_person(session, name="Jane Roe", organisation=org, title="CEO")
    make_meeting(session, people_and_orgs=[(person, org, Side.ENTERPRISE)], title="Open talk",
                 confidentiality=Confidentiality.PUBLIC)
    make_meeting(session, people_and_orgs=[(person, org, Side.ENTERPRISE)], title="Secret talk",
                 confidentiality=Confidentiality.SECRET, date=dt.date(2024, 5, 1))
    frame, _ = list_organisations(session, PUBLIC, search="acme")
    assert frame.iloc[0]["meetings"] == 1
    frame, _ = list_organisations(session, SECRET, search="acme")
    assert frame.iloc[0]["meetings"] == 2 and frame.iloc[0]["last_meeting"] == dt.date(2024, 5, 1)
    frame, _ = list_people(session, PUBLIC, search="jane")
    assert frame.iloc[0]["meetings"] == 1
    profile = organisation_profile(session, PUBLIC, org.id)
    assert profile["meeting_total"] == 1 and list(profile["meetings"]["title"]) == ["Open talk"]
    profile = person_profile(session, PUBLIC, person.id)
    assert list(profile["meetings"]["title"]) == ["Open talk"]
    assert list(person_profile(session, SECRET, person.id)["meetings"]["title"]) == ["Secret talk",
                                                                                      "Open talk"]


def test_organisation_profile_of_reference_company(session):
    load_reference(session)
    tencent = list_organisations(session, SECRET, search="Tencent")[0].iloc[0]
    profile = organisation_profile(session, SECRET, int(tencent["id"]))
    assert profile["organisation"]["local_name"] == "腾讯"
    assert profile["aliases"] == ["Tencent Holdings", "腾讯控股"]
    assert list(profile["people"]["person"]) == ["Ma Huateng (马化腾)"]  # English first (display_name)
    assert profile["meeting_total"] == 1
    assert len(profile["pledges"]) > 0 and set(profile["pledges"]["organisation"]) == {"Tencent (腾讯)"}
    sensetime = list_organisations(session, SECRET, search="SenseTime")[0].iloc[0]
    assert len(organisation_profile(session, SECRET, int(sensetime["id"]))["agreements"]) == 1
    assert organisation_profile(session, SECRET, 99999) is None


def test_person_profile_positions_over_time_and_title_then(session):
    old = make_organisation(session, name="Old Co")
    new = make_organisation(session, name="New Co")
    person = make_person(session, name="Li Ming", organisation=old, title="Engineer",
                         start=dt.date(2010, 1, 1), end=dt.date(2019, 12, 31))
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import PositionCreate
    from tracker.services import people
    people.create_position(session=session, actor=SYSTEM_ACTOR, person_id=person.id, data=PositionCreate(
        organisation_id=new.id, title="Chief Executive", start_date=dt.date(2020, 1, 1)))
    make_meeting(session, people_and_orgs=[(person, None, Side.ENTERPRISE)], date=dt.date(2018, 6, 1),
                 title="Early", confidentiality=Confidentiality.PUBLIC)
    make_meeting(session, people_and_orgs=[(person, None, Side.ENTERPRISE)], date=dt.date(2023, 6, 1),
                 title="Late", confidentiality=Confidentiality.PUBLIC)
    profile = person_profile(session, PUBLIC, person.id)
    assert list(profile["positions"]["title"]) == ["Chief Executive", "Engineer"]
    meetings = profile["meetings"].set_index("title")
    assert meetings.loc["Early", "title_then"] == "Engineer"
    assert meetings.loc["Late", "title_then"] == "Chief Executive"
    assert meetings.loc["Late", "organisation"] == "New Co"
    frame, _ = list_people(session, PUBLIC, search="li ming")
    assert frame.iloc[0]["title"] == "Chief Executive"
    frame, total = list_people(session, PUBLIC, organisation_id=old.id)
    assert total == 1


def test_paging_and_choices(session):
    for index in range(7):
        make_organisation(session, name=f"Company {index:02d}")
    frame, total = list_organisations(session, PUBLIC, search="company", limit=3, offset=3)
    assert total == 7 and list(frame["name"]) == ["Company 03", "Company 04", "Company 05"]
    choices = organisation_choices(session, clearance=Confidentiality.SECRET, search="company 06",
                                   include_ids=(1,))
    assert set(choices["name"]) == {"Company 06", "Company 00"}


def test_latin_pinyin_finds_records_known_only_in_chinese(session):
    company = make_organisation(session, name="腾讯")
    person = make_person(session, name="马化腾")
    assert list(list_organisations(session, PUBLIC, search="tengxun")[0]["id"]) == [company.id]
    assert list(list_organisations(session, PUBLIC, search="Teng Xun")[0]["id"]) == [company.id]
    assert list(list_people(session, PUBLIC, search="ma huateng")[0]["id"]) == [person.id]
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.services import people
    people.update_person(session=session, actor=SYSTEM_ACTOR, person_id=person.id,
                         data={"name": "Pony", "local_name": "马化腾"})
    assert list(list_people(session, PUBLIC, search="mahuateng")[0]["id"]) == [person.id]


def test_migration_fills_the_search_key_of_existing_rows(tmp_path):
    import sqlalchemy as sa

    from tracker.db import make_engine
    from tracker.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO person (name, local_name, name_key, created_at) "
                             "VALUES ('Ma', '马化腾', 'ma', '2024-01-01')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT search_key FROM person")).scalar() == "ma huateng | mahuateng"
    engine.dispose()


def test_renaming_refreshes_the_search_text_of_their_meetings(session):
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import Meeting
    from tracker.services import organisations, people

    org = make_organisation(session, name="Acme")
    person = make_person(session, name="Jane Roe", organisation=org)
    meeting = make_meeting(session, people_and_orgs=[(person, org, Side.ENTERPRISE)], title="Talk")
    organisations.update_organisation(session=session, actor=SYSTEM_ACTOR, organisation_id=org.id,
                                      data={"name": "Acme Robotics"})
    people.update_person(session=session, actor=SYSTEM_ACTOR, person_id=person.id,
                         data={"local_name": "罗珍"})
    text = session.get(Meeting, meeting.id).search_text
    assert "acme robotics" in text and "罗珍" in text


def test_imported_chinese_names_are_found_by_pinyin(session, admin):
    import csv
    import io

    from tracker.importers import propose_mapping, read_table
    from tracker.importers.run import import_rows

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
                                  ["马化腾", "2019-05-06", "腾讯", "数字经济"]])
    table = read_table(buffer.getvalue().encode("utf-8"), "register.csv")
    mapping, missing = propose_mapping(table)
    assert not missing
    import_rows(session=session, actor=admin, table=table, mapping=mapping)
    assert list(list_organisations(session, SECRET, search="tengxun")[0]["name"]) == ["腾讯"]
    assert list(list_people(session, SECRET, search="ma huateng")[0]["name"]) == ["马化腾"]
