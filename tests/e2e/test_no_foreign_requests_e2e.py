"""In headless Chromium, as an administrator: with Markdown and HTML beacons in every free-text
field and hostile links in the link fields (``hostile_records``), no page makes the browser fetch
anything from a host other than the app's own, and no page carries a link or image pointing at one
(issue 12, item 9: a website ``https://a.invalid/)![x](http://host/beacon.png)`` was fetched)."""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlencode, urlsplit

import pytest

from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving
from tests.hostile_records import FOREIGN_MARKERS, plant_hostile_records
from tracker import db as tracker_db
from tracker.migrate import upgrade
from tracker.taxonomy import ensure_default_taxonomy

USERNAME, PASSWORD = "root.admin", "e2e-admin-password"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Attributes through which a page makes the browser fetch or navigate.
URL_ATTRIBUTES = ("href", "xlink:href", "src", "srcset", "poster", "data", "action", "formaction",
                  "background", "style")

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("beacons")
    url = f"sqlite:///{folder / 'e2e.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        ensure_default_taxonomy(session)
        planted = plant_hostile_records(session, admin_username=USERNAME, admin_password=PASSWORD)
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    with (folder / "server.log").open("w") as log, serving(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboards" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            port=port, env=env, cwd=REPO, stdout=log) as base:
        yield base, planted


def _pages(planted) -> list[tuple[str, dict]]:
    """Every page an administrator can open, with the planted records for those that show one."""
    return [
        ("", {}), ("overview", {"period": "all"}), ("relationships", {"period": "all"}),
        ("enterprise", {"id": planted.company_id}), ("official", {"id": planted.official_id}),
        ("log-meeting", {}), ("from-article", {}), ("import", {}),
        ("meetings", {"period": "all"}), ("meetings", {"person": planted.official_id}),
        ("meeting", {"id": planted.meeting_id}), ("meeting", {"id": planted.planned_meeting_id}),
        ("organisations", {}), ("people", {}),
        ("organisation_profile", {"id": planted.company_id}),
        ("organisation_profile", {"id": planted.government_id}),
        ("person_profile", {"id": planted.official_id}), ("person_profile", {"id": planted.executive_id}),
        ("duplicates", {}), ("pledges", {}), ("pledges", {"id": planted.pledge_id}),
        ("reports", {"period": "all"}), ("audit", {}), ("users", {}),
        ("calendar", {}), ("calendar-feed", {}), ("import-invitation", {}),
    ]


def _wait_until_idle(page) -> None:
    """The script has run (and any rerun it asked for has too) and what it drew has loaded."""
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(IDLE, state="attached")


def _sign_in_if_asked(page) -> None:
    sign_in = page.get_by_role("button", name="Sign in")
    if not sign_in.count():  # (the Users page has a "Username" box of its own)
        return
    for name, value in (("Username", USERNAME), ("Password", PASSWORD)):
        page.get_by_role("textbox", name=name).click()
        page.keyboard.type(value)
        page.keyboard.press("Tab")  # Streamlit takes a text input's value when it loses focus
    sign_in.click()
    sign_in.wait_for(state="detached")
    _wait_until_idle(page)


def _open_everything(page) -> None:
    """Tabs and expanders: what a reader would open, so nothing waits behind a click."""
    for tab in page.get_by_role("tab").all():
        tab.click()
    for summary in page.locator("[data-testid='stExpander'] summary").all():
        summary.click()
    _wait_until_idle(page)


def _foreign_references(page, own_origin: str) -> list[str]:
    """URL-bearing attributes in the page that mention a planted foreign host."""
    return page.evaluate(
        """([names, markers, origin]) => {
            const found = [];
            for (const el of document.querySelectorAll('*')) {
                for (const attr of el.attributes) {
                    if (!names.includes(attr.name)) continue;
                    const value = attr.value.replaceAll(origin, '');
                    if (markers.some(marker => value.includes(marker)))
                        found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
                }
            }
            return found;
        }""", [list(URL_ATTRIBUTES), list(FOREIGN_MARKERS), own_origin])


def test_no_page_fetches_or_links_to_a_host_but_the_apps_own(app, tmp_path):
    from playwright.sync_api import sync_playwright

    base, planted = app
    own = urlsplit(base).netloc
    requests: list[str] = []
    references: list[str] = []
    errors: list[str] = []
    opened = 0

    def guard(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == own:
            route.continue_()
        else:
            requests.append(f"{current} -> {route.request.url}")
            route.abort()

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        context.set_default_timeout(60_000)
        context.route("**/*", guard)
        page = context.new_page()
        for path, params in _pages(planted):
            current = f"/{path}?{urlencode(params)}" if params else f"/{path}"
            print(time.strftime("%X"), current, flush=True)
            page.goto(base + current)
            _wait_until_idle(page)
            try:
                _sign_in_if_asked(page)
            except Exception:
                page.screenshot(path="/tmp/links-debug.png", full_page=True)
                raise
            _open_everything(page)
            exceptions = page.locator("[data-testid='stException']")
            if exceptions.count():
                errors.append(f"{current}: {exceptions.first.inner_text()[:300]}")
            references += [f"{current}: {ref}" for ref in _foreign_references(page, base)]
            opened += 1
        browser.close()
    assert opened == len(_pages(planted))
    assert not (errors or requests or references), "\n".join(
        ["pages that failed:", *errors, "requests to other hosts:", *requests,
         "links or images pointing at other hosts:", *references])
