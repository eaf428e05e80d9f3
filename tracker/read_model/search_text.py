"""The meeting's search text: the lower-cased words the meeting list finds it by.

``meeting_search_text`` builds it from plain values, so the services (through the unit of work),
the importer and the generator write the same text for the same meeting. ``refresh_search_text``
reads those values back for meetings whose words may have changed (the meeting itself, a person
or organisation it mentions renamed or merged) and rewrites their text.
"""

from __future__ import annotations

from collections.abc import Iterable

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
from tracker.read_model.summaries import chunks

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
        people = _grouped(bind, sa.select(Participation.meeting_id, Person.name, Person.local_name)
                          .join(Person, Person.id == Participation.person_id)
                          .where(Participation.meeting_id.in_(batch)).order_by(Participation.id))
        mo = MeetingOrganisation
        orgs = _grouped(bind, sa.select(mo.meeting_id, Organisation.name, Organisation.local_name)
                        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
                        .where(MeetingOrganisation.meeting_id.in_(batch))
                        .order_by(MeetingOrganisation.organisation_id))
        topics = _grouped(bind, sa.select(MeetingTopic.meeting_id, Topic.name)
                          .join(Topic, Topic.id == MeetingTopic.topic_id)
                          .where(MeetingTopic.meeting_id.in_(batch)))
        meetings = sa.select(Meeting.id, Meeting.search_text, Meeting.title, Meeting.place, Meeting.summary)
        for meeting_id, stored, title, place, summary in bind.execute(meetings.where(Meeting.id.in_(batch))):
            texts[meeting_id] = (stored, meeting_search_text(
                title, place, summary, people.get(meeting_id, []), orgs.get(meeting_id, []),
                [name for (name,) in topics.get(meeting_id, [])]))
    return texts


def _grouped(bind, query) -> dict[int, list[tuple]]:
    """Rows of (meeting id, *values) as ``{meeting id: [values, …]}``, in the query's order."""
    grouped: dict[int, list[tuple]] = {}
    for meeting_id, *values in bind.execute(query):
        grouped.setdefault(meeting_id, []).append(tuple(values))
    return grouped


def refresh_search_text(bind, meeting_ids: Iterable[int]) -> None:
    """Rewrite the search text of these meetings where it changed; a session's loaded meetings
    show the new text."""
    texts = search_texts(bind, meeting_ids)
    changed = [{"key": meeting_id, "text": text} for meeting_id, (stored, text) in texts.items()
               if stored != text]
    if changed:
        table = Meeting.__table__
        bind.execute(table.update().where(table.c.id == sa.bindparam("key"))
                     .values(search_text=sa.bindparam("text")), changed)
    if isinstance(bind, Session):
        for obj in bind.identity_map.values():
            if isinstance(obj, Meeting) and obj.id in texts:
                set_committed_value(obj, "search_text", texts[obj.id][1])
