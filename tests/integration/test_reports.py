"""Period reports, exports and briefings on a real database, read back with pypdf, python-docx, openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from seed_data.reference import load_reference
from tests.report_helpers import add_busy_company, add_secret_engagement, docx_content, pdf_pages, pdf_text
from tracker.errors import NotFound
from tracker.models import Confidentiality
from tracker.queries import overview, report_data
from tracker.queries.briefing_data import find_organisation_id
from tracker.queries.filters import Filters
from tracker.reports.briefing import briefing_bytes, build_briefing
from tracker.reports.document import Table
from tracker.reports.fonts import find_cjk_font
from tracker.reports.period import build_period_report, render
from tracker.reports.table_export import export_table

# What a document says and how it is laid out follow from queries tested on both databases
# (test_clearance, test_dashboard_queries); the documents themselves are built on SQLite only.
pytestmark = pytest.mark.sqlite_only

YEAR_2019 = dict(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
SECRET = Filters(clearance=Confidentiality.SECRET, **YEAR_2019)
INTERNAL = Filters(clearance=Confidentiality.INTERNAL, **YEAR_2019)
AGREEMENT = "Cooperation agreement between the Fujian Provincial People's Government and SenseTime"


@pytest.fixture
def reference(session):
    load_reference(session)
    add_secret_engagement(session)
    return session


def test_report_figures_are_the_overview_figures(reference):
    kpis = overview.kpis(reference, INTERNAL).set_index("key")
    assert kpis.loc["meetings_held", "value"] == 1 and kpis.loc["meetings_held", "previous"] == 0
    assert kpis.loc["enterprises_engaged", "value"] == 3 and kpis.loc["pledges_made", "value"] == 14
    document = build_period_report(reference, INTERNAL, with_charts=False)
    summary = next(b for b in document.blocks if isinstance(b, Table) and b.name == "Summary")
    printed = {row[0]: row[1] for row in summary.rows}
    for key, label in overview.KPI_LABELS.items():
        if key != "due_pledges_delivered":
            assert printed[label] == kpis.loc[key, "value"], label
    secret = overview.kpis(reference, SECRET).set_index("key")
    assert secret.loc["meetings_held", "value"] == 2
    assert list(report_data.agreements_in_period(reference, INTERNAL)["title"]) == [AGREEMENT]


def test_period_report_pdf_names_the_sensetime_agreement_and_chinese_names(reference):
    data = render(build_period_report(reference, INTERNAL, with_charts=False), "pdf")
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert "SenseTime" in flat and "Cooperation agreement between the Fujian" in flat
    assert "Appendix: every meeting in the period (1)" in flat
    assert "Highest confidentiality included: Public" in flat
    assert "Hidden Dragon" not in flat and "Secret pledge" not in flat
    if find_cjk_font() is None:
        pytest.skip("no CJK font on this machine (install fonts-noto-cjk)")
    for name in ("于伟国", "唐登杰", "商汤科技", "腾讯"):
        assert name in text


def test_pdf_without_cjk_font_still_renders_and_says_so(reference):
    from tracker.reports.pdf import render_pdf

    document = build_period_report(reference, INTERNAL, with_charts=False)
    flat = " ".join(pdf_text(render_pdf(document, font=None)).split())
    assert "no Chinese (CJK) font was found" in flat and "SenseTime" in flat


def test_period_report_docx_has_headings_and_tables(reference):
    document = build_period_report(reference, SECRET, with_charts=False)
    paragraphs, tables = docx_content(render(document, "docx"))
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert "Agreements signed in the period" in headings and "Overdue pledges" in headings
    assert "Appendix: every meeting in the period (2)" in headings
    agreements = next(t for t in tables if t[0][:2] == ["Signed", "Agreement"])
    assert agreements[1][1] == AGREEMENT and "商汤科技" in agreements[1][2]
    summary = next(t for t in tables if t[0][0] == "Figure")
    assert ["Meetings held", "2", "0", "+2"] == summary[1]
    appendix = tables[-1]
    assert any("Hidden Dragon" in row[2] for row in appendix[1:])  # a secret reader sees it


def test_period_report_xlsx_has_one_sheet_per_table(reference):
    book = openpyxl.load_workbook(io.BytesIO(render(build_period_report(reference, INTERNAL,
                                                                         with_charts=False), "xlsx")))
    assert {"Summary", "Agreements", "Meetings", "About"} <= set(book.sheetnames)
    meetings = book["Meetings"]
    assert meetings["A2"].is_date and meetings["A2"].value.date() == dt.date(2019, 5, 7)
    assert meetings.max_row == 2
    summary = book["Summary"]
    assert summary["B2"].value == 1 and summary["B2"].data_type == "n"


def test_no_export_shows_confidential_items_to_an_internal_reader(reference, tmp_path):
    internal, secret = Filters(clearance=Confidentiality.INTERNAL), Filters(clearance=Confidentiality.SECRET)
    hidden = ("Hidden Dragon", "Secret pledge", "Shadow Official")
    for view in ("meetings", "organisations", "people", "pledges", "agreements"):
        path = tmp_path / f"{view}.csv"
        export_table(reference, internal, view, "csv", path)
        text = path.read_bytes().decode("utf-8-sig")
        assert not any(word in text for word in hidden), view
        full = tmp_path / f"{view}-secret.xlsx"
        rows = export_table(reference, secret, view, "xlsx", full)
        sheet = openpyxl.load_workbook(full)[view]
        assert sheet.max_row == rows + 1
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        assert view == "agreements" or any(word in cells for word in hidden), view


def test_meeting_export_content_round_trips(reference, tmp_path):
    path = tmp_path / "meetings.xlsx"
    export_table(reference, INTERNAL, "meetings", "xlsx", path, generated_by="tester")
    sheet = openpyxl.load_workbook(path)["meetings"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Date"].date() == dt.date(2019, 5, 7) and row["ID"] == 1
    assert sheet["B2"].number_format == "yyyy-mm-dd", "a date has no 00:00 time"
    # Issue 14 item 16: the precision is a column of its own, in words, beside a date-only column.
    assert header[header.index("Date") + 1] == "Date precision" and row["Date precision"] == "Day"
    assert "date_precision" not in header
    assert (row["Kind"], row["Status"]) == ("Talk", "Held"), "words, not stored codes"
    assert "Ma Huateng (马化腾), Chairman and CEO of Tencent" in row["Counterparts"]
    assert "SenseTime; Tencent" in row["Organisations"]
    about = {r[0].value: r[1].value for r in openpyxl.load_workbook(path)["About"].iter_rows()}
    assert about["Rows"] == 1 and about["Generated by"] == "tester"
    assert about["Period"] == "2019-01-01 to 2019-12-31"
    csv_path = tmp_path / "pledges.csv"
    assert export_table(reference, INTERNAL, "pledges", "csv", csv_path) == 14
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert {r["Organisation"] for r in rows} == {"Tencent", "ByteDance", "SenseTime",
                                                 "Fujian Provincial People's Government"}


def test_briefing_is_one_page_with_who_met_whom(reference):
    company = add_busy_company(reference)
    today = dt.date(2020, 6, 1)
    document = build_briefing(reference, Filters(clearance=Confidentiality.SECRET), company, today=today)
    data = briefing_bytes(document, "pdf")
    assert pdf_pages(data) == 1
    flat = " ".join(pdf_text(data).split())
    assert "Briefing: Busy Robotics" in flat and "Points to raise next time" in flat
    assert "Overdue since 2019-03-01" in flat and "Stalled and overdue since 2019-05-20" in flat
    if find_cjk_font() is not None:
        assert "李官员" in pdf_text(data)
    paragraphs, tables = docx_content(briefing_bytes(document, "docx"))
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:3] == ["Who they are", "Our relationship in numbers", "Last meetings"]
    meetings = tables[0]
    assert meetings[0] == ["Date", "Meeting", "Our side", "Their side"]
    assert "Li Guanyuan (李官员), Director of the Economic Bureau" in meetings[1][2]
    assert "Chen Laoban (陈老板), Chairman of Busy Robotics" in meetings[1][3]


def test_briefing_on_tencent_lists_open_pledges(reference):
    tencent = find_organisation_id(reference, "腾讯", clearance=Confidentiality.INTERNAL)
    document = build_briefing(reference, INTERNAL, tencent, today=dt.date(2019, 6, 1))
    paragraphs, tables = docx_content(briefing_bytes(document, "docx"))
    pledges = next(t for t in tables if t[0][0] == "Area")
    assert len(pledges) == 6 and pledges[1][4] == "none yet"
    assert any("Data security (1)" in text for _, text in paragraphs)


def test_briefing_leaves_out_what_the_reader_may_not_see(reference):
    """Hidden Dragon is known only from a secret meeting: to an Internal reader it does not exist
    (issue 12: a briefing on it used to say "No meeting with them is on record")."""
    with pytest.raises(NotFound, match="No organisation called"):
        find_organisation_id(reference, "Hidden Dragon Holdings", clearance=Confidentiality.INTERNAL)
    hidden = find_organisation_id(reference, "Hidden Dragon Holdings", clearance=Confidentiality.SECRET)
    with pytest.raises(NotFound):
        build_briefing(reference, INTERNAL, hidden)
    secret = briefing_bytes(build_briefing(reference, SECRET, hidden), "docx")
    assert "Shadow Official" in " ".join(c for t in docx_content(secret)[1] for r in t for c in r)
