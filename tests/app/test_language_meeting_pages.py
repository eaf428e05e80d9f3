"""中文, the meeting pages: the record of a meeting (held or planned), the log-meeting form (empty,
with every kind of validation error, saved) and the edit form with its conflict, switched to
Chinese, show their titles, labels, tables' headings, dates, names and messages in Chinese and no
English the catalogue knows (names and data excepted)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import APP, ensure_user, sign_in
from tests.app.meeting_pages import fresh_page_cache  # noqa: F401 (autouse fixture)
from tests.app.test_duplicate_warning import reference  # noqa: F401 (the reference-draft fixture)
from tests.app.test_language import english_leftovers, english_phrases
from tests.app.test_log_meeting import _acme_id, _fill_minimal, _rids, type_into
from tests.factories import make_meeting, make_organisation, make_person
from tracker.i18n import CHINESE, reset_language, set_language
from tracker.models import Side
from tracker.services import areas
from tracker.taxonomy import ensure_default_taxonomy

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

RECORD = "views/meeting_record.py"
LOG = "views/log_meeting.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def chinese(monkeypatch):
    """Pages drawn in Chinese; the test speaks it too, because AppTest reads a picker's value back
    through the page's own option labels (translated words) before each run."""
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    token = set_language(CHINESE)
    yield
    reset_language(token)


def open_page(username: str, page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, ensure_user("editor", clearance="secret", username=username))
    at.run()
    at.switch_page(page)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="language_switch").value == "zh_CN"
    return at


def headings(at: AppTest, column: str) -> list[str]:
    """The headings of the table that has ``column`` (its column config's labels)."""
    table = next(d for d in at.dataframe if column in d.value.columns)
    config = json.loads(table.proto.columns)
    return [spec["label"] for spec in config.values() if isinstance(spec, dict) and spec.get("label")]


def table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def messages(at: AppTest) -> list[str]:
    return [e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind)]


def widget_labels(at: AppTest) -> list[str]:
    """Every form label and button on the run (none holds data, so none should be English)."""
    found = []
    for kind in ("text_input", "text_area", "date_input", "time_input", "number_input", "selectbox",
                 "multiselect", "checkbox", "button", "expander", "subheader"):
        found += [getattr(e, "label", None) or getattr(e, "value", "") for e in getattr(at, kind)]
    found += [e.help for e in at.button if e.help]
    return [text for text in found if text and not text.startswith(":material/")]


def leftovers(at: AppTest) -> list[str]:
    """English the catalogue knows anywhere on the run (english_leftovers, plus the messages and
    the widgets it does not read), and any label written in Latin letters alone (a label around
    a name, "腾讯 (Tencent)签署人", is Chinese)."""
    whole, parts = english_phrases()
    extra = [*messages(at), *widget_labels(at)]
    found = english_leftovers(at) + [text for text in extra
                                     if text in whole or any(part in text for part in parts)]
    return found + [text for text in widget_labels(at) if LATIN.search(text) and not CJK.search(text)]


def test_the_reference_meeting_record_in_chinese(database_url, session, chinese):
    meeting = load_reference(session)
    at = open_page("chen.jing", RECORD, id=meeting.id)
    caption = at.caption[0].value
    assert caption.startswith("2019年5月7日 · 会谈 · 已举行 · "), caption
    assert caption.endswith(" · 公开 · 第 1 版"), caption
    assert [s.value for s in at.subheader][:7] == [  # 跟进事项: on the agreement, then on the meeting
        "参会人员", "机构", "议题", "签署协议", "跟进事项", "作出承诺", "跟进事项"]

    assert headings(at, "side") == ["姓名", "机构", "当日职务", "角色", "所属方"]
    participants = table(at, "side")
    assert "徐立 (Xu Li)" in set(participants["name"])  # the Chinese name first
    assert "腾讯 (Tencent)" in set(participants["organisation"])
    assert set(participants["role"]) <= {"主方", "客方", "出席人员"}
    assert set(participants["side"]) <= {"政府方", "企业方", "其他"}
    assert headings(at, "parties")[:3] == ["标题", "类型", "签署日期"]
    agreement = table(at, "parties").iloc[0]
    assert (agreement["kind"], agreement["status"], agreement["signed_on"]) == (
        "合作协议", "已签署", "2019年5月7日")
    assert agreement["parties"].endswith("商汤科技 (SenseTime)")
    assert headings(at, "area") == ["机构", "合作领域", "承诺", "目标日期", "状态", "记录"]
    assert set(table(at, "area")["status"]) == {"已承诺"}
    assert headings(at, "changed") == ["时间（世界协调时）", "记录人", "操作", "修改字段"]
    history = table(at, "changed")
    assert [CJK.search(text) is not None for text in history["action"]] == [True]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", history["at"].iloc[0])
    organisations = next(m.value for m in at.markdown if "腾讯 (Tencent)" in m.value)
    assert organisations.endswith("和腾讯 (Tencent)"), organisations  # a list as Chinese writes it

    assert [e.label for e in at.expander] == [
        "添加一项跟进事项", "添加一项跟进事项", "修改此会见", "新建活动", "新建人员", "新建机构",
        "删除此会见"]
    assert at.button(key=f"em{meeting.id}.save").label == "保存修改"
    assert at.checkbox(key=f"mr.confirm.{meeting.id}").label == "确认删除"
    assert leftovers(at) == []


def test_a_planned_meeting_and_a_missing_one_in_chinese(database_url, session, chinese):
    org = make_organisation(session, name="Acme Robotics", local_name="艾克米机器人")
    person = make_person(session, name="Li Wei", local_name="李伟", organisation=org)
    planned = make_meeting(session, people_and_orgs=[(person, org, Side.ENTERPRISE)], title="Factory visit",
                           date=dt.date(2031, 2, 1), date_precision="quarter", status="planned", kind="visit")
    at = open_page("chen.jing", RECORD, id=planned.id)
    assert [t.value for t in at.title] == ["Factory visit"]
    assert at.caption[0].value.startswith("2031年第一季度 · 访问 · 计划中 · "), at.caption[0].value
    assert list(table(at, "side")["name"]) == ["李伟 (Li Wei)"]
    assert list(table(at, "side")["organisation"]) == ["艾克米机器人 (Acme Robotics)"]
    assert leftovers(at) == []

    missing = open_page("chen.jing", RECORD, id=999999)
    assert [t.value for t in missing.title] == ["会见"]
    assert [w.value for w in missing.warning] == ["该会见不存在，或超出您的权限。"]
    assert [p.proto.label for p in missing.get("page_link")] == ["查找会见"]
    assert leftovers(missing) == []


def test_the_log_meeting_form_in_chinese_empty_wrong_and_saved(database_url, session, chinese):
    ensure_default_taxonomy(session)
    at = open_page("chen.jing", LOG)
    assert [t.value for t in at.title] == ["登记会见"]
    assert [s.value for s in at.subheader] == ["参会人员", "机构", "签署协议", "作出承诺", "来源与摘要"]
    assert (at.date_input(key="lm.date").label, at.text_input(key="lm.title").label) == ("日期", "标题")
    assert at.selectbox(key="lm.status").options == ["计划中", "已举行", "已取消"]
    assert at.selectbox(key="lm.confidentiality").label == "密级"
    assert [b.label for b in at.button if b.key in ("lm_save", "lm_clear")] == ["保存会见", "清空表单"]
    assert leftovers(at) == []

    at.button(key="lm_save").click().run()  # nothing typed
    assert not at.exception, at.exception
    assert messages(at) == ["未保存：请更正下方标出的 1 处内容。", "不能为空"]
    assert leftovers(at) == []

    # Wrong input the form's models catch: a link, a currency, a pledge with no organisation or area.
    _fill_minimal(at, session)
    type_into(at, "lm.source_url", "not a link")
    at.button(key="lm.add_agreement").click().run()
    agreement = _rids(at, "agreements")[0]
    type_into(at, f"lm.a.{agreement}.title", "MoU")
    at.number_input(key=f"lm.a.{agreement}.value").set_value(100.0)
    type_into(at, f"lm.a.{agreement}.currency", "dollars")
    at.button(key="lm.add_pledge").click().run()
    pledge = _rids(at, "pledges")[0]
    at.date_input(key=f"lm.g.{pledge}.target").set_value(dt.date(2020, 1, 1))
    at.button(key="lm_save").click().run()
    assert not at.exception, at.exception
    shown = messages(at)
    assert shown[0] == "未保存：请更正下方标出的 4 处内容。", shown
    assert any(text.startswith("链接须以") for text in shown), shown  # the link's message (escaped)
    assert "请使用三位字母的币种代码，如 CNY 或 USD" in shown
    assert {"机构：请从列表中选择", "合作领域：请从列表中选择"} <= set(shown), shown
    assert all(CJK.search(text) for text in shown), shown
    assert leftovers(at) == []

    # Wrong input the service catches: a held meeting in the future, a pledge due before it.
    type_into(at, "lm.source_url", "https://example.com/news")
    type_into(at, f"lm.a.{agreement}.currency", "USD")
    at.selectbox(key=f"lm.g.{pledge}.org").set_value(_acme_id(session))
    at.selectbox(key=f"lm.g.{pledge}.area").set_value(areas.get_by_name(session=session, name="AI R&D").id)
    at.button(key="lm_save").click().run()
    assert not at.exception, at.exception
    shown = messages(at)
    assert shown[0] == "未保存：请更正下方标出的 1 处内容。", shown
    assert any(text.startswith("目标日期：") for text in shown), shown
    assert leftovers(at) == []
    at.date_input(key="lm.date").set_value(dt.date.today() + dt.timedelta(days=30))
    at.date_input(key=f"lm.g.{pledge}.target").set_value(dt.date.today() + dt.timedelta(days=400))
    at.button(key="lm_save").click().run()
    shown = messages(at)
    assert len(shown) == 2 and CJK.search(shown[1]) and "future" not in shown[1], shown
    assert leftovers(at) == []

    at.selectbox(key="lm.status").set_value("planned")
    at.button(key="lm_save").click().run()
    assert not at.exception, at.exception
    assert messages(at) == ["已保存“Talk with Acme”。"]
    assert [p.proto.label for p in at.get("page_link")][-1] == "打开新记录"
    assert leftovers(at) == []


def test_the_edit_form_and_its_conflict_in_chinese(database_url, session, chinese):
    meeting = load_reference(session)
    key = f"em{meeting.id}"
    first = open_page("chen.jing", RECORD, id=meeting.id)
    second = open_page("li.ming", RECORD, id=meeting.id)

    first.text_input(key=f"{key}.title").input("西湖会谈")
    first.button(key=f"{key}.save").click().run()
    assert not first.exception, first.exception
    assert "已保存（第 2 版）。" in messages(first)
    assert first.caption[0].value.endswith(" · 第 2 版")
    assert list(table(first, "changed")["changed"])[0] == "标题"
    assert leftovers(first) == []

    second.text_area(key=f"{key}.summary").input("我的会谈摘要")
    second.button(key=f"{key}.save").click().run()
    assert not second.exception, second.exception
    assert [w.value for w in second.warning] == [
        "chen.jing在您打开此会见后保存了修改（您打开的是第 1 版，现为第 2 版），修改了：标题。"
        "您的修改未保存：请先查看对方的修改，再重新应用您的修改。"]
    assert headings(second, "before") == ["字段", "原值", "现值"]
    changes = table(second, "before")
    assert (list(changes["field"]), changes.iloc[0]["now"]) == (["标题"], "西湖会谈")
    assert "您填写的内容保留在下方。您修改的字段：摘要" in [c.value for c in second.caption]
    assert [second.button(key=f"{key}.{k}").label for k in ("reapply", "discard")] == [
        "在对方修改的基础上应用我的修改", "放弃我的修改，载入对方版本"]
    assert leftovers(second) == []

    second.button(key=f"{key}.reapply").click().run()
    assert not second.exception, second.exception
    assert "已在另一位编辑修改的基础上应用您的修改。" in messages(second)
    assert leftovers(second) == []

    second.checkbox(key=f"mr.confirm.{meeting.id}").check().run()
    second.button(key=f"mr.delete.{meeting.id}").click().run()
    assert not second.exception, second.exception
    assert messages(second) == ["已删除“西湖会谈”。"]
    assert [p.proto.label for p in second.get("page_link")][-1] == "返回会见记录"
    assert leftovers(second) == []


def test_the_duplicate_warning_in_chinese(reference, chinese):  # noqa: F811 (the fixture imported above)
    _reference_id, draft = reference
    at = open_page("chen.jing", LOG)
    at.session_state["meeting_draft"] = draft
    at.run()
    assert [i.value for i in at.info] == ["已按草稿填写：请逐项核对后保存。"]
    at.button(key="lm_save").click().run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [
        "尚未保存：此会见可能与已记录的会见重复（日期相差不超过一天，且人员或机构相同）。"]
    links = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("打开已有记录：2019年5月7日 · ") for label in links), links
    assert any(c.value.startswith("共同涉及：") for c in at.caption), [c.value for c in at.caption]
    assert at.button(key="lm.duplicates.separate").label == "另存为一场新会见"
    assert leftovers(at) == []
    at.button(key="lm.duplicates.separate").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [f"已保存“{draft['title']}”。"]
