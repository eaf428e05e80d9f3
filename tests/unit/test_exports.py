"""CSV and XLSX exports read back: BOM, typed cells, header, About sheet, formula neutralisation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from tracker.reports.exports import (
    FORMULA_PREFIXES,
    Sheet,
    neutralize,
    write_csv,
    write_xlsx,
)
from tracker.reports.table_export import frame_to_bytes

COLUMNS = ["name", "local_name", "date", "meetings", "value", "note"]
ROWS = [
    ("Tencent", "腾讯", dt.date(2019, 5, 7), 3, Decimal("1250000.50"), "=HYPERLINK(\"http://x\")"),
    ("SenseTime", "商汤科技", dt.date(2019, 6, 1), 1, None, "+1 555"),
]


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_each_dangerous_prefix_is_neutralised(prefix):
    text = f"{prefix}SUM(A1:A2)"
    assert neutralize(text) == "'" + text
    buffer = io.BytesIO()
    write_csv(buffer, ["cell"], [(text,)])
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert rows[1][0] == "'" + text
    book = openpyxl.load_workbook(io.BytesIO(frame_to_bytes(pd.DataFrame({"cell": [text]}), "xlsx")))
    cell = book.worksheets[0]["A2"]
    # OOXML stores a carriage return as _x000D_ (Excel shows it as CR; openpyxl leaves it escaped).
    assert cell.data_type == "s" and cell.value.replace("_x000D_", "\r") == "'" + text


def test_safe_text_is_left_alone():
    assert neutralize("Tencent") == "Tencent"
    assert neutralize("腾讯") == "腾讯"


def test_csv_has_bom_and_round_trips_chinese():
    buffer = io.BytesIO()
    assert write_csv(buffer, COLUMNS, ROWS) == 2
    raw = buffer.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert rows[1][:5] == ["Tencent", "腾讯", "2019-05-07", "3", "1250000.50"]
    assert rows[1][5].startswith("'=HYPERLINK")
    assert rows[2][4] == ""  # None is an empty cell


def test_xlsx_cells_are_typed_and_sheet_is_usable(tmp_path):
    path = tmp_path / "out.xlsx"
    counts = write_xlsx(path, [Sheet("orgs", COLUMNS, iter(ROWS))],
                        lambda counts: [("Export", "Organisations"), ("Rows", counts["orgs"]),
                                        ("Period", "2019-01-01 to 2019-12-31")])
    assert counts == {"orgs": 2}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["orgs", "About"]
    sheet = book["orgs"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    assert sheet["B2"].value == "腾讯"
    assert isinstance(sheet["C2"].value, dt.datetime) and sheet["C2"].is_date
    assert sheet["C2"].value.date() == dt.date(2019, 5, 7)
    assert sheet["D2"].value == 3 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == pytest.approx(1250000.5)
    assert sheet["E3"].value is None
    assert sheet.column_dimensions["A"].width >= 9
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Rows"] == 2 and about["Period"] == "2019-01-01 to 2019-12-31"


def test_frame_to_bytes_handles_pandas_missing_values():
    frame = pd.DataFrame({"when": [pd.Timestamp("2020-01-02"), pd.NaT], "n": [1.5, float("nan")]})
    book = openpyxl.load_workbook(io.BytesIO(frame_to_bytes(frame, "xlsx")))
    sheet = book.worksheets[0]
    assert sheet["A2"].is_date and sheet["A3"].value is None and sheet["B3"].value is None
    text = frame_to_bytes(frame, "csv").decode("utf-8-sig").splitlines()
    assert text[1].startswith("2020-01-02") and text[2] == ","


def test_pandas_dates_stay_dates_and_only_real_times_show_a_time():
    """A date column that pandas turned into midnight Timestamps is written as yyyy-mm-dd, not
    with a 00:00 time; a Timestamp with a time of day keeps it."""
    frame = pd.DataFrame({"day": [pd.Timestamp("2020-01-02")], "at": [pd.Timestamp("2020-01-02 09:30")]})
    sheet = openpyxl.load_workbook(io.BytesIO(frame_to_bytes(frame, "xlsx"))).worksheets[0]
    assert (sheet["A2"].number_format, sheet["B2"].number_format) == ("yyyy-mm-dd", "yyyy-mm-dd hh:mm")
    csv_row = frame_to_bytes(frame, "csv").decode("utf-8-sig").splitlines()[1]
    assert csv_row == "2020-01-02,2020-01-02T09:30:00"


def test_long_exports_stream_rows_with_the_same_types(tmp_path):
    """Past the first 200 rows, rows are written as sheet XML directly; they must read back the same."""
    def row(i):
        return (i, f"Org {i} & <Partner> 腾讯", dt.date(2020, 1, 1) + dt.timedelta(days=i),
                dt.datetime(2020, 1, 1, 9, 30) + dt.timedelta(hours=i), i / 4, None,
                "=cmd|' /C calc'!A0" if i % 50 == 0 else f"  padded {i} ", "bell\x07")
    columns = ["id", "name", "day", "at", "quarter", "empty", "text", "control"]
    path = tmp_path / "long.xlsx"
    assert write_xlsx(path, [Sheet("rows", columns, (row(i) for i in range(1, 1001)))],
                      [("Rows", 1000)]) == {"rows": 1000}
    sheet = openpyxl.load_workbook(path)["rows"]
    assert sheet.max_row == 1001 and sheet.auto_filter.ref == "A1:H1001"
    for number in (2, 201, 202, 700, 1001):
        cells = sheet[number]
        expected = row(number - 1)
        assert cells[0].value == expected[0] and cells[0].data_type == "n"
        assert cells[1].value == expected[1]
        assert cells[2].is_date and cells[2].value.date() == expected[2]
        assert cells[3].is_date and abs((cells[3].value - expected[3]).total_seconds()) < 1
        assert cells[4].value == pytest.approx(expected[4]) and cells[5].value is None
        assert cells[6].value == neutralize(expected[6])
        assert cells[7].value.replace("_x0007_", "\x07") == "bell\x07"
