"""Seeding benchmark: generate BENCH_MEETINGS meetings (100,000 by default) with DESIGN.md's
ratios into a fresh, migrated SQLite file. The file it builds is the one the query benchmarks
read (``BenchContext.sqlite_100k``), so it is built once per ``make bench``."""

from __future__ import annotations

from bench.generated_database import BENCH_DIR, BENCH_MEETINGS, build_database, built_in_this_process
from bench.harness import BenchContext


def run(context: BenchContext) -> dict:
    """seed_100k_s, seed_rows_per_s and seed_100k_db_mb; leaves the file for the other benchmarks."""
    path = BENCH_DIR / f"bench-{BENCH_MEETINGS}.db"
    if built_in_this_process.get("path") == path:
        result = built_in_this_process             # an earlier benchmark built it just now: no second build
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
