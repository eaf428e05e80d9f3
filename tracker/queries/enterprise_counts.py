"""Held meetings per enterprise, counted from the all-time summary or from the meeting rows, for the
dashboard queries (segments and month keys are the read model's, ``tracker.read_model.vocabulary``).

What a ``Filters`` value lets through is ``tracker.queries.filter_sql``'s to say.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.db import is_sqlite
from tracker.models import MeetingOrganisation, MeetingsByOrganisation, Organisation
from tracker.queries.filter_sql import (
    ENTERPRISE_KIND_VALUES,
    all_time_summary_answers,
    copied_organisation_conditions,
    on_meeting_organisation,
)
from tracker.queries.filters import Filters


def summarised_enterprises(filters: Filters, *aggregates):
    """``aggregates`` of ``meetings_by_organisation`` per enterprise, over every level up to the
    clearance (each meeting has one level, so adding them up counts it once), as a subquery
    (organisation_id, *aggregates). Over all time only; see ``summary_answers``."""
    summary = MeetingsByOrganisation
    return (
        sa.select(summary.organisation_id, *aggregates)
        .join(Organisation, Organisation.id == summary.organisation_id)
        .where(
            cleared(summary, int(filters.clearance)),
            Organisation.kind.in_(ENTERPRISE_KIND_VALUES),
        )
        .group_by(summary.organisation_id)
        .subquery()
    )


def seeks_per_enterprise(session_or_dialect) -> bool:
    """Whether "per enterprise over all time" questions are best asked as one correlated index
    seek per enterprise rather than by grouping all their meeting rows: on SQLite the seeks are
    faster (enterprises are far fewer than their meeting rows), on PostgreSQL hash aggregation
    is. Takes a session or, inside a prepared statement's builder, the dialect."""
    return is_sqlite(session_or_dialect)


def per_organisation(aggregate, conditions: list):
    """``aggregate`` over one organisation's ``meeting_organisation`` rows (``conditions`` on
    them), correlated to the ``organisation`` row of the enclosing query: with the index on
    (organisation_id, meeting_status, meeting_date, …) one seek per organisation."""
    mo = MeetingOrganisation
    return (
        sa.select(aggregate)
        .where(mo.organisation_id == Organisation.id, *conditions)
        .correlate(Organisation)
        .scalar_subquery()
    )


def enterprise_meeting_counts(filters: Filters, *, seek: bool):
    """Held meetings per enterprise that ``filters`` let through, as a subquery
    (organisation_id, meetings), enterprises with none left out.

    Over all time with nothing else narrowed, added up from ``meetings_by_organisation``.
    Otherwise two shapes for the same rows, each the faster one where it is used: with a
    period (or on PostgreSQL), the rows of ``meeting_organisation`` grouped; for all time on
    SQLite, one index range count per enterprise instead of grouping every enterprise row. ``seek``:
    ``seeks_per_enterprise`` of the session it will run in (a building block, so it takes no
    session itself)."""
    if all_time_summary_answers(filters):
        meetings = sa.func.sum(MeetingsByOrganisation.meetings).label("meetings")
        return summarised_enterprises(filters, meetings)
    mo = MeetingOrganisation
    conditions = [
        *on_meeting_organisation(filters, organisations=False),
        *copied_organisation_conditions(filters, enterprises=True),
    ]
    if filters.has_period or not seek:
        return (
            sa.select(mo.organisation_id, sa.func.count().label("meetings"))
            .where(*conditions)
            .group_by(mo.organisation_id)
            .subquery()
        )
    meetings = per_organisation(sa.func.count(), conditions)
    # Materialised: counted once per enterprise, not again for the filter below.
    per_enterprise = (
        sa.select(Organisation.id.label("organisation_id"), meetings.label("meetings"))
        .where(Organisation.kind.in_(ENTERPRISE_KIND_VALUES))
        .cte("enterprise_meetings")
        .prefix_with("MATERIALIZED")
    )
    return sa.select(per_enterprise).where(per_enterprise.c.meetings > 0).subquery()


def literal_limit(rows: int):
    """A LIMIT written into the SQL rather than bound as a parameter, for a subquery the rest
    of the query should be driven from: SQLite plans before it sees bound values, so with
    ``LIMIT ?`` it cannot know the subquery is small and drives the query from the wrong side."""
    return sa.literal_column(str(int(rows)))


def year_of(session: Session, column):
    if not is_sqlite(session):
        return sa.func.to_char(column, "YYYY")
    return sa.func.strftime("%Y", column)
