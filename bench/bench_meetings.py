"""Meeting list search at 100,000 meetings: one page plus the total count, with a search term.

Terms are drawn from the database itself (a person's, an organisation's and a topic's name, a
word that matches nothing, and a two-word query), so the figure holds for any generated data.
"""

from __future__ import annotations

import sqlalchemy as sa

from bench.harness import BenchContext, p50, p95, timings_ms
from tracker.db import make_engine, session_scope
from tracker.models import Confidentiality
from tracker.queries.filters import Filters
from tracker.queries.meetings import list_meetings
from tracker.search_index import create_search_index, has_search_index


def search_terms(session) -> list[str]:
    """Realistic search-box input taken from the data: names, an organisation, a topic, a miss."""
    person = session.execute(sa.text("SELECT name FROM person ORDER BY id LIMIT 1 OFFSET 7")).scalar()
    org = session.execute(sa.text("SELECT name FROM organisation ORDER BY id LIMIT 1 OFFSET 3")).scalar()
    topic = session.execute(sa.text("SELECT name FROM topic ORDER BY id LIMIT 1")).scalar()
    terms = [t for t in (person, org, topic) if t]
    if person and " " in person:
        terms.append(person.split()[-1])
    terms.append("no such meeting anywhere")
    return terms


def run(context: BenchContext) -> dict:
    engine = make_engine(context.sqlite_url())
    with engine.begin() as connection:
        if not has_search_index(connection):  # a database built before the index existed
            create_search_index(connection)
    filters = Filters(clearance=Confidentiality.SECRET)
    samples: list[float] = []
    with session_scope(engine) as session:
        terms = search_terms(session)
        for term in terms:
            samples += timings_ms(lambda term=term: list_meetings(session, filters, search=term,
                                                                  page=1, page_size=25), repeat=9)
        total = list_meetings(session, filters).total
    engine.dispose()
    return {"meeting_search_p50_ms": p50(samples), "meeting_search_p95_ms": p95(samples),
            "meeting_search_meetings": total}
