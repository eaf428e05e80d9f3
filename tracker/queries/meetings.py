"""The meeting list: full-text search and filters, paged in the database with a total count.

Search runs on ``meeting.search_text`` (lower-cased title, summary, place, people, organisations
and topics, kept by the meeting service): each word of the query must appear in it. Paging is
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
from tracker.search_index import FTS_TABLE, fts_phrase_query, has_search_index

LIST_COLUMNS = [*ROW_NAMES, "event", ORGANISATIONS, PEOPLE]
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


def search_words(text: str | None) -> list[str]:
    """The words of a search box, case-folded as ``search_text`` is (quotes and stray spaces dropped)."""
    return [w for w in (text or "").replace('"', " ").casefold().split() if w]


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def meeting_conditions(filters: Filters, *, search: str | None = None,
                       statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                       topic_ids: tuple[int, ...] = (), topic_names: tuple[str, ...] = (),
                       use_index: bool = False) -> list[sa.ColumnElement]:
    """WHERE conditions on ``meeting`` for the filters, the search words and the list's own choices.

    With ``use_index`` (SQLite with the trigram index), words of three or more characters are looked
    up in the index; shorter words (two-character Chinese names, say) are matched with LIKE.
    """
    conditions: list[sa.ColumnElement] = on_meeting(filters, held=False)
    if statuses:
        conditions.append(Meeting.status.in_(list(statuses)))
    if kinds:
        conditions.append(Meeting.kind.in_(list(kinds)))
    words = search_words(search)
    indexed = [w for w in words if len(w) >= 3] if use_index else []
    if indexed:
        conditions.append(Meeting.id.in_(sa.select(sa.literal_column("rowid")).select_from(
            sa.table(FTS_TABLE)).where(sa.text(f"{FTS_TABLE} MATCH :fts_query").bindparams(
                fts_query=fts_phrase_query(indexed)))))
    for word in words:
        if word not in indexed:
            conditions.append(Meeting.search_text.like(_like_pattern(word), escape="\\"))
    if topic_ids:
        conditions.append(Meeting.id.in_(sa.select(MeetingTopic.meeting_id).where(
            MeetingTopic.topic_id.in_(list(topic_ids)))))
    if topic_names:
        conditions.append(Meeting.id.in_(sa.select(MeetingTopic.meeting_id).join(
            Topic, Topic.id == MeetingTopic.topic_id).where(Topic.name.in_(list(topic_names)))))
    return conditions


def _list_statement(conditions: list, *, oldest_first: bool):
    return (with_event(sa.select(*meeting_row(EVENT)))
            .where(*conditions)
            .order_by(*((Meeting.date, Meeting.id) if oldest_first
                        else (Meeting.date.desc(), Meeting.id.desc()))))


def _list_records(session: Session, rows) -> list[dict]:
    """The list's columns for ``rows`` (at most a chunk), with each meeting's organisations and people."""
    ids = [r.id for r in rows]
    orgs, people = organisation_names(session, ids), people_names(session, ids)
    return [{
        **row_values(r),
        "event": r.event or "", ORGANISATIONS: ", ".join(orgs.get(r.id, [])),
        PEOPLE: ", ".join(people.get(r.id, [])),
    } for r in rows]


def list_meetings(session: Session, filters: Filters, *, search: str | None = None,
                  statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                  topic_ids: tuple[int, ...] = (), topic_names: tuple[str, ...] = (),
                  page: int = 1, page_size: int = 25, oldest_first: bool = False) -> MeetingPage:
    """One page of the meetings matching the filters and search, newest first, and the total.

    ``oldest_first`` turns the order round (the soonest planned meetings, say).
    """
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    conditions = meeting_conditions(filters, search=search, statuses=statuses, kinds=kinds,
                                    topic_ids=topic_ids, topic_names=topic_names,
                                    use_index=has_search_index(session))
    total = session.execute(sa.select(sa.func.count()).select_from(Meeting).where(*conditions)).scalar_one()
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page), pages))
    rows = session.execute(_list_statement(conditions, oldest_first=oldest_first)
                           .limit(page_size).offset((page - 1) * page_size)).all()
    frame = pd.DataFrame(_list_records(session, rows), columns=LIST_COLUMNS)
    return MeetingPage(rows=frame, total=int(total), page=page, page_size=page_size)


def all_meetings(session: Session, filters: Filters, *, search: str | None = None,
                 statuses: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                 topic_ids: tuple[int, ...] = (), topic_names: tuple[str, ...] = (),
                 oldest_first: bool = False) -> pd.DataFrame:
    """Every meeting ``list_meetings`` pages through (same columns, same order), for an export of the
    whole list. Names are looked up a chunk of meetings at a time, so the id lists stay short."""
    conditions = meeting_conditions(filters, search=search, statuses=statuses, kinds=kinds,
                                    topic_ids=topic_ids, topic_names=topic_names,
                                    use_index=has_search_index(session))
    result = session.execute(_list_statement(conditions, oldest_first=oldest_first)
                             .execution_options(yield_per=EXPORT_CHUNK))
    records = [record for chunk in result.partitions(EXPORT_CHUNK)
               for record in _list_records(session, chunk)]
    return pd.DataFrame(records, columns=LIST_COLUMNS)
