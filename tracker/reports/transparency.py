"""The transparency return as a file in the published four-column layout (CSV or Excel).

The Excel file adds a sheet of the meetings left out and why, and an "About" sheet.
"""

from __future__ import annotations

from sqlmodel import Session

from tracker.models.quarters import normalise_quarter
from tracker.queries.filters import Filters
from tracker.queries.transparency import transparency_return
from tracker.reports.exports import Sheet, about_pairs, frame_rows
from tracker.reports.formats import DocumentKind, Tables, render


def write_return(session: Session, filters: Filters, quarter: str, fmt: str, out, *,
                 generated_by: str | None = None) -> tuple[int, int]:
    """Write the quarter's return to ``out`` in a registered return format; returns (rows written,
    meetings left out)."""
    rows, problems = transparency_return(session, filters, quarter)
    label = normalise_quarter(quarter)
    about = about_pairs(f"Meetings with outside organisations, {label}",
                        [("Quarter", label), ("Meetings left out", len(problems))],
                        rows=len(rows), generated_by=generated_by)
    tables = Tables([Sheet(f"Return {label}", list(rows.columns), frame_rows(rows),
                           {"Official": 50, "Purpose of meeting": 60}),
                     Sheet("Left out", ["Meeting id", "Date", "Meeting", "Why"], frame_rows(problems))],
                    about)
    render(DocumentKind.TRANSPARENCY_RETURN, fmt, tables, out)
    return len(rows), len(problems)
