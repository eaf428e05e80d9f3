"""Seeding benchmark: generate BENCH_MEETINGS meetings (100,000 by default) with DESIGN.md's
ratios into a fresh, migrated SQLite file. The file it builds is the one the query benchmarks
read (``BenchContext.sqlite_100k``), so it is built once per ``make bench``."""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import BENCH_DIR, BENCH_MEETINGS, BenchContext

SEED = 42
_built_here: dict = {}     # build_database's result when it already ran in this process


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
    _built_here.update(result)
    return result


def run(context: BenchContext) -> dict:
    """seed_100k_s, seed_rows_per_s and seed_100k_db_mb; leaves the file for the other benchmarks."""
    path = BENCH_DIR / f"bench-{BENCH_MEETINGS}.db"
    if _built_here.get("path") == path:
        result = _built_here             # an earlier benchmark built it just now: no second build
    else:
        marker = path.with_suffix(".ok")
        marker.unlink(missing_ok=True)
        result = build_database(path)
        marker.write_text("ok")
    context.sqlite_100k()                 # registers the file for the query benchmarks
    print(f"   {result['rows']:,} rows: " + ", ".join(f"{k} {v:,}" for k, v in result["counts"].items()))
    return {
        "seed_100k_s": round(result["seconds"], 2),
        "seed_rows_per_s": round(result["rows"] / result["seconds"]),
        "seed_100k_db_mb": round(path.stat().st_size / 1_000_000, 1),
    }
