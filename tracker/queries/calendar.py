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
from sqlmodel import Session

from tracker.models import Meeting, MeetingStatus
from tracker.queries.filter_sql import on_meeting
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import EVENT, meeting_row, organisations_of, with_event

# Cancelled meetings are left off a calendar: nobody goes to them.
CALENDAR_STATUSES = (MeetingStatus.PLANNED.value, MeetingStatus.HELD.value)
CALENDAR_COLUMNS = ["id", "date", "precision", "time", "title", "kind", "status", "place", "event",
                    "organisations", "summary", "confidentiality", "updated_at"]
MAX_EVENTS = 20_000  # a window wider than any view asks for (a feed's two years of one office)


def calendar_meetings(session: Session, filters: Filters, start: dt.date, end: dt.date, *,
                      kinds: tuple[str, ...] = (),
                      statuses: tuple[str, ...] = CALENDAR_STATUSES) -> pd.DataFrame:
    """Meetings from ``start`` to ``end`` (inclusive) the filters select, by date and time."""
    window = filters.with_period(start, end)
    conditions = on_meeting(window, held=False)
    conditions.append(Meeting.status.in_(list(statuses)))
    if kinds:
        conditions.append(Meeting.kind.in_(list(kinds)))
    statement = (
        with_event(sa.select(*meeting_row(EVENT, organisations_of(session), Meeting.summary,
                                          Meeting.confidentiality, Meeting.updated_at, raw=True)))
        .where(*conditions)
        .order_by(Meeting.date, Meeting.time, Meeting.id)
        .limit(MAX_EVENTS)
    )
    rows = session.connection().execute(statement).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=CALENDAR_COLUMNS)
    frame["organisations"] = frame["organisations"].fillna("")
    frame["event"] = frame["event"].fillna("")
    return frame
