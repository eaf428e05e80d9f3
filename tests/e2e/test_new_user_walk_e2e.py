"""The new user's walk-through of planning and follow-through, in headless Chromium through
``tracker serve``, one browser session: an editor plans a visit next week on the log form, sees it
on the Calendar and in My work, makes their calendar feed and reads the visit back from it over
HTTP, logs what happened on the same meeting, adds two actions from its record, and gets them in
the daily digest from ``tracker remind`` in a local SMTP server. With TRACKER_E2E_SCREENSHOTS set,
a screenshot of each step is kept there."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from tests.e2e.server import (
    CHROMIUM,
    REPO,
    free_port,
    launch_chromium,
    serving,
    type_sign_in,
    wait_until_idle,
)
from tests.smtp_server import smtp_server  # noqa: F401 - the fixture
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Meeting, OrganisationCreate, OrganisationKind, Role, UserCreate
from tracker.reports.ics import meeting_uid
from tracker.services import organisations, users
from tracker.taxonomy import ensure_default_taxonomy

TRACKER = Path(sys.executable).parent / "tracker"
USERNAME, PASSWORD, ADDRESS = "new.editor", "walk-through-password", "new.editor@example.gov.cn"
TITLE = "Visit to Harbour Robotics"
ACTIONS = ("Send the thank-you letter", "Draft the pilot plan")
SHOTS = os.environ.get("TRACKER_E2E_SCREENSHOTS")

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


@pytest.fixture
def app(tmp_path):
    url = f"sqlite:///{tmp_path / 'walk.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        ensure_default_taxonomy(session)
        organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data=OrganisationCreate(
            name="Harbour Robotics", kind=OrganisationKind.PRIVATE_ENTERPRISE))
        users.create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username=USERNAME, role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL, password=PASSWORD,
            email=ADDRESS))
    engine.dispose()
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    with serving([str(TRACKER), "serve", "--port", str(port)], port=port, env=env, cwd=tmp_path) as base:
        yield base, url


def meeting_ids(url: str) -> list[int]:
    engine = tracker_db.make_engine(url)
    with tracker_db.session_scope(engine) as session:
        ids = list(session.scalars(select(Meeting.id)))
    engine.dispose()
    return ids


def test_plan_see_subscribe_log_follow_up_and_get_the_digest(app, smtp_server):  # noqa: F811 - the fixture
    from playwright.sync_api import expect, sync_playwright

    base, url = app
    inbox, smtp_url = smtp_server
    next_week = dt.date.today() + dt.timedelta(days=7)
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)

        def shot(name: str) -> None:
            if SHOTS:
                page.wait_for_timeout(800)  # let the last rerun settle before the picture
                page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)

        # 1. Sign in as the new user; plan a visit next week on the log form.
        page.goto(f"{base}/log-meeting")
        type_sign_in(page, USERNAME, PASSWORD)
        expect(page.get_by_role("heading", name="Log a meeting")).to_be_visible()
        # The date field is segments (year, month, day): typed into as a person types a date.
        page.get_by_role("group", name="Date", exact=True).get_by_role("spinbutton").first.click()
        page.keyboard.type(next_week.strftime("%Y%m%d"))
        page.keyboard.press("Tab")
        page.get_by_role("combobox", name="Status").click()
        page.get_by_role("option", name="Planned").click()
        page.get_by_role("combobox", name="Kind").click()
        page.get_by_role("option", name="Visit", exact=True).click()
        title = page.get_by_role("textbox", name="Title", exact=True).first
        title.fill(TITLE)
        title.press("Enter")
        page.get_by_role("combobox", name="Organisations").click()
        page.get_by_role("option", name="Harbour Robotics").click()
        page.keyboard.press("Escape")
        shot("01-log-form-planned")
        page.get_by_role("button", name="Save meeting").click()
        expect(page.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()
        shot("02-saved")
        [meeting_id] = meeting_ids(url)

        # 2. The Calendar's agenda lists it; a click opens its record.
        page.goto(f"{base}/calendar")
        expect(page.locator("h1").first).to_have_text("Calendar")
        page.get_by_test_id("stButtonGroup").get_by_text("Agenda", exact=True).click()
        # The newest calendar frame (the month view's may linger a moment), in its list layout.
        frame = page.frame_locator("iframe[title*='calendar'] >> nth=-1")
        expect(frame.locator(".fc-list-event-title", has_text=TITLE)).to_be_visible()
        shot("03-calendar-agenda")

        # 3. My work counts it among my meetings.
        page.goto(f"{base}/my-work")
        expect(page.get_by_role("heading", name="My work")).to_be_visible()
        expect(page.get_by_test_id("stMetric").filter(has_text="My meetings")).to_contain_text("1")
        shot("04-my-work-planned")

        # 4. The calendar feed: make the address, fetch it, read the visit back.
        page.goto(f"{base}/calendar-feed")
        page.get_by_role("button", name="Make my feed address").click()
        address = page.get_by_test_id("stCode").inner_text().strip()
        shot("05-calendar-feed")
        assert address.startswith(f"{base}/_tracker/feed/") and address.endswith(".ics")
        with urllib.request.urlopen(address, timeout=30) as response:
            calendar = icalendar.Calendar.from_ical(response.read())
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        assert str(events[meeting_uid(meeting_id)]["summary"]) == TITLE
        assert events[meeting_uid(meeting_id)].decoded("dtstart") == next_week

        # 5. Log what happened on the planned meeting: the same record, now held.
        page.goto(f"{base}/meeting?id={meeting_id}")
        expect(page.locator("h1").first).to_have_text(TITLE)
        page.get_by_role("textbox", name="What happened").fill("Toured the plant; agreed a pilot.")
        page.get_by_role("button", name="Log as held").click()
        expect(page.get_by_text("Held", exact=False).first).to_be_visible()
        expect(page.get_by_role("button", name="Log as held")).to_have_count(0)
        assert meeting_ids(url) == [meeting_id]
        shot("06-logged-held")

        # 6. Two actions from the meeting record.
        for what in ACTIONS:
            wait_until_idle(page)
            page.get_by_text("Add an action").click()
            page.get_by_role("textbox", name="What is to be done").fill(what)
            wait_until_idle(page)
            page.get_by_role("button", name="Add action").click()
            expect(page.get_by_text("Action added.")).to_be_visible()
            page.wait_for_timeout(500)
        shot("07-two-actions")
        page.goto(f"{base}/my-work")
        expect(page.get_by_test_id("stMetric").filter(has_text="Actions due this week")).to_contain_text("2")
        shot("08-my-work-actions")
        browser.close()

    # 7. The daily digest, sent by `tracker remind` to the local SMTP server, holds both actions.
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_SMTP_URL": smtp_url, "PYTHONPATH": str(REPO)}
    done = subprocess.run([str(TRACKER), "remind"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [message] = inbox.messages
    assert message["To"] == ADDRESS
    body = message.get_payload(decode=True).decode()
    assert all(f"{what} ({TITLE})" in body for what in ACTIONS), body
    if SHOTS:
        (Path(SHOTS) / "09-digest.txt").write_text(f"Subject: {message['Subject']}\n\n{body}")
