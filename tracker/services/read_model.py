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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from tracker.db import is_sqlite
from tracker.models import MeetingOrganisation, MeetingsByMonth, Organisation
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
    if not is_sqlite(bind):
        # Two writers recounting the same month would each delete what the other had not yet
        # committed and insert the same keys; one at a time (readers are not held up). SQLite
        # writers are one at a time already.
        bind.execute(sa.text(f"LOCK TABLE {MeetingsByMonth.__tablename__} IN EXCLUSIVE MODE"))
    if months is None:
        _recount(bind, None)
        return
    for dates in _month_runs(months):
        _recount(bind, dates)


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
    delete, conditions = table.delete(), []
    if dates is not None:
        first, after = dates
        delete = delete.where(table.c.month >= month_key(first), table.c.month < month_key(after))
        conditions = [mo.meeting_date >= first, mo.meeting_date < after]
    columns = ["month", "dimension", "segment", "confidentiality", "meetings"]
    bind.execute(delete)
    bind.execute(table.insert().from_select(columns, monthly_counts(bind, *conditions)))


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
