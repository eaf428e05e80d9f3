"""In headless Chromium, through ``tracker serve``: the calendar shows a planned meeting and a click
on it opens the meeting's record; the user's feed address, fetched over HTTP, reads back as a
calendar holding it (and nothing above the user's clearance); a revoked address is a 404."""

from __future__ import annotations

import datetime as dt
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import icalendar
import pytest

from tests.e2e.server import CHROMIUM, REPO, free_port, launch_chromium, serving, type_sign_in
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.migrate import upgrade
from tracker.models import Confidentiality, MeetingCreate, OrganisationCreate, Role, UserCreate
from tracker.reports.ics import meeting_uid
from tracker.services import calendar_feeds, meetings, organisations, users
from tracker.taxonomy import ensure_default_taxonomy

TRACKER = Path(sys.executable).parent / "tracker"
USERNAME, PASSWORD = "cal.viewer", "e2e-calendar-password"
TITLE, SECRET_TITLE = "Visit Harbour Robotics", "Secret Harbour dinner"
SHOTS = os.environ.get("TRACKER_E2E_SCREENSHOTS")  # a folder to keep screenshots in, when set

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calendar")
    url = f"sqlite:///{folder / 'e2e.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    today = dt.date.today()
    with tracker_db.session_scope(engine) as session:
        ensure_default_taxonomy(session)
        org = organisations.create_organisation(session=session, actor=SYSTEM_ACTOR,
                                                data=OrganisationCreate(name="Harbour Robotics"))
        ids = {}
        for title, level in ((TITLE, Confidentiality.INTERNAL), (SECRET_TITLE, Confidentiality.SECRET)):
            ids[title] = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
                title=title, date=today, time=dt.time(10, 0), status="planned", confidentiality=level,
                organisation_ids=[org.id], participants=[])).id
        user = users.create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username=USERNAME, role=Role.VIEWER, clearance=Confidentiality.INTERNAL, password=PASSWORD))
        token = calendar_feeds.issue_feed_token(session=session, actor=Actor.from_user(user))
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    with serving([str(TRACKER), "serve", "--port", str(port)], port=port, env=env, cwd=folder) as base:
        yield base, ids, token, url


def test_calendar_shows_a_planned_meeting_and_a_click_opens_its_record(app):
    from playwright.sync_api import expect, sync_playwright

    base, ids, _, _ = app
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
        page.goto(f"{base}/calendar")
        type_sign_in(page, USERNAME, PASSWORD)
        expect(page.locator("h1").first).to_have_text("Calendar", timeout=60_000)
        frame = page.frame_locator("iframe[title*='calendar']")
        event = frame.get_by_text(TITLE).first
        expect(event).to_be_visible(timeout=60_000)
        expect(frame.get_by_text(SECRET_TITLE)).to_have_count(0)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "calendar_month.png"), full_page=True)
        event.click()
        expect(page.locator("h1").first).to_have_text(TITLE, timeout=60_000)
        assert f"id={ids[TITLE]}" in page.url
        browser.close()


def test_feed_address_reads_back_with_the_users_clearance_and_revoked_is_404(app):
    base, ids, token, url = app
    with urllib.request.urlopen(f"{base}/_tracker/feed/{token}.ics", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.read())
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert uids == {meeting_uid(ids[TITLE])}
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/_tracker/feed/not-a-token.ics", timeout=30)
    assert refused.value.code == 404
    engine = tracker_db.make_engine(url)
    with tracker_db.session_scope(engine) as session:
        calendar_feeds.revoke_feed_token(session=session, actor=SYSTEM_ACTOR,
                                         user_id=users_id(session))
    engine.dispose()
    with pytest.raises(urllib.error.HTTPError) as revoked:
        urllib.request.urlopen(f"{base}/_tracker/feed/{token}.ics", timeout=30)
    assert revoked.value.code == 404


def users_id(session) -> int:
    from tracker.auth.users import get_by_username

    return get_by_username(session=session, username=USERNAME).id
