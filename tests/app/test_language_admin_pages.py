"""中文, the admin and data-intake pages: Users, the Audit trail, Import (upload → proposal →
preview → import of a register with one bad row), From an article (paste → draft) and Reports,
switched to Chinese, show their titles, labels, tables' headings, notices and the tracker's own
messages (row errors, proposal reasons, the reader's drafted title, the audit trail's sentences)
in Chinese and no English the catalogue knows (names and data excepted)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in
from tests.app.test_language import english_leftovers
from tracker.db import get_engine, session_scope
from tracker.i18n import _, reset_language, set_language
from tracker.taxonomy import ensure_default_taxonomy

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

ARTICLE = (Path(__file__).resolve().parents[1] / "ingest_articles" / "en_two_meetings.txt").read_text("utf-8")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def chinese(database_url, monkeypatch):
    """Pages run in Chinese; so does the test itself, where AppTest formats a chosen option with
    the page's format function to find its place among the (Chinese) options."""
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    token = set_language("zh_CN")
    yield
    reset_language(token)


def open_page(role: str, page: str, *, clearance: str = "secret", username: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, ensure_user(role, clearance=clearance, username=username))
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.radio(key="language_switch").value == "zh_CN"
    return at


def headings(table) -> list[str]:
    """The column headings a dataframe shows (its column config's labels)."""
    config = json.loads(table.proto.columns)
    return [spec["label"] for spec in config.values() if isinstance(spec, dict) and spec.get("label")]


def tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_the_users_page_in_chinese(chinese):
    ensure_user("viewer", clearance="internal", username="wang.fang")
    at = open_page("admin", "views/users.py", username="zhang.wei")
    assert [t.value for t in at.title] == ["用户"]
    assert tab_labels(at) == ["添加用户", "修改用户"]
    assert [s.value for s in at.subheader] == ["登录会话"]
    users, sessions = at.dataframe
    assert headings(users) == ["用户名", "姓名", "角色", "权限", "状态", "电子邮箱", "名录中对应人员",
                               "最近登录（UTC）"]
    rows = users.value.set_index("username")
    assert list(rows.loc["wang.fang", ["role", "clearance", "state"]]) == ["查阅者", "内部", "启用"]
    assert at.selectbox(key="user_add_role").options == ["管理员", "编辑", "查阅者"]
    assert at.selectbox(key="user_add_clearance").options == ["公开", "内部", "秘密", "机密"]
    assert headings(sessions) == ["用户", "登录时间", "最近活动", "最迟结束时间", "浏览器"]
    assert at.button(key="session_end").label == "结束会话"
    assert english_leftovers(at) == []

    at.text_input(key="user_add_username").input("bad name")
    at.text_input(key="user_add_password").input("short")
    next(b for b in at.button if b.label == "添加用户").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("请更正以下内容：\n\n- **用户名**："), at.error[0].value


def test_the_audit_trail_in_chinese(chinese):
    ensure_user("viewer", clearance="internal", username="wang.fang")
    at = open_page("admin", "views/audit.py")
    assert [t.value for t in at.title] == ["审计日志"]
    assert at.success[0].value.startswith("审计链完整，截至第 ")
    assert [s.label for s in at.selectbox] == ["用户", "记录类型", "操作"]
    assert at.selectbox(key="audit_entity").options[:2] == ["（全部）", "用户"]
    assert at.selectbox(key="audit_action").options == ["（全部）", "已创建"]
    assert re.fullmatch(r"共 \d+ 条审计记录符合条件。", at.text[0].value), at.text[0].value
    events = at.dataframe[0]
    assert headings(events) == [_(h) for h in ("When", "What happened", "Before → after", "Note")]
    sentences = list(events.value["event"])
    assert "system 新建了名为“wang.fang”的用户" in sentences, sentences
    changes = "\n".join(events.value["changes"])
    assert "：" in changes and not re.search(r"^[a-z ]+: ", changes, flags=re.MULTILINE), changes
    assert english_leftovers(at) == []


def register() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        # Headers that are no message of the catalogue: a file's words are data, not leftovers.
        ["Minister", "When it was", "Organisation met", "Purpose"],
        ["Minister for Trade, The Rt Hon Ann Lee MP", "2019-05-06", "Acme; Beta", "Trade talks"],
        ["", "2019-05-07", "Gamma", "Site visit"],
        ["", "not a date", "Delta", "Broken"],
    ])
    return buffer.getvalue().encode("utf-8")


def test_the_import_page_in_chinese_from_upload_to_import(chinese):
    at = open_page("editor", "views/import.py", clearance="confidential")
    assert [t.value for t in at.title] == ["导入会见"]
    assert at.file_uploader(key="import_upload").label == "表格文件（CSV 或 XLSX，最大 20 MB）"
    assert english_leftovers(at) == []

    at.file_uploader(key="import_upload").upload("register.csv", register(), "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["一、列", "二、预览"]
    date_box = next(s for s in at.selectbox if s.label.startswith("日期"))
    assert (date_box.label, date_box.value) == ("日期 *", "When it was")
    assert "取值可读作日期" in " ".join(c.value for c in at.caption)  # the proposal's reason
    assert next(s for s in at.selectbox if s.key.startswith("map_start_")).options == ["根据表头建议"]
    assert english_leftovers(at) == []

    next(b for b in at.button if b.key == "preview_button").click().run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == ["读取行数", "待导入", "此前已导入", "按规则跳过", "被拒"]
    assert [m.value for m in at.metric] == ["3", "2", "0", "0", "1"]
    assert tab_labels(at) == ["会见记录", "名称匹配", "错误（1）", "截断、拆分与跳过（0）"]
    meetings, matches, errors, _notes = at.dataframe
    assert headings(meetings)[:4] == ["行", "日期", "日期精度", "标题"]
    assert list(meetings.value["date"]) == ["2019年5月6日", "2019年5月7日"]
    assert set(meetings.value["state"]) == {"新建"}
    assert set(matches.value["kind"]) <= {"机构", "人员"} and set(matches.value["how"]) == {"新建"}
    assert headings(errors) == ["行", "原因"]
    assert list(errors.value["row"]) == [4]
    reason = errors.value["reason"][0]
    assert reason.startswith("“not a date”"), reason
    assert not LATIN_WORD.search(reason.replace("not a date", "")), reason
    assert english_leftovers(at) == []

    next(b for b in at.button if b.key == "import_button").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "已导入 2 行，共 2 场会见；0 行此前已导入，0 行按规则跳过，1 行被拒。"]
    assert english_leftovers(at) == []


def test_the_article_reader_in_chinese(chinese):
    with session_scope(get_engine()) as session:
        ensure_default_taxonomy(session)
    at = open_page("editor", "views/ingest.py")
    assert [t.value for t in at.title] == ["从新闻报道录入"]
    assert at.text_area(key="ingest_text").label == "文章正文"
    assert [i.value for i in at.info] == ["请粘贴文章并点击 **生成会见草稿**。"]
    assert english_leftovers(at) == []

    at.text_area(key="ingest_text").set_value(ARTICLE).run()
    at.button(key="ingest_extract").click().run()
    assert not at.exception and not at.error, at.exception
    assert at.text_input(key="ingest_title_0").value == "Chen Mingyuan会见Lanting Robotics的Liu Jiahui"
    assert at.radio(key="ingest_meeting").label == "会见"
    assert at.radio(key="ingest_meeting").options == [
        "1\\. 2021年9月13日 · Chen Mingyuan会见Lanting Robotics的Liu Jiahui",
        "2\\. 2021年9月14日 · Zhou Lan会见Nordwind Energy的Anna Berger"]
    assert [s.value for s in at.subheader] == ["人员", "承诺"]
    assert "签约仪式" in at.selectbox(key="ingest_kind_0").options
    assert at.selectbox(key="ingest_confidentiality_0").options == ["公开", "内部", "秘密", "机密"]
    assert english_leftovers(at) == []


def test_the_reports_page_in_chinese(chinese):
    at = open_page("editor", "views/reports.py")
    assert [t.value for t in at.title] == ["报告"]
    assert tab_labels(at) == ["期间报告", "导出", "简报", "信息公开报表"]
    assert at.caption[0].value == "此处所有内容与各看板采用相同数据，限于您的权限（机密）。"
    assert at.selectbox(key="export_view").options == ["会见记录", "机构", "人员", "承诺", "协议"]
    assert at.text_input(key="return_quarter").label == "季度"
    assert "尚未审核签发。" in [c.value for c in at.caption]
    assert at.button(key="signoff").label == "审核签发此报表"
    assert ["官员", "日期", "机构名称", "会见事由"] in [headings(table) for table in at.dataframe]
    assert english_leftovers(at) == []
