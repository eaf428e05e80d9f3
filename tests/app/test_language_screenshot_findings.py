"""中文 on the pages where the screenshots of every page (issue 15) found English or raw text: a
meeting's pledges by cooperation area, a website button, the organisation forms' name field, the
People list's organisations, and the transparency return's dates and quarter."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import APP, app_on_page, ensure_user, sign_in
from tracker.models import Meeting, Organisation

# What these pages show cannot depend on the database: the queries behind them are tested on both.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def reference(database_url, session, monkeypatch):
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    load_reference(session)
    meeting = session.execute(sa.select(Meeting.id)).scalars().first()
    sensetime = session.execute(
        sa.select(Organisation.id).where(Organisation.name == "SenseTime")).scalar_one()
    return {"meeting": meeting, "sensetime": sensetime,
            "editor": ensure_user("editor", clearance="secret", username="chen.jing")}


def frame_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_a_meetings_pledges_and_an_enterprises_website_read_chinese(reference):
    at = app_on_page(reference["editor"], "views/meeting_record.py", id=reference["meeting"])
    assert not at.exception, at.exception
    areas = set(frame_with(at, "area")["area"])
    assert {"智慧城市", "人工智能研发"} <= areas and "Smart city" not in areas, areas
    pledges = next(table for table in at.dataframe if "area" in table.value.columns)
    link = json.loads(pledges.proto.columns)["open"]["type_config"]
    assert link["display_text"] == "打开"  # a link to open the pledge, not the status 未完成 (Open)

    at = app_on_page(reference["editor"], "views/enterprise_profile.py", id=reference["sensetime"])
    assert not at.exception, at.exception
    labels = [button.proto.label for button in at.get("link_button")]
    assert any(text.startswith("网站：") and "sensetime.com" in text for text in labels), labels


def test_organisations_are_named_as_organisations_and_in_chinese(reference):
    at = app_on_page(reference["editor"], "views/organisations.py")
    assert not at.exception, at.exception
    assert at.text_input(key="org_new_name").label == "名称"
    assert at.selectbox(key="org_order").format_func("name") == "名称"

    at = app_on_page(reference["editor"], "views/people.py")
    assert not at.exception, at.exception
    people = frame_with(at, "organisation")
    assert "腾讯 (Tencent)" in set(people["organisation"]), set(people["organisation"])


def test_the_transparency_return_writes_its_dates_and_quarter_in_chinese(reference):
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, reference["editor"])
    at.session_state["return_quarter"] = "2019Q2"  # as typed into the Quarter box
    at.run()
    at.switch_page("views/reports.py").run()
    assert not at.exception, at.exception
    rows = frame_with(at, "Official")
    assert set(rows["Date"]) == {"2019年5月7日"}
    assert rows["Official"].str.contains("于伟国 (Yu Weiguo)", regex=False).all()
    assert any(header.value.startswith("2019年第二季度") for header in at.subheader), \
        [header.value for header in at.subheader]
    assert {button.key for button in at.download_button} >= {"return_export_csv", "return_export_xlsx"}
