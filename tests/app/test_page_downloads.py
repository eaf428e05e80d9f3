"""Downloads where the tables are: CSV and Excel under each dashboard table (every row it lists, as
it shows them), and the period report of the sidebar's view from the Overview."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

import dashboards.downloads
from seed_data.reference import load_reference
from tests.app.helpers import app_on_page
from tests.app.test_dashboards import demo, open_page  # noqa: F401 (the demo-like data fixture)
from tests.app.test_meetings import VIEWER, thirty_meetings  # noqa: F401 (thirty meetings, 25 a page)
from tracker import prepared_files
from tracker.i18n import display_name

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


def download_keys(at: AppTest) -> set[str]:
    return {button.key for button in at.download_button}


def sheet_rows(data: bytes) -> list[tuple]:
    """The first sheet's rows (heading first) of a workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def workbooks(monkeypatch) -> list[bytes]:
    """Every workbook a page built for a download button during the test, in order."""
    built: list[bytes] = []
    original = dashboards.downloads.frame_to_bytes

    def spy(frame, fmt, **kwargs):
        data = original(frame, fmt, **kwargs)
        if fmt == "xlsx":
            built.append(data)
        return data

    monkeypatch.setattr(dashboards.downloads, "frame_to_bytes", spy)
    return built


def prepared(at, key: str):
    """What a "Prepare" button built: the session keeps only the key of its temporary file(s)."""
    file_key, parts, single = at.session_state[f"_prepared_{key}"]
    files = prepared_files.load(file_key, parts)
    assert files is not None
    return files["file"] if single else files


@pytest.mark.usefixtures("thirty_meetings")
def test_meetings_page_downloads_every_meeting_of_the_list_not_only_the_page(database_url):
    at = app_on_page(VIEWER, "views/meetings.py")
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == 25  # one page of the thirty
    assert not download_keys(at)  # thirty rows are built only when asked for
    prepare = at.button(key="ml.export_prepare")
    assert prepare.label == "Prepare downloads of all 30 rows"

    prepare.click().run()
    assert not at.exception
    assert download_keys(at) == {"ml.export_csv", "ml.export_xlsx"}
    files = prepared(at, "ml.export")
    rows = sheet_rows(files["xlsx"])
    assert rows[0] == ("Date", "Date precision", "Time", "Title", "Organisations", "People", "Kind", "Status",
                       "Place", "Event")
    assert len(rows) == 31
    titles = [row[3] for row in rows[1:]]
    assert titles[:25] == list(shown["title"])  # the rows shown, in the order shown, then the rest
    assert titles[-1] == "Budget talk 01"
    assert rows[1][0] == dt.datetime(2024, 4, 30)  # a date a spreadsheet sorts, not text
    assert rows[1][1] == "Day"  # how precise the date is, in its own column
    assert rows[1][7] == "Held" and "_" not in rows[1][6]  # words, not stored codes
    csv_lines = files["csv"].decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 31 and csv_lines[1].startswith("2024-04-30,")

    at.text_input(key="ml.search").input("harbour").run()  # ten meetings: one page, files come at once
    assert not at.exception
    assert download_keys(at) == {"ml.export_csv", "ml.export_xlsx"}
    assert not [b for b in at.button if b.key == "ml.export_prepare"]


def test_directory_and_pledge_lists_download_the_rows_they_show(database_url, session, workbooks):
    load_reference(session)
    at = app_on_page(VIEWER, "views/organisations.py", timeout=30)
    assert not at.exception
    assert download_keys(at) == {"org_export_csv", "org_export_xlsx"}
    shown = at.dataframe[0].value
    rows = sheet_rows(workbooks[-1])
    assert rows[0][:2] == ("Name", "Local name") and "Last met" in rows[0] and "Open" not in rows[0]
    # The page shows one name, its reader's language first; the file keeps the two apart.
    assert [display_name(row[0], row[1]) for row in rows[1:]] == list(shown["name"])
    assert ("Tencent", "腾讯") in [row[:2] for row in rows[1:]]

    at = app_on_page(VIEWER, "views/people.py", timeout=30)
    assert not at.exception
    assert download_keys(at) == {"people_export_csv", "people_export_xlsx"}
    rows = sheet_rows(workbooks[-1])
    assert [display_name(row[0], row[1]) for row in rows[1:]] == list(at.dataframe[0].value["name"])

    at = app_on_page(VIEWER, "views/pledges.py", timeout=30)
    assert not at.exception
    assert download_keys(at) == {"pledge_export_csv", "pledge_export_xlsx"}
    rows = sheet_rows(workbooks[-1])
    assert "Target" in rows[0] and "Overdue" in rows[0]
    assert len(rows) - 1 == len(at.dataframe[0].value)


@pytest.mark.usefixtures("demo")
def test_dashboard_tables_download_the_meetings_behind_a_chart(workbooks):
    at = open_page("views/overview.py", {"period": "all"})
    assert not at.exception, at.exception
    assert {"table_monthly_export_csv", "table_monthly_export_xlsx"} <= download_keys(at)
    shown = at.dataframe[0].value
    book = openpyxl.load_workbook(io.BytesIO(workbooks[0]))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Date", "Meeting", "Kind", "Place", "Organisations present")
    assert [row[1] for row in rows[1:]] == list(shown["title"])  # the seven meetings in this view
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Selection"] == "Meetings in this view" and about["Rows"] == 7

    at = open_page("views/relationships.py")
    assert not at.exception, at.exception
    assert {"rel_export_csv", "rel_export_xlsx"} <= download_keys(at)
    rows = sheet_rows(workbooks[-1])
    assert rows[0][0] == "Enterprise" and "Health" in rows[0] and "organisation_id" not in rows[0]
    assert [row[0] for row in rows[1:]] == list(at.dataframe[0].value["name"])


@pytest.mark.usefixtures("demo")
def test_overview_prepares_the_period_report_only_when_asked():
    at = open_page("views/overview.py", {"period": "all"})
    assert not at.exception, at.exception
    assert not {"overview_report_pdf_download", "overview_report_docx_download"} & download_keys(at)
    at.checkbox(key="overview_report_charts").uncheck().run()  # no browser needed for charts
    prepare = at.button(key="overview_report_pdf_prepare")
    assert prepare.label == "Prepare report (PDF)"
    assert at.button(key="overview_report_docx_prepare").label == "Prepare report (Word)"

    prepare.click().run()
    assert not at.exception, at.exception
    assert "overview_report_pdf_download" in download_keys(at)
    assert "overview_report_docx_download" not in download_keys(at)
    pdf = prepared(at, "overview_report_pdf")
    assert pdf.startswith(b"%PDF")
