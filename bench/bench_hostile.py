"""Hostile files (issue 12): how fast a real zip bomb is refused, and a long import fuzz run.

``xlsx_bomb_refused_s``: reading a 6 MB workbook whose sheet inflates to 1.5 GB, until the
domain error (target < 5 s; before the archive checks it ran past 300 s holding 6.7 GB);
``xlsx_bomb_refused_peak_mb``: the Python memory allocated meanwhile (tracemalloc; < 200 MB).
``import_fuzz_cases``: generated CSV and XLSX files imported into a fresh SQLite database (and
PostgreSQL when ``TRACKER_TEST_DATABASE_URL`` is set); ``import_fuzz_failures`` must be 0.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.postgres import empty_database

BOMB_INFLATED_BYTES = 1500 * 2**20
FUZZ_EXAMPLES = int(os.environ.get("BENCH_FUZZ_EXAMPLES", "1500"))


def _bomb_refusal(folder: Path) -> dict:
    from seed_data.hostile_files import xlsx_bomb
    from tracker.errors import ValidationError
    from tracker.importers import read_path

    path = folder / "bomb.xlsx"
    xlsx_bomb(path, BOMB_INFLATED_BYTES)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_path(path)
        refused = False
    except ValidationError:
        refused = True
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused, "the zip bomb was read"
    return {"xlsx_bomb_file_mb": round(path.stat().st_size / 2**20, 1),
            "xlsx_bomb_refused_s": round(elapsed, 3), "xlsx_bomb_refused_peak_mb": round(peak / 2**20, 1)}


def _fuzz(url: str) -> tuple[int, list[str]]:
    """Examples tried and the failures found, importing generated files into ``url``."""
    from hypothesis import HealthCheck, given, settings

    from tests.import_fuzz import cases, check_import
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    tried, failures = 0, []
    with session_scope(engine) as session:
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=cases())
        def run(case):
            nonlocal tried
            tried += 1
            try:
                problem = check_import(session, case)
            except Exception as exc:  # counted, not raised: the run goes on to count them all
                session.rollback()
                problem = f"{exc.__class__.__name__}: {exc}"[:300]
            if problem:
                failures.append(f"{problem} <- {case!r}"[:1000])

        run()
    engine.dispose()
    return tried, failures


def run(context) -> dict:
    figures: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        figures |= _bomb_refusal(Path(folder))
        started = time.perf_counter()
        tried, failures = _fuzz(f"sqlite:///{Path(folder) / 'fuzz.db'}")
    pg_url = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
    if pg_url:
        pg_tried, pg_failures = _fuzz(empty_database(pg_url, "fuzz"))
        tried, failures = tried + pg_tried, failures + pg_failures
    for failure in failures[:20]:
        print("   fuzz failure:", failure)
    return figures | {"import_fuzz_cases": tried, "import_fuzz_failures": len(failures),
                      "import_fuzz_s": round(time.perf_counter() - started, 1)}
