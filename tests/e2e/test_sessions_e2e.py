"""In headless Chromium, on the app as ``tracker serve`` runs it: a sign-in survives a reload and a
new tab (the HttpOnly session cookie), and sign-out or deactivation ends it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, free_port, launch_chromium, serving
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.auth.users import get_by_username
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Role, UserCreate, UserUpdate
from tracker.services.users import create_user, update_user

PASSWORD = "correct-horse-battery"
TRACKER = Path(sys.executable).parent / "tracker"

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture
def served(tmp_path):
    """``tracker serve`` on a fresh database with two editors; yields (base URL, database URL)."""
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        for username in ("edith", "ernest"):
            create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
                username=username, role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL,
                password=PASSWORD))
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url}
    with serving([str(TRACKER), "serve", "--port", str(port)], port=port, env=env, cwd=tmp_path) as base:
        yield base, url


def _sign_in(page, base: str, username: str):
    from playwright.sync_api import expect

    page.goto(f"{base}/meetings")
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def _session_cookie(context) -> dict:
    """The session cookie once the browser has fetched it (right after sign-in)."""
    for _ in range(100):
        cookie = next((c for c in context.cookies() if c["name"] == "tracker_session"), None)
        if cookie:
            return cookie
        time.sleep(0.1)
    raise AssertionError("no session cookie was set")


def test_sign_in_survives_reload_and_new_tab_until_sign_out_or_deactivation(served):
    from playwright.sync_api import expect, sync_playwright

    base, database_url = served
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        expect.set_options(timeout=30_000)
        context = browser.new_context()
        page = context.new_page()
        _sign_in(page, base, "edith")
        cookie = _session_cookie(context)
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/")
        assert "tracker_session" not in page.evaluate("document.cookie")  # out of scripts' reach

        page.reload()
        expect(page.get_by_text("Signed in as edith")).to_be_visible()
        expect(page.get_by_role("heading", name="Meetings")).to_be_visible()
        second = context.new_page()
        second.goto(f"{base}/meetings")
        expect(second.get_by_text("Signed in as edith")).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        page.reload()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        second.reload()
        expect(second.get_by_role("heading", name="Sign in")).to_be_visible()

        # Deactivated by an administrator while signed in: the next click shows the sign-in form.
        other = browser.new_context().new_page()
        _sign_in(other, base, "ernest")
        engine = tracker_db.make_engine(database_url)
        with tracker_db.session_scope(engine) as session:
            ernest = get_by_username(session=session, username="ernest")
            update_user(session=session, actor=SYSTEM_ACTOR, user_id=ernest.id,
                        data=UserUpdate(is_active=False))
        engine.dispose()
        other.get_by_test_id("stSidebarNav").get_by_text("Organisations", exact=True).click()
        expect(other.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(other.get_by_text("account deactivated")).to_be_visible()
        other.reload()
        expect(other.get_by_role("heading", name="Sign in")).to_be_visible()
        browser.close()


def test_users_see_no_deploy_button_or_developer_menu(served):
    """Streamlit's own toolbar (Deploy, Rerun, Settings, Clear cache) is for developers, not office
    staff; ``tracker serve`` hides it even on localhost, where Streamlit would show it."""
    from playwright.sync_api import expect, sync_playwright

    base, _ = served
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        expect.set_options(timeout=30_000)
        page = browser.new_page()
        _sign_in(page, base, "edith")
        expect(page.get_by_role("heading", name="Meetings")).to_be_visible()
        expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
        expect(page.get_by_test_id("stMainMenu")).to_have_count(0)
        expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
        browser.close()
