"""The generated benchmark database: BENCH_MEETINGS meetings (100,000 by default) with DESIGN.md's
ratios in a fresh, migrated SQLite file, built once and reused by every query benchmark."""

from __future__ import annotations

import os
import time
from pathlib import Path

BENCH_DIR = Path(__file__).parent
BENCH_MEETINGS = int(os.environ.get("BENCH_MEETINGS", "100000"))

SEED = 42
built_in_this_process: dict = {}     # build_database's result when it already ran in this process


def build_database(path: Path) -> dict:
    """A fresh SQLite file at ``path``: migrated, the reference scenario, then BENCH_MEETINGS
    generated meetings. Returns the seconds the generation took and the rows it wrote."""
    from seed_data.generator import generate
    from seed_data.reference import load_reference
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade

    path = Path(path)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            load_reference(session)
        started = time.perf_counter()
        counts = generate(engine, meetings=BENCH_MEETINGS, seed=SEED)
        seconds = time.perf_counter() - started
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    result = {"seconds": seconds, "rows": sum(counts.values()), "counts": counts, "path": path}
    built_in_this_process.update(result)
    return result


def upgrade_database(url: str) -> None:
    """Migrate a benchmark database an earlier version built and refresh its statistics."""
    from tracker.db import make_engine, refresh_statistics
    from tracker.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            refresh_statistics(connection)
    finally:
        engine.dispose()
