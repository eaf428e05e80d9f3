"""The transparency return as a file in the published four-column layout (CSV or Excel).

The Excel file adds a sheet of the meetings left out and why, and an "About" sheet. Its "Date"
column holds dates only: a date known to the month is the month's first day, formatted to read
"May 2019" as the CSV file's text does (the published four columns leave no room for a precision
column).
"""

from __future__ import annotations

import io

from sqlmodel import Session

from tracker.i18n import CHINESE, _, current_language, format_date
from tracker.models import DatePrecision
from tracker.models.quarters import normalise_quarter
from tracker.queries.filters import Filters
from tracker.queries.transparency import date_of, transparency_return
from tracker.reports.exports import PeriodDate, Sheet, about_pairs, frame_rows
from tracker.reports.formats import DocumentKind, Tables, format_for


def write_return(session: Session, filters: Filters, quarter: str, fmt: str, out, *,
                 generated_by: str | None = None) -> tuple[int, int]:
    """Write the quarter's return to ``out`` in a registered return format; returns (rows written,
    meetings left out)."""
    file_format = format_for(DocumentKind.TRANSPARENCY_RETURN, fmt)
    rows, problems = transparency_return(session, filters, quarter)
    name = normalise_quarter(quarter)
    about = about_pairs(_("Meetings with outside organisations, {quarter}").format(quarter=name),
                        [(_("Quarter"), name), (_("Meetings left out"), len(problems))],
                        rows=len(rows), generated_by=generated_by)
    at = list(rows.columns).index("Date")
    columns, lines = [_(column) for column in rows.columns], frame_rows(rows)
    lines = _typed_dates(at, lines) if file_format.typed_cells else _date_texts(at, lines)
    widths = {_("Official"): 50, _("Purpose of meeting"): 60}
    tables = Tables([Sheet(_("Return {quarter}").format(quarter=name), columns, lines, widths),
                     Sheet(_("Left out"), [_("Meeting id"), _("Date"), _("Meeting"), _("Why")],
                           frame_rows(problems))],
                    about)
    file_format.render(DocumentKind.TRANSPARENCY_RETURN, tables, out)
    return len(rows), len(problems)


def _typed_dates(at: int, rows):
    """The return's rows with a date (or a month) in "Date" (column ``at``) instead of its text."""
    for row in rows:
        day, precision = date_of(row[at])
        cell = day if precision is DatePrecision.DAY else PeriodDate(day, precision.value)
        yield (*row[:at], cell, *row[at + 1:])


def date_text(text: str) -> str:
    """A return's "Date" as the reader writes it: as stored in English (2019-05-07, May 2019),
    2019年5月7日 and 2019年5月 in Chinese. The page shows what the file holds."""
    if current_language() != CHINESE:
        return text
    day, precision = date_of(text)
    return format_date(day, precision.value)


def _date_texts(at: int, rows):
    """The return's rows with "Date" (column ``at``) as the reader writes it (``date_text``)."""
    for row in rows:
        yield (*row[:at], date_text(row[at]), *row[at + 1:])


def return_bytes(session: Session, filters: Filters, quarter: str, fmt: str, *,
                 generated_by: str | None = None) -> bytes:
    """The quarter's return as a file's bytes (``write_return``), for a download button."""
    out = io.BytesIO()
    write_return(session, filters, quarter, fmt, out, generated_by=generated_by)
    return out.getvalue()
