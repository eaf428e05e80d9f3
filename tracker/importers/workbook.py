"""The first sheet of an XLSX workbook, read in bounded time and memory.

A workbook is refused before it is parsed when its archive would inflate too far
(``tracker.archive_limits``), when a part openpyxl parses whole (styles, the workbook) is large,
or when a quick count over the inflated sheet finds more cells or rows than a register holds
(inflating runs at hundreds of MB a second; openpyxl parses some tens of thousands of cells).
The sheet is then streamed: openpyxl's own sheet parser turns each row into values, and each row
is dropped from the XML tree once read (openpyxl's read-only mode keeps every parsed row element,
and first parses the whole sheet once more for its dimensions).
"""

from __future__ import annotations

import io
import zipfile

from tracker.archive_limits import ArchiveRefused, check_archive
from tracker.errors import DomainError, ValidationError
from tracker.i18n import gettext

# Parts openpyxl parses into a whole tree (about ten times their size in memory).
MAX_TREE_PART_BYTES = 10 * 1024 * 1024
MAX_SHEET_ELEMENTS = 2_000_000  # cells plus rows, counted before parsing
MAX_SHARED_STRINGS = 1_000_000
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b"<row ", b"<row>", b"<row/>")
_STRING_TAGS = (b"<si>", b"<si ")


def _count_tags(archive: zipfile.ZipFile, name: str, tags: tuple[bytes, ...]) -> int:
    """Occurrences of ``tags`` in the inflated part ``name``, read a megabyte at a time."""
    keep = min(len(tag) for tag in tags) - 1  # a tail shorter than any tag: none counted twice
    count, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(1 << 20):
            block = tail + chunk
            count += sum(block.count(tag) for tag in tags)
            tail = block[-keep:]
    return count


def _refuse(reason: str) -> ArchiveRefused:
    return ArchiveRefused({"file": gettext("this workbook was refused: {reason}; split it into smaller "
                                           "files").format(reason=reason)})


def _check_parts(archive: zipfile.ZipFile, sheet_path: str, strings_path: str | None) -> None:
    for member in archive.infolist():
        name = member.filename
        if name not in (sheet_path, strings_path) and name.endswith((".xml", ".rels")) \
                and member.file_size > MAX_TREE_PART_BYTES and not name.startswith("xl/worksheets/"):
            raise _refuse(gettext("its part {name} is {size} bytes (at most {limit})").format(
                name=name[:80], size=f"{member.file_size:,}", limit=f"{MAX_TREE_PART_BYTES:,}"))
    elements = _count_tags(archive, sheet_path, _CELL_TAGS)
    if elements > MAX_SHEET_ELEMENTS:
        raise _refuse(gettext("its first sheet holds about {count} cells and rows (at most {limit})").format(
            count=f"{elements:,}", limit=f"{MAX_SHEET_ELEMENTS:,}"))
    if strings_path and (strings := _count_tags(archive, strings_path, _STRING_TAGS)) > MAX_SHARED_STRINGS:
        raise _refuse(gettext("it holds {count} distinct texts (at most {limit})").format(
            count=f"{strings:,}", limit=f"{MAX_SHARED_STRINGS:,}"))


def _parts(reader) -> tuple[str, str | None]:
    """The first worksheet's path and the shared strings' path (None when there are none)."""
    from openpyxl.xml.constants import SHARED_STRINGS

    reader.read_manifest()
    strings = reader.package.find(SHARED_STRINGS)
    strings_path = strings.PartName[1:] if strings is not None else None
    reader.read_workbook()
    for _sheet, rel in reader.parser.find_sheets():
        if "worksheet" in rel.Type and rel.target in reader.valid_files:
            return rel.target, strings_path
    raise ValidationError({"file": gettext("the workbook holds no worksheet")})


def first_sheet_rows(data: bytes, budget) -> tuple[list[list[object]], list[str]]:
    """The first sheet's rows (values; None where a cell is empty) and its merged ranges
    ("A1:C1"); ``budget.take(row)`` is called for every row, including rows the sheet leaves out."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    check_archive(data)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        sheet_path, strings_path = _parts(reader)
        _check_parts(reader.archive, sheet_path, strings_path)
        reader.read_strings()
        apply_stylesheet(reader.archive, reader.wb)
        with reader.archive.open(sheet_path) as source:
            return _stream_sheet(source, reader, budget)
    except DomainError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a broken file
        raise ValidationError({"file": gettext("this is not a readable XLSX workbook ({problem})").format(
            problem=exc.__class__.__name__)}) from None


def _stream_sheet(source, reader, budget) -> tuple[list[list[object]], list[str]]:
    from openpyxl.worksheet._reader import MERGE_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse

    book = reader.wb
    parser = WorkSheetParser(source, reader.shared_strings, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    merge_cell = MERGE_TAG[:-len("mergeCells")] + "mergeCell"
    rows: list[list[object]] = []
    merged: list[str] = []
    parents: list = []
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            parents.append(element)
            continue
        parents.pop()
        if element.tag == ROW_TAG:
            number, cells = parser.parse_row(element)
            parser.row_dimensions.clear()  # openpyxl keeps each row's attributes otherwise
            if parents:
                parents[-1].clear()  # drop the rows read so far from the tree
            if number <= len(rows):  # a repeated or out-of-order row number: skipped, as openpyxl does
                continue
            while len(rows) < number - 1:  # rows the sheet leaves out
                budget.take([])
                rows.append([])
            row: list[object] = [None] * max((cell["column"] for cell in cells), default=0)
            for cell in cells:
                row[cell["column"] - 1] = cell["value"]
            budget.take(row)
            rows.append(row)
        elif element.tag == merge_cell and element.get("ref"):
            merged.append(element.get("ref"))
    return rows, merged
