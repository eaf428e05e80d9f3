"""A user's calendar subscription feed: the secret token in the address names the user, whose
clearance (read afresh) decides what the feed holds; the address's other parameters narrow it as
the dashboards' links do (``?official=12&kind=private_enterprise``, ``Filters`` from the URL).

The web route (``dashboards/server.py``) only passes the token and parameters here; an unknown or
revoked token gets ``None`` and the route answers 404, telling nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlmodel import Session

from tracker.auth.feeds import resolve_feed_token
from tracker.i18n import choose_language, gettext, using_language
from tracker.queries.calendar import calendar_meetings
from tracker.queries.filters import filters_from_params
from tracker.reports.formats import DocumentKind, render_bytes
from tracker.reports.ics import CalendarContent

# What a subscribed calendar shows: the recent past (what was just held) and the year ahead.
FEED_DAYS_BEFORE = 90
FEED_DAYS_AFTER = 365


def feed_window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=FEED_DAYS_BEFORE), today + dt.timedelta(days=FEED_DAYS_AFTER)


def feed_ics(session: Session, token: str, params: Mapping[str, str | Sequence[str]] | None = None, *,
             base_url: str | None = None, today: dt.date | None = None) -> bytes | None:
    """The .ics of ``token``'s user (None for a token that is unknown, revoked or of an inactive user)."""
    actor = resolve_feed_token(session=session, token=token)
    if actor is None:
        return None
    today = today or dt.date.today()
    filters = filters_from_params(params or {}, clearance=actor.clearance, today=today)
    start, end = feed_window(today)
    with using_language(choose_language(actor.language)):
        meetings = calendar_meetings(session, filters, start, end)
        content = CalendarContent(meetings, gettext("Meetings — Engagement Tracker"), base_url)
        return render_bytes(DocumentKind.CALENDAR, "ics", content)
