"""The meeting's search text: the lower-cased words the meeting list finds it by.

``meeting_search_text`` builds it from plain values, so the services (through the unit of work),
the importer and the generator write the same text for the same meeting. ``refresh_search_text``
reads those values back for meetings whose words may have changed (the meeting itself, a person
or organisation it mentions renamed or merged) and rewrites their text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from tracker.models import (
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Topic,
)
from tracker.read_model.summaries import IDS, chunks

Names = tuple[str | None, str | None]  # a name and its local-script name


def meeting_search_text(title: str | None, place: str | None, summary: str | None,
                        people: Iterable[Names], organisations: Iterable[Names],
                        topics: Iterable[str]) -> str:
    """Title, place, summary, then the people (in the order listed) and the organisations (by id)
    each with their local-script name, then the topics (by name), joined by ' | ' and case-folded."""
    parts = [title, place, summary]
    parts += [name for names in people for name in names]
    parts += [name for names in organisations for name in names]
    parts += sorted(topics, key=str.casefold)
    return " | ".join(p for p in parts if p).casefold()


def search_texts(bind, meeting_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``{meeting id: (stored search text, search text from what is stored now)}`` (meetings that
    no longer exist are left out)."""
    texts: dict[int, tuple[str, str]] = {}
    for batch in chunks(meeting_ids):
        names: dict[tuple[int, int], list[Names]] = {}
        for meeting_id, part, name, local_name in bind.execute(_names_of(), {"ids": batch}):
            names.setdefault((meeting_id, part), []).append((name, local_name))
        for meeting_id, stored, title, place, summary in bind.execute(_meetings(), {"ids": batch}):
            texts[meeting_id] = (stored, meeting_search_text(
                title, place, summary, names.get((meeting_id, PEOPLE), []),
                names.get((meeting_id, ORGANISATIONS), []),
                [name for name, _ in names.get((meeting_id, TOPICS), [])]))
    return texts


PEOPLE, ORGANISATIONS, TOPICS = 0, 1, 2


@cache
def _meetings():
    return sa.select(Meeting.id, Meeting.search_text, Meeting.title, Meeting.place, Meeting.summary).where(
        Meeting.id.in_(IDS))


@cache
def _names_of():
    """(meeting id, part, name, local name) of the people (in the order listed), organisations (by
    id) and topics of the meetings ``IDS``, in one statement. The names are read by key for each
    row found by meeting: given a long list of meetings, SQLite otherwise scans every person and
    probes the list for each."""
    mo, p = MeetingOrganisation, Participation

    def named(model, column, key, source):
        return sa.select(column).where(model.id == key).correlate(source).scalar_subquery()

    parts = [
        sa.select(p.meeting_id, sa.literal(PEOPLE).label("part"), p.id.label("rank"),
                  named(Person, Person.name, p.person_id, p).label("name"),
                  named(Person, Person.local_name, p.person_id, p).label("local_name"))
        .where(p.meeting_id.in_(IDS)),
        sa.select(mo.meeting_id, sa.literal(ORGANISATIONS), mo.organisation_id,
                  named(Organisation, Organisation.name, mo.organisation_id, mo),
                  named(Organisation, Organisation.local_name, mo.organisation_id, mo))
        .where(mo.meeting_id.in_(IDS)),
        sa.select(MeetingTopic.meeting_id, sa.literal(TOPICS), MeetingTopic.topic_id,
                  named(Topic, Topic.name, MeetingTopic.topic_id, MeetingTopic), sa.null())
        .where(MeetingTopic.meeting_id.in_(IDS)),
    ]
    names = sa.union_all(*parts).subquery()
    return (sa.select(names.c.meeting_id, names.c.part, names.c.name, names.c.local_name)
            .order_by(names.c.part, names.c.rank))


def names_by_id(bind, model: type, ids: Iterable[int]) -> dict[int, Names]:
    """``{id: (name, local name)}`` of these people or organisations (topics: (name, None)), for a
    bulk writer building the search text of meetings before it inserts them."""
    local = getattr(model, "local_name", sa.null())
    found: dict[int, Names] = {}
    for batch in chunks(ids):
        found.update({row_id: (name, local_name) for row_id, name, local_name in bind.execute(
            sa.select(model.id, model.name, local).where(model.id.in_(batch)))})
    return found


@cache
def _rewrite():
    table = Meeting.__table__
    return table.update().where(table.c.id == sa.bindparam("key")).values(search_text=sa.bindparam("text"))


def refresh_search_text(bind, meeting_ids: Iterable[int]) -> None:
    """Rewrite the search text of these meetings where it changed; a session's loaded meetings
    show the new text."""
    texts = search_texts(bind, meeting_ids)
    changed = [{"key": meeting_id, "text": text} for meeting_id, (stored, text) in texts.items()
               if stored != text]
    if changed:
        bind.execute(_rewrite(), changed)
    if isinstance(bind, Session):
        for obj in bind.identity_map.values():
            if isinstance(obj, Meeting) and obj.id in texts:
                set_committed_value(obj, "search_text", texts[obj.id][1])
