"""The quarterly transparency return: officials' meetings with outside organisations.

Published registers (see ``shared/realdata``: the UK Cabinet Office returns) have one row per
meeting and organisation with four columns: the official, the date, the organisation, and the
purpose. Meetings that cannot go in as they stand (no purpose, no outside organisation, no
official, a date known only to the quarter) are listed as problems for someone to fix.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.i18n import N_, gettext
from tracker.models import (
    DatePrecision,
    Meeting,
    MeetingStatus,
    ParticipantRole,
    Participation,
    Person,
    ReturnSignOff,
    Side,
)
from tracker.models.quarters import normalise_quarter, parse_quarter
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import meeting_row, organisation_names, shown_name, topic_names

# The published registers' headings, in their order (a row of the return is a tuple in this order).
# Marked for translation: a file written for a Chinese reader carries them in Chinese.
RETURN_COLUMNS = [N_("Official"), N_("Date"), N_("Name of Organisation"), N_("Purpose of meeting")]
PROBLEM_COLUMNS = ["meeting_id", "date", "title", "problem"]
HOSTS_FIRST = sa.case((Participation.role == ParticipantRole.HOST, 0), else_=1)


MONTH_TEXT = "%B %Y"


def _date_text(day: dt.date, precision: str) -> str:
    return day.strftime(MONTH_TEXT) if precision == DatePrecision.MONTH.value else day.isoformat()


def date_of(text: str) -> tuple[dt.date, DatePrecision]:
    """A return's "Date" text back as (date, precision), for a workbook whose date column holds
    dates: "May 2019" is (2019-05-01, month)."""
    try:
        return dt.date.fromisoformat(text), DatePrecision.DAY
    except ValueError:
        return dt.datetime.strptime(text, MONTH_TEXT).date(), DatePrecision.MONTH


def _purpose(topics: list[str], summary: str | None) -> str:
    if topics:
        return gettext("; ").join(topics)
    if summary:
        first = re.split(r"(?<=[.!?。])\s", summary.strip(), maxsplit=1)[0]
        return first[:300]
    return ""


def transparency_return(session: Session, filters: Filters,
                        quarter: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows of the return, meetings that cannot go in) for ``quarter`` within the reader's clearance."""
    start, end = parse_quarter(quarter)
    in_quarter = (Meeting.date >= start, Meeting.date <= end, Meeting.status == MeetingStatus.HELD,
                  cleared(Meeting, int(filters.clearance)))
    meetings = session.execute(sa.select(*meeting_row(Meeting.summary)).where(*in_quarter)
                               .order_by(Meeting.date, Meeting.id)).all()
    scope = sa.select(Meeting.id).where(*in_quarter)
    outside = organisation_names(session, scope, outside_only=True)
    officials: dict[int, list[str]] = {}
    for meeting_id, english, local, title in session.execute(
            sa.select(Participation.meeting_id, Person.name, Person.local_name, Participation.title)
            .join(Person, Person.id == Participation.person_id)
            .where(Participation.meeting_id.in_(scope), Participation.side == Side.GOVERNMENT)
            .order_by(Participation.meeting_id, HOSTS_FIRST, Participation.id)):
        name = shown_name(english, local)  # 于伟国 (Yu Weiguo) in a Chinese return
        officials.setdefault(meeting_id, []).append(
            gettext("{title}, {name}").format(title=title, name=name) if title else name)
    topics = topic_names(session, scope)

    rows, problems = [], []
    for m in meetings:
        precision = value_of(m.date_precision)
        purpose = _purpose(topics.get(m.id, []), m.summary)
        issues = []
        if precision == DatePrecision.QUARTER.value:
            issues.append(gettext("date too vague (only the quarter is known)"))
        if not outside.get(m.id):
            issues.append(gettext("no outside organisation"))
        if not officials.get(m.id):
            issues.append(gettext("no official on the government side"))
        if not purpose:
            issues.append(gettext("no purpose (no topics or summary)"))
        if issues:
            problems.append((m.id, m.date, m.title, gettext("; ").join(issues)))
            continue
        for organisation in outside[m.id]:
            rows.append((gettext("; ").join(officials[m.id]), _date_text(m.date, precision), organisation,
                         purpose))
    return pd.DataFrame(rows, columns=RETURN_COLUMNS), pd.DataFrame(problems, columns=PROBLEM_COLUMNS)


def sign_offs(session: Session, quarter: str) -> pd.DataFrame:
    """Who signed off this quarter's return and when, newest first."""
    rows = session.execute(
        sa.select(ReturnSignOff.signed_by, ReturnSignOff.signed_at, ReturnSignOff.rows, ReturnSignOff.note)
        .where(ReturnSignOff.quarter == normalise_quarter(quarter))
        .order_by(ReturnSignOff.signed_at.desc(), ReturnSignOff.id.desc())).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=["signed_by", "signed_at", "rows", "note"])
