"""中文 / English: the sidebar switch draws the next run in Chinese, the choice is saved for the
user (a new session opens in it), and the first slice (navigation, sign-in, Home, Overview) shows
no English the catalogue knows."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import APP, ensure_user, sign_in
from tests.dashboard_data import build_dataset
from tracker.i18n import catalogue_path

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

CHINESE_KPIS = ["已举行会见", "交流企业", "新交流企业", "签署协议", "作出承诺", "到期承诺兑现率"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def english_phrases() -> tuple[set[str], set[str]]:
    """The catalogue's English: whole messages, and the fixed parts of two words or more of each
    (the text around its placeholders), which must not show inside a Chinese page either."""
    with catalogue_path("en").open("rb") as source:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id]
    parts = {part.strip(" .:·()") for text in ids for part in PLACEHOLDER.split(text)}
    return set(ids), {part for part in parts if " " in part and len(part) > 8}


def visible_strings(at: AppTest) -> list[str]:
    """Every text a person reads on the run: titles, captions, notices, widget labels and help,
    metrics, and the charts' titles, axes, legends and hover templates."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "markdown", "text"):
        found += [element.value for element in getattr(at, kind)]
    for kind in ("metric", "checkbox", "radio", "selectbox", "multiselect", "button", "expander",
                 "text_input", "date_input", "segmented_control", "page_link"):
        for element in getattr(at, kind):
            found += [text for text in (getattr(element, "label", None), getattr(element, "help", None))
                      if isinstance(text, str)]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        found.append(str(layout.get("title", {}).get("text", "")))
        found += [str(layout.get(axis, {}).get("title", {}).get("text", "")) for axis in ("xaxis", "yaxis")]
        found.append(str(layout.get("legend", {}).get("title", {}).get("text", "")))
        for trace in spec.get("data", []):
            found += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
            found += [str(text) for text in trace.get("hovertext", []) or []]
    return [text for text in found if text and text.strip()]


def english_leftovers(at: AppTest) -> list[str]:
    whole, parts = english_phrases()
    return [text for text in visible_strings(at)
            if text in whole or any(part in text for part in parts)]


@pytest.fixture
def demo(database_url, session):
    load_reference(session)
    return build_dataset(session)


def open_overview(at: AppTest) -> AppTest:
    at.switch_page("views/overview.py")
    at.query_params["period"] = "all"
    return at.run()


def test_switching_to_chinese_translates_the_overview_and_is_remembered(demo, monkeypatch):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    officer = ensure_user("viewer", clearance="secret", username="wang.fang")
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, officer)
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="language_switch").value == "en"
    assert [t.value for t in at.title] == ["Engagement Tracker"]

    at.radio(key="language_switch").set_value("zh_CN").run()  # applies on this very run
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["政企交流跟踪系统"]
    assert [m.label for m in at.metric][:4] == ["已举行会见", "交流企业", "协议", "未完成承诺"]
    assert english_leftovers(at) == []

    open_overview(at)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["政企交流概览"]
    metrics = {m.label: m.value for m in at.metric}
    assert list(metrics) == CHINESE_KPIS
    assert (metrics["已举行会见"], metrics["交流企业"]) == ("7", "6")
    assert "**当前视图中的会见：7 场会见**" in [m.value for m in at.markdown], [m.value for m in at.markdown]
    assert at.caption[0].value == "已举行的会见、协议与承诺 · 全部时间"
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert titles[0] == "每月举行了多少场会见（按行业）？"
    assert set(at.dataframe[0].value["kind"]) <= {"会谈", "访问", "签约仪式", "论坛", "通话", "宴请", "视察",
                                                  "其他"}
    assert english_leftovers(at) == []

    # A new session (another tab, or tomorrow) opens in Chinese: the choice is the user's.
    again = AppTest.from_file(APP, default_timeout=60)
    sign_in(again, officer)
    again.run()
    assert again.radio(key="language_switch").value == "zh_CN"
    open_overview(again)
    assert [t.value for t in again.title] == ["政企交流概览"]
    assert [m.label for m in again.metric] == CHINESE_KPIS

    # And back to English, at once, keeping the view: the widgets' choices survive the switch
    # although the labels they were reported by are now in the other language.
    again.segmented_control(key="stack_by").set_value("kind").run()
    again.radio(key="language_switch").set_value("en").run()
    assert not again.exception, again.exception
    assert [t.value for t in again.title] == ["Engagement overview"]
    assert (again.selectbox(key="flt_period").value, again.segmented_control(key="stack_by").value) == (
        "all", "kind")
    assert {m.label: m.value for m in again.metric}["Meetings held"] == "7"
    fresh = AppTest.from_file(APP, default_timeout=60)
    sign_in(fresh, officer)
    assert [t.value for t in fresh.run().title] == ["Engagement Tracker"]


def test_the_default_language_comes_from_the_setting_until_the_user_chooses(database_url, monkeypatch):
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    at = AppTest.from_file(APP, default_timeout=60).run()  # signed out: the sign-in form
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["政企交流跟踪系统"]
    assert [s.value for s in at.subheader] == ["登录"]
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert english_leftovers(at) == []

    sign_in(at, ensure_user("editor", username="li.ming"))
    at.run()
    assert [t.value for t in at.title] == ["政企交流跟踪系统"]
    assert at.radio(key="language_switch").value == "zh_CN"
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "en")
    at.run()
    assert [t.value for t in at.title] == ["Engagement Tracker"]  # nothing was chosen yet
