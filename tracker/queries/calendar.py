"""The calendar's meetings: those of a window of days (a month, a week, an agenda, a feed's year),
planned and held, as the ``Filters`` and the reader's clearance select them, in one statement.

The window replaces the filters' period (a calendar shows the days it shows, whatever period the
dashboards' sidebar holds); every other filter (officials, organisations and their kinds,
events, areas) and the clearance apply as on every page, through ``filter_sql``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlmodel import Session

from tracker.models import Meeting, MeetingOrganisation, MeetingStatus, Organisation
from tracker.queries.filter_sql import on_meeting
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import EVENT, meeting_row, with_event

# Cancelled meetings are left off a calendar: nobody goes to them.
CALENDAR_STATUSES = (MeetingStatus.PLANNED.value, MeetingStatus.HELD.value)
CALENDAR_COLUMNS = ["id", "date", "precision", "time", "title", "kind", "status", "place", "event",
                    "organisations", "summary", "confidentiality", "updated_at"]
MAX_EVENTS = 20_000  # a window wider than any view asks for (a feed's two years of one office)


def _organisation_names(session: Session, meeting_ids: sa.Select):
    """(meeting_id, organisations) of the window's meetings, names joined by ", " in name order,
    grouped once for the window: a correlated subquery per meeting cost five times more."""
    mo = MeetingOrganisation
    linked = (sa.select(mo.meeting_id, Organisation.name)
              .join(Organisation, Organisation.id == mo.organisation_id)
              .where(mo.meeting_id.in_(meeting_ids)))
    if session.get_bind().dialect.name == "postgresql":
        names = sa.func.string_agg(Organisation.name, aggregate_order_by(sa.literal(", "), Organisation.name),
                                   type_=sa.String)
        return linked.with_only_columns(mo.meeting_id, names.label("organisations")) \
            .group_by(mo.meeting_id).subquery()
    ordered = linked.order_by(mo.meeting_id, Organisation.name).subquery()
    return (sa.select(ordered.c.meeting_id,
                      sa.func.group_concat(ordered.c.name, ", ", type_=sa.String).label("organisations"))
            .group_by(ordered.c.meeting_id).subquery())


def calendar_meetings(session: Session, filters: Filters, start: dt.date, end: dt.date, *,
                      kinds: tuple[str, ...] = (),
                      statuses: tuple[str, ...] = CALENDAR_STATUSES) -> pd.DataFrame:
    """Meetings from ``start`` to ``end`` (inclusive) the filters select, by date and time."""
    window = filters.with_period(start, end)
    conditions = on_meeting(window, held=False)
    conditions.append(Meeting.status.in_(list(statuses)))
    if kinds:
        conditions.append(Meeting.kind.in_(list(kinds)))
    names = _organisation_names(session, sa.select(Meeting.id).where(*conditions))
    statement = (
        with_event(sa.select(*meeting_row(EVENT, names.c.organisations, Meeting.summary,
                                          Meeting.confidentiality, Meeting.updated_at, raw=True)))
        .outerjoin(names, names.c.meeting_id == Meeting.id)
        .where(*conditions)
        .order_by(Meeting.date, Meeting.time, Meeting.id)
        .limit(MAX_EVENTS)
    )
    rows = session.connection().execute(statement).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=CALENDAR_COLUMNS)
    frame["organisations"] = frame["organisations"].fillna("")
    frame["event"] = frame["event"].fillna("")
    return frame
