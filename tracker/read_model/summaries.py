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
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlmodel import Session

from tracker.db import is_sqlite
from tracker.models import (
    Meeting,
    MeetingOrganisation,
    MeetingsByMonth,
    MeetingsByOfficial,
    MeetingsByOrganisation,
    Participation,
    Side,
)
from tracker.read_model.vocabulary import (
    HELD,
    NO_OUTSIDE,
    OUTSIDE_KIND_VALUES,
    month_key,
    month_of,
    next_month,
    segment_per_meeting,
)

MONTHLY_DIMENSIONS = ("sector", "kind")
MONTH_COLUMNS = ["month", "dimension", "segment", "confidentiality", "meetings"]
ORGANISATION_COLUMNS = ["organisation_id", "confidentiality", "meetings", "first_met", "last_met"]
OFFICIAL_COLUMNS = ["organisation_id", "person_id", "confidentiality", "meetings"]
ID_CHUNK = 2000  # ids per statement, well under SQLite's limit on bound parameters
# The list of ids the read model's statements take. They are built once (``functools.cache``) and
# bound to each list: building a statement costs more than running it on a meeting's few rows.
IDS = sa.bindparam("ids", expanding=True)


def chunks(ids: Iterable[int]) -> list[list[int]]:
    """``ids`` sorted, without repeats, in lists of at most ``ID_CHUNK``."""
    ordered = sorted(set(ids))
    return [ordered[i : i + ID_CHUNK] for i in range(0, len(ordered), ID_CHUNK)]


# --- meetings_by_month ----------------------------------------------------------------------


def monthly_counts(bind, first=None, after=None):
    """SELECT (month, dimension, segment, confidentiality, meetings) of held meetings dated in
    [first, after) (each end a date or a bind parameter, None: open), each meeting counted once per
    dimension: under the segment of its outside organisations (``segment_per_meeting``), or
    ``NO_OUTSIDE``. A month's meetings therefore add up to the meetings held in it."""
    mo = MeetingOrganisation
    month = month_of(bind, Meeting.date).label("month")
    meeting_dates = [Meeting.status == HELD, Meeting.archived_at.is_(None),
                     *_dated(Meeting.date, first, after)]
    row_dates = [mo.meeting_status == HELD, mo.archived_at.is_(None), *_dated(mo.meeting_date, first, after)]
    selects = []
    for dimension in MONTHLY_DIMENSIONS:
        per_meeting = segment_per_meeting(dimension, *row_dates)
        segment = sa.func.coalesce(per_meeting.c.segment, NO_OUTSIDE).label("segment")
        selects.append(
            sa.select(
                month,
                sa.literal_column(f"'{dimension}'", sa.String).label("dimension"),
                segment,
                Meeting.confidentiality,
                sa.func.count(),
            )
            .select_from(Meeting)
            .outerjoin(per_meeting, per_meeting.c.meeting_id == Meeting.id)
            .where(*meeting_dates)
            .group_by(month, segment, Meeting.confidentiality)
        )
    return sa.union_all(*selects)


def _dated(column, first, after) -> list:
    return [c for c in (None if first is None else column >= first,
                        None if after is None else column < after) if c is not None]


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
    delete, insert = _recount_months(is_sqlite(bind))
    for first, after in runs:
        params = {"first": first, "after": after, "first_month": month_key(first),
                  "after_month": month_key(after)}
        bind.execute(delete, params)
        bind.execute(insert, params)


@cache
def _recount_months(sqlite: bool) -> tuple:
    """The DELETE and INSERT … SELECT that recount the months in [first, after)."""
    table = MeetingsByMonth.__table__
    dialect = sqlite_dialect() if sqlite else postgresql_dialect()
    counts = monthly_counts(dialect, sa.bindparam("first", type_=sa.Date),
                            sa.bindparam("after", type_=sa.Date))
    return (table.delete().where(table.c.month >= sa.bindparam("first_month"),
                                 table.c.month < sa.bindparam("after_month")),
            table.insert().from_select(MONTH_COLUMNS, counts))


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


def _recount(bind, dates: None) -> None:
    """Replace every month's summary rows."""
    replace_rows(bind, MeetingsByMonth.__table__, [], MONTH_COLUMNS, monthly_counts(bind))


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
        .where(mo.meeting_status == HELD, mo.archived_at.is_(None),
               mo.organisation_kind.in_(OUTSIDE_KIND_VALUES), *conditions)
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
            mo.archived_at.is_(None),
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
    for batch in batches:
        for summary in (MeetingsByOrganisation, MeetingsByOfficial):
            if batch is None:
                replace_rows(bind, summary.__table__, [], *_ORGANISATION_SUMMARIES[summary])
            else:
                for statement in _recount_organisations(summary):
                    bind.execute(statement, {"ids": batch})


_ORGANISATION_SUMMARIES = {
    MeetingsByOrganisation: (ORGANISATION_COLUMNS, organisation_counts()),
    MeetingsByOfficial: (OFFICIAL_COLUMNS, official_counts()),
}


@cache
def _recount_organisations(summary) -> tuple:
    """The DELETE and INSERT … SELECT that recount ``summary`` for the organisations ``IDS``."""
    table = summary.__table__
    columns, _ = _ORGANISATION_SUMMARIES[summary]
    counts = organisation_counts if summary is MeetingsByOrganisation else official_counts
    return (table.delete().where(table.c.organisation_id.in_(IDS)),
            table.insert().from_select(columns, counts(MeetingOrganisation.organisation_id.in_(IDS))))


def refresh_summaries(bind: Session | sa.Connection) -> None:
    """Recount every summary (after a bulk load: the generator, a dump restored)."""
    refresh_months(bind)
    refresh_organisations(bind)
