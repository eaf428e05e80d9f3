"""Reports at working scale (100,000 meetings): a one-year period report in PDF and Word (charts
included), and an XLSX export of 50,000 meetings, its time and the exporting process's peak memory.

The export runs in a child process so its peak resident memory is its own, not the benchmark's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bench.harness import BenchContext

ROOT = Path(__file__).resolve().parents[1]
EXPORT_ROWS = 50_000


def _database(context: BenchContext) -> Path:
    """The shared generated database every query benchmark reads."""
    return context.sqlite_100k()


def busiest_year_filters(session):
    """The year with the most meetings, as the filters of its period report (everything visible)."""
    from tracker.models import Confidentiality, Meeting
    from tracker.queries.enterprise_counts import year_of
    from tracker.queries.filters import Filters

    year_column = year_of(session, Meeting.date).label("year")
    year = int(session.execute(sa.select(year_column).group_by(year_column)
                               .order_by(sa.func.count().desc()).limit(1)).scalar())
    return Filters(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), clearance=Confidentiality.SECRET)


def year_report(session, fmt: str) -> tuple[float, float, bytes]:
    """A one-year period report (the busiest year) built and rendered in ``fmt``, charts included
    when the format draws them: (wall seconds, this process's CPU seconds, the document)."""
    from tracker.reports.formats import DocumentKind, format_for
    from tracker.reports.period import build_period_report, render

    filters = busiest_year_filters(session)
    started, cpu = time.perf_counter(), time.process_time()
    document = build_period_report(session, filters,
                                   with_charts=format_for(DocumentKind.PERIOD_REPORT, fmt).draws_charts)
    data = render(document, fmt)
    return time.perf_counter() - started, time.process_time() - cpu, data


def _period_for(engine, rows: int) -> tuple[dt.date, dt.date]:
    """From the first meeting to the day by which ``rows`` meetings (any clearance) are reached."""
    with engine.connect() as conn:
        first = conn.execute(sa.text("SELECT min(date) FROM meeting")).scalar()
        last = (conn.execute(sa.text("SELECT date FROM meeting ORDER BY date LIMIT 1 OFFSET :n"),
                             {"n": rows - 1}).scalar()
                or conn.execute(sa.text("SELECT max(date) FROM meeting")).scalar())
    return dt.date.fromisoformat(str(first)), dt.date.fromisoformat(str(last))


EXPORT_CHILD = """
import datetime as dt, json, sys, time
from tracker.db import make_engine, session_scope
from tracker.models import Confidentiality
from tracker.queries.filters import Filters
from tracker.reports.table_export import export_table
url, out, start, end = sys.argv[1:5]
engine = make_engine(url)
def high_water_kb():
    # VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's over exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
baseline = high_water_kb()
started, cpu = time.perf_counter(), time.process_time()
with session_scope(engine) as session:
    rows = export_table(session, Filters(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end),
                        clearance=Confidentiality.SECRET), "meetings", "xlsx", out)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = high_water_kb()
print(json.dumps({"rows": rows, "seconds": elapsed, "cpu": cpu, "peak_kb": peak, "baseline_kb": baseline}))
"""


def run(context: BenchContext) -> dict:
    from tracker.db import make_engine, session_scope
    from tracker.reports.formats import DocumentKind, formats_for

    path = _database(context)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    results: dict[str, float] = {}
    with session_scope(engine) as session, tempfile.TemporaryDirectory() as folder:
        # The formats that carry the charts: the report as it is sent (report_year_pdf_s, …_docx_s).
        for fmt in [f.key for f in formats_for(DocumentKind.PERIOD_REPORT) if f.draws_charts]:
            # The CPU time is this process's (the browser drawing the charts is not in it): shows
            # how much of the wall time is waiting on a shared, busy machine.
            seconds, cpu, data = year_report(session, fmt)
            results[f"report_year_{fmt}_s"], results[f"report_year_{fmt}_cpu_s"] = seconds, cpu
            Path(folder, f"report.{fmt}").write_bytes(data)
            if fmt == "pdf":
                results["report_year_pdf_mb"] = len(data) / 1e6
        start, end = _period_for(engine, EXPORT_ROWS)
        out = Path(folder) / "meetings.xlsx"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.run([sys.executable, "-c", EXPORT_CHILD, url, str(out), start.isoformat(),
                                end.isoformat()], capture_output=True, text=True, env=env, check=True)
        figures = json.loads(child.stdout.strip().splitlines()[-1])
    results["export_50k_xlsx_s"] = figures["seconds"]
    results["export_50k_xlsx_cpu_s"] = figures["cpu"]
    results["export_50k_xlsx_peak_mb"] = figures["peak_kb"] / 1024
    results["export_50k_xlsx_growth_mb"] = (figures["peak_kb"] - figures["baseline_kb"]) / 1024
    results["export_50k_xlsx_rows"] = figures["rows"]
    engine.dispose()
    return results
