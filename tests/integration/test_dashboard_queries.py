"""Dashboard queries against the hand-built history in ``tests/dashboard_data.py``.

Every expected number below was counted by hand from that file's docstring-sized dataset:
M6 2023-06-15 (g2, Beta), M1 2023-12-31 (g1, Alpha), M2 2024-01-01 (g1, Alpha, Beta; agreement;
Alpha's AI pledge, delivered 2024-05-01), M3 2024-01-31 (g2, Gamma; Gamma's health pledge due
2024-03-01, still pledged), M4 2024-02-15 confidential (g1, Beta; Beta's AI pledge in progress,
due 2025-12-31), M5 2024-03-10 at the Summit (g1, g2, Alpha), M7 2024-02-01 planned (g1, Alpha).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.dashboard_data import build_dataset
from tests.factories import make_organisation
from tracker.models import Confidentiality
from tracker.queries import drilldown, overview, profiles, relationships
from tracker.queries.drilldown import Drill
from tracker.queries.filters import Filters

TODAY = dt.date(2025, 6, 30)
SECRET = Confidentiality.SECRET
INTERNAL = Confidentiality.INTERNAL


@pytest.fixture
def data(session):
    return build_dataset(session)


def kpi_table(session, filters):
    frame = overview.kpis(session, filters, today=TODAY)
    return {row.key: (row.value, row.previous) for row in frame.itertuples()}


def test_kpis_for_a_year_against_the_year_before(session, data):
    year = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), clearance=SECRET)
    # 2024 has 366 days, so the previous period is 2022-12-31 .. 2023-12-31 (M6, M1).
    assert kpi_table(session, year) == {
        "meetings_held": (4, 2),  # M2 M3 M4 M5 | M6 M1 (M7 only planned)
        "enterprises_engaged": (3, 2),  # Alpha Beta Gamma | Beta Alpha
        "new_enterprises": (1, 2),  # Gamma first met 2024-01-31 | Beta, Alpha
        "agreements_signed": (1, 0),
        "pledges_made": (3, 0),
        "due_pledges_delivered": (0.5, None),  # due in 2024: Alpha's (delivered), Gamma's (not)
    }


def test_kpis_respect_clearance(session, data):
    year = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), clearance=INTERNAL)
    table = kpi_table(session, year)
    assert table["meetings_held"] == (3, 2)  # M4 is confidential
    assert table["pledges_made"] == (2, 0)  # Beta's pledge came from M4
    assert table["enterprises_engaged"] == (3, 2)  # Beta still met at M2


def test_kpis_compare_across_month_and_year_edges(session, data):
    january = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), clearance=SECRET)
    table = kpi_table(session, january)  # previous: 2023-12-01 .. 2023-12-31
    assert table["meetings_held"] == (2, 1)  # M2 M3 | M1
    assert table["enterprises_engaged"] == (3, 1)
    assert table["new_enterprises"] == (1, 1)  # Gamma | Alpha
    new_year_day = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 1), clearance=SECRET)
    assert kpi_table(session, new_year_day)["meetings_held"] == (1, 1)  # M2 | M1 on 31 December


def test_all_time_kpis_have_no_previous_period(session, data):
    make_organisation(session, name="Delta Never Met")  # an enterprise no meeting involves
    table = kpi_table(session, Filters(clearance=SECRET))
    assert table["meetings_held"] == (6, None)
    assert table["enterprises_engaged"] == (3, None)  # Alpha Beta Gamma, not Delta
    assert table["new_enterprises"] == (3, None)  # over all time every engaged one is new
    assert table["due_pledges_delivered"] == (0.5, None)
    internal = kpi_table(session, Filters(clearance=INTERNAL))
    assert internal["enterprises_engaged"] == internal["new_enterprises"] == (3, None)  # Beta at M2 too


def test_kpis_for_open_ended_and_narrowed_periods(session, data):
    """Every shape the KPI statements are prepared for: a period open at one end (no previous
    period), and a year narrowed by sector or official (the previous year counted alike)."""
    since_2024 = kpi_table(session, Filters(start=dt.date(2024, 1, 1), clearance=SECRET))
    assert since_2024["meetings_held"] == (4, None)  # M2 M3 M4 M5
    # Met since: Alpha, Beta, Gamma; first met since: Gamma only (Alpha in December, Beta in June).
    assert since_2024["enterprises_engaged"] == (3, None)
    assert since_2024["new_enterprises"] == (1, None)
    assert since_2024["agreements_signed"] == (1, None)
    assert since_2024["pledges_made"] == (3, None)
    # Due: Alpha's (delivered) and Gamma's (not); Beta's target date has not passed.
    assert since_2024["due_pledges_delivered"] == (0.5, None)
    until_2023 = kpi_table(session, Filters(end=dt.date(2023, 12, 31), clearance=SECRET))
    assert until_2023["meetings_held"] == (2, None)  # M6 M1
    assert until_2023["enterprises_engaged"] == until_2023["new_enterprises"] == (2, None)
    assert until_2023["agreements_signed"] == until_2023["pledges_made"] == (0, None)
    assert until_2023["due_pledges_delivered"] == (None, None)
    year = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31), "clearance": SECRET}
    ai = kpi_table(session, Filters(sectors=("AI",), **year))
    assert ai["meetings_held"] == (3, 1)  # M2 M3 M5 | M1 (Beta's M6 and M4 are Finance)
    assert ai["enterprises_engaged"] == (2, 1)  # Alpha Gamma | Alpha
    assert ai["agreements_signed"] == (1, 0)  # Alpha is a party
    assert ai["pledges_made"] == (2, 0)  # Alpha's, Gamma's
    assert ai["due_pledges_delivered"] == (0.5, None)
    gov_two = kpi_table(session, Filters(person_ids=(data["g2"],), **year))
    assert gov_two["meetings_held"] == (2, 1)  # M3 M5 | M6
    assert gov_two["agreements_signed"] == (0, 0)  # signed at M2, without Gov Two
    assert gov_two["pledges_made"] == (1, 0)  # Gamma's, at M3
    assert gov_two["due_pledges_delivered"] == (0.0, None)


def test_filters_combine(session, data):
    ai_with_gov_two = Filters(
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        clearance=SECRET,
        sectors=("AI",),
        person_ids=(data["g2"],),
    )
    table = kpi_table(session, ai_with_gov_two)
    assert table["meetings_held"][0] == 2  # M3 (Gamma), M5 (Alpha)
    assert table["enterprises_engaged"][0] == 2
    at_summit = Filters(
        clearance=SECRET, sectors=("AI",), person_ids=(data["g2"],), event_ids=(data["summit"],)
    )
    assert kpi_table(session, at_summit)["meetings_held"][0] == 1  # M5
    beijing = Filters(clearance=SECRET, regions=("Beijing",))
    assert kpi_table(session, beijing)["meetings_held"][0] == 3  # M2 M4 M6
    health = Filters(clearance=SECRET, area_ids=(data["health"],))
    assert kpi_table(session, health)["meetings_held"][0] == 1  # M3
    assert kpi_table(session, health)["pledges_made"][0] == 1


def rows(frame, *columns):
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


def test_meetings_per_month_by_sector_kind_and_area(session, data):
    everything = Filters(clearance=SECRET)
    assert rows(
        overview.meetings_per_month(session, everything, "sector"), "month", "segment", "meetings"
    ) == [
        ("2023-06", "Finance", 1),
        ("2023-12", "AI", 1),
        ("2024-01", "AI", 1),  # M3 (Gamma)
        ("2024-01", "Several sectors", 1),  # M2 met Alpha (AI) and Beta (Finance): counted once
        ("2024-02", "Finance", 1),
        ("2024-03", "AI", 1),
    ]
    by_kind = overview.meetings_per_month(session, everything, "kind")
    assert sorted(rows(by_kind[by_kind.month == "2024-01"], "segment", "meetings")) == [
        ("Several kinds", 1),
        ("foreign_enterprise", 1),
    ]
    assert rows(overview.meetings_per_month(session, everything, "area"), "month", "segment", "meetings") == [
        ("2023-06", "No pledge made", 1),
        ("2023-12", "No pledge made", 1),
        ("2024-01", "Digital economy", 1),
        ("2024-01", "Health", 1),
        ("2024-02", "Digital economy", 1),
        ("2024-03", "No pledge made", 1),
    ]
    viewer = overview.meetings_per_month(session, Filters(clearance=INTERNAL), "sector")
    assert "2024-02" not in set(viewer.month)  # only M4 in February, confidential


def test_top_enterprises_and_officials(session, data):
    top = overview.top_enterprises(session, Filters(clearance=SECRET))
    assert rows(top, "name", "meetings") == [("Alpha Tech", 3), ("Beta Bank", 3), ("Gamma Cloud", 1)]
    assert str(top.iloc[0]["last_met"])[:10] == "2024-03-10"
    assert rows(overview.top_enterprises(session, Filters(clearance=INTERNAL)), "name", "meetings") == [
        ("Alpha Tech", 3),
        ("Beta Bank", 2),
        ("Gamma Cloud", 1),
    ]
    assert rows(
        overview.top_enterprises(session, Filters(clearance=SECRET, sectors=("AI",))), "name", "meetings"
    ) == [("Alpha Tech", 3), ("Gamma Cloud", 1)]
    assert rows(overview.top_officials(session, Filters(clearance=SECRET)), "name", "meetings") == [
        ("Gov One", 4),
        ("Gov Two", 3),
    ]


def test_pledges_agreements_and_follow_through(session, data):
    everything = Filters(clearance=SECRET)
    assert sorted(
        rows(overview.pledges_by_area_status(session, everything), "area", "top_area", "status", "pledges")
    ) == [
        ("AI R&D", "Digital economy", "delivered", 1),
        ("AI R&D", "Digital economy", "in_progress", 1),
        ("Health", "Health", "pledged", 1),
    ]
    funnel = overview.pledge_funnel(session, everything, today=TODAY)
    # silent: Gamma's (made 2024-01-31) and Beta's (2024-02-15), no update since 2025-01-01
    assert rows(funnel, "stage", "pledges") == [
        ("pledged", 3),
        ("in_progress", 2),
        ("delivered", 1),
        ("stalled", 0),
        ("silent", 2),
    ]
    assert rows(
        overview.pledge_funnel(session, Filters(clearance=INTERNAL), today=TODAY), "stage", "pledges"
    )[4] == ("silent", 1)
    timeline = overview.agreements_timeline(session, everything)
    assert rows(timeline, "title", "meeting_id") == [("Alpha AI agreement", data["M2"])]
    assert overview.agreements_timeline(session, Filters(start=dt.date(2024, 2, 1), clearance=SECRET)).empty


def test_drill_down_lists_the_meetings_behind_a_selection(session, data):
    everything = Filters(clearance=SECRET)

    def titles(drill, filters=everything):
        return list(drilldown.meetings_behind(session, filters, drill, today=TODAY)["title"])

    assert titles(Drill(months=("2024-01",), sectors=("AI",))) == ["Meeting M3", "Meeting M2"]
    assert titles(Drill(organisation_ids=(data["B"],))) == ["Meeting M4", "Meeting M2", "Meeting M6"]
    assert titles(Drill(organisation_ids=(data["B"],)), Filters(clearance=INTERNAL)) == [
        "Meeting M2",
        "Meeting M6",
    ]
    assert titles(Drill(pledge_stage="silent")) == ["Meeting M4", "Meeting M3"]
    assert titles(Drill(pledge_area_ids=(data["ai"],), pledge_statuses=("delivered",))) == ["Meeting M2"]
    assert titles(Drill(top_areas=("No pledge made",))) == ["Meeting M5", "Meeting M1", "Meeting M6"]
    assert titles(Drill(person_ids=(data["g2"],), months=("2024-03",))) == ["Meeting M5"]
    assert titles(Drill(agreement_ids=(1,))) == ["Meeting M2"]
    assert drilldown.count_meetings_behind(session, everything, Drill(), today=TODAY) == 6
    first = drilldown.meetings_behind(session, everything, Drill(months=("2024-03",)), today=TODAY)
    assert set(first.iloc[0]["organisations"].split(", ")) == {"Provincial Government", "Alpha Tech"}


def test_relationships_put_neglected_enterprises_first(session, data):
    table = relationships.relationships(session, Filters(clearance=SECRET), today=TODAY)
    assert rows(
        table,
        "name",
        "health",
        "days_since",
        "meetings_12m",
        "meetings_prev_12m",
        "open_pledges",
        "overdue_pledges",
    ) == [
        ("Beta Bank", "neglected", 501, 0, 2, 1, 0),  # M2 M4 in the year before; M6 too early
        ("Gamma Cloud", "neglected", 516, 0, 1, 1, 1),
        ("Alpha Tech", "cooling", 477, 0, 3, 0, 0),
    ]
    alpha = table[table.name == "Alpha Tech"].iloc[0]
    assert alpha.delivery_ratio == 1.0 and alpha.due_pledges == 1
    assert table.iloc[0].reason == "1 open pledge but last met 501 days ago"
    viewer = relationships.relationships(session, Filters(clearance=INTERNAL), today=TODAY)
    beta = viewer[viewer.name == "Beta Bank"].iloc[0]
    assert (beta.open_pledges, beta.meetings_prev_12m, beta.health) == (0, 1, "dormant")


def test_network_of_officials_and_enterprises(session, data):
    edges = relationships.network(session, Filters(clearance=SECRET))
    assert rows(edges, "official", "enterprise", "meetings") == [
        ("Gov One", "Alpha Tech", 3),
        ("Gov One", "Beta Bank", 2),
        ("Gov Two", "Alpha Tech", 1),
        ("Gov Two", "Beta Bank", 1),
        ("Gov Two", "Gamma Cloud", 1),
    ]
    assert len(relationships.network(session, Filters(clearance=SECRET), max_edges=2)) == 2


def test_enterprise_profile(session, data):
    everyone = Filters(clearance=SECRET)
    card = profiles.organisation_card(session, everyone, data["A"]).iloc[0]
    assert (str(card.first_met)[:10], str(card.last_met)[:10], card.meetings) == (
        "2023-12-31",
        "2024-03-10",
        3,
    )
    assert list(profiles.timeline(session, everyone, "organisation", data["A"])["title"]) == [
        "Meeting M5",
        "Meeting M7",
        "Meeting M2",
        "Meeting M1",
    ]
    people = profiles.people_met(session, everyone, "organisation", data["A"])
    assert sorted(rows(people, "name", "title", "meetings")) == [
        ("Alice Alpha", "CEO", 3),
        ("Bob Beta", "Chairman", 1),
        ("Gov One", "Governor", 2),
        ("Gov One", "Vice Governor", 1),
        ("Gov Two", "Director", 1),
    ]
    agreements = profiles.agreements(session, everyone, "organisation", data["A"])
    assert set(agreements.iloc[0].parties.split(", ")) == {"Alpha Tech", "Provincial Government"}
    pledges = profiles.pledges(session, everyone, "organisation", data["A"])
    assert rows(pledges, "area", "status", "updates", "latest_note") == [
        ("AI R&D", "delivered", 1, "Lab opened")
    ]
    assert (
        rows(profiles.pledge_updates(session, everyone, "organisation", data["A"]), "on", "note")[0][1]
        == "Lab opened"
    )
    assert rows(
        profiles.topics_over_time(session, everyone, "organisation", data["A"]), "year", "topic", "meetings"
    ) == [("2023", "AI", 1), ("2024", "AI", 1), ("2024", "Data security", 1), ("2024", "Finance", 1)]
    assert profiles.organisation_card(session, Filters(clearance=INTERNAL), data["B"]).iloc[0].meetings == 2
    assert profiles.organisation_card(session, everyone, 9999).empty


def test_official_profile(session, data):
    everyone = Filters(clearance=SECRET)
    card = profiles.person_card(session, everyone, data["g1"]).iloc[0]
    assert (card.title, card.organisation, card.meetings) == ("Governor", "Provincial Government", 4)
    assert sorted(rows(profiles.organisations_met(session, everyone, data["g1"]), "name", "meetings")) == [
        ("Alpha Tech", 3),
        ("Beta Bank", 2),
        ("Provincial Government", 4),
    ]
    assert len(profiles.timeline(session, everyone, "person", data["g1"])) == 5  # M7 planned too
    assert len(profiles.timeline(session, Filters(clearance=INTERNAL), "person", data["g1"])) == 4
    assert sorted(rows(profiles.pledges(session, everyone, "person", data["g1"]), "organisation")) == [
        ("Alpha Tech",),
        ("Beta Bank",),
    ]
    assert len(profiles.agreements(session, everyone, "person", data["g1"])) == 1
    people = profiles.people_met(session, everyone, "person", data["g2"])
    assert sorted(rows(people, "name", "side", "meetings")) == [
        ("Alice Alpha", "enterprise", 1),
        ("Bob Beta", "enterprise", 1),
        ("Carl Gamma", "enterprise", 1),
        ("Gov One", "government", 1),
    ]


def test_find_profiles_by_part_of_a_name(session, data):
    everyone = Filters(clearance=SECRET)
    assert rows(profiles.find_organisations(session, everyone, "ALPHA"), "name", "meetings") == [
        ("Alpha Tech", 3)
    ]
    assert rows(
        profiles.find_organisations(session, Filters(clearance=INTERNAL), "bank"), "name", "meetings"
    ) == [("Beta Bank", 2)]
    assert rows(profiles.find_people(session, everyone, "gov"), "name", "meetings") == [
        ("Gov One", 4),
        ("Gov Two", 3),
    ]
    assert profiles.find_people(session, everyone, "nobody").empty
