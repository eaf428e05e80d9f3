"""The meeting list: full-text search and filters, paged in the database with a total count.

A search is the ranked search of ``meeting_search``: meetings of the person or organisation the
text names first, then title, summary and other text matches, each with why it matched. Paging is
LIMIT/OFFSET on (date, id) descending, so only one page of rows ever leaves the database.
``all_meetings`` is the same list unpaged, for a download of everything that matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import (
    Meeting,
    MeetingTopic,
    Topic,
)
from tracker.queries.filter_sql import on_meeting
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import (
    EVENT,
    ORGANISATIONS,
    PEOPLE,
    ROW_NAMES,
    meeting_row,
    organisation_names,
    people_names,
    row_values,
    with_event,
)
from tracker.queries.meeting_search import RankedSearch, ranked_search

MATCHED = "matched"  # why a searched-for meeting is listed ("person: Ma Huateng (alias Pony Ma)")
LIST_COLUMNS = [*ROW_NAMES, "event", ORGANISATIONS, PEOPLE, MATCHED]
MAX_PAGE_SIZE = 200
EXPORT_CHUNK = 2000  # meetings whose names are looked up at once by all_meetings


@dataclass(frozen=True)
class MeetingPage:
    """One page of the meeting list and how many meetings match in all."""

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def meeting_conditions(filters: Filters, *, statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                       topic_ids: tuple[int, ...] = (),
                       topic_names: tuple[str, ...] = ()) -> list[sa.ColumnElement]:
    """WHERE conditions on ``meeting`` for the filters and the list's own choices (not the search)."""
    conditions: list[sa.ColumnElement] = on_meeting(filters, held=False)
    if statuses:
        conditions.append(Meeting.status.in_(list(statuses)))
    if kinds:
        conditions.append(Meeting.kind.in_(list(kinds)))
    if topic_ids:
        conditions.append(Meeting.id.in_(sa.select(MeetingTopic.meeting_id).where(
            MeetingTopic.topic_id.in_(list(topic_ids)))))
    if topic_names:
        conditions.append(Meeting.id.in_(sa.select(MeetingTopic.meeting_id).join(
            Topic, Topic.id == MeetingTopic.topic_id).where(Topic.name.in_(list(topic_names)))))
    return conditions


def _list_statement(conditions: list, search: RankedSearch | None, *, oldest_first: bool):
    """The list's rows: with a search, best match first (then newest first within a rank)."""
    dated = (Meeting.date, Meeting.id) if oldest_first else (Meeting.date.desc(), Meeting.id.desc())
    if search is None:
        return with_event(sa.select(*meeting_row(EVENT))).where(*conditions).order_by(*dated)
    rank = search.rank.label("rank")
    return (with_event(sa.select(*meeting_row(EVENT), rank))
            .where(*conditions, search.condition).order_by(rank, *dated))


def _list_records(session: Session, rows, search: RankedSearch | None) -> list[dict]:
    """The list's columns for ``rows`` (at most a chunk), with each meeting's organisations and
    people, and with a search why each matched."""
    ids = [r.id for r in rows]
    orgs, people = organisation_names(session, ids), people_names(session, ids)
    reasons = search.reasons(session, rows) if search is not None else {}
    return [{
        **row_values(r),
        "event": r.event or "", ORGANISATIONS: ", ".join(orgs.get(r.id, [])),
        PEOPLE: ", ".join(people.get(r.id, [])),
        MATCHED: reasons.get(r.id, ""),
    } for r in rows]


def list_meetings(session: Session, filters: Filters, *, search: str | None = None,
                  statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                  topic_ids: tuple[int, ...] = (), topic_names: tuple[str, ...] = (),
                  page: int = 1, page_size: int = 25, oldest_first: bool = False) -> MeetingPage:
    """One page of the meetings matching the filters and search, newest first, and the total.

    ``oldest_first`` turns the order round (the soonest planned meetings, say).
    """
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    conditions = meeting_conditions(filters, statuses=statuses, kinds=kinds,
                                    topic_ids=topic_ids, topic_names=topic_names)
    ranked = ranked_search(session, search)
    counted = [*conditions, ranked.condition] if ranked is not None else conditions
    total = session.execute(sa.select(sa.func.count()).select_from(Meeting).where(*counted)).scalar_one()
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page), pages))
    rows = session.execute(_list_statement(conditions, ranked, oldest_first=oldest_first)
                           .limit(page_size).offset((page - 1) * page_size)).all()
    frame = pd.DataFrame(_list_records(session, rows, ranked), columns=LIST_COLUMNS)
    return MeetingPage(rows=frame, total=int(total), page=page, page_size=page_size)


def all_meetings(session: Session, filters: Filters, *, search: str | None = None,
                 statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                 topic_ids: tuple[int, ...] = (), topic_names: tuple[str, ...] = (),
                 oldest_first: bool = False) -> pd.DataFrame:
    """Every meeting ``list_meetings`` pages through (same columns, same order), for an export of the
    whole list. Names are looked up a chunk of meetings at a time, so the id lists stay short."""
    conditions = meeting_conditions(filters, statuses=statuses, kinds=kinds,
                                    topic_ids=topic_ids, topic_names=topic_names)
    ranked = ranked_search(session, search)
    result = session.execute(_list_statement(conditions, ranked, oldest_first=oldest_first)
                             .execution_options(yield_per=EXPORT_CHUNK))
    records = [record for chunk in result.partitions(EXPORT_CHUNK)
               for record in _list_records(session, chunk, ranked)]
    return pd.DataFrame(records, columns=LIST_COLUMNS)
