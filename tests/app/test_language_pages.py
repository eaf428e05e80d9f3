"""中文, second slice: the Meetings list, the Pledges page (list and record) and the Relationships
page, switched to Chinese, show their titles, labels, captions, tables' headings and charts in
Chinese and no English the catalogue knows (names and data excepted)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in
from tests.app.test_language import demo, english_leftovers  # noqa: F401 (the demo-data fixture)
from tracker.definitions import SILENT_AFTER_DAYS

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

SILENT = f"{SILENT_AFTER_DAYS} 天以上无进展"


@pytest.fixture
def officer(demo, monkeypatch):  # noqa: F811 (the fixture imported above)
    """An editor (so the pledge update forms show too) whose page runs in Chinese."""
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    return ensure_user("editor", clearance="secret", username="chen.jing")


def open_page(actor, page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, actor)
    at.run()
    at.switch_page(page)
    at.query_params.update({"period": "all", **{k: str(v) for k, v in query.items()}})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="language_switch").value == "zh_CN"
    return at


def headings(table) -> list[str]:
    """The column headings a dataframe shows (its column config's labels)."""
    config = json.loads(table.proto.columns)
    return [spec["label"] for spec in config.values() if isinstance(spec, dict) and spec.get("label")]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_the_meetings_list_in_chinese(officer):
    at = open_page(officer, "views/meetings.py")
    assert [t.value for t in at.title] == ["会见记录"]
    assert at.segmented_control(key="ml.view").label == "显示"
    assert at.segmented_control(key="ml.view").options == ["已举行", "即将举行", "全部"]
    assert at.text_input(key="ml.search").label == "搜索"
    assert [e.label for e in at.expander] == ["筛选"]
    assert [d.label for d in at.date_input] == ["起始日期", "截止日期"]
    assert [m.label for m in at.multiselect] == ["机构", "议题", "类型", "活动"]  # column by column
    assert "7 场会见 · 第 1 页，共 1 页" in [c.value for c in at.caption]
    assert "第 1 页，共 1 页" in [m.value for m in at.markdown]
    assert [b.label for b in at.button][:2] == ["上一页", "下一页"]
    rows = at.dataframe[0].value
    assert set(rows["kind"]) <= {"会谈", "访问", "签约仪式", "论坛", "通话", "宴请", "视察", "其他"}
    assert set(rows["status"]) == {"已举行"}
    assert all(day.startswith("20") and day.endswith("日") for day in rows["date"]), list(rows["date"])
    assert english_leftovers(at) == []

    at.segmented_control(key="ml.view").set_value("coming").run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="ml.view").value == "coming"  # none is coming in the demo data
    assert [i.value for i in at.info] == ["没有符合条件的会见。请清除搜索或筛选条件，或记录一场新会见。"]
    assert english_leftovers(at) == []


def test_the_pledges_page_in_chinese(officer, demo):  # noqa: F811
    at = open_page(officer, "views/pledges.py")
    assert [t.value for t in at.title] == ["承诺"]
    assert [m.label for m in at.metric] == ["未完成", "逾期", SILENT, "已兑现"]
    assert [m.label for m in at.multiselect] == ["合作领域", "状态"]
    assert [c.label for c in at.checkbox] == ["仅显示逾期", SILENT]
    assert "17 项承诺" in [c.value for c in at.caption]
    assert [e.label for e in at.expander] == ["从此列表更新承诺"]
    assert [b.label for b in at.button if b.label == "保存进展"] == ["保存进展"]
    assert set(at.dataframe[0].value["status"]) <= {"已承诺", "推进中", "已兑现", "停滞", "已撤回"}
    assert english_leftovers(at) == []

    record = open_page(officer, "views/pledges.py", id=demo["pledge_A"])
    assert [t.value for t in record.title] == ["Alpha Tech的承诺"]
    caption = record.caption[0].value
    assert "作出" in caption and "年" in caption and "made on" not in caption, caption
    assert [m.label for m in record.metric] == ["状态", "目标日期", "距最近进展天数", "跟踪落实"]
    assert [s.value for s in record.subheader] == ["进展", "跟进事项"]
    assert [e.label for e in record.expander] == [
        "添加进展或更改状态", "添加一项跟进事项", "修改记录（0 处修改）"]
    assert english_leftovers(record) == []


def test_the_relationships_page_in_chinese(officer):
    at = open_page(officer, "views/relationships.py")
    assert [t.value for t in at.title] == ["交流关系"]
    assert [m.label for m in at.metric] == ["被冷落", "逾期承诺", "趋冷", "休眠", "良好"]
    assert [s.value for s in at.subheader] == ["哪些企业最需要关注？", "重要程度与关系状况", "谁与谁会见？"]
    assert at.multiselect(key="rel_health").label == "显示"
    assert at.slider(key="rel_cap").label == "显示的最紧密联系数"
    assert set(at.dataframe[0].value["health"]) <= {"被冷落", "逾期承诺", "趋冷", "休眠", "良好"}
    reasons = list(at.dataframe[0].value["reason"])
    assert reasons and not [text for text in reasons if re.search("[A-Za-z]", text)], reasons
    assert chart_titles(at) == ["哪些有未完成承诺的企业长时间未会见？", "哪些官员与哪些企业会见最多？"]
    scatter = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert scatter["layout"]["xaxis"]["title"]["text"] == "距上次会见天数"
    assert {trace["name"] for trace in scatter["data"]} <= {"被冷落", "逾期", "趋冷", "休眠", "良好"}
    assert english_leftovers(at) == []
