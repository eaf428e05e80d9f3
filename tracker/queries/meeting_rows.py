"""The columns a meeting list reads off ``meeting``, declared once for every list that shows
meetings (the Meetings page, home, profiles, briefing, period report): a list picks what it shows
from these by name, so a field added to meetings is offered to them all here."""

from __future__ import annotations

from tracker.models import Meeting

MEETING_ROW = (Meeting.id, Meeting.date, Meeting.date_precision, Meeting.time, Meeting.title,
               Meeting.kind, Meeting.status, Meeting.place)


def meeting_row(*extra) -> tuple:
    """The meeting-row projection, followed by ``extra`` columns of the list's own joins."""
    return (*MEETING_ROW, *extra)
