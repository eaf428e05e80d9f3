"""``meetings_by_organisation`` and ``meetings_by_official``, the all-time summaries behind top
enterprises, the network of officials and enterprises, and "new enterprises": the services keep
them equal to a recount from the meeting rows through every kind of write, and the queries answer
from them exactly what they count without them, at every clearance. The network and the top
enterprises are also counted by hand at two points of the write sequence."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.dashboard_data import build_dataset, organisation_summaries, recounted_organisation_summaries
from tracker.models import (
    Confidentiality,
    Meeting,
    MeetingCreate,
    MeetingStatus,
    MeetingUpdate,
    OrganisationKind,
    OrganisationUpdate,
    ParticipantIn,
    PledgeCreate,
    Side,
)
from tracker.queries import filter_sql, overview, relationships
from tracker.queries.filters import Filters
from tracker.services import meetings, organisations, pledges
from tracker.services.merge import merge_organisations, merge_people

D = dt.date
SECRET, INTERNAL = Confidentiality.SECRET, Confidentiality.INTERNAL
TODAY = D(2024, 6, 30)
CLEARANCES = (Confidentiality.PUBLIC, INTERNAL, Confidentiality.CONFIDENTIAL, SECRET)
PERIODS = [(None, None), (D(2023, 7, 1), TODAY), (D(2024, 1, 1), None), (None, D(2024, 1, 31))]


def answers(session) -> list:
    """Every figure the summaries can answer, at every clearance: over all time (the summaries),
    and over twelve months and periods open at one end (only new enterprises from the summary)."""
    figures = []
    for clearance in CLEARANCES:
        for start, end in PERIODS:
            filters = Filters(start=start, end=end, clearance=clearance)
            figures.append(relationships.network(session, filters).to_dict("records"))
            figures.append(overview.top_enterprises(session, filters).to_dict("records"))
            figures.append(overview.kpis(session, filters, today=TODAY).to_dict("records"))
    return figures


def assert_summaries_agree(session, monkeypatch) -> None:
    """Stored = recounted, and the answers with the summaries = the answers without them."""
    session.commit()
    connection = session.connection()
    assert organisation_summaries(connection) == recounted_organisation_summaries(connection)
    assert filter_sql.summary_answers(Filters(clearance=SECRET))
    summarised = answers(session)
    with monkeypatch.context() as patched:
        # (scope and relationships ask filter_sql's all_time_summary_answers)
        for module in (filter_sql, overview):
            patched.setattr(module, "summary_answers", lambda filters: False)
        assert answers(session) == summarised


def network(session, clearance) -> list[tuple]:
    edges = relationships.network(session, Filters(clearance=clearance))
    return [(row.official, row.enterprise, int(row.meetings)) for row in edges.itertuples()]


def top_enterprises(session, clearance) -> list[tuple]:
    top = overview.top_enterprises(session, Filters(clearance=clearance))
    return [(row.name, int(row.meetings)) for row in top.itertuples()]


def change_meeting(session, actor, meeting_id: int, **changes) -> None:
    session.expire_all()
    version = session.get(Meeting, meeting_id).version
    meetings.update_meeting(session=session, actor=actor, meeting_id=meeting_id,
                            data=MeetingUpdate(version=version, **changes))


@pytest.mark.slow
def test_summaries_follow_every_write_and_answer_as_the_count_does(session, admin, monkeypatch):
    data = build_dataset(session)
    assert_summaries_agree(session, monkeypatch)
    gov = {"person": data["g2"], "organisation": data["G"], "side": Side.GOVERNMENT}

    # A new meeting of Gov Two with Gamma.
    meetings.create_meeting(session=session, actor=admin, data=MeetingCreate(
        title="Meeting M8", date=D(2024, 2, 20), participants=[
            ParticipantIn(person_id=gov["person"], organisation_id=gov["organisation"], side=gov["side"]),
            ParticipantIn(person_id=data["c1"], organisation_id=data["C"], side=Side.ENTERPRISE)]))
    assert_summaries_agree(session, monkeypatch)

    # The planned M7 (Gov One, Alpha) was held after all.
    change_meeting(session, admin, data["M7"], status=MeetingStatus.HELD)
    assert_summaries_agree(session, monkeypatch)

    # M2 (Gov One with Alpha and Beta) becomes secret.
    change_meeting(session, admin, data["M2"], confidentiality=SECRET)
    assert_summaries_agree(session, monkeypatch)

    # Gov Two is struck off M5's participants.
    change_meeting(session, admin, data["M5"], participants=[
        ParticipantIn(person_id=data["g1"], organisation_id=data["G"], side=Side.GOVERNMENT),
        ParticipantIn(person_id=data["a1"], organisation_id=data["A"], side=Side.ENTERPRISE)])
    assert_summaries_agree(session, monkeypatch)

    # A pledge by Alpha recorded later at M6 (Gov Two, Beta) brings Alpha into M6.
    pledges.create_pledge(session=session, actor=admin, data=PledgeCreate(
        meeting_id=data["M6"], organisation_id=data["A"], area_id=data["health"], text="Hospital AI"))
    assert_summaries_agree(session, monkeypatch)

    # Held now: M6 (Alpha, Beta; Gov Two), M1 (Alpha; Gov One), M2 (secret: Alpha, Beta; Gov One),
    # M3 (Gamma; Gov Two), M4 (confidential: Beta; Gov One), M5 and M7 (Alpha; Gov One),
    # M8 (Gamma; Gov Two).
    assert network(session, SECRET) == [
        ("Gov One", "Alpha Tech", 4),  # M1, M2, M5, M7
        ("Gov One", "Beta Bank", 2),  # M2, M4
        ("Gov Two", "Gamma Cloud", 2),  # M3, M8
        ("Gov Two", "Alpha Tech", 1),  # M6
        ("Gov Two", "Beta Bank", 1),  # M6
    ]
    assert network(session, INTERNAL) == [
        ("Gov One", "Alpha Tech", 3),  # M1, M5, M7
        ("Gov Two", "Gamma Cloud", 2),
        ("Gov Two", "Alpha Tech", 1),
        ("Gov Two", "Beta Bank", 1),
    ]
    assert top_enterprises(session, SECRET) == [("Alpha Tech", 5), ("Beta Bank", 3), ("Gamma Cloud", 2)]
    assert top_enterprises(session, INTERNAL) == [("Alpha Tech", 4), ("Gamma Cloud", 2), ("Beta Bank", 1)]

    # Beta becomes a university: still counted, no longer an enterprise.
    organisations.update_organisation(session=session, actor=admin, organisation_id=data["B"],
                                      data=OrganisationUpdate(kind=OrganisationKind.UNIVERSITY))
    assert_summaries_agree(session, monkeypatch)

    # Gamma is merged into Alpha, and Gov Two into Gov One.
    merge_organisations(session=session, actor=admin, survivor_id=data["A"], merged_id=data["C"])
    assert_summaries_agree(session, monkeypatch)
    merge_people(session=session, actor=admin, survivor_id=data["g1"], merged_id=data["g2"])
    assert_summaries_agree(session, monkeypatch)

    # M5 is deleted.
    meetings.delete_meeting(session=session, actor=admin, meeting_id=data["M5"])
    assert_summaries_agree(session, monkeypatch)

    # Alpha now: M6, M1, M2 (secret), M3 and M8 (Gamma's), M7; Gov One was at all of them.
    assert network(session, SECRET) == [("Gov One", "Alpha Tech", 6)]
    assert network(session, INTERNAL) == [("Gov One", "Alpha Tech", 5)]
    assert top_enterprises(session, SECRET) == [("Alpha Tech", 6)]


def test_a_government_body_is_not_summarised(session, admin, monkeypatch):
    data = build_dataset(session)
    organisations.update_organisation(session=session, actor=admin, organisation_id=data["C"],
                                      data=OrganisationUpdate(kind=OrganisationKind.GOVERNMENT_BODY))
    assert_summaries_agree(session, monkeypatch)
    stored = organisation_summaries(session.connection())
    assert data["C"] not in {row[0] for row in stored["meetings_by_organisation"]}
    assert data["G"] not in {row[0] for row in stored["meetings_by_official"]}


def test_generated_meetings_are_summarised(session, monkeypatch):
    from seed_data.generator import generate

    build_dataset(session)
    session.commit()
    generate(session.get_bind(), meetings=200, seed=3, today=D(2025, 6, 30))
    assert_summaries_agree(session, monkeypatch)


def test_imported_meetings_are_summarised(session, admin, monkeypatch):
    from tests.integration.test_import_messy import UK_HEADER, csv_bytes, run

    build_dataset(session)
    data = csv_bytes([UK_HEADER,
                      ["Minister for Trade, Jane Smith", "2024-01-20", "Alpha Tech", "Robots"],
                      ["Minister for Trade, Jane Smith", "2023-06-02", "Gamma Cloud", "Cloud"]])
    assert run(session, admin, data).imported == 2
    assert_summaries_agree(session, monkeypatch)


@pytest.mark.parametrize("narrowed", [
    Filters(sectors=("AI",)), Filters(regions=("Fujian",)), Filters(person_ids=(1,)),
    Filters(event_ids=(1,)), Filters(area_ids=(1,)), Filters(organisation_kinds=("private_enterprise",)),
])
def test_narrowed_views_do_not_use_the_summaries(narrowed):
    assert not filter_sql.summary_answers(narrowed)
    assert not filter_sql.all_time_summary_answers(narrowed)


@pytest.mark.parametrize("start, end", [(D(2024, 1, 1), None), (None, D(2024, 1, 31))])
def test_a_period_open_at_one_end_is_not_all_time(start, end):
    assert not filter_sql.all_time_summary_answers(Filters(start=start, end=end))
