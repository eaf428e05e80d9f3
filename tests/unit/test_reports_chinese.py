"""Reports, exports and the command line in Chinese (issue 15 items 1, 2 and 5): the 2019 period
report and SenseTime's briefing built for a Chinese reader carry no English the catalogue knows,
in their structure and in the PDF (Noto CJK embedded), Word (East Asian font on the runs) and Excel
files written from it; the transparency return's headings and dates are Chinese; ``tracker --lang
zh_CN`` (or LANG) answers and helps in Chinese, and English is as before."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pandas as pd
import pytest

from seed_data.reference import load_reference
from tests.app.test_language import english_phrases
from tests.cli_helpers import run_cli
from tests.report_helpers import docx_content
from tracker.i18n import CHINESE, ENGLISH, using_language
from tracker.models import Confidentiality
from tracker.queries.briefing_data import find_organisation_id
from tracker.queries.filters import Filters
from tracker.reports import charts
from tracker.reports.briefing import build_briefing
from tracker.reports.document import Document, Heading, Image, KeyValues, Paragraph, Table
from tracker.reports.formats import DocumentKind, render_bytes
from tracker.reports.layout import wrap_lines
from tracker.reports.period import build_period_report
from tracker.reports.transparency import write_return

# How a document is laid out cannot depend on the database; the queries that fill it are tested
# on both (test_clearance, test_dashboard_queries, test_reports), so these run on SQLite only.
pytestmark = pytest.mark.sqlite_only

SECRET_2019 = Filters(clearance=Confidentiality.SECRET, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
CJK = re.compile(r"[\u3400-\u9fff]")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def leftovers(texts) -> list[str]:
    """The texts that are, or hold a phrase of, an English msgid (as on the pages' tests)."""
    whole, parts = english_phrases()
    return [text for text in texts if text and (text in whole or any(part in text for part in parts))]


def words_of(document: Document) -> list[str]:
    """Every text the report's builder wrote itself: title, subtitle, footer, headings, notes,
    labels, sheet and column headings, captions; and the values of columns it turns from codes into
    words. Names and titles from the records are left out: they exist only in English here."""
    texts = [document.title, document.subtitle, document.footer, *(k for k, _ in document.about)]
    for block in document.blocks:
        if isinstance(block, Heading):
            texts.append(block.text)
        elif isinstance(block, Paragraph) and block.style == "small":
            texts.append(block.text)
        elif isinstance(block, KeyValues):
            texts += [str(label) for label, _ in block.pairs]
        elif isinstance(block, Table):
            texts += [block.name, *block.columns, block.note or ""]
        elif isinstance(block, Image):
            texts.append(block.caption)
    return texts


@pytest.fixture
def reference(session):
    load_reference(session)
    return session


def chinese_report(session) -> Document:
    with using_language(CHINESE):
        return build_period_report(session, SECRET_2019, with_charts=False, generated_by="wang.fang")


def chinese_briefing(session) -> Document:
    sensetime = find_organisation_id(session, "SenseTime", clearance=Confidentiality.SECRET)
    with using_language(CHINESE):
        return build_briefing(session, SECRET_2019, sensetime, today=dt.date(2019, 6, 1))


def pdf_words(data: bytes) -> str:
    """The PDF's text as poppler reads it (pypdf splits the two-byte codes of CJK fonts)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def test_the_period_report_is_written_for_a_chinese_reader(reference):
    document = chinese_report(reference)
    assert document.language == CHINESE
    assert document.title == "政企交流报告（2019年1月1日 至 2019年12月31日）"
    assert document.subtitle.startswith("与企业的会见、协议和承诺。wang.fang于")
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["概要", "每月会见", "主要交流企业"]
    assert "附录：本期间全部会见（1 场）" in headings
    pairs = dict(next(b for b in document.blocks if isinstance(b, KeyValues)).pairs)
    assert pairs["期间"] == "2019年1月1日 至 2019年12月31日" and pairs["阅读人权限"] == "机密"
    tables = {b.name: b for b in document.blocks if isinstance(b, Table)}
    assert tables["按月统计"].rows[0][0] == "2019年5月"
    enterprises = [row[0] for row in tables["主要交流企业"].rows]
    assert "商汤科技 (SenseTime)" in enterprises  # the Chinese name first
    meetings = tables["会见记录"]
    assert meetings.columns[:2] == ["日期", "日期精度"] and tuple(meetings.rows[0][1:2]) == ("日",)
    kinds = {"会谈", "访问", "签约仪式", "论坛", "通话", "宴请", "视察", "其他"}
    assert {row[-2] for row in meetings.rows} <= kinds
    assert leftovers(words_of(document)) == []
    assert "所含内容最高密级" in document.footer


def test_the_briefing_is_written_for_a_chinese_reader(reference):
    document = chinese_briefing(reference)
    assert document.title == "会见简报：商汤科技 (SenseTime)"
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["基本情况", "交流关系数据", "近期会见"]
    figures = next(b.text for b in document.blocks if isinstance(b, Paragraph) and "首次会见" in b.text)
    assert "首次会见：2019年5月7日" in figures and "已举行会见：1" in figures
    last = next(b for b in document.blocks if isinstance(b, Table) and b.name == "近期会见")
    assert last.columns == ["日期", "会见", "我方", "对方"]
    assert "马化腾 (Ma Huateng)" in last.rows[0][3]  # people Chinese first too
    assert leftovers(words_of(document)) == []


def test_the_pdf_prints_chinese_in_noto_cjk(reference):
    for document, pages in ((chinese_report(reference), "第 1/"), (chinese_briefing(reference), "第 1/1 页")):
        data = render_bytes(DocumentKind.PERIOD_REPORT if not document.compact else DocumentKind.BRIEFING,
                            "pdf", document)
        assert b"NotoSansCJKSC" in data  # the font embedded (a subset)
        text = pdf_words(data)
        for heading in (b.text for b in document.blocks if isinstance(b, Heading)):
            assert heading in text, heading
        assert pages in text and "Page" not in text
        assert document.title.split("（")[0] in text
        assert leftovers(line.strip() for line in text.splitlines() if not CJK.search(line)) == []


def test_a_long_chinese_title_wraps_between_characters_inside_its_cell():
    title = "福建省人民政府与商汤科技关于人工智能创新应用与产业发展的战略合作框架协议及实施方案" * 2
    parties = "福建省人民政府、商汤科技 (SenseTime)、腾讯 (Tencent)、字节跳动 (ByteDance)"
    row = (dt.date(2019, 5, 7), title, parties, "已签署")
    document = Document(title="长标题", language=CHINESE).add(
        Table("协议", ["签署日期", "协议", "签约各方", "状态"], [row]))
    text = pdf_words(render_bytes(DocumentKind.PERIOD_REPORT, "pdf", document))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # The title takes three lines of its cell (the third cut with "…"), broken between characters;
    # the parties' English names break at their spaces; short words (已签署, 签署日期) stay whole.
    row = lines[2:5]
    assert row[0].startswith("2019年5月7日") and row[0].endswith("已签署") and "签署日期" in lines[1]
    assert title[:20] in row[0] and "…" in row[2]
    assert "(SenseTime)" in text and "(ByteDance)" in text
    lines = wrap_lines(title + "，" + title, 30, len)
    assert all(len(line) <= 30 for line in lines) and not any(line.startswith("，") for line in lines)


def test_word_names_the_east_asian_font_on_every_chinese_run(reference):
    data = render_bytes(DocumentKind.PERIOD_REPORT, "docx", chinese_report(reference))
    paragraphs, tables = docx_content(data)
    assert paragraphs[0][1] == "政企交流报告（2019年1月1日 至 2019年12月31日）"
    assert ["指标", "本期间", "上一期间", "变化"] in [table[0] for table in tables]
    body = docx.Document(io.BytesIO(data)).element.body
    runs = [run for run in body.iter(f"{W}r")
            if CJK.search("".join(t.text or "" for t in run.iter(f"{W}t")))]
    assert runs
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia"), run.xpath("string(.)")
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in styles


def test_excel_sheets_and_headings_are_chinese(reference):
    data = render_bytes(DocumentKind.PERIOD_REPORT, "xlsx", chinese_report(reference))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert {"概要", "按月统计", "主要交流企业", "会见记录", "说明"} <= set(book.sheetnames)
    headings = [str(cell.value) for sheet in book.worksheets if sheet.title != "说明" for cell in sheet[1]]
    about = [str(row[0]) for row in book["说明"].iter_rows(values_only=True)]
    assert leftovers([*book.sheetnames, *headings, *about]) == []
    meetings = book["会见记录"]
    assert meetings["A2"].value.date() == dt.date(2019, 5, 7) and "年" in meetings["A2"].number_format
    assert "第 &P 页" in meetings.oddFooter.right.text


def test_the_transparency_return_in_chinese(reference, tmp_path):
    secret = Filters(clearance=Confidentiality.SECRET)
    with using_language(CHINESE):
        write_return(reference, secret, "2019Q2", "csv", tmp_path / "r.csv")
        write_return(reference, secret, "2019Q2", "xlsx", tmp_path / "r.xlsx")
    rows = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig")
    assert list(rows.columns) == ["官员", "日期", "机构名称", "会见事由"]
    assert set(rows["日期"]) == {"2019年5月7日"}
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["公开报表 2019Q2", "未列入", "说明"]
    assert [c.value for c in book["未列入"][1]] == ["会见编号", "日期", "会见", "原因"]


def test_charts_speak_chinese():
    months = pd.DataFrame({"month": ["2019-05"], "segment": ["Several sectors"], "meetings": [1]})
    firms = pd.DataFrame({"name": ["商汤科技 (SenseTime)"], "local_name": ["商汤科技"], "meetings": [1]})
    areas = pd.DataFrame({"area": ["Smart city"], "pledged": [1], "delivered": [0]})
    with using_language(CHINESE):
        figures = [charts.meetings_per_month_figure(months, dt.date(2019, 5, 1), dt.date(2019, 5, 31)),
                   charts.top_enterprises_figure(firms), charts.pledge_status_figure(areas)]
    texts = []
    for figure in figures:
        layout = figure.layout
        texts += [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text,
                  layout.legend.title.text, *(trace.name for trace in figure.data)]
    assert figures[0].layout.title.text == "每月已举行会见（按行业）"
    assert list(figures[0].layout.xaxis.ticktext) == ["2019年5月"]
    assert list(figures[1].data[0].y) == ["商汤科技 (SenseTime)"]
    assert leftovers([t for t in texts if t]) == []


def test_the_command_line_answers_and_helps_in_chinese(reference, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(monkeypatch, capsys, "--lang", "zh_CN", "report", "--from", "2019-01-01", "--to",
                       "2019-12-31", "--format", "docx", "--no-charts", "--out", str(tmp_path / "r.docx"))
    assert code == 0 and out.startswith("已将报告写入 ")
    assert docx_content((tmp_path / "r.docx").read_bytes())[0][0][1].startswith("政企交流报告")
    code, _, err = run_cli(monkeypatch, capsys, "--lang", "zh_CN", "report", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and err.strip() == "错误：请用 --from YYYY-MM-DD 和 --to YYYY-MM-DD 指定期间。"

    code, out, _ = run_cli(monkeypatch, capsys, "--lang", "zh_CN", "report", "--help")
    assert code == 0
    for text in ("用法：", "编写期间报告", "期间的第一天。", "绘制图表（需要 Chromium）。",
                 "显示本帮助并退出。", "文件格式：pdf、docx或xlsx。", "选项"):
        assert text in out, text
    assert "Write the period report" not in out and "Show this message" not in out

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the shell's language, without --lang
    code, out, _ = run_cli(monkeypatch, capsys, "--help")
    assert code == 0 and "政企交流跟踪系统：" in out and "会见前编写某一机构的单页简报。" in out

    # English as before, in the same process: nothing of the Chinese run stays behind.
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, out, _ = run_cli(monkeypatch, capsys, "report", "--help")
    assert code == 0 and "Usage:" in out and "Write the period report" in out and "Show this message" in out
    code, out, _ = run_cli(monkeypatch, capsys, "brief", "SenseTime", "--format", "docx", "--out",
                       str(tmp_path / "b.docx"))
    assert code == 0 and out.strip() == f"Wrote the briefing on SenseTime to {tmp_path / 'b.docx'}."


def test_english_stays_english(reference):
    with using_language(ENGLISH):
        document = build_period_report(reference, SECRET_2019, with_charts=False)
    assert document.language == ENGLISH
    assert document.title == "Engagement report, 2019-01-01 to 2019-12-31"
    assert not any(CJK.search(text) for text in words_of(document))
