"""In headless Chromium on the demo data (issue 14 items 1 and 12): a click on a row opens the record
in the same tab, from Home, Meetings, both directories and a profile; the address it leads to opens
the same record in a new tab (after the session check); a viewer's or editor's link to a page of a
stronger role says which role it needs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, free_port, serving

TRACKER = Path(sys.executable).parent / "tracker"
DEMO_PASSWORDS = {"admin": "admin-demo-pass", "editor": "editor-demo-pass", "viewer": "viewer-demo-pass"}
ROW_HEIGHT = 35  # st.dataframe's default row (and header) height, in CSS pixels
SHOTS = os.environ.get("TRACKER_E2E_SCREENSHOTS")  # a folder to keep screenshots in, when set

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``tracker serve`` on a fresh demo database (``tracker init``, ``tracker seed --demo``)."""
    folder = tmp_path_factory.mktemp("links")
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}"}
    for command in (["init"], ["seed", "--demo", "--first-run"]):
        subprocess.run([str(TRACKER), *command], env=env, cwd=folder, check=True, capture_output=True)
    port = free_port()
    with serving([str(TRACKER), "serve", "--port", str(port)], port=port, env=env, cwd=folder) as base:
        yield base


@pytest.fixture
def browser():
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run"])
        expect.set_options(timeout=60_000)
        yield chromium
        chromium.close()


def _signed_in(browser, base: str, username: str):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    for _ in range(100):  # the session cookie comes a moment after the page; a new load needs it
        if any(c["name"] == "tracker_session" for c in context.cookies()):
            return context, page
        page.wait_for_timeout(100)
    raise AssertionError("no session cookie was set")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _title(page) -> str:
    from playwright.sync_api import expect

    heading = page.locator("h1").first
    expect(heading).to_be_visible()
    return heading.inner_text().strip()


def _click_first_row(page, key: str, x: int = 240) -> None:
    """Clicks a cell of the first row of the table keyed ``key`` (its class: other than letters, digits,
    _ and - become -); the grid is a canvas, so by position."""
    from playwright.sync_api import expect

    grid = page.locator(f".st-key-{key} [data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    grid.locator("canvas").first.wait_for()
    page.wait_for_timeout(500)  # the grid draws its rows after the element appears
    box = grid.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + ROW_HEIGHT + ROW_HEIGHT // 2)


def _opens_in_place_and_in_a_new_tab(context, page, *, url_path: str, name: str) -> str:
    """After a row click: this tab is at ``/url_path?id=N`` and shows the record; the same address
    in a new tab shows the same record. Returns the record's title."""
    page.wait_for_url(re.compile(rf"/{url_path}\?id=\d+$"))
    title = _title(page)
    assert title not in {"Meetings", "Organisations", "People", "Engagement Tracker"}, title
    assert len(context.pages) == 1, "the record opened in another tab"
    _shot(page, f"{name}-in-place")
    tab = context.new_page()
    tab.goto(page.url)
    assert _title(tab) == title
    assert tab.url == page.url
    _shot(tab, f"{name}-new-tab")
    tab.close()
    return title


def test_five_records_open_in_place_and_in_new_tabs(served, browser):
    context, page = _signed_in(browser, served, "editor")

    _click_first_row(page, "home_latest")  # Home
    _opens_in_place_and_in_a_new_tab(context, page, url_path="meeting", name="home")

    page.goto(f"{served}/meetings")  # Meetings
    _title(page)
    _click_first_row(page, "ml-table")  # the class replaces the key's dot
    _opens_in_place_and_in_a_new_tab(context, page, url_path="meeting", name="meetings")

    page.goto(f"{served}/organisations")  # the organisations directory
    _title(page)
    _click_first_row(page, "org_table")
    _opens_in_place_and_in_a_new_tab(context, page, url_path="organisation_profile", name="organisations")

    page.goto(f"{served}/people")  # the people directory, then a meeting from the person's profile
    _title(page)
    search = page.get_by_role("textbox", name="Search", exact=True)
    search.fill("Ma Huateng")  # the reference meeting's guest: a person with a meeting
    search.press("Enter")
    grid = page.locator(".st-key-people_table [data-testid='stDataFrame']")
    page.wait_for_function("g => g.getBoundingClientRect().height < 3 * 35", arg=grid.element_handle())
    _click_first_row(page, "people_table")  # the table is down to its one row
    person = _opens_in_place_and_in_a_new_tab(context, page, url_path="person_profile", name="people")
    assert person == "Ma Huateng (马化腾)"
    _click_first_row(page, "person_meetings")
    meeting = _opens_in_place_and_in_a_new_tab(context, page, url_path="meeting", name="profile")
    assert meeting != person
    context.close()


def test_a_link_to_a_stronger_roles_page_names_the_role(served, browser):
    from playwright.sync_api import expect

    context, page = _signed_in(browser, served, "viewer")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Meetings", exact=True)).to_be_visible()
    for title in ("Log a meeting", "From an article", "Import a spreadsheet", "Users"):
        expect(sidebar.get_by_text(title, exact=True)).to_have_count(0)
    stronger = (("log-meeting", "Log a meeting", "editor"), ("import", "Import a spreadsheet", "editor"),
                ("users", "Users", "administrator"))
    for address, title, role in stronger:
        page.goto(f"{served}/{address}")
        assert _title(page) == title
        expect(page.get_by_text(f"This page needs the {role} role; you are signed in as a viewer.")
               ).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        _shot(page, f"viewer-{address}")
    context.close()

    context, page = _signed_in(browser, served, "editor")
    page.goto(f"{served}/audit")
    expect(page.get_by_text("This page needs the administrator role; you are signed in as an editor.")
           ).to_be_visible()
    context.close()
