"""The real app in headless Chromium: selecting a bar on the Overview narrows the meetings table
under it; a screenshot of the overview is saved to test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dashboard_data import build_dataset
from tests.e2e.server import type_sign_in
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Role, UserCreate
from tracker.services.users import create_user

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PORT = 8540
USERNAME, PASSWORD = "leader", "e2e-leader-password"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"the app did not start on port {port}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "tracker.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        build_dataset(session)  # M4 is confidential: this internal-clearance leader sees five meetings
        create_user(
            session=session,
            actor=SYSTEM_ACTOR,
            data=UserCreate(
                username=USERNAME, role=Role.VIEWER, clearance=Confidentiality.INTERNAL, password=PASSWORD
            ),
        )
    engine.dispose()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "e2e-server.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboards" / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(PORT),
            "--browser.gatherUsageStats",
            "false",
        ],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(PORT)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_selecting_a_bar_narrows_the_meetings_table(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 2200})
        # A copied link: the sign-in form first, then the very view the link describes.
        page.goto(f"{app_url}/overview?period=all", wait_until="networkidle")
        type_sign_in(page, USERNAME, PASSWORD)
        heading = page.get_by_text("Meetings in this view: 5 meetings")
        try:
            heading.wait_for(timeout=60_000)
        finally:
            page.screenshot(path=str(ARTIFACTS / "overview-loading.png"), full_page=True)
        bars = page.locator(".stPlotlyChart").first.locator("g.point path")
        bars.first.wait_for(timeout=30_000)
        page.locator(".stPlotlyChart").last.locator(".main-svg").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        box = bars.first.bounding_box()  # the earliest month's bar: June 2023, one meeting with Beta Bank
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer
        narrowed = page.get_by_text("Meetings behind your selection: 1 meeting")
        narrowed.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "overview-selected.png"), full_page=True)
        assert (
            page.get_by_text("Meeting M6").first.is_visible()
            or page.locator("[data-testid='stDataFrame']").count() > 0
        )
        browser.close()
