"""Reading a spreadsheet (CSV or XLSX) into a header and numbered rows of trimmed text.

Real registers are messy: Windows-1252 as often as UTF-8, a BOM, CRLF mixed with LF, a title
row or a row of merged group labels above the real header, trailing spaces, stray marks such as
"²" after a header, empty extra columns and blank rows. Everything here turns that into one
``SourceTable`` so the later steps never look at bytes again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import chardet

from tracker.errors import ValidationError
from tracker.i18n import N_, gettext
from tracker.importers.workbook import first_sheet_rows
from tracker.models.text import strip_control_characters

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A 20 MB register of 100,000 meetings has about a million cells and 20 million characters.
MAX_CELLS = 2_000_000
MAX_TEXT_CHARS = 50_000_000
SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".txt")
HEADER_SCAN_ROWS = 12
_SPACES = re.compile(r"\s+")
_STRAY_MARKS = re.compile(r"[²³¹*†‡:]+$")


@dataclass
class ReadingBudget:
    """Bounds the work one file can cause: its cells (an empty row counts as one) and the
    characters of its text cells. A workbook that passed the archive checks can still hold
    millions of cells, or a megabyte of shared text repeated in every cell."""

    max_cells: int = field(default_factory=lambda: MAX_CELLS)
    max_chars: int = field(default_factory=lambda: MAX_TEXT_CHARS)
    cells: int = 0
    chars: int = 0

    def take(self, row: list) -> None:
        """Count one row read (its cells and its text)."""
        self.take_cells(max(len(row), 1), sum(len(value) for value in row if isinstance(value, str)))

    def take_cells(self, cells: int, chars: int = 0) -> None:
        self.cells += cells
        self.chars += chars
        if self.cells > self.max_cells:
            raise ValidationError({"file": gettext("the file holds more than {count} cells; split it into "
                                                   "smaller files").format(count=f"{self.max_cells:,}")})
        if self.chars > self.max_chars:
            raise ValidationError({"file": gettext("the file holds more than {count} characters of text; "
                                                   "split it into smaller files").format(
                                                       count=f"{self.max_chars:,}")})


@dataclass(frozen=True)
class SourceRow:
    """One non-blank data row: its row number in the sheet (1-based, as a spreadsheet shows it)."""

    number: int
    cells: tuple[str, ...]

    def get(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass
class SourceTable:
    """The header (cleaned names, one per column) and the non-blank rows under it."""

    filename: str
    headers: list[str]
    rows: list[SourceRow]
    encoding: str | None = None
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)

    def column_index(self, name: str) -> int | None:
        """Index of the column whose cleaned header equals ``name`` (case-insensitive)."""
        wanted = header_key(name)
        for index, header in enumerate(self.headers):
            if header_key(header) == wanted:
                return index
        return None

    def values(self, index: int, limit: int = 200) -> list[str]:
        """Up to ``limit`` non-empty values of one column (for proposing a mapping)."""
        found = []
        for row in self.rows:
            value = row.get(index)
            if value:
                found.append(value)
                if len(found) >= limit:
                    break
        return found


def clean_cell(value: object) -> str:
    """Text of a cell: dates as ISO, whole floats without ".0", spaces folded, trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Control characters (a NUL, an escape sequence) are dropped as the models drop them.
    text = str(value)
    if not text.isprintable():  # a fast check first: most cells hold none
        text = strip_control_characters(text)
    text = text.replace("\u00a0", " ").strip()
    # Line breaks inside a cell become "; " so a multi-value cell still splits.
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "; ".join(line for line in lines if line) if len(lines) > 1 else _SPACES.sub(" ", text)


def header_key(name: str) -> str:
    """A header compared loosely: case, spacing and stray marks ("Purpose of meeting²") ignored."""
    text = _SPACES.sub(" ", (name or "").replace("\u00a0", " ")).strip()
    return _STRAY_MARKS.sub("", text).strip().casefold()


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: BOM first, then UTF-8, then chardet (Windows-1252 when unsure)."""
    for mark, encoding, name in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"),
                                 (b"\xfe\xff", "utf-16", "UTF-16")):
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValidationError({"file": gettext(
                    "the file starts with a {encoding} byte-order mark but byte {byte} is not {encoding}: "
                    "save it again as UTF-8").format(encoding=name, byte=f"{exc.start:,}")}) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # chardet is slow on plain text: show it only the lines that hold non-ASCII bytes.
    sample = b"\n".join(line for line in data.splitlines() if not line.isascii())[:4000]
    guess = (chardet.detect(sample).get("encoding") or "").lower()
    # chardet often names Latin-1 for what is really Windows-1252 (curly quotes, dashes, £).
    for encoding in ([guess] if guess and guess not in ("ascii", "iso-8859-1", "latin-1") else []) \
            + ["cp1252", "latin-1"]:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise ValidationError({"file": gettext("the file's text encoding could not be recognised")})


def _csv_rows(text: str) -> list[list[str]]:
    delimiter = _delimiter(text[:20_000])
    # The csv module refuses a cell over 128 KB with a bare ``_csv.Error``; the upload limit
    # already bounds a cell, and an over-long one becomes its row's error later.
    if csv.field_size_limit() < MAX_UPLOAD_BYTES:
        csv.field_size_limit(MAX_UPLOAD_BYTES)
    budget = ReadingBudget()
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            budget.take(row)
            rows.append(row)
    except csv.Error as exc:
        raise ValidationError({"file": gettext("this is not readable CSV ({problem})").format(problem=exc)}) \
            from None
    return rows


def _xlsx_rows(data: bytes) -> list[list[object]]:
    """Cells of the first sheet, read under the reading budget (``workbook.first_sheet_rows``);
    a merged range's value is copied into every cell it covers."""
    budget = ReadingBudget()
    rows, merged = first_sheet_rows(data, budget)
    for ref in merged:
        _spread_merged(rows, ref, budget)
    return rows


def _spread_merged(rows: list[list[object]], ref: str, budget: ReadingBudget) -> None:
    """Copy the top-left value of the merged range ``ref`` ("A1:C2") into the cells it covers
    (counted against the budget: a range can name a million rows)."""
    from openpyxl.utils import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (TypeError, ValueError):
        return
    if None in (min_col, min_row, max_col, max_row) or min_row > len(rows):
        return
    last_row = min(max_row, len(rows))
    budget.take_cells((last_row - min_row + 1) * (max_col - min_col + 1))
    first = rows[min_row - 1]
    value = first[min_col - 1] if min_col - 1 < len(first) else None
    for row in rows[min_row - 1:last_row]:
        row.extend([None] * (max_col - len(row)))
        row[min_col - 1:max_col] = [value] * (max_col - min_col + 1)


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell)


def _looks_like_header(row: list[str]) -> bool:
    """Mostly short text, not dates or numbers."""
    cells = [c for c in row if c]
    if len(cells) < 2:
        return False
    texty = [c for c in cells if not re.fullmatch(r"[\d\s./:\-]+", c) and len(c) <= 80]
    # A merged title or group-label row repeats one value across the columns it spans.
    return len(texty) >= 0.8 * len(cells) and _distinct(row) >= 0.8 * len(cells)


def _distinct(row: list[str]) -> int:
    return len({c for c in row if c})


def _find_header(rows: list[list[str]]) -> int:
    """Index of the header row: the first header-like row as wide as the widest early row."""
    scan = rows[:HEADER_SCAN_ROWS]
    widest = max((_filled(r) for r in scan), default=0)
    for index, row in enumerate(scan):
        if _looks_like_header(row) and _filled(row) >= max(2, 0.6 * widest):
            return index
    for index, row in enumerate(scan):
        if _filled(row):
            return index
    return 0


def _combine_headers(upper: list[str], lower: list[str]) -> list[str]:
    """Two header rows (merged group labels above field labels) → one name per column."""
    combined, group = [], ""
    for index, name in enumerate(lower):
        group = upper[index] if index < len(upper) and upper[index] else group
        if group and name and header_key(group) != header_key(name):
            combined.append(f"{group} {name}")
        else:
            combined.append(name or group)
    return combined


def build_table(filename: str, raw_rows: list[list[object]], encoding: str | None = None) -> SourceTable:
    """Find the header, name every column, drop blank rows and columns nobody filled."""
    rows = [[clean_cell(c) for c in row] for row in raw_rows]
    if not any(_filled(r) for r in rows):
        raise ValidationError({"file": gettext("the file holds no rows")})
    start = _find_header(rows)
    headers = list(rows[start])
    notes = []
    if start > 0 and _distinct(rows[start - 1]) >= 2:
        headers = _combine_headers(rows[start - 1], headers)
        notes.append(gettext("rows {first} and {second} read as one two-row header").format(
            first=start, second=start + 1))
    elif start > 0:
        notes.append(gettext("{count} title row(s) above the header skipped").format(count=start))
    width = max(len(r) for r in rows[start:])
    headers += [""] * (width - len(headers))
    filled_rows: list[tuple[int, list[str]]] = []
    blank = 0
    for offset, row in enumerate(rows[start + 1:], start=start + 2):
        if not _filled(row):
            blank += 1
            continue
        filled_rows.append((offset, row))
    # The columns anyone filled, found before padding: one row 16,384 cells wide must not widen
    # every other row to that.
    used_set = {i for i, header in enumerate(headers) if header}
    for _number, row in filled_rows:
        used_set.update(i for i, cell in enumerate(row) if cell)
    used = sorted(used_set)
    if len(used) * len(filled_rows) > MAX_CELLS:
        raise ValidationError({"file": gettext(
            "the file's table would hold more than {count} cells ({rows} rows by {columns} columns); "
            "split it into smaller files").format(count=f"{MAX_CELLS:,}", rows=f"{len(filled_rows):,}",
                                                  columns=f"{len(used):,}")})
    if width > len(used):
        notes.append(gettext("{count} empty column(s) dropped").format(count=width - len(used)))
    headers = [headers[i] or f"Column {i + 1}" for i in used]
    body = [SourceRow(number, tuple(row[i] if i < len(row) else "" for i in used))
            for number, row in filled_rows]
    headers = [_SPACES.sub(" ", _STRAY_MARKS.sub("", h)).strip() for h in headers]
    return SourceTable(filename=filename, headers=headers, rows=body, encoding=encoding,
                       blank_rows=blank, notes=notes)


def read_table(data: bytes, filename: str) -> SourceTable:
    """Read CSV or XLSX bytes (by file name, then by content) into a ``SourceTable``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": gettext("the file is larger than {mb} MB").format(
            mb=MAX_UPLOAD_BYTES // (1024 * 1024))})
    suffix = Path(filename).suffix.lower()
    if data[:2] == b"PK" or suffix == ".xlsx":
        return build_table(filename, _xlsx_rows(data), encoding=None)
    if suffix not in SUPPORTED_SUFFIXES and suffix:
        raise ValidationError({"file": gettext("{suffix} files are not supported: use CSV or XLSX").format(
            suffix=suffix)})
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError({"file": gettext("this looks like a binary file, not CSV or XLSX")})
    text, encoding = decode(data)
    table = build_table(filename, _csv_rows(text), encoding=encoding)
    table.notes[:0] = _layout_notes(text)
    return table


def _layout_notes(text: str) -> list[str]:
    """What the preview says about a text file's layout when it is not plain comma-separated CRLF/LF."""
    notes = []
    if "\r" in text and "\n" not in text:
        notes.append(gettext("lines end in CR only (old Mac style)"))
    delimiter = _delimiter(text[:20_000])
    if delimiter != ",":
        notes.append(gettext(SEPARATED_BY[delimiter]))
    return notes


DELIMITERS = (",", ";", "\t", "|")
SEPARATED_BY = {";": N_("columns separated by semicolons"), "\t": N_("columns separated by tabs"),
                "|": N_("columns separated by bars")}


def _delimiter(sample: str) -> str:
    """The delimiter that splits the first rows into the same number of columns most often (the
    csv sniffer took commas inside ';'-separated cells for the delimiter)."""
    lines = [line for line in io.StringIO(sample, newline="").read().splitlines() if line.strip()][:50]
    if len(lines) > 1:
        lines = lines[:-1]   # the sample may cut the last line short
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        modal = max(set(counts), key=counts.count) if counts else 0
        if modal < 2:
            continue
        score = (counts.count(modal) / len(counts), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_path(path: str | Path) -> SourceTable:
    path = Path(path)
    return read_table(path.read_bytes(), path.name)
