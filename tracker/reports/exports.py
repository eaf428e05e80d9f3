"""CSV and Excel files from any table view, safe to open in a spreadsheet.

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese names correctly. XLSX cells are typed
(dates as dates, numbers as numbers), the header is bold, frozen and filterable, and an "About"
sheet says which filters made the file and when. Rows are streamed to disk as they come (see
``xlsx_stream``), so a 50,000-row export needs little memory and a few seconds.
Text that a spreadsheet would run as a formula is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import xlsxwriter

from tracker.reports.xlsx_stream import RowWriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200
MAX_WIDTH = 60


def neutralize(text: str) -> str:
    """Text that would start a formula gets a leading apostrophe, so it is shown, never run."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass
class Sheet:
    """One worksheet: a name, column names and rows (any iterable of sequences)."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence]
    widths: dict[str, int] = field(default_factory=dict)


def python_value(value):
    """A cell as a plain Python value: NaN/NaT → None, numpy scalars → int/float, Timestamp → datetime
    (or a date when it is a midnight one)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        # pandas turns a date column into midnight Timestamps: give the date back, so a sheet
        # shows 2019-05-07 rather than 2019-05-07 00:00. Only a real time of day stays a datetime.
        moment = value.to_pydatetime()
        return moment.date() if moment.time() == dt.time() and moment.tzinfo is None else moment
    if value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return python_value(value.item())
        except (ValueError, AttributeError):
            return value
    return value


def frame_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    """A DataFrame's rows as tuples of plain values."""
    for row in frame.itertuples(index=False, name=None):
        yield tuple(python_value(v) for v in row)


def _csv_text(value) -> str:
    value = python_value(value)
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return neutralize(value)
    return str(value)


def write_csv(out: BinaryIO | Path | str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write UTF-8 CSV with a BOM; returns the number of data rows."""
    if isinstance(out, (str, Path)):
        with open(out, "wb") as handle:
            return write_csv(handle, columns, rows)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([neutralize(str(c)) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _display_length(value) -> int:
    value = python_value(value)
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    # Chinese characters are about twice as wide as Latin ones.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.time = book.add_format({"num_format": "hh:mm"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.bold = book.add_format({"bold": True})


def _write_cell(sheet, row: int, col: int, value, formats: _Formats) -> None:
    value = python_value(value)
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats.datetime)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats.date)
    elif isinstance(value, dt.time):
        sheet.write_datetime(row, col, value, formats.time)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, neutralize(str(value)))


def _write_sheet(book: xlsxwriter.Workbook, spec: Sheet, formats: _Formats,
                 stream: bool = False) -> tuple[int, RowWriter | None]:
    """Write the header and rows; with ``stream``, rows after the first sample go to a ``RowWriter``
    (spliced in after the workbook closes). Returns (rows, the writer or None)."""
    sheet = book.add_worksheet(spec.name[:31])
    rows = iter(spec.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    for col, name in enumerate(spec.columns):
        longest = max([_display_length(name), *(_display_length(r[col]) for r in sample)])
        width = spec.widths.get(name) or min(MAX_WIDTH, max(8, longest + 2))
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, str(name), formats.header)
    for number, row in enumerate(sample, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, number, col, value, formats)
    count, writer = len(sample), None
    if stream and len(sample) == WIDTH_SAMPLE:
        writer = RowWriter(len(spec.columns), date_style=formats.date._get_xf_index(),
                           datetime_style=formats.datetime._get_xf_index(), neutralize=neutralize,
                           python_value=python_value)
        count += writer.write(rows, first_row=count + 2)
    else:
        for row in rows:
            count += 1
            for col, value in enumerate(row):
                _write_cell(sheet, count, col, value, formats)
    sheet.freeze_panes(1, 0)
    if spec.columns:
        sheet.autofilter(0, 0, max(count, 1), len(spec.columns) - 1)
    return count, writer


def write_about_sheet(book: xlsxwriter.Workbook, pairs: Sequence[tuple[str, object]], formats=None) -> None:
    """A two-column sheet describing how the workbook was made (filters, time, clearance)."""
    formats = formats or _Formats(book)
    sheet = book.add_worksheet("About")
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 80)
    for row, (label, value) in enumerate(pairs):
        sheet.write_string(row, 0, str(label), formats.bold)
        _write_cell(sheet, row, 1, value, formats)


def write_xlsx(out: BinaryIO | Path | str, sheets: Sequence[Sheet],
               about: Sequence[tuple[str, object]] | Callable[[dict], Sequence] = ()) -> dict[str, int]:
    """Write a workbook of ``sheets`` (then an "About" sheet); returns rows written per sheet.

    ``about`` may be a function of the row counts, so streamed sheets can report their size.
    A path streams rows through constant-memory mode; a file object is built in memory
    (downloads are small).
    """
    to_file = isinstance(out, (str, Path))
    options = {"remove_timezone": True, "strings_to_formulas": False, "strings_to_urls": False}
    options.update({"constant_memory": True} if to_file else {"in_memory": True})
    book = xlsxwriter.Workbook(str(out) if to_file else out, options)
    formats = _Formats(book)
    counts, writers = {}, []
    try:
        for index, spec in enumerate(sheets, start=1):
            counts[spec.name], writer = _write_sheet(book, spec, formats, stream=to_file)
            if writer is not None:
                writers.append((index, writer, counts[spec.name], len(spec.columns)))
        if callable(about):
            about = about(counts)
        if about:
            write_about_sheet(book, about, formats)
        book.close()
        for index, writer, rows, columns in writers:
            writer.splice(Path(out), index, rows + 1, columns - 1)
    finally:
        for _, writer, _, _ in writers:
            writer.discard()
    return counts


def about_pairs(title: str, filter_pairs: Sequence[tuple[str, str]], rows: int | None = None,
                generated_by: str | None = None) -> list[tuple[str, object]]:
    """The "About" sheet's lines: what, when, by whom, and every filter."""
    pairs: list[tuple[str, object]] = [("Export", title),
                                       ("Generated at (UTC)", dt.datetime.now(dt.UTC).replace(tzinfo=None,
                                                                                               microsecond=0))]
    if generated_by:
        pairs.append(("Generated by", generated_by))
    pairs.extend(filter_pairs)
    if rows is not None:
        pairs.append(("Rows", rows))
    return pairs

