"""Issue 15's "done when", in headless Chromium on the app as ``tracker serve`` runs it: a Chinese-
speaking officer signs in, switches to 中文, logs a meeting like the reference one (Fujian's
leaders with SenseTime: an agreement signed and a pledge made) through the form, opens the
Overview, drills down from its chart, and downloads the 2019 period report and SenseTime's
briefing. After every step the page's text holds no message of the English catalogue, and the
downloaded files hold none of its headings. One browser session: the steps follow one another as
the officer's do. Screenshots of each step go to test-artifacts/walkthrough-zh/."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po

from seed_data.reference import load_reference
from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.i18n import catalogue_path
from tracker.migrate import upgrade
from tracker.models import (
    Agreement,
    Confidentiality,
    Meeting,
    Organisation,
    Pledge,
    Position,
    Role,
    Topic,
    UserCreate,
)
from tracker.services.users import create_user
from tracker.taxonomy import ensure_default_taxonomy

ARTIFACTS = REPO / "test-artifacts" / "walkthrough-zh"
TRACKER = Path(sys.executable).parent / "tracker"
USERNAME, PASSWORD = "chen.jing", "e2e-officer-password"
TITLE = "于伟国会见商汤科技徐立并签署深化合作协议"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


# The page's text as a reader sees it. Material icons are ligatures ("person", "home") that
# innerText reads out as words; they are pictures, not English, so they are hidden while reading.
TEXT_WITHOUT_ICONS = """() => {
  const icons = [...document.querySelectorAll("[data-testid='stIconMaterial']")];
  icons.forEach(icon => icon.style.setProperty("display", "none", "important"));
  const text = document.body.innerText;
  icons.forEach(icon => icon.style.removeProperty("display"));
  return text;
}"""


def english_messages() -> tuple[set[str], set[str]]:
    """The English catalogue's messages (whole), and the fixed parts of three words or more of each
    (the text around its placeholders): neither may show on a Chinese page or in a Chinese file."""
    with catalogue_path("en").open("rb") as source:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id]
    whole = {text.strip() for text in ids if re.search(r"[A-Za-z]{2}", text)}
    parts = {part.strip(" .:·()“”") for text in ids for part in PLACEHOLDER.split(text)}
    return whole, {part for part in parts if part.count(" ") >= 2 and len(part) > 12}


WHOLE, PARTS = english_messages()


def leftovers(text: str, names: set[str]) -> list[str]:
    """Lines of ``text`` that are an English message, or hold a fixed part of one. ``names`` are
    the records' own English (titles, topics, places of the reference data): names that exist only
    in English, which are no leftover; a line holding one is left out of the part check."""
    found = []
    for line in (line.strip() for line in text.splitlines()):
        if not line or not re.search(r"[A-Za-z]{2}", line):
            continue
        if line.strip(" .:：") in WHOLE:
            found.append(line)
        elif not any(name in line for name in names):
            found += [f"{part!r} in {line!r}" for part in PARTS if part in line]
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """``tracker serve`` on the reference meeting (Fujian, Tencent, ByteDance, SenseTime) and an
    editor whose language is not yet chosen; yields the base URL, the records' English-only names
    and SenseTime's id."""
    url = f"sqlite:///{tmp_path_factory.mktemp('walkthrough') / 'tracker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        ensure_default_taxonomy(session)
        load_reference(session)
        create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username=USERNAME, role=Role.EDITOR, clearance=Confidentiality.SECRET, password=PASSWORD))
        names = english_only_names(session)
        sensetime = session.execute(
            sa.select(Organisation.id).where(Organisation.name == "SenseTime")).scalar_one()
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    env.pop("TRACKER_DEFAULT_LANGUAGE", None)
    cwd = tmp_path_factory.mktemp("serve")
    with serving(["timeout", "900", str(TRACKER), "serve", "--port", str(port)], port=port, env=env,
                 cwd=cwd) as base:
        yield base, names, sensetime


def english_only_names(session) -> set[str]:
    """What the reference data holds in English only: meeting titles, places, summaries' words,
    topics, agreement titles, pledges' texts and people's titles (no record holds them in Chinese)."""
    names: set[str] = set()
    for column in (Meeting.title, Meeting.place, Topic.name, Agreement.title, Pledge.text, Position.title):
        names |= {value for value in session.execute(sa.select(column)).scalars() if value}
    return names


def test_a_chinese_speaking_officer_meets_no_english_from_sign_in_to_the_briefing(app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, names, sensetime = app
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1500, "height": 1400}, locale="zh-CN",
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        sidebar = page.locator("[data-testid='stSidebar']")

        def settled(step: str) -> None:
            """Wait for the run to end, keep a screenshot, and note the English on the page."""
            page.wait_for_timeout(500)
            expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0)
            page.wait_for_timeout(700)
            page.screenshot(path=str(ARTIFACTS / f"{len(found):02d}-{step}.png"))
            found[step] = leftovers(page.evaluate(TEXT_WITHOUT_ICONS), names)

        def pick(label: str, typed: str, *, many: bool = False) -> None:
            """Choose in a select box or multiselect as a person does: open it, type, pick the option."""
            box = page.get_by_role("combobox", name=label, exact=True).last
            box.click()
            page.keyboard.type(typed)
            expect(page.get_by_role("option", name=re.compile(re.escape(typed))).first).to_be_visible()
            page.keyboard.press("Enter")  # the first option the typing left
            page.wait_for_timeout(500)
            expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0)
            if many:
                page.keyboard.press("Escape")  # a multiselect stays open for the next choice

        def fill(label: str, value: str) -> None:
            field = page.get_by_role("textbox", name=label, exact=True).last
            field.click()
            field.fill(value)
            field.press("Enter")  # Streamlit takes a text input's value on Enter

        # 1. Sign in (the browser asks for Chinese, so the form is in Chinese), then 中文.
        page.goto(f"{base}/", wait_until="networkidle")
        expect(page.get_by_role("button", name="登录")).to_be_visible()
        settled("sign-in")
        for name, value in (("用户名", USERNAME), ("密码", PASSWORD)):
            page.get_by_role("textbox", name=name).click()
            page.keyboard.type(value)
            page.keyboard.press("Tab")
        page.get_by_role("button", name="登录").click()
        sidebar.get_by_text("中文", exact=True).click()
        expect(page.get_by_role("heading", name="政企交流跟踪系统")).to_be_visible()
        settled("home")

        # 2. Log the meeting: Yu Weiguo (Fujian) with Xu Li (SenseTime), an agreement, a pledge.
        sidebar.get_by_role("link", name="登记会见").click()
        expect(page.get_by_role("heading", name="登记会见")).to_be_visible()
        page.get_by_role("spinbutton", name="year, 日期").first.click()  # a date: year, month, day
        page.keyboard.type("20191115")
        page.keyboard.press("Tab")
        fill("标题", TITLE)
        fill("地点", "福州")
        for person in ("于伟国", "徐立"):
            search = page.get_by_role("textbox", name="查找人员")
            search.fill(person)
            search.press("Enter")
            page.get_by_role("button", name=re.compile(person)).first.click()
            expect(page.get_by_role("button", name=re.compile(person))).to_have_count(0)
        settled("log-participants")
        page.get_by_role("button", name="添加协议").click()
        fill("协议名称", "福建省人民政府与商汤科技深化人工智能合作协议")
        pick("签约各方", "福建省人民政府", many=True)
        pick("签约各方", "商汤科技", many=True)
        page.get_by_role("button", name="添加承诺").click()
        fill("承诺内容", "在福州建设城市智能管理平台")
        pick("合作领域", "智慧城市")
        pick("机构", "商汤科技")
        settled("log-filled")
        page.get_by_role("button", name="保存会见").click()
        try:
            expect(page.get_by_text(f"已保存“{TITLE}”。")).to_be_visible()
        finally:
            page.screenshot(path=str(ARTIFACTS / "log-after-save.png"), full_page=True)
        settled("log-saved")

        # 3. The Overview of 2019, and the meetings behind the chart's busiest month.
        page.goto(f"{base}/overview?period=custom&from=2019-01-01&to=2019-12-31", wait_until="networkidle")
        expect(page.get_by_role("heading", name="政企交流概览")).to_be_visible()
        bars = page.locator(".stPlotlyChart").first.locator("g.point path")
        bars.first.wait_for()
        settled("overview")
        boxes = [box for box in (bar.bounding_box() for bar in bars.all()) if box and box["height"] > 5]
        box = max(boxes, key=lambda b: b["x"])  # November 2019: the meeting just logged
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.get_by_text(re.compile("所选部分对应的会见：1 场会见"))).to_be_visible()
        settled("overview-drilled")

        # 4. The 2019 period report (PDF and Word) from the Reports page.
        files: dict[str, bytes] = {}

        def download(button: str, name: str) -> None:
            page.get_by_role("button", name=re.compile(f"^生成{button}")).first.click()
            link = page.get_by_role("button", name=re.compile(f"^下载{button}")).first
            with page.expect_download() as started:
                link.click()
            files[name] = Path(started.value.path()).read_bytes()

        page.goto(f"{base}/reports?period=custom&from=2019-01-01&to=2019-12-31", wait_until="networkidle")
        expect(page.get_by_role("heading", name="报告")).to_be_visible()
        page.get_by_text("包含图表", exact=True).click()  # charts are checked as pictures elsewhere
        settled("reports")
        download("报告（PDF）", "report.pdf")
        page.get_by_text("Word", exact=True).first.click()
        download("报告（Word）", "report.docx")
        settled("reports-downloaded")

        # 5. SenseTime's briefing from its enterprise profile.
        page.goto(f"{base}/enterprise?id={sensetime}", wait_until="networkidle")
        expect(page.get_by_role("heading", name=re.compile("商汤科技"))).to_be_visible()
        page.get_by_text("下次会见前的一页简报").click()
        settled("enterprise")
        download("简报（PDF）", "briefing.pdf")
        settled("enterprise-downloaded")
        browser.close()

    assert {step: lines for step, lines in found.items() if lines} == {}
    headings = english_headings()
    for name, data in files.items():
        text = file_text(name, data)
        assert "商汤科技" in text, name
        lines = {line.strip(" :：") for line in text.splitlines()}  # a heading or label stands alone
        assert [h for h in headings if h in lines] == [], name
    report = file_text("report.pdf", files["report.pdf"])
    assert TITLE[:8] in "".join(report.split())  # the logged meeting, in a wrapped cell


def english_headings() -> list[str]:
    """Headings a report or briefing may write, from the English catalogue: the messages of two
    words or more that start with a capital and carry no placeholder."""
    return sorted(text for text in WHOLE
                  if "{" not in text and re.fullmatch(r"[A-Z][a-z]+( [a-z’']+)+", text))


def file_text(name: str, data: bytes) -> str:
    if name.endswith(".pdf"):
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(data)).pages  # the CJK font's text comes out as UTF-16 code units
        return "\n".join(page.extract_text() or "" for page in pages).replace("\x00", "")
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
