"""Filters ⇄ URL query parameters, named periods, and the previous period at month/year edges."""

import datetime as dt

from tracker.models import Confidentiality
from tracker.queries.filters import (
    Filters,
    default_filters,
    filters_from_params,
    filters_to_params,
    period_bounds,
)

TODAY = dt.date(2025, 3, 31)


def test_round_trip_keeps_every_filter_but_not_clearance():
    filters = Filters(
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 2, 29),
        organisation_kinds=("private_enterprise",),
        sectors=("AI", "Finance"),
        regions=("Fujian",),
        area_ids=(3, 7),
        person_ids=(2,),
        event_ids=(5,),
        organisation_ids=(11, 12),
        clearance=Confidentiality.SECRET,
    )
    params = filters_to_params(filters)
    assert params["from"] == ["2024-02-01"] and params["sector"] == ["AI", "Finance"]
    assert "clearance" not in params
    back = filters_from_params(params, clearance=Confidentiality.SECRET, today=TODAY)
    assert back == filters
    assert (
        filters_from_params(params, clearance=Confidentiality.PUBLIC, today=TODAY).clearance
        is Confidentiality.PUBLIC
    )


def test_named_period_resolves_against_today():
    back = filters_from_params({"period": "12m"}, clearance=Confidentiality.PUBLIC, today=TODAY)
    assert (back.start, back.end, back.period) == (dt.date(2024, 4, 1), TODAY, "12m")
    assert filters_to_params(back) == {"period": ["12m"]}
    assert default_filters(Confidentiality.PUBLIC, TODAY) == back
    assert period_bounds("ytd", TODAY) == (dt.date(2025, 1, 1), TODAY)
    assert period_bounds("last_year", TODAY) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period_bounds("all", TODAY) == (None, None)
    # 12 months back from 29 February lands on 28 February, the day after is 1 March
    assert period_bounds("12m", dt.date(2024, 2, 29)) == (dt.date(2023, 3, 1), dt.date(2024, 2, 29))


def test_bad_values_are_ignored_not_errors():
    back = filters_from_params(
        {"from": "yesterday", "official": ["x", "4"], "kind": ["robot", "university"], "period": "decade"},
        clearance=Confidentiality.PUBLIC,
        today=TODAY,
    )
    assert back.person_ids == (4,) and back.organisation_kinds == ("university",)
    assert back.period == "12m"  # nothing usable about the period: the default
    swapped = filters_from_params(
        {"from": "2024-05-01", "to": "2024-01-01"}, clearance=Confidentiality.PUBLIC
    )
    assert (swapped.start, swapped.end) == (dt.date(2024, 1, 1), dt.date(2024, 5, 1))
    open_ended = filters_from_params({"from": "2024-05-01"}, clearance=Confidentiality.PUBLIC, today=TODAY)
    assert (open_ended.start, open_ended.end, open_ended.period) == (dt.date(2024, 5, 1), None, "custom")


def test_previous_period_at_month_and_year_edges():
    march = Filters(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31))
    assert (march.previous_period().start, march.previous_period().end) == (
        dt.date(2024, 1, 30),
        dt.date(2024, 2, 29),
    )
    leap_year = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert (leap_year.previous_period().start, leap_year.previous_period().end) == (
        dt.date(2022, 12, 31),
        dt.date(2023, 12, 31),
    )
    january = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    assert (january.previous_period().start, january.previous_period().end) == (
        dt.date(2024, 12, 1),
        dt.date(2024, 12, 31),
    )
