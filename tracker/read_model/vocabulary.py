"""The words the read model and the dashboards share: which meetings count (held), which
organisations are "outside" government, the segments "meetings per month" stacks by, and the
'YYYY-MM' month key, in SQL and in Python alike.

They live below the queries so that the read model, which the writers call, needs nothing from
the queries that read what it keeps.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tracker.db import is_sqlite
from tracker.definitions import HELD  # noqa: F401  (re-exported: which meetings count)
from tracker.models import MeetingOrganisation, OrganisationKind

GOVERNMENT_KIND_VALUES = (OrganisationKind.GOVERNMENT_BODY.value, OrganisationKind.PARTY_ORGAN.value)
# The same set as "not government", written as a list SQLite can seek in an index (NOT IN can't).
OUTSIDE_KIND_VALUES = tuple(k.value for k in OrganisationKind if k.value not in GOVERNMENT_KIND_VALUES)
NO_SECTOR = "Sector not recorded"
# "Meetings per month" counts each held meeting once, whatever it is split by: under the segment
# its outside organisations share, under SEVERAL when they differ, NO_OUTSIDE when it has none.
SEVERAL = {"sector": "Several sectors", "kind": "Several kinds", "area": "Several areas"}
NO_OUTSIDE = "No organisation outside government"


def segment_of(by: str, mo=MeetingOrganisation):
    """What "meetings per month" stacks by on a meeting × organisation row: the copied sector
    (``NO_SECTOR`` when none) or the copied organisation kind."""
    if by == "sector":
        return sa.func.coalesce(mo.organisation_sector, NO_SECTOR)
    if by == "kind":
        return mo.organisation_kind
    raise ValueError(f"no segment {by!r} on meeting_organisation")


def segment_per_meeting(by: str, *conditions, mo=MeetingOrganisation):
    """One row per meeting with outside organisations, as a subquery (meeting_id, segment): the
    segment its outside organisations' rows meeting ``conditions`` share, or ``SEVERAL[by]``."""
    segment = segment_of(by, mo)
    lowest = sa.func.min(segment)
    return (
        sa.select(mo.meeting_id, sa.case((lowest == sa.func.max(segment), lowest),
                                         else_=sa.literal(SEVERAL[by])).label("segment"))
        .where(mo.organisation_kind.in_(OUTSIDE_KIND_VALUES), *conditions)
        .group_by(mo.meeting_id)
        .subquery()
    )


def month_of(bind, column):
    """'YYYY-MM' of a date column, on either database (``bind``: a session or a connection)."""
    if not is_sqlite(bind):
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def month_key(day: dt.date) -> str:
    """'YYYY-MM' of a date in Python, as ``month_of`` writes it in SQL."""
    return f"{day.year:04d}-{day.month:02d}"


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
