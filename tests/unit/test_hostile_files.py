"""Hostile spreadsheets refused with a clear error, not a traceback or minutes of work (issue 12,
items 6 and 7): zip bombs, sheets that claim millions of cells, megabyte cells, dates out of range,
control characters."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from seed_data.hostile_files import SHEET_CLOSE, SHEET_OPEN, xlsx_bomb, xlsx_with_sheet
from tracker.archive_limits import ArchiveRefused
from tracker.errors import ValidationError, validate
from tracker.importers import reading, workbook
from tracker.importers.parsing import CellError, parse_date
from tracker.ingest.dates import chinese_date, english_date, find_dateline
from tracker.models import EventCreate, MeetingCreate, PledgeProgressCreate
from tracker.models.dates import DATE_RANGE_TEXT
from tracker.uploads import check_upload


def bomb(inflated_bytes: int) -> bytes:
    buffer = io.BytesIO()
    xlsx_bomb(buffer, inflated_bytes)
    return buffer.getvalue()


def sheet(*parts: bytes) -> bytes:
    buffer = io.BytesIO()
    xlsx_with_sheet(buffer, [SHEET_OPEN, *parts, SHEET_CLOSE])
    return buffer.getvalue()


def test_a_highly_compressed_sheet_is_refused_before_it_is_opened():
    data = bomb(24 * 2**20)  # 24 MB of XML in about 30 KB
    assert len(data) < 200_000
    with pytest.raises(ArchiveRefused, match="compressed .* times"):
        reading.read_table(data, "meetings.xlsx")
    with pytest.raises(ArchiveRefused, match="compressed .* times"):
        check_upload("meetings.xlsx", data, allowed={"xlsx"})


def test_an_archive_stating_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr("tracker.archive_limits.MAX_UNCOMPRESSED_BYTES", 4 * 2**20)
    with pytest.raises(ArchiveRefused, match="inflate to 6 MB"):
        reading.read_table(bomb(6 * 2**20), "meetings.xlsx")


def test_a_sheet_with_more_cells_than_a_register_holds_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("tracker.archive_limits.MAX_RATIO", 10_000)
    monkeypatch.setattr("tracker.importers.workbook.MAX_SHEET_ELEMENTS", 1_000)
    with pytest.raises(ArchiveRefused, match="cells and rows"):
        reading.read_table(bomb(2**20), "meetings.xlsx")


FAR_AWAY = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>Organisation</t></is></c></row>',
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def test_rows_a_sheet_skips_count_against_the_budget(monkeypatch):
    """Two cells, one in the last row and column Excel has: the rows in between are counted."""
    monkeypatch.setattr(reading, "MAX_CELLS", 100_000)
    with pytest.raises(ValidationError, match="more than 100,000 cells"):
        reading.read_table(sheet(*FAR_AWAY), "meetings.xlsx")


def test_one_wide_row_does_not_widen_every_row(monkeypatch):
    """One row 16,384 cells wide among 10,000 short ones: a table padded to that width would hold
    164 million cells."""
    monkeypatch.setattr("tracker.archive_limits.MAX_RATIO", 10_000)
    table = reading.read_table(sheet(*FAR_AWAY[:1], b"<row><c><v>2019</v></c></row>" * 10_000,
                                     b'<row><c r="XFD10002"><v>1</v></c></row>'), "meetings.xlsx")
    assert table.headers == ["Date", "Organisation", "Column 16384"] and len(table.rows) == 10_001
    merged = sheet(*FAR_AWAY[:1], b"<row><c><v>2019</v></c></row>" * 1_000,
                   b'</sheetData><mergeCells><mergeCell ref="A2:XFD1000"/></mergeCells><sheetData>')
    monkeypatch.setattr(reading, "MAX_CELLS", 100_000)
    with pytest.raises(ValidationError, match="more than 100,000 cells"):
        reading.read_table(merged, "meetings.xlsx")


def test_one_megabyte_of_shared_text_repeated_in_every_cell_is_refused(monkeypatch):
    monkeypatch.setattr("tracker.archive_limits.MAX_RATIO", 10_000)
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", 5_000_000)
    big = b"x" * 1_000_000
    data = sheet(*[b'<row><c t="inlineStr"><is><t>' + big + b"</t></is></c></row>"] * 6)
    with pytest.raises(ValidationError, match="more than 5,000,000 characters"):
        reading.read_table(data, "meetings.xlsx")


def test_parts_parsed_whole_are_bounded(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_TREE_PART_BYTES", 5_000)
    with pytest.raises(ArchiveRefused, match=r"theme1.xml is 10,\d+ bytes"):
        reading.read_table(sheet(b"<row><c><v>1</v></c></row>"), "meetings.xlsx")


def test_merged_cells_still_spread_in_the_streamed_sheet():
    from openpyxl import Workbook

    book = Workbook()
    rows = [["Meetings", None, None], ["Date", "Organisation", "Purpose"],
            ["2019-05-06", "Acme", "Talks"], [None, "Beta", None]]
    for row in rows:
        book.active.append(row)
    book.active.merge_cells("A1:C1")
    book.active.merge_cells("C3:C4")
    buffer = io.BytesIO()
    book.save(buffer)
    table = reading.read_table(buffer.getvalue(), "merged.xlsx")
    assert table.headers == ["Date", "Organisation", "Purpose"]
    assert [row.cells for row in table.rows] == [("2019-05-06", "Acme", "Talks"), ("", "Beta", "Talks")]


def test_broken_sheet_xml_is_a_file_error():
    with pytest.raises(ValidationError, match="not a readable XLSX"):
        reading.read_table(sheet(b"<row><c><v>1</v></row>"), "meetings.xlsx")
    with pytest.raises(ValidationError, match="not a readable XLSX"):
        reading.read_table(b"PK\x03\x04 not really a zip", "meetings.xlsx")


def test_a_zip_without_a_worksheet_is_a_file_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="not a readable XLSX"):
        reading.read_table(buffer.getvalue(), "meetings.xlsx")


def test_a_megabyte_cell_in_a_csv_is_read_not_a_csv_error():
    text = "Date,Organisation,Purpose\n2019-05-06,Acme," + "x" * 1_000_000 + "\n2019-05-07,Beta,Talks\n"
    table = reading.read_table(text.encode(), "meetings.csv")
    assert len(table.rows) == 2 and len(table.rows[0].cells[2]) == 1_000_000


def test_a_csv_of_nothing_but_delimiters_is_bounded(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 10_000)
    with pytest.raises(ValidationError, match="more than 10,000 cells"):
        reading.read_table(b"Date,Organisation\n" + b"," * 50_000, "meetings.csv")


def test_control_characters_are_dropped_from_cells():
    assert reading.clean_cell("Acme\x00 Ltd\x1b[31m") == "Acme Ltd[31m"
    assert reading.clean_cell("a\x85b\x7f") == "ab"
    assert reading.clean_cell("line\tone") == "line one"


@pytest.mark.parametrize("text", ["9999-12-31", "31/12/9999", "0001-01-01", "1899-12-31",
                                  "31/12/2101", "2101-01-01", "79999"])
def test_dates_outside_the_accepted_range_are_cell_errors(text):
    with pytest.raises(CellError, match="outside the dates the tracker accepts"):
        parse_date(text, default_year=2019)


@pytest.mark.parametrize("text", ["-2019-01-01", "+2019-01-01", "−2019-01-01"])
def test_a_signed_date_is_not_a_date(text):
    with pytest.raises(CellError, match="not a date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["2019年13月1日", "2019-05-06 25:00", "December 9999", "x" * 1_000_000])
def test_impossible_or_huge_date_text_is_a_cell_error(text):
    with pytest.raises(CellError):
        parse_date(text)


def test_the_range_ends_are_accepted():
    assert parse_date("1900-01-01").date == dt.date(1900, 1, 1)
    assert parse_date("2100-12-31").date == dt.date(2100, 12, 31)


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31)])
def test_models_refuse_dates_outside_the_range(day):
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
        validate(MeetingCreate, {"title": "Talks", "date": day})
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
        validate(EventCreate, {"name": "Summit", "start_date": day})
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
        validate(PledgeProgressCreate, {"on": day})
    assert "1900-01-01" in DATE_RANGE_TEXT


def test_article_dates_outside_the_range_are_not_dates():
    assert find_dateline("9999年12月31日 福州讯") is None
    assert english_date("They met on 5 May 0001.", None) is None
    assert chinese_date("双方于0001年5月5日会谈", None) is None
    assert english_date("They met on 5 May 2019.", None).day == dt.date(2019, 5, 5)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfDate,Organisation\n2019-05-06,Acme\xd9 Ltd\n",
                                  "Date,Organisation\n".encode("utf-16") + b"T"])
def test_a_byte_order_mark_the_bytes_belie_is_a_file_error(data):
    """Found by the fuzz test: a UTF-8 or UTF-16 BOM before bytes that are not raised a bare
    UnicodeDecodeError."""
    with pytest.raises(ValidationError, match="byte-order mark"):
        reading.read_table(data, "meetings.csv")
