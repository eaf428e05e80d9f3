"""The Reports page: runs, prepares a report, shows the return with its problems, and signs it off."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import signed_in_app
from tests.conftest import assert_audited

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


def open_reports(role: str, clearance: str | None = None) -> AppTest:
    return signed_in_app(role, clearance=clearance, username=f"{role}_reports", page="views/reports.py",
                         timeout=60)


def frame_with(at: AppTest, column: str):
    """The first dataframe on the page having ``column`` (AppTest does not expose dataframe keys)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def downloads(at: AppTest) -> list:
    return at.get("download_button")


def test_reports_page_return_and_sign_off(database_url, session):
    load_reference(session)
    at = open_reports("editor")
    assert not at.exception
    at.selectbox(key="flt_period").set_value("custom").run()
    at.date_input(key="flt_dates").set_value((dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
    at.text_input(key="return_quarter").set_value("2019Q2")
    at.checkbox(key="report_charts").uncheck()
    at.radio(key="report_format").set_value("docx")
    at.run()
    assert not at.exception
    rows = frame_with(at, "Name of Organisation")
    assert sorted(rows["Name of Organisation"]) == ["ByteDance", "SenseTime", "Tencent"]
    assert any("Every meeting of the quarter is in the return" in s.value for s in at.success)
    preview = frame_with(at, "Title")  # the Exports preview, headed as the downloaded file is
    assert preview["Title"].str.contains("Tencent").any()
    assert not {"date_precision", "kind", "status"} & set(preview.columns)
    # Issue 14 item 16: the file, and so its preview, says each date's precision in words.
    assert set(preview["Date precision"]) <= {"Day", "Month", "Quarter"}
    assert not {"signing_ceremony", "held", "talk"} & (set(preview["Kind"]) | set(preview["Status"]))

    at.button(key="period_report_docx_prepare").click().run()
    assert not at.exception
    assert len(downloads(at)) >= 3  # the prepared report plus the return's CSV and Excel

    at.text_input(key="signoff_note").set_value("Checked against the minutes")
    at.button(key="signoff").click().run()
    assert not at.exception
    event = assert_audited(session, entity="return_sign_off", entity_id=None, action="sign_off",
                           actor="editor_reports")
    assert event.after["quarter"] == "2019Q2" and event.after["rows"] == 3
    assert any("Signed off by editor_reports" in c.value for c in at.caption)


def test_viewer_sees_no_sign_off_button(database_url, session):
    load_reference(session)
    at = open_reports("viewer", "public")
    assert not at.exception
    assert not [b for b in at.button if b.key == "signoff"]
    assert any("Only editors and administrators" in c.value for c in at.caption)
