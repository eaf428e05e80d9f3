"""In headless Chromium: logging the reference meeting's talks a second time warns with a link to
the recorded meeting, and "Save as a separate meeting" saves (issue 14 item 2)."""

from __future__ import annotations

import os
import sys

import pytest

from seed_data.reference import load_reference
from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving
from tracker import db as tracker_db
from tracker.migrate import upgrade

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture
def app_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        load_reference(session)
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    with serving(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "tests" / "e2e" / "editor_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            port=port, env=env, cwd=REPO) as base:
        yield base


def test_the_reference_meeting_logged_again_is_warned_about(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.set_default_timeout(30_000)
        expect.set_options(timeout=30_000)
        page.goto(f"{app_url}/log-meeting")
        expect(page.get_by_role("heading", name="Log a meeting")).to_be_visible()
        page.get_by_label("Date").first.get_by_role("spinbutton").first.click()
        page.keyboard.type("20190507")
        page.keyboard.press("Tab")
        title = page.get_by_role("textbox", name="Title", exact=True).first
        title.fill("Talks with Tencent")
        title.press("Enter")
        search = page.get_by_role("textbox", name="Find a person")
        search.fill("马化腾")
        search.press("Enter")
        page.get_by_role("button", name="Ma Huateng").first.click()
        expect(page.get_by_label("Title that day")).to_have_value("Chairman and CEO of Tencent")
        page.get_by_role("button", name="Save meeting").click()

        expect(page.get_by_text("Not saved yet: this may be a meeting already recorded")).to_be_visible()
        existing = page.get_by_role("link", name="Open the existing one: 2019-05-07")
        expect(existing).to_be_visible()
        expect(page.get_by_text("Shares Ma Huateng, Tencent")).to_be_visible()
        page.screenshot(path=str(tmp_path / "duplicate-warning.png"), full_page=True)
        page.get_by_role("button", name="Save as a separate meeting").click()
        expect(page.get_by_text("Saved “Talks with Tencent”.")).to_be_visible()
        expect(page.get_by_text("Not saved yet")).to_have_count(0)
        browser.close()
    assert (tmp_path / "duplicate-warning.png").stat().st_size > 10_000
