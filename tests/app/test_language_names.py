"""中文: the Overview names areas and sectors in Chinese (the taxonomy's names), writes its
months as 2019年5月, and lists the sidebar's sectors and areas by their Chinese names in pinyin
order; the same page in English keeps the stored names and writes May 2019."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in
from tests.app.test_language import demo, english_leftovers  # noqa: F401 (the demo-data fixture)
from tracker.matching import sort_key

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

CHINESE_MONTH = re.compile(r"^\d{4}年\d{1,2}月$")


def overview(actor, monkeypatch, language: str) -> AppTest:
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", language)
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, actor)
    at.run()
    at.switch_page("views/overview.py")
    at.query_params["period"] = "all"
    at.run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.fixture
def officer(demo):  # noqa: F811 (the fixture imported above)
    return ensure_user("viewer", clearance="secret", username="lin.hua")


def test_the_overview_names_areas_sectors_and_months_in_chinese(officer, monkeypatch):
    at = overview(officer, monkeypatch, "zh_CN")
    monthly, *_others = charts(at)
    assert {trace["name"] for trace in monthly["data"]} >= {"人工智能", "金融"}
    ticks = monthly["layout"]["xaxis"]["ticktext"]
    assert ticks and all(CHINESE_MONTH.match(tick) for tick in ticks), ticks
    hovers = [h for trace in monthly["data"] for h in trace["customdata"]]
    assert all(CHINESE_MONTH.match(row[4]) for row in hovers), hovers

    tree = next(chart for chart in charts(at) if chart["data"][0]["type"] == "treemap")
    labels = set(tree["data"][0]["labels"])
    assert {"数字经济", "人工智能研发", "生命健康"} <= labels, labels
    assert not labels & {"Digital economy", "AI R&D", "Health"}

    sectors = at.multiselect(key="flt_sectors")
    # hu, jin, ren, zheng; two sectors of one Chinese name told apart by their own
    assert sectors.options == ["互联网与数字平台", "金融", "人工智能 (AI)",
                               "人工智能 (Artificial intelligence)", "政府"]
    areas = at.multiselect(key="flt_areas").options
    assert "人工智能研发" in areas and "生命健康" in areas and areas == sorted(areas, key=sort_key)
    assert english_leftovers(at) == []

    # Names with a Chinese name read Chinese first: the meetings table, the top enterprises.
    organisations = " ".join(at.dataframe[0].value["organisations"])
    assert "腾讯 (Tencent)" in organisations, organisations
    top = next(chart for chart in charts(at) if "customdata" in chart["data"][0]
               and any("腾讯" in str(row) for row in chart["data"][0]["customdata"]))
    assert top

    at.segmented_control(key="stack_by").set_value("area").run()
    assert not at.exception, at.exception
    names = {trace["name"] for trace in charts(at)[0]["data"]}
    assert "数字经济" in names and not names & {"Digital economy", "Health"}, names
    assert english_leftovers(at) == []


def test_the_overview_in_english_keeps_the_stored_names_and_writes_months_in_words(officer, monkeypatch):
    at = overview(officer, monkeypatch, "en")
    monthly = charts(at)[0]
    assert {trace["name"] for trace in monthly["data"]} >= {"AI", "Finance"}
    ticks = monthly["layout"]["xaxis"]["ticktext"]
    assert ticks and all(re.fullmatch(r"[A-Z][a-z]+ \d{4}", tick) for tick in ticks), ticks
    assert "Tencent (腾讯)" not in " ".join(at.dataframe[0].value["organisations"])  # as stored
    assert at.multiselect(key="flt_sectors").options == [
        "AI", "Artificial intelligence", "Finance", "Government", "Internet and digital platforms"]


def test_the_overview_kpi_arrows_follow_the_sign_of_the_change_in_chinese(officer, monkeypatch):
    """2025 against 2024 (the demo's busiest year): every change is a fall; in Chinese the words
    came first ("较上期 -3") and Streamlit drew the arrow up. The sign leads now, the words follow."""
    from streamlit.proto.Metric_pb2 import Metric

    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, officer)
    at.run()
    at.switch_page("views/overview.py")
    at.query_params.update({"from": "2025-01-01", "to": "2025-12-31"})
    at.run()
    assert not at.exception, at.exception
    changes = [m.proto for m in at.metric if m.proto.delta]
    falls = [m for m in changes if "-" in m.delta]
    assert falls, [(m.label, m.delta) for m in changes]
    for metric in changes:
        if "-" in metric.delta:
            assert (metric.direction, metric.color) == (Metric.DOWN, Metric.RED), (metric.label, metric.delta)
        elif "+" in metric.delta:
            assert (metric.direction, metric.color) == (Metric.UP, Metric.GREEN), (metric.label, metric.delta)
        else:
            assert metric.direction == Metric.NONE, metric.label
        assert metric.delta[0] in "+-0" and metric.delta_description == "较上期", metric.delta
