"""The generated benchmark database: BENCH_MEETINGS meetings (100,000 by default) with DESIGN.md's
ratios in a fresh, migrated SQLite file, built once and reused by every query benchmark; the
scale benchmark (``bench.scale``) builds its 1,000,000 meetings with the same ``generate_into``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).parent
BENCH_MEETINGS = int(os.environ.get("BENCH_MEETINGS", "100000"))

SEED = 42
built_in_this_process: dict = {}     # build_database's result when it already ran in this process


def generated_sqlite(path: Path, meetings: int) -> Path:
    """``path``, an SQLite file holding ``meetings`` generated meetings: built unless a finished
    build is there (its ``.ok`` marker), else brought up to date."""
    marker = path.with_suffix(".ok")
    if not (path.exists() and marker.exists()):
        build_database(path, meetings)
        marker.write_text("ok")
    else:
        upgrade_database(f"sqlite:///{path}")  # built by an earlier version
    return path


def build_database(path: Path, meetings: int = BENCH_MEETINGS) -> dict:
    """A fresh SQLite file at ``path``: migrated, the reference scenario, then ``meetings``
    generated meetings. Returns the seconds the generation took and the rows it wrote."""
    path = Path(path)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    seconds, counts = generate_into(f"sqlite:///{path}", meetings)
    result = {"seconds": seconds, "rows": sum(counts.values()), "counts": counts, "path": path}
    built_in_this_process.update(result)
    return result


def generate_into(url: str, meetings: int) -> tuple[float, dict]:
    """Migrate the empty database at ``url``, load the reference scenario and generate ``meetings``
    meetings, showing progress on long builds; returns the generation's seconds and rows per table."""
    from seed_data.generator import generate
    from seed_data.reference import load_reference
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            load_reference(session)
        started = time.perf_counter()
        counts = generate(engine, meetings=meetings, seed=SEED, progress=_progress(meetings, started))
        seconds = time.perf_counter() - started
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return seconds, counts


def _progress(meetings: int, started: float):
    """A line every tenth of the way, for builds long enough to wonder about (≥ 200,000 meetings)."""
    step, shown = max(1, meetings // 10), [0]

    def show(done: int) -> None:
        if meetings >= 200_000 and (done - shown[0] >= step or done == meetings):
            shown[0] = done
            print(f"   {done:>10,} / {meetings:,} meetings written "
                  f"({time.perf_counter() - started:,.0f} s)", file=sys.stderr, flush=True)

    return show


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
