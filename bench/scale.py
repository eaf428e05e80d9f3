"""``make bench-scale``: ten times the working scale, 1,000,000 generated meetings
(``BENCH_SCALE_MEETINGS``), on SQLite and, when ``TRACKER_TEST_DATABASE_URL`` is set or
``--postgres URL`` is given, on PostgreSQL (database ``<name>_scale`` beside that one). Measures
every dashboard query (``bench_dashboards``' set, 12 months and all time, and its ratio to the
hand-written SQL), the meeting search (the search bench's labelled queries), the calendar's month
view, a year's period report (PDF with its charts, as sent) and the Overview's first render, with
the other benches' own measuring code; merges the figures into ``bench/results.json``.

Keys (``1m`` is the scale; another ``BENCH_SCALE_MEETINGS`` writes its own, e.g. ``300k``). On
SQLite, the names issue 18 gives: ``<query>_<view>_1m_p50_ms`` (and ``_p95_ms``, ``_ratio``),
``meeting_search_1m_p50_ms``, ``meeting_search_1m_p95_ms``, ``calendar_month_1m_ms`` (p50),
``period_report_year_1m_s``, ``overview_first_render_1m_s``. On PostgreSQL the same with
``_postgresql`` before the scale: ``kpis_12m_postgresql_1m_p50_ms``, ``meeting_search_postgresql_1m_p95_ms``…
A database built in the run adds ``scale_build_<database>_1m_s``.

The databases are built once and reused while they hold the meetings (SQLite: ``scale-<n>.db`` in
``BENCH_SCALE_DIR``, default ``bench/``, with its ``.ok`` marker once finished); building 1,000,000
meetings on SQLite took ~20 minutes of CPU (54 on a shared, loaded machine) for a 5.6 GB file,
and shows its progress. Targets (issue 18): every
dashboard query's p50 under 300 ms, search p95 under 200 ms, first Overview render under 2 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench import bench_calendar, bench_dashboards, bench_reports, bench_search
from bench.generated_database import BENCH_DIR, generated_sqlite
from bench.harness import merge_results, p50, p95, print_figures

SCALE_MEETINGS = int(os.environ.get("BENCH_SCALE_MEETINGS", "1000000"))
SCALE_DIR = Path(os.environ.get("BENCH_SCALE_DIR", BENCH_DIR))
REPEAT = int(os.environ.get("BENCH_SCALE_REPEAT", "7"))  # each run of a query is ~10x the bench's
PARTS = ("dashboards", "search", "calendar", "report", "render")


def scale_label(meetings: int) -> str:
    """1,000,000 → '1m', 300,000 → '300k': the scale in a key."""
    if meetings % 1_000_000 == 0:
        return f"{meetings // 1_000_000}m"
    return f"{meetings // 1000}k" if meetings % 1000 == 0 else str(meetings)


def measure_database(url: str, *, sqlite_path: Path | None, tag: str, parts=PARTS) -> dict:
    """Every figure on the database at ``url``; ``tag`` goes before each key's unit
    (``_1m`` on SQLite, ``_postgresql_1m`` on PostgreSQL)."""
    from tracker.db import make_engine, session_scope

    results: dict = {}

    def record(figures: dict) -> None:
        results.update(figures)
        print_figures(figures)
        merge_results(figures)

    if "dashboards" in parts:
        print("-- dashboard queries", flush=True)
        if sqlite_path is not None:
            record(bench_dashboards.measure_sqlite(sqlite_path, suffix=tag, repeat=REPEAT))
        else:
            record(bench_dashboards.measure_postgres(url, suffix=tag, repeat=REPEAT))
    if "search" in parts:
        print("-- meeting search", flush=True)
        _precision, _labelled, samples = bench_search.measure(url, repeat=REPEAT)
        record({f"meeting_search{tag}_p50_ms": round(p50(samples), 2),
                f"meeting_search{tag}_p95_ms": round(p95(samples), 2)})
    engine = make_engine(url)
    try:
        if "calendar" in parts:
            print("-- calendar month", flush=True)
            with session_scope(engine) as session:
                samples, _most = bench_calendar.month_timings(session, repeat=REPEAT)
            record({f"calendar_month{tag}_ms": round(p50(samples), 2),
                    f"calendar_month{tag}_p95_ms": round(p95(samples), 2)})
        if "report" in parts:
            print("-- a year's period report (PDF)", flush=True)
            with session_scope(engine) as session:
                seconds, cpu, _document = bench_reports.year_report(session, "pdf")
            record({f"period_report_year{tag}_s": round(seconds, 2),
                    f"period_report_year{tag}_cpu_s": round(cpu, 2)})
    finally:
        engine.dispose()
    if "render" in parts:
        print("-- Overview, first render", flush=True)
        record({f"overview_first_render{tag}_s": round(bench_dashboards.first_render(url), 3)})
    return results


def sqlite_database(meetings: int) -> tuple[Path, float | None]:
    path = SCALE_DIR / f"scale-{meetings}.db"
    started = time.perf_counter()
    built = not path.with_suffix(".ok").exists()
    if built:
        print(f"Building {path} with {meetings:,} meetings (SQLite)…", flush=True)
    generated_sqlite(path, meetings)
    return path, (time.perf_counter() - started) if built else None


def postgres_database(test_url: str, meetings: int) -> tuple[str, float]:
    from bench.postgres import generated_postgres

    print(f"PostgreSQL database with {meetings:,} meetings (built when it holds fewer)…", flush=True)
    started = time.perf_counter()
    return generated_postgres(test_url, "scale", meetings), time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("TRACKER_TEST_DATABASE_URL"),
                        help="a PostgreSQL database beside which <name>_scale is built (default: "
                             "TRACKER_TEST_DATABASE_URL; none: SQLite only)")
    parser.add_argument("--databases", default="sqlite,postgresql",
                        help="which of sqlite,postgresql to measure")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"which of {','.join(PARTS)} to measure")
    args = parser.parse_args(argv)
    databases, parts = args.databases.split(","), args.parts.split(",")
    label = scale_label(SCALE_MEETINGS)
    if "sqlite" in databases:
        path, seconds = sqlite_database(SCALE_MEETINGS)
        if seconds is not None:
            merge_results({f"scale_build_sqlite_{label}_s": round(seconds, 1)})
        print(f"== SQLite, {SCALE_MEETINGS:,} meetings", flush=True)
        measure_database(f"sqlite:///{path}", sqlite_path=path, tag=f"_{label}", parts=parts)
    if "postgresql" in databases and args.postgres:
        url, seconds = postgres_database(args.postgres, SCALE_MEETINGS)
        if seconds > 60:  # built now (reusing one takes seconds)
            merge_results({f"scale_build_postgresql_{label}_s": round(seconds, 1)})
        print(f"== PostgreSQL, {SCALE_MEETINGS:,} meetings", flush=True)
        measure_database(url, sqlite_path=None, tag=f"_postgresql_{label}", parts=parts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
