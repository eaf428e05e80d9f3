"""Every workbook the tracker exports, from a real database: date columns hold dates only, month
and quarter precision have their own column, every sheet prints landscape and one page wide with
its header on every page; a period report shortens its overdue pledges and writes the annex."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from seed_data.reference import load_reference
from tests.factories import make_meeting, make_organisation, make_person
from tests.report_helpers import add_busy_company, docx_content, pdf_text
from tests.unit.test_sheet_printing import assert_prints_as_expected
from tracker.models import Confidentiality, DatePrecision, OrganisationKind, Side
from tracker.queries.filters import Filters
from tracker.queries.table_views import TABLE_VIEWS
from tracker.reports.period import PRINTED_OVERDUE, write_period_report
from tracker.reports.table_export import export_table
from tracker.reports.transparency import write_return

# How a document is laid out cannot depend on the database; the queries that fill it are tested
# on both (test_clearance, test_dashboard_queries, test_reports), so these run on SQLite only.
pytestmark = pytest.mark.sqlite_only

SECRET = Filters(clearance=Confidentiality.SECRET, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))


@pytest.fixture
def reference(session):
    load_reference(session)
    company = make_organisation(session, name="Vague Dates Ltd")
    bureau = make_organisation(session, name="Vague Bureau", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(session, name="Month Official", organisation=bureau)
    make_meeting(session, title="Met sometime in May", date=dt.date(2019, 5, 1),
                 date_precision=DatePrecision.MONTH, organisation_ids=[company.id],
                 people_and_orgs=[(official, bureau, Side.GOVERNMENT)], topics=["Trade"])
    make_meeting(session, title="Met sometime in spring", date=dt.date(2019, 4, 1),
                 date_precision=DatePrecision.QUARTER, organisation_ids=[company.id])
    return session


DATE_HEADINGS = ("Last meeting", "First meeting", "Made on", "Last update on", "Signed on")


def date_columns(sheet) -> list[int]:
    headers = [str(c.value or "") for c in sheet[1]]
    return [i for i, name in enumerate(headers)
            if ("date" in name.lower() or name in DATE_HEADINGS) and "precision" not in name.lower()]


@pytest.mark.parametrize("view", list(TABLE_VIEWS))
def test_every_exported_workbook_has_dates_only_and_prints_one_page_wide(reference, tmp_path, view):
    path = tmp_path / f"{view}.xlsx"
    export_table(reference, SECRET, view, "xlsx", path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert_prints_as_expected(sheet, header=sheet.title != "About")
    sheet = book[view]
    dates = [row[col] for col in date_columns(sheet) for row in sheet.iter_rows(min_row=2, values_only=True)
             if row[col] is not None]
    assert dates and all(isinstance(value, dt.datetime) for value in dates)  # no text in a date column


def test_meetings_export_has_a_date_precision_column_in_words(reference, tmp_path):
    path = tmp_path / "meetings.xlsx"
    export_table(reference, SECRET, "meetings", "xlsx", path)
    sheet = openpyxl.load_workbook(path)["meetings"]
    headers = [c.value for c in sheet[1]]
    date, precision = headers.index("Date"), headers.index("Date precision")
    rows = {row[headers.index("Title")].value: row for row in sheet.iter_rows(min_row=2)}
    assert {row[precision].value for row in rows.values()} <= {"Day", "Month", "Quarter"}
    may, spring = rows["Met sometime in May"], rows["Met sometime in spring"]
    assert may[precision].value == "Month" and may[date].value == dt.datetime(2019, 5, 1)
    assert may[date].number_format == "mmm yyyy"
    assert spring[precision].value == "Quarter" and spring[date].value == dt.datetime(2019, 4, 1)
    assert "Q2" in spring[date].number_format


def test_transparency_return_workbook_holds_dates_and_their_precision(reference, tmp_path):
    write_return(reference, SECRET, "2019Q2", "xlsx", tmp_path / "return.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "return.xlsx")["Return 2019Q2"]
    headers = [c.value for c in sheet[1]]
    # The published four columns: a month's date is its first day, formatted to show the month only.
    assert headers == ["Official", "Date", "Name of Organisation", "Purpose of meeting"]
    rows = list(sheet.iter_rows(min_row=2))
    assert rows and all(row[1].is_date for row in rows)
    month = next(row for row in rows if row[2].value == "Vague Dates Ltd")
    assert month[1].value == dt.datetime(2019, 5, 1) and month[1].number_format == "mmm yyyy"
    assert {row[1].number_format for row in rows if row is not month} == {"yyyy-mm-dd"}


def test_transparency_return_and_period_report_workbooks_print_one_page_wide(reference, tmp_path):
    write_return(reference, SECRET, "2019Q2", "xlsx", tmp_path / "return.xlsx")
    write_period_report(reference, SECRET, "xlsx", tmp_path / "report.xlsx", with_charts=False)
    for name in ("return.xlsx", "report.xlsx"):
        for sheet in openpyxl.load_workbook(tmp_path / name).worksheets:
            assert_prints_as_expected(sheet, header=sheet.title != "About")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_long_overdue_list_is_summarised_and_the_annex_written(session, tmp_path, fmt):
    load_reference(session)
    add_busy_company(session, meetings=30)
    filters = Filters(clearance=Confidentiality.SECRET, start=dt.date(2019, 1, 1))
    path = write_period_report(session, filters, fmt, tmp_path / f"report.{fmt}", with_charts=False)
    annex = tmp_path / "report-annex.xlsx"
    assert annex.exists()
    overdue = openpyxl.load_workbook(annex)["Overdue pledges"]
    left_out = overdue.max_row - 1 - PRINTED_OVERDUE
    assert left_out > 0
    if fmt == "pdf":
        text = pdf_text(path.read_bytes())
    else:
        paragraphs, _ = docx_content(path.read_bytes())
        text = "\n".join(t for _, t in paragraphs)
    assert f"and {left_out:,} more" in text and "report-annex.xlsx" in text
