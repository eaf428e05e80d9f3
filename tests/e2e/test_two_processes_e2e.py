"""Two app processes on one database, as behind the production proxy (issue 18): a sign-in made on
one is known to the other, a write shows on the other's next run (the data version is in the
database), and a sign-out on one ends the session on both. Through nginx (when installed): every
request of a browser reaches one process, and a browser moved to the other is still signed in."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, free_port, launch_chromium, wait_healthy
from tests.factories import make_organisation
from tracker import db as tracker_db
from tracker import deploy
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.migrate import upgrade
from tracker.models import Confidentiality, MeetingCreate, Role, UserCreate
from tracker.services import meetings
from tracker.services.users import create_user

PASSWORD = "correct-horse-battery"
TRACKER = Path(sys.executable).parent / "tracker"
NGINX = deploy.nginx_binary()

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """Two ``tracker serve`` on 127.0.0.1 and one SQLite database with an editor; yields
    (base URLs, ports, database URL, folder)."""
    folder = tmp_path_factory.mktemp("two_processes")
    url = f"sqlite:///{folder / 'shared.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username="edith", role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL, password=PASSWORD))
    engine.dispose()
    ports = [free_port(), free_port()]
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_DEFAULT_LANGUAGE": "en",
           "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
    processes = [subprocess.Popen([str(TRACKER), "serve", "--port", str(port)], cwd=folder, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
                 for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            wait_healthy(base)
        yield bases, ports, url, folder
    finally:
        for process in processes:
            _stop(process)


def _sign_in(page, base: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/")
    page.get_by_role("textbox", name="Username").fill("edith")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as edith")).to_be_visible()
    for _ in range(100):  # the cookie comes from a request the page makes right after
        if any(cookie["name"] == "tracker_session" for cookie in page.context.cookies()):
            return
        time.sleep(0.1)
    raise AssertionError("no session cookie was set")


def _meetings_held(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Meetings held")
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _log_meeting(database_url: str) -> None:
    """A write by someone else (another process) through the service layer."""
    engine = tracker_db.make_engine(database_url)
    with tracker_db.session_scope(engine) as session:
        company = make_organisation(session, name="SenseTime")
        meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
            title="Talks on AI", date=dt.date.today() - dt.timedelta(days=7), organisation_ids=[company.id]))
    engine.dispose()


def test_two_processes_share_the_sign_in_and_the_data_version(two_processes):
    from playwright.sync_api import expect, sync_playwright

    (first, second), _ports, database_url, _folder = two_processes
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        expect.set_options(timeout=30_000)
        context = browser.new_context()
        on_first = context.new_page()
        _sign_in(on_first, first)
        on_second = context.new_page()
        on_second.goto(f"{second}/")  # the other process: the cookie's session is in the database
        expect(on_second.get_by_text("Signed in as edith")).to_be_visible()
        expect(on_second.get_by_test_id("stMetric").filter(has_text="Meetings held")).to_be_visible()
        assert _meetings_held(on_second) == "0"  # …and now cached in that process

        _log_meeting(database_url)
        on_second.reload()
        expect(on_second.get_by_text("Signed in as edith")).to_be_visible()
        expect(on_second.get_by_test_id("stMetric").filter(has_text="Meetings held")
               .get_by_test_id("stMetricValue")).to_have_text("1")

        on_first.get_by_role("button", name="Sign out").click()  # ends the session on the first
        expect(on_first.get_by_text("You have signed out.")).to_be_visible()
        on_second.reload()
        expect(on_second.get_by_role("heading", name="Sign in")).to_be_visible()
        browser.close()


def _upstreams(log: Path, *, streams: bool = True) -> list[str]:
    """The app process of each request nginx logged (a WebSocket is logged when it closes)."""
    lines = log.read_text().splitlines() if log.exists() else []
    return [re.search(r"upstream=(\S+)", line)[1] for line in lines
            if "upstream=" in line and (streams or "/_stcore/stream" not in line)]


def _route_to(proxy: str, log: Path, target: str) -> str:
    """A routing cookie value that nginx sends to the app process at ``target``."""
    for attempt in range(64):
        value = f"probe{attempt}"
        request = urllib.request.Request(f"{proxy}/_stcore/health",
                                         headers={"Cookie": f"tracker_route={value}"})
        urllib.request.urlopen(request, timeout=5).read()
        if _upstreams(log)[-1] == target:
            return value
    raise AssertionError(f"no routing value reached {target}")


@pytest.mark.skipif(NGINX is None, reason="needs nginx (/usr/sbin/nginx)")
def test_through_nginx_a_browser_stays_on_one_process_and_is_still_signed_in_on_the_other(two_processes):
    from playwright.sync_api import expect, sync_playwright

    _bases, ports, _url, folder = two_processes
    run_dir = folder / "nginx"
    listen = free_port()
    main = deploy.write_local_config(run_dir, [f"127.0.0.1:{port}" for port in ports], listen)
    nginx = subprocess.Popen([NGINX, "-p", str(run_dir), "-c", str(main)], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    proxy, log = f"http://127.0.0.1:{listen}", run_dir / "nginx-access.log"
    try:
        wait_healthy(proxy)
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            expect.set_options(timeout=30_000)
            context = browser.new_context()
            page = context.new_page()
            before = len(_upstreams(log))
            _sign_in(page, proxy)
            page.reload()
            expect(page.get_by_text("Signed in as edith")).to_be_visible()
            route = next(cookie for cookie in context.cookies() if cookie["name"] == "tracker_route")
            assert route["httpOnly"]
            served_by = set(_upstreams(log)[before:])
            # The page, its scripts, the WebSocket and the sign-in route: all on one process.
            assert len(served_by) == 1, served_by
            assert len(_upstreams(log)) - before > 5

            # The browser moved to the other process (say, its process was restarted): signed in.
            other = next(f"127.0.0.1:{port}" for port in ports if f"127.0.0.1:{port}" not in served_by)
            context.add_cookies([{**route, "value": _route_to(proxy, log, other)}])
            moved_from = len(_upstreams(log, streams=False))
            page.reload()
            expect(page.get_by_text("Signed in as edith")).to_be_visible()
            assert set(_upstreams(log, streams=False)[moved_from:]) == {other}
            browser.close()
    finally:
        _stop(nginx)
