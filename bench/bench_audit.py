"""The audit chain's cost: one chained append inside a service write, and walking the chain.

``audit_append_ms`` is the p50 time spent in ``append_rows`` (reserve the head, hash, insert,
move the head) while ``create_event`` runs, beside the whole write's p50; on a fresh SQLite file
and, when ``TRACKER_TEST_DATABASE_URL`` is set, on a PostgreSQL database of its own.
``audit_verify_ms_per_1000_rows`` is ``verify_chain`` over 20,000 bulk-appended rows.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.harness import BenchContext, p50
from bench.postgres import drop_database, empty_database
from tracker.audit import chain
from tracker.audit.verify import verify_chain
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.models import EventCreate
from tracker.services import events

WRITES = 200
VERIFY_ROWS = 20_000


def _measure(engine) -> dict[str, float]:
    append_ms: list[float] = []
    write_ms: list[float] = []
    timed_append = chain.append_rows  # the commit listener looks it up at call time: wrap it there

    def append(conn, rows):
        started = time.perf_counter()
        timed_append(conn, rows)
        append_ms.append((time.perf_counter() - started) * 1000)

    chain.append_rows = append
    try:
        with session_scope(engine) as session:
            for number in range(WRITES):
                started = time.perf_counter()
                events.create_event(session=session, actor=SYSTEM_ACTOR,
                                    data=EventCreate(name=f"Bench event {number}"))
                write_ms.append((time.perf_counter() - started) * 1000)
    finally:
        chain.append_rows = timed_append
    with engine.begin() as conn:
        for start in range(0, VERIFY_ROWS, 2_000):
            timed_append(conn, [{"at": None, "actor_id": None, "actor_username": "bench",
                                 "action": "update", "entity_type": "event", "entity_id": n,
                                 "summary": f"row {n}", "before": {"name": "a", "n": n},
                                 "after": {"name": "b", "n": n}}
                                for n in range(start, start + 2_000)])
    started = time.perf_counter()
    report = verify_chain(engine)
    verify_ms = (time.perf_counter() - started) * 1000
    assert report.intact, report.describe()
    return {"append": p50(append_ms), "write": p50(write_ms),
            "verify_per_1000": verify_ms / report.rows * 1000}


@contextmanager
def _postgres_database(test_url: str):
    url = empty_database(test_url, "audit_bench")
    yield url
    drop_database(test_url, url)


def _on(url: str) -> dict[str, float]:
    engine = make_engine(url)
    try:
        upgrade(engine)
        return _measure(engine)
    finally:
        engine.dispose()


def run(context: BenchContext) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        sqlite = _on(f"sqlite:///{Path(folder) / 'audit.db'}")
    figures = {"audit_append_ms": sqlite["append"], "audit_service_write_ms": sqlite["write"],
               "audit_verify_ms_per_1000_rows": sqlite["verify_per_1000"]}
    test_url = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
    if test_url:
        with _postgres_database(test_url) as url:
            pg = _on(url)
        figures |= {"audit_append_pg_ms": pg["append"], "audit_service_write_pg_ms": pg["write"],
                    "audit_verify_pg_ms_per_1000_rows": pg["verify_per_1000"]}
    return figures
