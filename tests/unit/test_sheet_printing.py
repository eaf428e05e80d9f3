"""Workbooks and printed tables read back: date cells are dates, precision has its own column, every
sheet prints landscape, one page wide, with its header on every page; a printed date never wraps
and a long list ends with an "and N more" line naming the annex."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import openpyxl
import pytest

from tests.report_helpers import pdf_pages, pdf_text
from tracker.reports.document import Document, Table
from tracker.reports.exports import WIDTH_SAMPLE, PeriodDate, Sheet, write_xlsx
from tracker.reports.fonts import find_cjk_font
from tracker.reports.formats import XLSX, DocumentKind
from tracker.reports.pdf import PdfRenderer, render_pdf
from tracker.reports.word import render_docx

COLUMNS = ["ID", "Date", "Date precision", "Title", "Organisations", "Officials", "Counterparts", "Topics"]
LONG = "Fujian Provincial Department of Commerce; Quanzhou Wanhong Pharmaceutical Co., Ltd."
PRECISIONS = [(dt.date(2019, 5, 7), "Day"), (dt.date(2019, 5, 1), "Month"), (dt.date(2019, 4, 1), "Quarter")]


def meeting_rows(count: int):
    for index in range(count):
        day, precision = PRECISIONS[index % 3]
        yield (index + 1, day, precision, f"Meeting number {index} on the digital economy", LONG,
               "Li Guanyuan (李官员), Director of the Economic Bureau", "Chen Laoban (陈老板), Chairman",
               "AI")


def assert_prints_as_expected(sheet, *, header: bool = True) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is 1 when absent (OOXML's default, which XlsxWriter leaves out); as tall as needed.
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
    if header:
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


@pytest.mark.parametrize("rows", [30, WIDTH_SAMPLE + 40], ids=["in-memory", "streamed"])
def test_dates_stay_dates_and_precision_has_its_own_column(tmp_path, rows):
    path = tmp_path / "meetings.xlsx"
    write_xlsx(path, [Sheet("meetings", COLUMNS, meeting_rows(rows))], [("Export", "Meetings")])
    book = openpyxl.load_workbook(path)
    sheet = book["meetings"]
    assert [c.value for c in sheet[1]][:3] == ["ID", "Date", "Date precision"]
    for (date_cell, precision_cell), (day, word) in zip(sheet.iter_rows(min_row=2, min_col=2, max_col=3),
                                                        (PRECISIONS * rows)[:rows], strict=True):
        assert date_cell.is_date and date_cell.value.date() == day  # a date, never text
        assert precision_cell.value == word
        if word == "Month":
            assert date_cell.number_format == "mmm yyyy"
        elif word == "Quarter":
            assert "Q2" in date_cell.number_format and "yyyy" in date_cell.number_format
        else:
            assert date_cell.number_format == "yyyy-mm-dd"
    for worksheet in book.worksheets:
        assert_prints_as_expected(worksheet, header=worksheet.title != "About")
    # Long text wraps in a column of bounded width, and its row is tall enough for the lines.
    assert sheet.column_dimensions["E"].width < 40 and sheet["E2"].alignment.wrap_text
    assert sheet.row_dimensions[rows].height and sheet.row_dimensions[rows].height > 15


def date_table(rows: int = 8) -> Table:
    return Table("Overdue pledges", ["Organisation", "Pledge", "Target", "Last update"],
                 [(LONG, "Build a long-named demonstration line for intelligent warehousing " * 2,
                   dt.date(2019, 3, 1) + dt.timedelta(days=i), dt.date(2020, 12, 14)) for i in range(rows)])


def test_a_printed_date_column_is_wider_than_its_dates_and_headings_are_not_cut():
    renderer = PdfRenderer(Document("Widths"), find_cjk_font())
    renderer.pdf.add_page()
    table = date_table()
    widths = renderer.column_widths(table)
    assert sum(widths) == pytest.approx(renderer.width)
    renderer.font(renderer.base - 1, bold=True)
    inside = [w - 1.5 - 2 * renderer.pdf.c_margin for w in widths]
    for col in (2, 3):
        assert inside[col] >= renderer.pdf.get_string_width("2019-03-01")
    for name, room in zip(table.columns, inside, strict=True):
        assert all(renderer.pdf.get_string_width(word) <= room for word in name.split())
    text = pdf_text(render_pdf(Document("Widths").add(table)))
    assert all(f"2019-03-0{i + 1}" in text for i in range(8))  # each date on one line
    assert "Last update" in text.replace("\n", " ")


def test_a_long_list_prints_its_head_and_says_where_the_rest_is():
    table = date_table(25)
    table.limit = 20
    document = Document("Year report", annex="report-annex.xlsx").add(table)
    text = pdf_text(render_pdf(document))
    assert "and 5 more" in text and "report-annex.xlsx" in text and "Overdue pledges" in text
    assert "2019-03-21" not in text  # the 21st row is left to the annex
    paragraphs = [p.text for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs]
    assert any("and 5 more" in p and "report-annex.xlsx" in p for p in paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(XLSX.render_bytes(DocumentKind.PERIOD_REPORT, document)))
    assert book["Overdue pledges"].max_row == 26  # the annex holds every row


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_every_column_on_a_page_with_the_header_repeated(tmp_path):
    path = tmp_path / "meetings.xlsx"
    write_xlsx(path, [Sheet("meetings", COLUMNS, meeting_rows(120))])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    data = (tmp_path / "meetings.pdf").read_bytes()
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert 1 < pdf_pages(data) < 20
    for page in pages:
        # All columns fit across: the last column's heading is on every page, as is the first's.
        assert "Counterparts" in page and "Topics" in page and "precision" in page


@pytest.mark.parametrize("rows", [5, WIDTH_SAMPLE + 5], ids=["in-memory", "streamed"])
def test_a_period_date_is_a_date_formatted_to_its_month_or_quarter(tmp_path, rows):
    path = tmp_path / "return.xlsx"
    cells = [PeriodDate(dt.date(2019, 5, 1), "month"), PeriodDate(dt.date(2019, 7, 1), "quarter")]
    write_xlsx(path, [Sheet("return", ["Official", "Date"], [("Wei", cells[i % 2]) for i in range(rows)])])
    sheet = openpyxl.load_workbook(path)["return"]
    last = sheet.cell(rows + 1, 2)
    assert last.is_date and last.value.date() == cells[(rows - 1) % 2].day
    assert last.number_format == ("mmm yyyy" if (rows - 1) % 2 == 0 else 'yyyy "Q3"')
