"""In headless Chromium: log a meeting in the real app (``streamlit run``), then find it in the list."""

from __future__ import annotations

import os
import sys

import pytest

from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving
from tests.factories import make_organisation, make_person
from tracker import db as tracker_db
from tracker.migrate import upgrade
from tracker.taxonomy import ensure_default_taxonomy

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture
def app_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        ensure_default_taxonomy(session)
        acme = make_organisation(session, name="Acme Robotics", local_name="艾克米")
        make_person(session, name="Li Wei", local_name="李伟", organisation=acme, title="Chief Executive")
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    with serving(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "tests" / "e2e" / "editor_app.py"),
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], port=port, env=env, cwd=REPO) as base:
        yield base


def test_log_a_meeting_and_find_it_in_the_list(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.set_default_timeout(30_000)
        expect.set_options(timeout=30_000)
        page.goto(f"{app_url}/log-meeting")
        expect(page.get_by_role("heading", name="Log a meeting")).to_be_visible()

        title = page.get_by_role("textbox", name="Title", exact=True).first
        title.fill("Harbour robotics talk")
        title.press("Enter")
        search = page.get_by_role("textbox", name="Find a person")
        search.fill("李伟")
        search.press("Enter")
        page.get_by_role("button", name="Li Wei").click()
        expect(page.get_by_label("Title that day")).to_have_value("Chief Executive")
        page.get_by_role("button", name="Save meeting").click()
        expect(page.get_by_text("Saved “Harbour robotics talk”.")).to_be_visible()
        page.screenshot(path=str(tmp_path / "log-meeting-saved.png"), full_page=True)

        page.get_by_role("link", name="Open the new record").click()
        expect(page.get_by_role("heading", name="Harbour robotics talk")).to_be_visible()

        page.goto(f"{app_url}/meetings")
        box = page.get_by_role("textbox", name="Search")
        box.fill("harbour li wei")
        box.press("Enter")
        expect(page.get_by_text("1 meeting(s) · page 1 of 1")).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "meetings-list.png"), full_page=True)
        browser.close()
    assert (tmp_path / "meetings-list.png").stat().st_size > 10_000
