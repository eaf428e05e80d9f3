"""Exporting a table to a file in a registered table-export format (CSV, Excel): a whole table view
(meetings, organisations, people, pledges, agreements) or the DataFrame a page shows.

Rows of a table view stream from the database straight into the file, so memory stays flat however
many rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from sqlmodel import Session

from tracker.definitions import HELP
from tracker.i18n import _
from tracker.labels import label
from tracker.queries.filter_words import describe_filters
from tracker.queries.filters import Filters
from tracker.queries.table_views import TABLE_VIEWS
from tracker.reports.exports import Sheet, about_pairs, frame_rows
from tracker.reports.formats import DocumentKind, Tables, render, render_bytes


def export_table(session: Session, filters: Filters, view: str, fmt: str, out: Path | str | BinaryIO, *,
                 generated_by: str | None = None) -> int:
    """Write ``view`` under ``filters`` to ``out`` in format ``fmt``; returns the number of rows.
    Headings and values are the words a reader sees on the pages ("Signed on", "Signing ceremony")."""
    table = TABLE_VIEWS[view](session, filters)

    def about(counts: dict[str, int]):
        # Called only by a workbook, after its rows are written: a CSV file has no "About" sheet.
        pairs = about_pairs(_("{table} export").format(table=label(view)), describe_filters(session, filters),
                            rows=counts.get(view), generated_by=generated_by)
        return [*pairs, *definition_pairs(table.defines)]

    return render(DocumentKind.TABLE_EXPORT, fmt, Tables([Sheet(view, table.headers, table.rows)], about),
                  out)[view]


def definition_pairs(keys: Sequence[str]) -> list[tuple[str, str]]:
    """("Definition", sentence) lines for an "About" sheet: what each shared figure in it means."""
    return [(_("Definition"), HELP[key]) for key in keys]


def frame_to_bytes(frame: pd.DataFrame, fmt: str, *, name: str = "data",
                   about: Sequence[tuple[str, object]] = ()) -> bytes:
    """A DataFrame as the bytes of a file in table-export format ``fmt``, for a download button."""
    sheet = Sheet(name, list(map(str, frame.columns)), frame_rows(frame))
    return render_bytes(DocumentKind.TABLE_EXPORT, fmt, Tables([sheet], about))
