"""Hostile workbooks for the tests and benchmarks: small on disk, huge once inflated.

``xlsx_bomb`` writes a genuine workbook whose first sheet is ``inflated_bytes`` of repeated rows
(deflate at its highest level: about 1,000 times smaller), streamed so that building a 1.5 GB
bomb holds no more than one chunk in memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b"<sheetData>")
SHEET_CLOSE = b"</sheetData></worksheet>"
ROW = (b'<row><c t="inlineStr"><is><t>2019-05-06</t></is></c>'
       b'<c t="inlineStr"><is><t>Acme Holdings Ltd</t></is></c>'
       b'<c t="inlineStr"><is><t>Talks on investment</t></is></c></row>')


def _template() -> bytes:
    book = Workbook()
    book.active.append(["Date", "Organisation", "Purpose"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_with_sheet(target: Path | io.BytesIO, chunks, *, compresslevel: int = 9) -> None:
    """A workbook (written to ``target``) whose first sheet's XML is the bytes of ``chunks``."""
    template = zipfile.ZipFile(io.BytesIO(_template()))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as book:
        for member in template.infolist():
            if member.filename != SHEET:
                book.writestr(member.filename, template.read(member.filename))
        with book.open(SHEET, "w", force_zip64=True) as sheet:
            for chunk in chunks:
                sheet.write(chunk)


def xlsx_bomb(target: Path | io.BytesIO, inflated_bytes: int) -> None:
    """A workbook whose sheet inflates to about ``inflated_bytes`` of repeated meeting rows."""
    block = ROW * (1024 * 1024 // len(ROW))

    def chunks():
        yield SHEET_OPEN
        for _ in range(max(1, inflated_bytes // len(block))):
            yield block
        yield SHEET_CLOSE

    xlsx_with_sheet(target, chunks())
