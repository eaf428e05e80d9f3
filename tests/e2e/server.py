"""Serving the app for a browser test: a free port, the server process, its health check.

Several sessions share a machine, so the port is never fixed. The server runs in its own process
group: ``tracker serve`` starts Streamlit as a child, and both stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str) -> None:
    """Wait (a minute at most) until the app (or nginx in front of it) at ``base`` is healthy."""
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the app at {base} did not start")


@contextmanager
def serving(command: list[str], *, port: int, env: dict, cwd: Path,
            stdout=subprocess.DEVNULL) -> Iterator[str]:
    """Run ``command`` (listening on ``port``) until the block ends; yields its base URL once healthy."""
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def launch_chromium(playwright):
    """Debian's headless Chromium as every browser test starts it: no sandbox (root in CI), no GPU,
    and none of the background requests a first run makes."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"])


def type_sign_in(page, username: str, password: str) -> None:
    """Fills the sign-in form key by key, as a person does, and presses Sign in."""
    for name, value in (("Username", username), ("Password", password)):
        page.get_by_role("textbox", name=name).click()
        page.keyboard.type(value)
        page.keyboard.press("Tab")  # Streamlit takes a text input's value when it loses focus
    page.get_by_role("button", name="Sign in").click()


def wait_until_idle(page) -> None:
    """Wait for the app's run to end (its status widget gone). A click that lands while a run is
    still drawing can be taken by an element about to be replaced and come to nothing."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=60_000)
