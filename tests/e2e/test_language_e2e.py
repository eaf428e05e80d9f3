"""The real app in headless Chromium, switched to 中文 and back: the page redraws in the other
language at once and keeps the view (period from the link, the chart's split), although the
browser reports each choice by its label, which the switch has just translated. Screenshots of
Home and the Overview in both languages go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import sys

import pytest

from seed_data.reference import load_reference
from tests.dashboard_data import build_dataset
from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving, type_sign_in
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Role, UserCreate
from tracker.services.users import create_user

ARTIFACTS = REPO / "test-artifacts"
USERNAME, PASSWORD = "wang.fang", "e2e-officer-password"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('language') / 'tracker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        build_dataset(session)
        create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username=USERNAME, role=Role.VIEWER, clearance=Confidentiality.SECRET, password=PASSWORD))
    engine.dispose()
    port = int(os.environ.get("TRACKER_E2E_PORT") or free_port())
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    env.pop("TRACKER_DEFAULT_LANGUAGE", None)
    command = ["timeout", "600", sys.executable, "-m", "streamlit", "run",
               str(REPO / "dashboards" / "app.py"), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]
    with serving(command, port=port, env=env, cwd=REPO) as base:
        yield base


def test_the_switch_redraws_in_chinese_and_keeps_the_view(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1500, "height": 2200}, locale="en-GB")
        page.goto(f"{app_url}/overview?period=all", wait_until="networkidle")
        type_sign_in(page, USERNAME, PASSWORD)
        page.get_by_text("Meetings in this view: 7 meetings").wait_for(timeout=60_000)
        page.get_by_text("Organisation kind", exact=True).click()
        page.get_by_text("How many meetings did we hold each month, by kind of organisation?").wait_for(
            timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "overview-en.png"), full_page=True)

        page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        page.get_by_role("heading", name="政企交流概览").wait_for(timeout=60_000)
        page.get_by_text("当前视图中的会见：7 场会见").wait_for(timeout=30_000)
        page.get_by_text("每月举行了多少场会见（按机构类型）？").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "overview-zh.png"), full_page=True)
        period = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
        shown = [field.get_attribute("value") or field.get_attribute("placeholder")
                 for field in period.locator("input").all()]
        assert (period.inner_text(), shown) == ("期间", ["全部时间"]), period.inner_html()  # kept

        page.locator("[data-testid='stSidebarNav']").get_by_text("首页", exact=True).click()
        page.get_by_role("heading", name="政企交流跟踪系统").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "home-zh.png"), full_page=True)
        browser.close()
