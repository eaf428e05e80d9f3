"""The three summaries of ``meeting_organisation``, recounted for the keys a transaction touched.

"Meetings per month" over long periods adds up ``meetings_by_month`` instead of counting distinct
meetings over every row. "Who have we met most over all time" (top enterprises, the network of
officials and enterprises, each enterprise's first meeting) reads ``meetings_by_organisation`` and
``meetings_by_official`` instead of walking every meeting of the most-met enterprises.

Each is recounted the same way, in the caller's transaction: one DELETE of the stale keys and one
INSERT … SELECT of their counts from ``meeting_organisation`` (and ``participation``). Which keys
are stale is the unit of work's to say (``tracker.read_model.unit_of_work``); the bulk paths
recount everything (``refresh_summaries``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from tracker.db import is_sqlite
from tracker.models import (
    MeetingOrganisation,
    MeetingsByMonth,
    MeetingsByOfficial,
    MeetingsByOrganisation,
    Participation,
    Side,
)
from tracker.read_model.vocabulary import (
    HELD,
    OUTSIDE_KIND_VALUES,
    month_key,
    month_of,
    next_month,
    segment_of,
)

MONTHLY_DIMENSIONS = ("sector", "kind")
ORGANISATION_COLUMNS = ["organisation_id", "confidentiality", "meetings", "first_met", "last_met"]
OFFICIAL_COLUMNS = ["organisation_id", "person_id", "confidentiality", "meetings"]
ID_CHUNK = 2000  # ids per statement, well under SQLite's limit on bound parameters


def chunks(ids: Iterable[int]) -> list[list[int]]:
    """``ids`` sorted, without repeats, in lists of at most ``ID_CHUNK``."""
    ordered = sorted(set(ids))
    return [ordered[i : i + ID_CHUNK] for i in range(0, len(ordered), ID_CHUNK)]


# --- meetings_by_month ----------------------------------------------------------------------


def monthly_counts(bind, *conditions):
    """SELECT (month, dimension, segment, confidentiality, meetings) of held meetings with
    non-government organisations, from ``meeting_organisation`` rows meeting ``conditions``."""
    mo = MeetingOrganisation
    month = month_of(bind, mo.meeting_date).label("month")
    selects = []
    for dimension in MONTHLY_DIMENSIONS:
        segment = segment_of(dimension).label("segment")
        selects.append(
            sa.select(
                month,
                sa.literal_column(f"'{dimension}'", sa.String).label("dimension"),
                segment,
                mo.confidentiality,
                sa.func.count(sa.distinct(mo.meeting_id)),
            )
            .where(mo.meeting_status == HELD, mo.organisation_kind.in_(OUTSIDE_KIND_VALUES), *conditions)
            .group_by(month, segment, mo.confidentiality)
        )
    return sa.union_all(*selects)


def refresh_months(bind: Session | sa.Connection, months: Iterable[str] | None = None) -> None:
    """Recount ``meetings_by_month`` for ``months`` ('YYYY-MM'), or for every month (None): one
    DELETE and one INSERT … SELECT per run of consecutive months (a date range the index reads
    directly)."""
    if months is not None:
        runs = _month_runs(months)
        if not runs:
            return
    one_writer_at_a_time(bind, MeetingsByMonth)
    if months is None:
        _recount(bind, None)
        return
    for dates in runs:
        _recount(bind, dates)


def one_writer_at_a_time(bind, *summaries) -> None:
    """On PostgreSQL, lock the summary tables about to be recounted until the transaction ends:
    two writers recounting the same keys would each delete what the other had not yet committed
    and insert the same keys (readers are not held up). SQLite writers are one at a time already."""
    if not is_sqlite(bind):
        for summary in summaries:
            bind.execute(sa.text(f"LOCK TABLE {summary.__tablename__} IN EXCLUSIVE MODE"))


def _month_runs(months: Iterable[str]) -> list[tuple[dt.date, dt.date]]:
    """Runs of consecutive months as (first day of the first, first day of the one after the last).
    The gaps between runs are not recounted: bridging them to save statements read more rows
    than it saved."""
    runs: list[list[dt.date]] = []
    for month in sorted(set(months)):
        day = dt.date.fromisoformat(f"{month}-01")
        if runs and runs[-1][1] == day:
            runs[-1][1] = next_month(day)
        else:
            runs.append([day, next_month(day)])
    return [(first, after) for first, after in runs]


def _recount(bind, dates: tuple[dt.date, dt.date] | None) -> None:
    """Replace the summary rows of the months in [first, after) (all months for None)."""
    table = MeetingsByMonth.__table__
    mo = MeetingOrganisation
    stale, conditions = [], []
    if dates is not None:
        first, after = dates
        stale = [table.c.month >= month_key(first), table.c.month < month_key(after)]
        conditions = [mo.meeting_date >= first, mo.meeting_date < after]
    columns = ["month", "dimension", "segment", "confidentiality", "meetings"]
    replace_rows(bind, table, stale, columns, monthly_counts(bind, *conditions))


def replace_rows(bind, table: sa.Table, stale: list, columns: list[str], counts) -> None:
    """Delete a summary's rows matching ``stale`` (all rows for none) and insert ``counts``
    (a SELECT of ``columns``) in their place: how every summary is recounted."""
    bind.execute(table.delete().where(*stale))
    bind.execute(table.insert().from_select(columns, counts))


# --- meetings_by_organisation and meetings_by_official ---------------------------------------


def organisation_counts(*conditions):
    """SELECT (organisation_id, confidentiality, meetings, first_met, last_met) of held meetings
    with non-government organisations, from ``meeting_organisation`` rows meeting ``conditions``."""
    mo = MeetingOrganisation
    return (
        sa.select(
            mo.organisation_id,
            mo.confidentiality,
            sa.func.count(),
            sa.func.min(mo.meeting_date),
            sa.func.max(mo.meeting_date),
        )
        .where(mo.meeting_status == HELD, mo.organisation_kind.in_(OUTSIDE_KIND_VALUES), *conditions)
        .group_by(mo.organisation_id, mo.confidentiality)
    )


def official_counts(*conditions):
    """SELECT (organisation_id, person_id, confidentiality, meetings): held meetings of each
    government-side official with each non-government organisation (``conditions`` on the
    ``meeting_organisation`` and ``participation`` rows)."""
    mo, p = MeetingOrganisation, Participation
    return (
        sa.select(mo.organisation_id, p.person_id, mo.confidentiality, sa.func.count())
        .join(p, p.meeting_id == mo.meeting_id)
        .where(
            mo.meeting_status == HELD,
            mo.organisation_kind.in_(OUTSIDE_KIND_VALUES),
            p.side == Side.GOVERNMENT,
            *conditions,
        )
        .group_by(mo.organisation_id, p.person_id, mo.confidentiality)
    )


def refresh_organisations(
    bind: Session | sa.Connection, organisation_ids: Iterable[int] | None = None
) -> None:
    """Recount both all-time summaries for these organisations (every organisation for None), from
    the (organisation_id, meeting_status, …) index. Recounting an organisation recounts every
    official's meetings with it, so a change of who attended is covered too."""
    batches = [None] if organisation_ids is None else chunks(organisation_ids)
    if not batches:
        return
    one_writer_at_a_time(bind, MeetingsByOrganisation, MeetingsByOfficial)
    mo = MeetingOrganisation
    for batch in batches:
        for summary, columns, counts in (
            (MeetingsByOrganisation, ORGANISATION_COLUMNS, organisation_counts),
            (MeetingsByOfficial, OFFICIAL_COLUMNS, official_counts),
        ):
            table = summary.__table__
            stale, conditions = [], []
            if batch is not None:
                stale, conditions = [table.c.organisation_id.in_(batch)], [mo.organisation_id.in_(batch)]
            replace_rows(bind, table, stale, columns, counts(*conditions))


def refresh_summaries(bind: Session | sa.Connection) -> None:
    """Recount every summary (after a bulk load: the generator, a dump restored)."""
    refresh_months(bind)
    refresh_organisations(bind)
