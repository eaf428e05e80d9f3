"""Fast rows for large XLSX exports: the sheet's cell XML written directly, spliced into the workbook.

XlsxWriter's cost per cell makes an export of every meeting slow to wait for in the page. Here
XlsxWriter still writes the workbook (header, styles, widths, frozen pane, filter, the first rows,
the About sheet) and the remaining rows are streamed as ``<row>`` XML into a temporary file, then
copied into the sheet's ``<sheetData>`` when the zip is rewritten. The cells are the same ones
XlsxWriter writes in constant-memory mode: inline strings (with their column's style, e.g. wrapped
text), numbers, dates with the date style, or a month's or quarter's style when a precision column
says so (see ``exports.precision_columns``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MAX_CELL_TEXT = 32_767
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_ESCAPES.update({code: f"_x{code:04X}_" for code in (*range(0, 9), 11, 12, *range(14, 32))})
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def _serial(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        return repr(delta.days + delta.seconds / 86_400)
    return str((value - EXCEL_EPOCH.date()).days)


class RowWriter:
    """Writes rows as sheet XML to a temporary file; ``neutralize`` and ``python_value`` clean each value."""

    def __init__(self, columns: int, *, date_style: int, datetime_style: int, neutralize, python_value,
                 precision: dict[int, int] | None = None, period_styles: dict[str, int] | None = None,
                 period_format=None, period_type=None, column_styles: dict[int, int] | None = None,
                 row_height=None):
        self.letters = [xl_col_to_name(i) for i in range(columns)]
        self.date_style, self.datetime_style = date_style, datetime_style
        self.neutralize, self.python_value = neutralize, python_value
        self.precision, self.period_styles = precision or {}, period_styles or {}
        self.period_format, self.period_type = period_format, period_type
        self.row_height = row_height  # row → points, or None for the default height
        self.column_styles = {col: f' s="{style}"' for col, style in (column_styles or {}).items()}
        self.file = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".xml", delete=False)
        self.rows = 0

    def cell(self, ref: str, value, style: str = "", date_style: int | None = None) -> str:
        """A cell's XML; ``style`` is the column's (text), ``date_style`` a month's or quarter's."""
        kind = type(value)
        if kind is str:
            return self._text(ref, value, style) if value else ""
        if value is None:
            return ""
        if kind is int or kind is Decimal or (kind is float and math.isfinite(value)):
            return f'<c r="{ref}"{style}><v>{value}</v></c>'
        if kind is dt.date:
            return f'<c r="{ref}" s="{date_style or self.date_style}"><v>{_serial(value)}</v></c>'
        if kind is dt.datetime:
            return f'<c r="{ref}" s="{self.datetime_style}"><v>{_serial(value)}</v></c>'
        if kind is bool:
            return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
        if kind is self.period_type:  # exports.PeriodDate: a month or a quarter
            num_format = self.period_format(value.precision, value.day)
            return self.cell(ref, value.day, style, self.period_styles[num_format] if num_format else None)
        cleaned = self.python_value(value)
        if cleaned is None or type(cleaned) is float and not math.isfinite(cleaned):
            return ""
        return self.cell(ref, cleaned if type(cleaned) is not kind else str(cleaned), style, date_style)

    def _text(self, ref: str, value: str, style: str = "") -> str:
        text = self.neutralize(value)[:MAX_CELL_TEXT]
        if _NEEDS_ESCAPE.search(text):
            text = text.translate(_ESCAPES)
        space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def _date_styles(self, row: Sequence) -> dict[int, int]:
        """Date column → the style of its month or quarter format, for the dates this row knows
        only to the month or quarter."""
        styles = {}
        for col, precision_col in self.precision.items():
            day = row[col]
            if isinstance(day, dt.date):
                num_format = self.period_format(row[precision_col], day)
                if num_format:
                    styles[col] = self.period_styles[num_format]
        return styles

    def write(self, rows: Iterable[Sequence], first_row: int) -> int:
        """Write ``rows`` numbered from ``first_row`` (1-based, as in Excel); returns how many."""
        letters, cell, out = self.letters, self.cell, self.file.write
        styles, no_dates = self.column_styles, {}
        count = 0
        for count, row in enumerate(rows, start=1):
            number = first_row + count - 1
            dates = self._date_styles(row) if self.precision else no_dates
            height = self.row_height(row) if self.row_height else None
            out((f'<row r="{number}" ht="{height}" customHeight="1">' if height else f'<row r="{number}">')
                + "".join(cell(f"{letters[i]}{number}", v, styles.get(i, ""), dates.get(i))
                          for i, v in enumerate(row))
                + "</row>")
        self.file.flush()
        self.rows = count
        return count

    def splice(self, workbook: Path, sheet_index: int, last_row: int, last_column: int) -> None:
        """Copy the streamed rows into sheet ``sheet_index`` (1-based) of the closed ``workbook``."""
        self.file.close()
        member = f"xl/worksheets/sheet{sheet_index}.xml"
        spliced = workbook.with_suffix(".tmp.xlsx")
        with zipfile.ZipFile(workbook) as source, \
                zipfile.ZipFile(spliced, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != member:
                    target.writestr(info, source.read(info.filename))
                    continue
                xml = source.read(member).decode("utf-8")
                xml = _DIMENSION.sub(f'<dimension ref="A1:{xl_col_to_name(last_column)}{last_row}"/>', xml, 1)
                head, tail = xml.split("</sheetData>", 1)
                entry = zipfile.ZipInfo(member, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with target.open(entry, "w", force_zip64=True) as stream, \
                        open(self.file.name, encoding="utf-8") as rows:
                    stream.write(head.encode("utf-8"))
                    shutil.copyfileobj(_encoded(rows), stream)
                    stream.write(("</sheetData>" + tail).encode("utf-8"))
        spliced.replace(workbook)
        Path(self.file.name).unlink(missing_ok=True)

    def discard(self) -> None:
        self.file.close()
        Path(self.file.name).unlink(missing_ok=True)


class _encoded:
    """A text file read as UTF-8 bytes, in blocks (for ``shutil.copyfileobj``)."""

    def __init__(self, text_file):
        self.text_file = text_file

    def read(self, size: int = -1) -> bytes:
        return self.text_file.read(size if size and size > 0 else -1).encode("utf-8")
