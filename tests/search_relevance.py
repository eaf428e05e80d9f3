"""Precision of the ranked meeting search on the labelled queries of ``search_queries.json``.

Each query names what it should find: a person (meetings that person attended), an organisation
(meetings it took part in) or a phrase (meetings whose title holds it). A result is relevant when
it is one of those; precision@10 is the number of relevant meetings among the first ten found over
the most there could be (ten, or fewer when fewer are relevant).
Shared by the test (on the demo data) and the bench (at 100,000 meetings).
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from tracker.models import Meeting, MeetingOrganisation, Organisation, Participation, Person
from tracker.queries.meeting_search import search_meetings

QUERIES = json.loads((Path(__file__).parent / "search_queries.json").read_text(encoding="utf-8"))


def relevant_ids(session, expected: dict) -> set[int] | None:
    """The meetings ``expected`` describes (None when its person or organisation is not in the database)."""
    if "person" in expected:
        ids = session.execute(sa.select(Person.id).where(Person.name == expected["person"])).scalars().all()
        link = sa.select(Participation.meeting_id).where(Participation.person_id.in_(ids))
    elif "organisation" in expected:
        ids = session.execute(sa.select(Organisation.id).where(
            Organisation.name == expected["organisation"])).scalars().all()
        link = sa.select(MeetingOrganisation.meeting_id).where(MeetingOrganisation.organisation_id.in_(ids))
    else:
        return set(session.execute(sa.select(Meeting.id).where(
            sa.func.lower(Meeting.title).like(f"%{expected['title']}%"))).scalars())
    return set(session.execute(link).scalars()) if ids else None


def precision_at_10(session, filters) -> tuple[float, dict[str, float]]:
    """Mean precision@10 over the labelled queries whose records exist here, and each query's."""
    scores: dict[str, float] = {}
    for expected in QUERIES:
        wanted = relevant_ids(session, expected)
        if not wanted:
            continue
        found = search_meetings(session, filters, expected["query"], limit=10)["id"].tolist()
        scores[expected["query"]] = sum(i in wanted for i in found) / min(10, len(wanted))
    return sum(scores.values()) / max(1, len(scores)), scores
