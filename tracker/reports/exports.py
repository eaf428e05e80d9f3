"""CSV and Excel files from any table view, safe to open in a spreadsheet.

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese names correctly. XLSX cells are typed
(dates as dates, numbers as numbers), the header is bold, frozen and filterable, and an "About"
sheet says which filters made the file and when.

A date known only to the month or quarter is still a date (the period's first day) in its column;
a column headed "<that column> precision" (e.g. "Date precision") says "Month" or "Quarter", and
the date cell's number format shows only what is known ("May 2019", "2019 Q2").
Every sheet prints as a person expects: landscape A4, all columns fitted to one page wide, the
header row repeated on every page, gridlines printed. Rows are streamed to disk as they come (see
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

from tracker.i18n import CHINESE, N_, _, current_language
from tracker.labels import english_label, label
from tracker.reports.xlsx_stream import RowWriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200
MAX_WIDTH = 60
# Text columns wider than this wrap: fitted to one landscape page, a sheet of a dozen 60-wide
# columns would print in four-point type.
WRAP_WIDTH = 26
LINE_HEIGHT = 15  # points: one line of the default 11-point font
MAX_LINES = 8
# The heading of a date column's precision column ("Date" → "Date precision", 日期精度).
PRECISION_HEADING = N_("{column} precision")
# How Excel writes a month and a quarter known only to that: "May 2019", "2019 Q2" / 2019年5月,
# 2019年第二季度 (the number format's quoted text is the quarter's name in Chinese).
QUARTER_NAMES_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")
A4 = 9  # the paper size code of the OOXML page setup


def neutralize(text: str) -> str:
    """Text that would start a formula gets a leading apostrophe, so it is shown, never run."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class PeriodDate:
    """A date known only to its month or quarter, for a sheet whose published layout has no room for
    a precision column (the transparency return): written as the period's first day, formatted
    to show only the month or quarter."""

    day: dt.date
    precision: str

    def __str__(self) -> str:
        return self.day.isoformat()


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


def _words_length(text: str) -> int:
    return max((_display_length(word) for word in text.split()), default=0)


def row_height(row: Sequence, wrapped: dict[int, float]) -> float | None:
    """The height (points) a row needs for its wrapped cells (column → width), or None for one line.
    Written into the file because no spreadsheet program can be trusted to grow a row on opening
    (LibreOffice prints wrapped lines over each other)."""
    lines = 1
    for col, width in wrapped.items():
        length = _display_length(row[col]) if col < len(row) else 0
        if length > width - 1:
            # A width counts digits; text averages a little narrower, words wrap whole.
            lines = max(lines, math.ceil(0.9 * length / (width - 1)))
    return LINE_HEIGHT * min(lines, MAX_LINES) if lines > 1 else None


def precision_columns(columns: Sequence[str]) -> dict[int, int]:
    """Date column index → index of the column that says how precise its dates are ("Date" →
    "Date precision")."""
    heading = _(PRECISION_HEADING)
    index = {str(name): i for i, name in enumerate(columns)}
    return {index[name]: index[heading.format(column=name)] for name in index
            if heading.format(column=name) in index}


def period_format(precision, day: dt.date) -> str | None:
    """The number format showing a date only as precisely as it is known (None: the whole date);
    ``precision`` is the code or its word in the reader's language ("month", "Month", 月)."""
    word = str(precision or "").strip().lower()
    quarter = (day.month - 1) // 3 + 1
    chinese = current_language() == CHINESE
    if word in ("month", label("month").lower(), english_label("month").lower()):
        return 'yyyy"年"m"月"' if chinese else "mmm yyyy"
    if word in ("quarter", label("quarter").lower(), english_label("quarter").lower()):
        return f'yyyy"年{QUARTER_NAMES_ZH[quarter - 1]}"' if chinese else f'yyyy "Q{quarter}"'
    return None


def _page_setup(sheet, header_row: bool = True) -> None:
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as the rows need
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.hide_gridlines(0)  # print the gridlines: rows of a wide sheet stay easy to follow
    sheet.set_footer("&L&A&R" + _("Page &P of &N"))
    if header_row:
        sheet.repeat_rows(0)


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True,
                                       "valign": "top"})
        # Every cell sits at the top of its row, level with the first line of a wrapped neighbour.
        self.top = book.add_format({"valign": "top"})
        chinese = current_language() == CHINESE
        day = 'yyyy"年"m"月"d"日"' if chinese else "yyyy-mm-dd"
        self.date = book.add_format({"num_format": day, "valign": "top"})
        self.datetime = book.add_format({"num_format": f"{day} hh:mm", "valign": "top"})
        self.time = book.add_format({"num_format": "hh:mm", "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.bold = book.add_format({"bold": True})
        self._periods: dict[str, object] = {}

    def period(self, num_format: str):
        """The cell format of a month or quarter date (made once per number format)."""
        if num_format not in self._periods:
            self._periods[num_format] = self.book.add_format({"num_format": num_format, "align": "right",
                                                              "valign": "top"})
        return self._periods[num_format]

    def period_styles(self) -> dict[str, int]:
        """Every month and quarter format's style index, for the streamed rows."""
        formats = {period_format("month", dt.date(2000, 1, 1))}
        formats |= {period_format("quarter", dt.date(2000, month, 1)) for month in (1, 4, 7, 10)}
        return {text: self.period(text)._get_xf_index() for text in sorted(formats)}


def _write_cell(sheet, row: int, col: int, value, formats: _Formats, date_format=None) -> None:
    value = python_value(value)
    if value is None:
        return
    if isinstance(value, PeriodDate):
        num_format = period_format(value.precision, value.day)
        _write_cell(sheet, row, col, value.day, formats, formats.period(num_format) if num_format else None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats.datetime)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format or formats.date)
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
    _page_setup(sheet)
    rows = iter(spec.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    precision = precision_columns(spec.columns)
    wrapped: dict[int, float] = {}
    header_lines = 1
    for col, name in enumerate(spec.columns):
        # The header wraps at its spaces, so a column is as wide as its values and its longest word.
        longest = max([_words_length(str(name)), *(_display_length(r[col]) for r in sample)])
        width = spec.widths.get(name) or min(MAX_WIDTH, max(8, longest + 2))
        if width > WRAP_WIDTH:
            width = wrapped[col] = WRAP_WIDTH if name not in spec.widths else width
        sheet.set_column(col, col, width, formats.wrap if col in wrapped else formats.top)
        header_lines = max(header_lines, math.ceil(_display_length(name) / (width - 1)))
        sheet.write_string(0, col, str(name), formats.header)
    sheet.set_row(0, LINE_HEIGHT * header_lines if header_lines > 1 else None)

    def write_row(number: int, row: Sequence) -> None:
        height = row_height(row, wrapped) if wrapped else None
        if height:
            sheet.set_row(number, height)
        for col, value in enumerate(row):
            fmt = None
            if col in precision and isinstance(value, dt.date):
                num_format = period_format(row[precision[col]], value)
                fmt = formats.period(num_format) if num_format else None
            _write_cell(sheet, number, col, value, formats, fmt)

    for number, row in enumerate(sample, start=1):
        write_row(number, row)
    count, writer = len(sample), None
    if stream and len(sample) == WIDTH_SAMPLE:
        writer = RowWriter(len(spec.columns), date_style=formats.date._get_xf_index(),
                           datetime_style=formats.datetime._get_xf_index(), neutralize=neutralize,
                           python_value=python_value, precision=precision,
                           period_styles=formats.period_styles(),
                           period_format=period_format, period_type=PeriodDate,
                           column_styles=_column_styles(len(spec.columns), wrapped, formats),
                           row_height=(lambda row: row_height(row, wrapped)) if wrapped else None)
        count += writer.write(rows, first_row=count + 2)
    else:
        for row in rows:
            count += 1
            write_row(count, row)
    sheet.freeze_panes(1, 0)
    if spec.columns:
        sheet.autofilter(0, 0, max(count, 1), len(spec.columns) - 1)
    return count, writer


def _column_styles(columns: int, wrapped, formats: _Formats) -> dict[int, int]:
    return {col: (formats.wrap if col in wrapped else formats.top)._get_xf_index() for col in range(columns)}


def write_about_sheet(book: xlsxwriter.Workbook, pairs: Sequence[tuple[str, object]], formats=None) -> None:
    """A two-column sheet describing how the workbook was made (filters, time, clearance)."""
    formats = formats or _Formats(book)
    sheet = book.add_worksheet(_("About"))
    _page_setup(sheet, header_row=False)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 80, formats.wrap)
    for row, (heading, value) in enumerate(pairs):
        sheet.write_string(row, 0, str(heading), formats.bold)
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
    pairs: list[tuple[str, object]] = [(_("Export"), title),
                                       (_("Generated at (UTC)"), dt.datetime.now(dt.UTC).replace(tzinfo=None,
                                                                                                  microsecond=0))]
    if generated_by:
        pairs.append((_("Generated by"), generated_by))
    pairs.extend(filter_pairs)
    if rows is not None:
        pairs.append((_("Rows"), rows))
    return pairs

