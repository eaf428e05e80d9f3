"""Exporting a whole table view (meetings, organisations, people, pledges, agreements) to a file.

Rows stream from the database straight into the file, so memory stays flat however many rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from tracker.queries.filters import Filters
from tracker.queries.report_scope import describe_filters
from tracker.queries.table_views import TABLE_VIEWS
from tracker.reports.exports import Sheet, about_pairs, write_csv, write_xlsx

EXPORT_FORMATS = ("csv", "xlsx")


def export_table(session: Session, filters: Filters, view: str, fmt: str, out: Path | str | BinaryIO, *,
                 generated_by: str | None = None) -> int:
    """Write ``view`` under ``filters`` as CSV or XLSX to ``out``; returns the number of rows.
    Headings and values are the words a reader sees on the pages ("Signed on", "Signing ceremony")."""
    table = TABLE_VIEWS[view](session, filters)
    if fmt == "csv":
        return write_csv(out, table.headers, table.rows)
    if fmt == "xlsx":
        pairs = describe_filters(session, filters)

        def about(counts: dict[str, int]):
            return about_pairs(f"{view.capitalize()} export", pairs, rows=counts.get(view),
                               generated_by=generated_by)

        return write_xlsx(out, [Sheet(view, table.headers, table.rows)], about)[view]
    raise ValueError(f"unknown export format {fmt!r}")
