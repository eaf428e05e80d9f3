"""Reports and briefings built from records full of Markdown and HTML beacons, and with hostile
links stored before links were checked, carry no hyperlink, no external relationship and no image:
opening the file never makes the reader's PDF viewer, Word or Excel contact another host."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from tests.hostile_records import plant_hostile_records
from tracker.models import Confidentiality
from tracker.queries.filters import Filters
from tracker.reports.briefing import briefing_bytes, build_briefing
from tracker.reports.period import build_period_report, render

SECRET = Filters(clearance=Confidentiality.SECRET, period="all")


def _assert_inert_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF")
    for marker in (b"/URI", b"/Subtype /Link", b"/Launch", b"/Subtype /Image"):
        assert marker not in data, f"the PDF contains {marker!r}"


def _assert_inert_office_file(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.endswith(".rels"):
                assert 'TargetMode="External"' not in text, f"{name} points outside the file"
            assert "<w:hyperlink" not in text and "<hyperlink " not in text, f"{name} has a hyperlink"
            assert not name.startswith(("word/media/", "xl/media/")), f"{name} is an image"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_briefing_on_a_hostile_organisation_links_and_fetches_nothing(session, fmt):
    planted = plant_hostile_records(session, admin_username="reporter", admin_password="reporter-pass")
    document = build_briefing(session, SECRET, planted.company_id)
    data = briefing_bytes(document, fmt)
    (_assert_inert_pdf if fmt == "pdf" else _assert_inert_office_file)(data)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_period_report_over_hostile_records_links_and_fetches_nothing(session, fmt):
    plant_hostile_records(session, admin_username="reporter", admin_password="reporter-pass")
    data = render(build_period_report(session, SECRET, with_charts=False), fmt)
    (_assert_inert_pdf if fmt == "pdf" else _assert_inert_office_file)(data)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert any("beacon" in str(cell.value) for cell in cells), "the hostile records are in the report"
        assert not [cell.coordinate for cell in cells if cell.hyperlink], "a cell is a hyperlink"
