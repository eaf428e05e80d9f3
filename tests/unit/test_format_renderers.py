"""Every registered renderer writes, for every kind of document it is registered for, a file that its
own reader opens (csv parses, openpyxl, python-docx, pypdf), to a path and as bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import docx
import icalendar
import openpyxl
import pandas as pd
import pytest

from tests.report_helpers import pdf_text
from tracker.reports.document import Document, Heading, KeyValues, Paragraph, Table
from tracker.reports.exports import WIDTH_SAMPLE, Sheet
from tracker.reports.formats import FORMATS, DocumentKind, Tables, render, render_bytes
from tracker.reports.ics import CalendarContent


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for value in row if value is not None]


def docx_cells(data: bytes) -> list[str]:
    word = docx.Document(io.BytesIO(data))
    return [p.text for p in word.paragraphs] + [cell.text for table in word.tables for row in table.rows
                                               for cell in row.cells]


def pdf_cells(data: bytes) -> list[str]:
    return [" ".join(pdf_text(data).split())]


def ics_cells(data: bytes) -> list[str]:
    return [str(event["summary"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")]


OPENERS = {"csv": csv_cells, "xlsx": xlsx_cells, "docx": docx_cells, "pdf": pdf_cells, "ics": ics_cells}
# More rows than the width sample, so a workbook written to a path streams them (xlsx_stream).
ROWS = [(f"Meeting {n:03d}", dt.date(2019, 1, 1) + dt.timedelta(days=n), n) for n in range(WIDTH_SAMPLE + 50)]


def tables() -> Tables:
    return Tables([Sheet("Meetings", ["Title", "Date", "Number"], ROWS),
                   Sheet("Left out", ["Why"], [("x",)])],
                  lambda counts: [("Rows", counts["Meetings"])])


def document() -> Document:
    doc = Document(title="Engagement report", subtitle="2019",
                   footer="Highest confidentiality included: Public.")
    doc.about = [("Export", "Engagement report")]
    return doc.add(Heading("Figures"), KeyValues([("Meetings held", 3)]), Paragraph("Meeting 007 was held."),
                   Table("Meetings", ["Title", "Date", "Number"], ROWS[:20], [4, 2, 1]))


def calendar() -> CalendarContent:
    meetings = pd.DataFrame([
        {"id": n, "date": day, "precision": "day", "time": None, "title": title, "kind": "talk",
         "status": "held", "place": "", "event": "", "organisations": "", "summary": "",
         "confidentiality": 1, "updated_at": None} for title, day, n in ROWS[:20]])
    return CalendarContent(meetings, "Meetings")


CONTENT = {DocumentKind.TABLE_EXPORT: tables, DocumentKind.TRANSPARENCY_RETURN: tables,
           DocumentKind.PERIOD_REPORT: document, DocumentKind.BRIEFING: document,
           DocumentKind.CALENDAR: calendar}
REGISTERED = [(fmt, kind) for fmt in FORMATS for kind in DocumentKind if fmt.offered_for(kind)]


def test_every_format_has_a_reader_here_and_every_kind_a_format():
    assert set(OPENERS) == {fmt.key for fmt in FORMATS}
    assert {kind for _, kind in REGISTERED} == set(DocumentKind)


@pytest.mark.parametrize("fmt, kind", REGISTERED, ids=[f"{k.name.lower()}-{f.key}" for f, k in REGISTERED])
def test_registered_renderer_writes_a_file_that_opens(fmt, kind, tmp_path: Path):
    path = tmp_path / f"out{fmt.suffix}"
    counts = render(kind, fmt.key, CONTENT[kind](), path)
    data = render_bytes(kind, fmt.key, CONTENT[kind]())
    for written in (path.read_bytes(), data):
        text = " ".join(OPENERS[fmt.key](written))
        assert "Meeting 007" in text
    if kind in (DocumentKind.TABLE_EXPORT, DocumentKind.TRANSPARENCY_RETURN):
        assert counts["Meetings"] == len(ROWS)
        # every row, in the first sheet (a CSV file holds only that one)
        assert f"Meeting {len(ROWS) - 1:03d}" in " ".join(OPENERS[fmt.key](path.read_bytes()))
