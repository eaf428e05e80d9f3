"""The lean query path in ``tracker/queries/frames.py``: statements prepared once per shape of the
filters and run on the driver connection (``prepared_frame``), and DataFrames built from the
driver's rows with known dtypes (``rows_frame``, behind ``frame`` too). Runs on SQLite and,
when configured, PostgreSQL, over the hand-built history of ``tests/dashboard_data.py``."""

from __future__ import annotations

import datetime as dt
import enum
import math

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from tests.dashboard_data import build_dataset
from tracker.models import Confidentiality, Meeting, Pledge
from tracker.queries import drilldown, filter_sql, follow_through, overview
from tracker.queries import frames as qr
from tracker.queries.drilldown import Drill
from tracker.queries.filters import Filters

TODAY = dt.date(2025, 6, 30)
SECRET = Confidentiality.SECRET
TIMELINE = ["agreement_id", "signed_on", "title", "kind", "status", "meeting_id"]


@pytest.fixture
def data(session):
    return build_dataset(session)


def _pledges_statement(filters: Filters, _dialect, limit: int):
    """A small builder exercising the kinds of column: ints, a nullable int, dates, enums, text."""
    return (
        sa.select(
            Pledge.id, Pledge.meeting_id, Pledge.made_on, Pledge.status, Pledge.text, Pledge.target_date
        )
        .where(*filter_sql.on_pledge(filters))
        .order_by(Pledge.id)
        .limit(limit)
    )


def through_sqlalchemy(session, statement) -> list[tuple]:
    """The reference: the statement with real values, run the ordinary way, enums as values."""
    return [
        tuple(v.value if isinstance(v, enum.Enum) else v for v in row)
        for row in session.connection().execute(statement)
    ]


def frame_rows(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if not isinstance(v, str) and pd.isna(v) else v for v in row)
        for row in frame.itertuples(index=False)
    ]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(clearance=SECRET),
        Filters(clearance=Confidentiality.INTERNAL),
        Filters(start=dt.date(2024, 1, 1), clearance=SECRET),
        Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), clearance=SECRET),
        Filters(end=dt.date(2024, 1, 15), clearance=SECRET),
        Filters(sectors=("AI",), clearance=SECRET),
        Filters(sectors=("AI", "Health"), regions=("Fujian",), clearance=SECRET),
        Filters(organisation_kinds=("private_enterprise", "state_owned_enterprise"), clearance=SECRET),
        Filters(person_ids=(1, 2), event_ids=(1,), clearance=SECRET),
    ],
    ids=lambda f: f.describe() + f" / {f.clearance.name}",
)
def test_every_shape_answers_as_the_statement_run_through_sqlalchemy(session, data, filters):
    dialect = session.get_bind().dialect
    for build, args, columns in (
        (_pledges_statement, (50,), ["id", "meeting_id", "made_on", "status", "text", "due"]),
        (overview._agreements_timeline_statement, (300,), TIMELINE),
        (drilldown._meetings_behind_statement, (Drill(), 200, None), drilldown.MEETING_COLUMNS),
        (follow_through._pledges_by_area_status_statement, (), ["a", "b", "c", "d", "e"]),
    ):
        expected = through_sqlalchemy(session, build(filters, dialect, *args))
        assert frame_rows(qr.prepared_frame(build, session, filters, *args, columns=columns)) == expected


def test_one_shape_is_prepared_once_and_reused_with_other_values(session, data):
    qr.prepare.cache_clear()
    january = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), clearance=SECRET)
    spring = Filters(start=dt.date(2024, 2, 1), end=dt.date(2024, 5, 31), clearance=SECRET)
    alpha, beta = (Filters(organisation_ids=(data[k],), clearance=SECRET) for k in ("A", "B"))

    titles = {
        name: list(drilldown.meetings_behind(session, f, today=TODAY)["title"])
        for name, f in (("january", january), ("spring", spring), ("alpha", alpha), ("beta", beta))
    }

    assert titles["january"] == ["Meeting M3", "Meeting M2"]
    assert titles["spring"] == ["Meeting M5", "Meeting M4"]
    assert titles["alpha"] == ["Meeting M5", "Meeting M2", "Meeting M1"]
    assert titles["beta"] == ["Meeting M4", "Meeting M2", "Meeting M6"]
    info = qr.prepare.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # one statement per shape: a period, one organisation


def test_the_cache_key_keeps_shapes_and_clearances_apart(session, data):
    def funnel(filters):
        table = follow_through.pledge_funnel(session, filters, TODAY)
        return dict(zip(table["stage"], table["pledges"], strict=True))

    assert funnel(Filters(clearance=SECRET))["pledged"] == 3
    assert funnel(Filters(clearance=Confidentiality.INTERNAL))["pledged"] == 2  # Beta's came from M4
    assert funnel(Filters(area_ids=(data["ai"],), clearance=SECRET))["pledged"] == 2
    assert funnel(Filters(area_ids=(data["ai"], data["health"]), clearance=SECRET))["pledged"] == 3
    assert funnel(Filters(start=dt.date(2025, 1, 1), clearance=SECRET))["pledged"] == 0


def test_the_columns_keep_the_types_the_pages_read(session, data):
    timeline = overview.agreements_timeline(session, Filters(clearance=SECRET))
    assert list(timeline.columns) == TIMELINE
    assert timeline["agreement_id"].dtype == np.int64 and timeline["meeting_id"].dtype == np.int64
    row = timeline.iloc[0]
    assert type(row["signed_on"]) is dt.date
    assert type(row["kind"]) is str and type(row["status"]) is str  # plain values, not enum members
    assert row["status"] == "signed"

    pledges = qr.prepared_frame(
        _pledges_statement,
        session,
        Filters(clearance=SECRET),
        50,
        columns=["id", "m", "on", "status", "text", "due"],
    )
    assert pledges["id"].dtype == np.int64
    assert {type(v) for v in pledges["on"]} == {dt.date}
    assert set(pledges["status"]) <= {"pledged", "in_progress", "delivered", "stalled", "withdrawn"}

    behind = drilldown.meetings_behind(session, Filters(clearance=SECRET), today=TODAY)
    assert (behind["place"] == "").sum() + behind["place"].map(bool).sum() == len(behind)  # no NaN


def test_missing_values_read_as_pandas_inferred_them(session, data):
    """A nullable int column turns float with NaN, missing text NaN, a missing date None:
    what ``pd.DataFrame(rows)`` gave."""
    rows = [(1, None, None, None), (2, 5, "text", "2024-01-02")]
    readers = [(None, "int"), (None, "int"), (None, "text"), (dt.date.fromisoformat, "object")]
    frame = qr.rows_frame(rows, ["a", "b", "c", "d"], readers)
    assert frame["a"].dtype == np.int64 and frame["b"].dtype == np.float64
    assert math.isnan(frame["b"][0]) and frame["b"][1] == 5
    assert math.isnan(frame["c"][0]) and frame["c"][1] == "text"
    assert frame["d"][0] is None and frame["d"][1] == dt.date(2024, 1, 2)
    # All missing: None, as pandas leaves such a column (a profile card tests the local name's truth).
    one = qr.rows_frame([(1, None, None, None)], ["a", "b", "c", "d"], readers).iloc[0]
    assert one["b"] is None and one["c"] is None and one["d"] is None


def test_empty_results_keep_their_columns(session, data):
    nothing = Filters(start=dt.date(2030, 1, 1), clearance=SECRET)
    timeline = overview.agreements_timeline(session, nothing)
    assert timeline.empty and list(timeline.columns) == TIMELINE
    behind = drilldown.meetings_behind(session, nothing, today=TODAY)
    assert behind.empty and list(behind.columns) == drilldown.MEETING_COLUMNS
    areas = overview.pledges_by_area_status(session, nothing)
    assert areas.empty and list(areas.columns) == ["area_id", "area", "top_area", "status", "pledges"]
    assert list(overview.pledge_funnel(session, nothing, today=TODAY)["pledges"]) == [0, 0, 0, 0, 0]


def test_frame_reads_any_statement_like_sqlalchemy_does(session, data):
    statement = sa.select(
        Meeting.id, Meeting.date, Meeting.title, Meeting.status, Meeting.confidentiality, Meeting.place
    ).order_by(Meeting.id)
    result = qr.frame(session, statement, ["id", "date", "title", "status", "confidentiality", "place"])
    assert frame_rows(result) == through_sqlalchemy(session, statement)
    assert result["confidentiality"].dtype == np.int64
    assert {type(v) for v in result["status"]} == {str}
    empty = qr.frame(session, statement.where(Meeting.id < 0), ["id", "date", "title", "s", "c", "p"])
    assert empty.empty and list(empty.columns) == ["id", "date", "title", "s", "c", "p"]


def test_column_names_must_match_the_selected_columns(session, data):
    with pytest.raises(ValueError, match="2 column names for 6 selected columns"):
        qr.prepared_frame(
            overview._agreements_timeline_statement,
            session,
            Filters(clearance=SECRET),
            300,
            columns=["a", "b"],
        )
