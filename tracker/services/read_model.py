"""Keeps the read model in step with the records: the organisation's kind and sector copied into
``meeting_organisation``, and the ``meetings_by_month`` summary counted from it.

The dashboards group held meetings by sector and pick enterprises by kind over every
meeting × organisation row; reading those two fields from the row itself (instead of joining
``organisation`` 100,000+ times) is what keeps them fast at scale. Every write that creates such
rows or changes an organisation's kind or sector goes through one of these helpers.

"Meetings per month" over long periods adds up ``meetings_by_month`` instead of counting distinct
meetings over every row (all time at 100,000 meetings: about 170 ms). Every write that adds,
moves or removes ``meeting_organisation`` rows, or changes what they copy, recomputes the months
it touched from ``meeting_organisation`` in its own transaction (one DELETE and one
INSERT … SELECT): the meeting's old and new month, every month an organisation was met in.

"Who have we met most over all time" (top enterprises, the network of officials and
enterprises, each enterprise's first meeting) reads ``meetings_by_organisation`` and
``meetings_by_official`` instead of walking every meeting of the most-met enterprises. Every
write that can change them recounts the organisations it touched (a meeting's organisations
before and after, an organisation whose kind changed or that a merge moved rows onto or from)
or the officials a merge moved, the same way: one DELETE and one INSERT … SELECT per table.
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
    Organisation,
    Participation,
    Side,
)
from tracker.queries.scope import HELD, OUTSIDE_KIND_VALUES, month_key, month_of, next_month, segment_of

MONTHLY_DIMENSIONS = ("sector", "kind")


def organisation_copies(session: Session, organisation_ids) -> dict[int, dict]:
    """``{organisation id: {"organisation_kind": ..., "organisation_sector": ...}}`` for new rows."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return {}
    rows = session.execute(
        sa.select(Organisation.id, Organisation.kind, Organisation.sector).where(Organisation.id.in_(ids))
    )
    return {
        org_id: {"organisation_kind": kind, "organisation_sector": sector} for org_id, kind, sector in rows
    }


def refresh_organisation_copies(session: Session, organisation_id: int) -> None:
    """Copy an organisation's current kind and sector onto its meeting rows (after an update
    or when a merge moved other rows onto it), and recount the months it was met in."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        return
    session.execute(
        sa.update(MeetingOrganisation)
        .where(MeetingOrganisation.organisation_id == organisation_id)
        .values(organisation_kind=org.kind, organisation_sector=org.sector)
    )
    refresh_organisation_months(session, organisation_id)
    refresh_organisations(session, [organisation_id])


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
    """Recount ``meetings_by_month`` for ``months`` ('YYYY-MM'), or for every month (None),
    from ``meeting_organisation``, in the caller's transaction: one DELETE and one INSERT … SELECT
    per run of consecutive months (a date range the index reads directly)."""
    if isinstance(bind, Session):
        bind.flush()  # the Core statements below read what the ORM has pending
    one_writer_at_a_time(bind, MeetingsByMonth)
    if months is None:
        _recount(bind, None)
        return
    for dates in _month_runs(months):
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
    (Recounting the gaps too, to save statements, was slower: 40 runs 240 ms, bridged into 7 320 ms.)"""
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


def refresh_meeting_months(session: Session, *days: dt.date | None) -> None:
    """Recount the months of these meeting dates (a meeting's old and new date)."""
    refresh_months(session, {month_key(day) for day in days if day is not None})


def refresh_organisation_months(session: Session, organisation_id: int) -> None:
    """Recount every month the organisation has meeting rows in (its kind or sector changed,
    or a merge moved rows onto it)."""
    session.flush()
    mo = MeetingOrganisation
    month = month_of(session, mo.meeting_date)
    months = session.execute(sa.select(month).where(mo.organisation_id == organisation_id).distinct())
    refresh_months(session, list(months.scalars()))


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


ORGANISATION_COLUMNS = ["organisation_id", "confidentiality", "meetings", "first_met", "last_met"]
OFFICIAL_COLUMNS = ["organisation_id", "person_id", "confidentiality", "meetings"]
ID_CHUNK = 2000  # ids per statement, well under SQLite's limit on bound parameters


def refresh_organisations(
    bind: Session | sa.Connection, organisation_ids: Iterable[int] | None = None
) -> None:
    """Recount both all-time summaries for these organisations (every organisation for None), in
    the caller's transaction, from the (organisation_id, meeting_status, …) index. At 100,000
    meetings: 1.5 ms for a typical organisation, 27 ms for the most-met enterprise (7,400)."""
    if isinstance(bind, Session):
        bind.flush()
    if organisation_ids is None:
        chunks = [None]
    else:
        ids = sorted(set(organisation_ids))
        chunks = [ids[i : i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]  # (an import's)
        if not chunks:
            return
    one_writer_at_a_time(bind, MeetingsByOrganisation, MeetingsByOfficial)
    mo = MeetingOrganisation
    for chunk in chunks:
        for summary, columns, counts in (
            (MeetingsByOrganisation, ORGANISATION_COLUMNS, organisation_counts),
            (MeetingsByOfficial, OFFICIAL_COLUMNS, official_counts),
        ):
            table = summary.__table__
            stale, conditions = [], []
            if chunk is not None:
                stale, conditions = [table.c.organisation_id.in_(chunk)], [mo.organisation_id.in_(chunk)]
            replace_rows(bind, table, stale, columns, counts(*conditions))


def refresh_officials(session: Session, person_ids: Iterable[int]) -> None:
    """Recount ``meetings_by_official`` for these people (a merge moved one's meetings onto the
    other's)."""
    session.flush()
    ids = sorted(set(person_ids))
    if not ids:
        return
    one_writer_at_a_time(session, MeetingsByOfficial)
    table = MeetingsByOfficial.__table__
    stale = [table.c.person_id.in_(ids)]
    replace_rows(session, table, stale, OFFICIAL_COLUMNS, official_counts(Participation.person_id.in_(ids)))


def refresh_after_meeting_write(session: Session, *, days, organisation_ids) -> None:
    """Recount what a meeting write changes: the months of its old and new date, and the all-time
    summaries of its organisations before and after."""
    refresh_meeting_months(session, *days)
    refresh_organisations(session, organisation_ids)


def refresh_summaries(bind: Session | sa.Connection) -> None:
    """Recount every summary (after a bulk load: the generator, a dump restored)."""
    refresh_months(bind)
    refresh_organisations(bind)
