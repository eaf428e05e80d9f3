"""Ranked meeting search at 100,000 meetings: precision@10 on the labelled queries and how long
one search takes (first 10 results with why each matched).

The labelled queries (tests/search_queries.json) were written over the demo data; those naming a
person or organisation the bench database does not hold are left out of the precision.
"""

from __future__ import annotations

from bench.harness import BenchContext, p50, p95, timings_ms
from tests.search_relevance import QUERIES, precision_at_10
from tracker.db import make_engine, session_scope
from tracker.models import Confidentiality
from tracker.queries.filters import Filters
from tracker.queries.meeting_search import search_meetings
from tracker.search_index import create_search_index, has_search_index


def run(context: BenchContext) -> dict:
    precision, labelled, samples = measure(context.sqlite_url())
    return {"meeting_search_precision_at_10_ratio": round(precision, 3),
            "meeting_search_labelled_queries": labelled,
            "meeting_search_p50_ms": p50(samples), "meeting_search_p95_ms": p95(samples)}


def measure(url: str, *, repeat: int = 5) -> tuple[float, int, list[float]]:
    """(precision@10, labelled queries counted, milliseconds of every search run) on the database
    at ``url``: each labelled query ``repeat`` times."""
    engine = make_engine(url)
    with engine.begin() as connection:
        if not has_search_index(connection):  # a database built before the index existed
            create_search_index(connection)
    filters = Filters(clearance=Confidentiality.SECRET)
    samples: list[float] = []
    try:
        with session_scope(engine) as session:
            precision, scores = precision_at_10(session, filters)
            for expected in QUERIES:
                samples += timings_ms(
                    lambda q=expected["query"]: search_meetings(session, filters, q, limit=10), repeat=repeat)
    finally:
        engine.dispose()
    return precision, len(scores), samples
