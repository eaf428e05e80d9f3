"""Meetings as an iCalendar file (RFC 5545, written by ``icalendar``): the calendar page's export
and each user's subscription feed.

Each meeting is one VEVENT whose UID is stable (``meeting-<id>@engagement-tracker``), so a
calendar program that refreshes a feed, or imports a later export, updates the event instead of
adding a copy. A meeting with a time of day starts then, in the office's time zone (with its
VTIMEZONE), and lasts an hour unless more is known; one without is an all-day event. Cancelled
meetings are never in the rows (``tracker.queries.calendar``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from tracker.config import office_time_zone
from tracker.i18n import gettext
from tracker.labels import label
from tracker.models import Confidentiality

PRODID = "-//Engagement Tracker//Calendar of meetings//EN"
UID_DOMAIN = "engagement-tracker"
DEFAULT_DURATION = dt.timedelta(hours=1)
# RFC 5545 CLASS: public items are PUBLIC; everything above is for the reader only.
_CLASS = {Confidentiality.PUBLIC: "PUBLIC", Confidentiality.INTERNAL: "PRIVATE"}


@dataclass(frozen=True)
class CalendarContent:
    """The meetings of a calendar view or feed (``calendar_meetings``' frame) and the calendar's
    name; ``base_url`` (``https://tracker.example``), when known, links each event to its record."""

    meetings: pd.DataFrame
    name: str
    base_url: str | None = None


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{int(meeting_id)}@{UID_DOMAIN}"


def _start(row, zone: ZoneInfo) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    day = row["date"] if isinstance(row["date"], dt.date) else dt.date.fromisoformat(str(row["date"]))
    time = row["time"]
    if isinstance(time, str) and time:
        time = dt.time.fromisoformat(time)
    if isinstance(time, dt.time) and row["precision"] in (None, "day"):
        start = dt.datetime.combine(day, time, tzinfo=zone)
        return start, start + DEFAULT_DURATION
    return day, day + dt.timedelta(days=1)


def build_calendar(content: CalendarContent):
    """The ``icalendar.Calendar`` of ``content``."""
    from icalendar import Calendar, Event, vCalAddress  # noqa: F401  (loaded only when writing one)

    zone_name = office_time_zone()
    zone = ZoneInfo(zone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", content.name)
    calendar.add("x-wr-timezone", zone_name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for row in content.meetings.to_dict("records"):
        event = Event()
        event.add("uid", meeting_uid(row["id"]))
        event.add("dtstamp", stamp)
        start, end = _start(row, zone)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", str(row["title"]))
        if row.get("place"):
            event.add("location", str(row["place"]))
        lines = [f"{gettext('Kind')}: {label(row['kind'])}", f"{gettext('Status')}: {label(row['status'])}"]
        if row.get("event"):
            lines.append(f"{gettext('Event')}: {row['event']}")
        if row.get("organisations"):
            lines.append(f"{gettext('Organisations')}: {row['organisations']}")
        if row.get("summary"):
            lines += ["", str(row["summary"])]
        event.add("description", "\n".join(lines))
        event.add("categories", [label(row["kind"])])
        event.add("status", "CONFIRMED")
        level = Confidentiality(int(row["confidentiality"]))
        event.add("class", _CLASS.get(level, "CONFIDENTIAL"))
        updated = row.get("updated_at")
        if isinstance(updated, dt.datetime):
            event.add("last-modified", (updated if updated.tzinfo else updated.replace(tzinfo=dt.UTC))
                      .astimezone(dt.UTC).replace(microsecond=0))
        if content.base_url:
            event.add("url", f"{content.base_url.rstrip('/')}/meeting?id={int(row['id'])}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def render_ics(content: CalendarContent) -> bytes:
    """``content`` as the bytes of an .ics file."""
    return build_calendar(content).to_ical()
