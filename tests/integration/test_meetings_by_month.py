"""``meetings_by_month``, the summary behind "meetings per month": the services keep it equal to
a recount from ``meeting_organisation`` through every kind of write, and ``meetings_per_month``
answers from it exactly what it counts without it, for any period (whole and partial months)
and clearance. The last numbers of the write sequence are counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command

from tests.dashboard_data import build_dataset, recounted_summary, summary_rows
from tracker.migrate import alembic_config, upgrade
from tracker.models import (
    Confidentiality,
    Meeting,
    MeetingCreate,
    MeetingStatus,
    MeetingUpdate,
    OrganisationUpdate,
    ParticipantIn,
    PledgeCreate,
    Side,
)
from tracker.queries import overview
from tracker.queries.filters import Filters
from tracker.queries.frames import frame
from tracker.services import meetings, organisations, pledges
from tracker.services.merge import merge_organisations

SECRET, INTERNAL = Confidentiality.SECRET, Confidentiality.INTERNAL
D = dt.date
PERIODS = [
    (None, None),  # all time
    (D(2024, 1, 1), D(2024, 12, 31)),  # whole months only
    (D(2023, 12, 15), D(2024, 2, 10)),  # partial first and last month
    (D(2024, 1, 31), D(2024, 1, 31)),  # one day
    (D(2024, 2, 1), D(2024, 2, 29)),  # one whole month
    (D(2024, 1, 15), D(2024, 1, 20)),  # inside one month
    (D(2024, 1, 15), None),  # from a day on
    (None, D(2024, 2, 20)),  # up to a day
    (D(2023, 7, 1), D(2024, 6, 30)),  # twelve months
]


def counted(session, filters: Filters, by: str) -> list[tuple]:
    """The fallback path: counted over meeting_organisation, as without the summary."""
    statement = overview._monthly_statement(session, filters, by).order_by("month", "segment")
    return rows(frame(session, statement, ["month", "segment", "meetings"]))


def rows(result) -> list[tuple]:
    assert list(result.columns) == ["month", "segment", "meetings"]
    return [(m, s, int(n)) for m, s, n in result.itertuples(index=False)]


def assert_summary_agrees(session) -> None:
    session.commit()
    assert summary_rows(session.connection()) == recounted_summary(session.connection())
    for start, end in PERIODS:
        for clearance in (Confidentiality.PUBLIC, INTERNAL, SECRET):
            filters = Filters(start=start, end=end, clearance=clearance)
            assert overview.summary_answers(filters)
            for by in ("sector", "kind"):
                summarised = rows(overview.meetings_per_month(session, filters, by))
                assert summarised == counted(session, filters, by), (start, end, clearance, by)


def change_meeting(session, actor, meeting_id: int, **changes) -> None:
    session.expire_all()
    version = session.get(Meeting, meeting_id).version
    meetings.update_meeting(session=session, actor=actor, meeting_id=meeting_id,
                            data=MeetingUpdate(version=version, **changes))


@pytest.mark.slow
def test_summary_follows_every_write_and_answers_as_the_count_does(session, admin):
    data = build_dataset(session)
    assert_summary_agrees(session)

    # A new meeting in February with Gamma (AI).
    meetings.create_meeting(session=session, actor=admin, data=MeetingCreate(
        title="Meeting M8", date=D(2024, 2, 20), participants=[
            ParticipantIn(person_id=data["g2"], organisation_id=data["G"], side=Side.GOVERNMENT),
            ParticipantIn(person_id=data["c1"], organisation_id=data["C"], side=Side.ENTERPRISE)]))
    assert_summary_agrees(session)

    # M3 moves from January to March.
    change_meeting(session, admin, data["M3"], date=D(2024, 3, 5))
    assert_summary_agrees(session)

    # M2 becomes secret.
    change_meeting(session, admin, data["M2"], confidentiality=SECRET)
    assert_summary_agrees(session)

    # Beta's sector is renamed.
    organisations.update_organisation(session=session, actor=admin, organisation_id=data["B"],
                                      data=OrganisationUpdate(sector="Banking"))
    assert_summary_agrees(session)

    # Gamma (foreign, AI) is merged into Beta (state-owned, Banking): M3 and M8 now count as Banking.
    merge_organisations(session=session, actor=admin, survivor_id=data["B"], merged_id=data["C"])
    assert_summary_agrees(session)

    # The planned M7 (February, Alpha) was held after all.
    change_meeting(session, admin, data["M7"], status=MeetingStatus.HELD)
    assert_summary_agrees(session)

    # M5 is deleted.
    meetings.delete_meeting(session=session, actor=admin, meeting_id=data["M5"])
    assert_summary_agrees(session)

    # A pledge by Alpha recorded later at M6 brings Alpha into June 2023.
    pledges.create_pledge(session=session, actor=admin, data=PledgeCreate(
        meeting_id=data["M6"], organisation_id=data["A"], area_id=data["health"], text="Hospital AI"))
    assert_summary_agrees(session)

    everything = Filters(clearance=SECRET)
    # Each meeting counts once: M6 and M2 met AI and Banking enterprises alike.
    assert rows(overview.meetings_per_month(session, everything, "sector")) == [
        ("2023-06", "Several sectors", 1),  # M6 (Alpha's pledge brings AI beside Banking)
        ("2023-12", "AI", 1),  # M1
        ("2024-01", "Several sectors", 1),  # M2
        ("2024-02", "AI", 1),  # M7, now held
        ("2024-02", "Banking", 2),  # M4, M8 (Gamma's, merged into Beta)
        ("2024-03", "Banking", 1),  # M3 moved here; M5 deleted
    ]
    assert rows(overview.meetings_per_month(session, everything, "kind")) == [
        ("2023-06", "Several kinds", 1),
        ("2023-12", "private_enterprise", 1),
        ("2024-01", "Several kinds", 1),
        ("2024-02", "private_enterprise", 1),
        ("2024-02", "state_owned_enterprise", 2),
        ("2024-03", "state_owned_enterprise", 1),
    ]
    # An internal reader no longer sees M2 (secret) or M4 (confidential).
    assert rows(overview.meetings_per_month(session, Filters(clearance=INTERNAL), "sector")) == [
        ("2023-06", "Several sectors", 1),
        ("2023-12", "AI", 1),
        ("2024-02", "AI", 1),
        ("2024-02", "Banking", 1),
        ("2024-03", "Banking", 1),
    ]
    # From 10 February: a partial month counted over meeting_organisation (M4, M8; M7 is on
    # the 1st), then March from the summary.
    tail = Filters(start=D(2024, 2, 10), end=D(2024, 3, 31), clearance=SECRET)
    assert rows(overview.meetings_per_month(session, tail, "sector")) == [
        ("2024-02", "Banking", 2), ("2024-03", "Banking", 1)]


def test_narrowed_views_do_not_use_the_summary(session):
    data = build_dataset(session)
    for narrowed in (Filters(sectors=("AI",)), Filters(organisation_kinds=("private_enterprise",)),
                     Filters(regions=("Fujian",)), Filters(organisation_ids=(data["A"],)),
                     Filters(person_ids=(data["g2"],)), Filters(event_ids=(data["summit"],)),
                     Filters(area_ids=(data["health"],)), Filters(start=D(2024, 2, 1), end=D(2024, 1, 1))):
        assert not overview.summary_answers(narrowed)
    # Gov Two met Beta (M6), Gamma (M3) and Alpha (M5): only the summary-less count knows it.
    with_gov_two = Filters(clearance=SECRET, person_ids=(data["g2"],))
    assert rows(overview.meetings_per_month(session, with_gov_two, "sector")) == [
        ("2023-06", "Finance", 1), ("2024-01", "AI", 1), ("2024-03", "AI", 1)]


def test_generated_meetings_are_summarised(session):
    from seed_data.generator import generate

    build_dataset(session)
    session.commit()
    generate(session.get_bind(), meetings=200, seed=3, today=D(2025, 6, 30))
    assert_summary_agrees(session)


def test_imported_meetings_are_summarised(session, admin):
    from tests.integration.test_import_messy import UK_HEADER, csv_bytes, run

    build_dataset(session)
    data = csv_bytes([UK_HEADER,
                      ["Minister for Trade, Jane Smith", "2024-01-20", "Acme Robotics", "Robots"],
                      ["Minister for Trade, Jane Smith", "2023-06-02", "Gamma Cloud", "Cloud"]])
    assert run(session, admin, data).imported == 2
    assert_summary_agrees(session)


def test_the_migration_fills_the_summary_from_existing_meetings(session, engine):
    build_dataset(session)
    session.commit()
    expected = summary_rows(session.connection())
    assert expected
    session.close()
    cfg = alembic_config(engine)
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0004_relationships_index")
    finally:
        upgrade(engine)
    with engine.connect() as connection:
        assert summary_rows(connection) == expected == recounted_summary(connection)


@pytest.mark.parametrize("start, end, expected", [
    (D(2024, 1, 15), D(2024, 3, 10), ("2024-02", "2024-02", [(D(2024, 1, 15), D(2024, 1, 31)),
                                                             (D(2024, 3, 1), D(2024, 3, 10))])),
    (D(2024, 1, 15), D(2024, 1, 20), ("2024-02", "2023-12", [(D(2024, 1, 15), D(2024, 1, 20))])),
    (D(2024, 1, 1), D(2024, 1, 20), ("2024-01", "2023-12", [(D(2024, 1, 1), D(2024, 1, 20))])),
    (D(2023, 12, 1), D(2024, 2, 29), ("2023-12", "2024-02", [])),
    (None, D(2024, 12, 31), (None, "2024-12", [])),
    (D(2024, 12, 2), None, ("2025-01", None, [(D(2024, 12, 2), D(2024, 12, 31))])),
])
def test_whole_months_and_the_partial_ones_of_a_period(start, end, expected):
    assert overview.whole_months(start, end) == expected


@pytest.mark.parametrize("by", ["sector", "kind", "area"])
def test_each_month_stacks_to_the_meetings_held(session, admin, by):
    """Whatever the split, a month's bar is the "Meetings held" card for that month: a meeting
    with organisations of two sectors, or with none outside government, counts once."""
    data = build_dataset(session)
    meetings.create_meeting(session=session, actor=admin, data=MeetingCreate(  # government only
        title="Internal briefing", date=D(2024, 1, 20), participants=[
            ParticipantIn(person_id=data["g2"], organisation_id=data["G"], side=Side.GOVERNMENT)]))
    assert_summary_agrees(session)
    narrowed = [Filters(clearance=SECRET, sectors=("AI",)),
                Filters(clearance=SECRET, person_ids=(data["g2"],))]
    views = [Filters(start=start, end=end, clearance=level)
             for start, end in PERIODS for level in (SECRET, INTERNAL)] + narrowed
    checked = 0
    for filters in views:
        stacked = overview.meetings_per_month(session, filters, by).groupby("month")["meetings"].sum()
        for month, total in stacked.items():
            first = D.fromisoformat(f"{month}-01")
            start = max(first, filters.start or first)
            end = min(D(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1),
                      filters.end or D.max)
            kpis = overview.kpis(session, filters.with_period(start, end))
            held = kpis.set_index("key").loc["meetings_held", "value"]
            assert total == held, (filters, month)
            checked += 1
    assert checked > 20
