"""The calendar at 100,000 meetings: a month of the whole office (the page's month view, one
statement) and one official's year as an .ics feed (the query and the rendering the feed route
runs once the token is resolved)."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

from bench.harness import BenchContext, p50, p95, timings_ms
from tracker.db import make_engine, session_scope
from tracker.models import Confidentiality
from tracker.queries.calendar import calendar_meetings
from tracker.queries.filters import Filters
from tracker.reports.formats import DocumentKind, render_bytes
from tracker.reports.ics import CalendarContent


def busiest_official(session) -> tuple[int, int]:
    """The government-side person with the most meetings, and the year they had the most in."""
    person_id, year = session.execute(sa.text(
        "SELECT person_id, substr(CAST(meeting_date AS TEXT), 1, 4) AS year FROM participation "
        "WHERE side = 'government' GROUP BY person_id, year ORDER BY count(*) DESC LIMIT 1")).one()
    return int(person_id), int(year)


def month_windows(session) -> list[tuple[dt.date, dt.date]]:
    last = session.execute(sa.text("SELECT max(date) FROM meeting")).scalar()
    last = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last)[:10])
    windows = []
    for back in (0, 3, 14, 40):
        month = (last.year * 12 + last.month - 1) - back
        start = dt.date(month // 12, month % 12 + 1, 1)
        end = dt.date((month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)
        windows.append((start - dt.timedelta(days=6), end + dt.timedelta(days=6)))  # the grid's edges
    return windows


def month_timings(session, *, repeat: int = 9) -> tuple[list[float], int]:
    """Milliseconds of the whole office's month view over four months (the latest, 3, 14 and 40
    months back), each ``repeat`` times, and the most meetings one of them showed."""
    everything = Filters(clearance=Confidentiality.SECRET)
    samples: list[float] = []
    sizes = []
    for start, end in month_windows(session):
        samples += timings_ms(lambda s=start, e=end: calendar_meetings(session, everything, s, e),
                              repeat=repeat)
        sizes.append(len(calendar_meetings(session, everything, start, end)))
    return samples, max(sizes)


def run(context: BenchContext) -> dict:
    engine = make_engine(context.sqlite_url())
    with session_scope(engine) as session:
        samples, most = month_timings(session)
        person_id, year = busiest_official(session)
        official = Filters(clearance=Confidentiality.SECRET, person_ids=(person_id,))
        feed_seconds = []
        for _ in range(5):
            started = time.perf_counter()
            meetings = calendar_meetings(session, official, dt.date(year, 1, 1), dt.date(year, 12, 31))
            body = render_bytes(DocumentKind.CALENDAR, "ics", CalendarContent(meetings, "Meetings"))
            feed_seconds.append(time.perf_counter() - started)
    engine.dispose()
    return {"calendar_month_p50_ms": p50(samples), "calendar_month_p95_ms": p95(samples),
            "calendar_month_meetings": most, "ics_feed_year_s": sorted(feed_seconds)[2],
            "ics_feed_year_meetings": len(meetings), "ics_feed_year_bytes": len(body)}
