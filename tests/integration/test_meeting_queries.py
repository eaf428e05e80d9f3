"""Meeting list search, filters and paging; the record query; people search across scripts."""

from __future__ import annotations

import datetime as dt

import pytest

from seed_data.reference import load_reference
from tests.factories import make_meeting, make_organisation, make_person
from tracker.models import Confidentiality, MeetingKind, MeetingStatus, Side
from tracker.queries import meetings as meeting_queries
from tracker.queries.filters import Filters
from tracker.queries.meeting_form import area_choices, search_people
from tracker.queries.meeting_record import meeting_record
from tracker.queries.meetings import all_meetings, list_meetings

ALL = Filters(clearance=Confidentiality.SECRET)


def test_search_finds_reference_meeting_by_person_org_topic_and_chinese(session):
    meeting = load_reference(session)
    for term in ["Ma Huateng", "tencent", "马化腾", "data security", "West Lake", "徐立", "sense"]:
        page = list_meetings(session, ALL, search=term)
        assert page.total == 1 and page.rows.iloc[0]["id"] == meeting.id, term
    assert list_meetings(session, ALL, search="nothing like this").total == 0
    assert list_meetings(session, ALL, search="50%_off").total == 0
    row = list_meetings(session, ALL, search="bytedance").rows.iloc[0]
    assert "SenseTime" in row["organisations"] and "Yu Weiguo" in row["people"]
    assert row["event"] == "2nd Digital China Summit"


def _twelve_robot_talks(session):
    """Li Wei of Acme Robotics at "Robot talk 01".."12" in January 2024: visits on odd days,
    talks on even ones, the 12th secret. Returns (organisation, person)."""
    org = make_organisation(session, name="Acme Robotics")
    person = make_person(session, name="Li Wei", organisation=org)
    for day in range(1, 13):
        make_meeting(
            session,
            people_and_orgs=[(person, org, Side.ENTERPRISE)],
            date=dt.date(2024, 1, day),
            title=f"Robot talk {day:02d}",
            kind=MeetingKind.VISIT if day % 2 else MeetingKind.TALK,
            confidentiality=Confidentiality.SECRET if day == 12 else Confidentiality.PUBLIC,
        )
    return org, person


def test_filters_and_paging_happen_in_the_database(session):
    org, person = _twelve_robot_talks(session)
    other = make_organisation(session, name="Globex")
    make_meeting(
        session,
        organisation_ids=[other.id],
        date=dt.date(2023, 6, 1),
        title="Globex lunch",
        status=MeetingStatus.HELD,
    )

    first = list_meetings(session, ALL, search="robot", page=1, page_size=5)
    assert first.total == 12 and first.pages == 3 and len(first.rows) == 5
    assert list(first.rows["title"][:2]) == ["Robot talk 12", "Robot talk 11"]
    last = list_meetings(session, ALL, search="robot", page=3, page_size=5)
    assert list(last.rows["title"]) == ["Robot talk 02", "Robot talk 01"]
    beyond = list_meetings(session, ALL, search="robot", page=99, page_size=5)
    assert beyond.page == 3

    public = Filters(clearance=Confidentiality.PUBLIC)
    assert list_meetings(session, public, search="robot").total == 11
    assert list_meetings(session, ALL, kinds=("visit",)).total == 6
    assert (
        list_meetings(session, Filters(clearance=Confidentiality.SECRET, organisation_ids=(other.id,))).total
        == 1
    )
    assert (
        list_meetings(session, Filters(clearance=Confidentiality.SECRET, person_ids=(person.id,))).total == 12
    )
    period = Filters(clearance=Confidentiality.SECRET, start=dt.date(2024, 1, 3), end=dt.date(2024, 1, 5))
    assert list_meetings(session, period).total == 3
    assert list_meetings(session, ALL, statuses=("planned",)).total == 0


def test_all_meetings_is_the_whole_list_unpaged(session, monkeypatch):
    """The export of the meeting list: every page of ``list_meetings`` in one frame, in the same order,
    with names looked up a chunk of meetings at a time."""
    _twelve_robot_talks(session)
    monkeypatch.setattr(meeting_queries, "EXPORT_CHUNK", 5)  # three chunks
    pages = [list_meetings(session, ALL, search="robot", page=n, page_size=5).rows for n in (1, 2, 3)]
    everything = all_meetings(session, ALL, search="robot")
    assert len(everything) == 12
    assert everything.to_dict("records") == [row for page in pages for row in page.to_dict("records")]
    assert set(everything["organisations"]) == {"Acme Robotics"} and set(everything["people"]) == {"Li Wei"}
    assert list(all_meetings(session, ALL, kinds=("visit",), oldest_first=True)["title"][:2]) == [
        "Robot talk 01",
        "Robot talk 03",
    ]
    assert all_meetings(session, ALL, search="nothing like this").empty


def test_reference_filters_by_event_topic_area(session):
    meeting = load_reference(session)
    record = meeting_record(session, ALL, meeting.id)
    event_id = record["meeting"]["event_id"]
    assert list_meetings(session, Filters(clearance=Confidentiality.SECRET, event_ids=(event_id,))).total == 1
    areas = area_choices(session)
    smart_city = int(areas.loc[areas["name"] == "Smart city", "id"].iloc[0])
    by_area = Filters(clearance=Confidentiality.SECRET, area_ids=(smart_city,))
    assert list_meetings(session, by_area).total == 1
    assert (
        list_meetings(
            session, Filters(clearance=Confidentiality.SECRET, organisation_kinds=("university",))
        ).total
        == 0
    )


def test_record_holds_everything_about_the_meeting(session, editor):
    meeting = load_reference(session)
    record = meeting_record(session, ALL, meeting.id)
    assert record["meeting"]["title"].startswith("Yu Weiguo and Tang Dengjie")
    participants = record["participants"]
    assert len(participants) == 7
    ma = participants[participants["name"] == "Ma Huateng"].iloc[0]
    assert (ma["title"], ma["organisation"], ma["role"], ma["side"]) == (
        "Chairman and CEO of Tencent",
        "Tencent (腾讯)",  # organisations named in the reader's language first (display_name)
        "guest",
        "enterprise",
    )
    assert len(record["organisations"]) == 5 and len(record["topics"]) == 8
    assert record["agreements"].iloc[0]["parties"] == (
        "Fujian Provincial People's Government (福建省人民政府); SenseTime (商汤科技)")
    assert len(record["pledges"]) == 14
    assert list(record["history"]["action"]) == ["create"]
    assert record["extra_organisation_ids"] == []
    public = meeting_record(session, Filters(clearance=Confidentiality.PUBLIC), meeting.id)
    # The reference meeting is public: a public reader sees all of it, nothing held back.
    assert (public["meeting"]["id"], len(public["participants"]), len(public["organisations"]),
            len(public["pledges"]), len(public["agreements"])) == (meeting.id, 7, 5, 14, 1)
    assert meeting_record(session, ALL, 999_999) is None


def test_people_search_any_name_alias_script_or_pinyin(session):
    load_reference(session)
    for query in ["Ma Huateng", "ma hua", "Pony", "马化腾", "化腾", "mahuateng", "Huateng Ma"]:
        found = search_people(session, query, clearance=Confidentiality.SECRET, on=dt.date(2019, 5, 7))
        assert not found.empty and found.iloc[0]["name"] == "Ma Huateng", query
        assert found.iloc[0]["title"] == "Chairman and CEO of Tencent"
        assert found.iloc[0]["organisation"] == "Tencent"
    assert search_people(session, "x", clearance=Confidentiality.SECRET).empty
    assert search_people(session, "Nobody Atall", clearance=Confidentiality.SECRET).empty


def test_sqlite_search_index_survives_migrations_and_follows_edits(session, editor):
    """The trigram index and its triggers exist after every migration (a table-rebuilding migration of
    ``meeting`` would drop the triggers: this test names that), and updates and deletes reach it."""
    from tracker.db import is_sqlite
    from tracker.search_index import has_search_index
    from tracker.services.meetings import delete_meeting, update_meeting

    if not is_sqlite(session):
        pytest.skip("the trigram index is SQLite's; PostgreSQL searches search_text directly")
    assert has_search_index(session)
    meeting = load_reference(session)
    update_meeting(
        session=session,
        actor=editor,
        meeting_id=meeting.id,
        data={"version": meeting.version, "title": "Harbour talks at Mawei"},
    )
    assert list_meetings(session, ALL, search="mawei").total == 1
    assert list_meetings(session, ALL, search="zero-distance").total == 1  # summary still indexed
    assert list_meetings(session, ALL, search="West Lake").total == 1
    delete_meeting(session=session, actor=editor, meeting_id=meeting.id)
    assert list_meetings(session, ALL, search="mawei").total == 0
