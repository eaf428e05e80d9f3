"""A few real browser pages during a load run, to confirm the protocol-level figures: Debian's
headless Chromium (never a downloaded browser) signs in through the form like a person, then
opens Overview and the meeting list now and then; a page's time is from the address entered to
the app's run finished (Streamlit marks it on ``stApp``). Recorded as ``chromium_<page>``."""

from __future__ import annotations

import asyncio
import random
import time

from bench.load.servers import PASSWORD
from bench.load.users import Recorder

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = (("overview", "overview?period=12m"), ("meetings", "meetings?period=90d"),
         ("relationships", "relationships?period=all"))


async def _finished(page) -> None:
    await page.get_by_text("Signed in as").first.wait_for(timeout=120_000)
    await page.wait_for_selector(DONE, timeout=120_000)


async def browse(base: str, username: str, *, recorder: Recorder, until: float, every_s: float) -> None:
    """One Chromium tab signed in as ``username``, opening a page every ``every_s`` seconds."""
    from playwright.async_api import async_playwright

    rng = random.Random(18)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/")
            await page.get_by_role("textbox", name="Username").fill(username)
            await page.get_by_role("textbox", name="Password").fill(PASSWORD)
            await page.get_by_role("button", name="Sign in").click()
            await _finished(page)
            while time.monotonic() + every_s < until:
                await asyncio.sleep(every_s * rng.uniform(0.7, 1.3))
                name, address = rng.choice(PAGES)
                started = time.perf_counter()
                try:
                    await page.goto(f"{base}/{address}")
                    await _finished(page)
                except Exception as exc:  # noqa: BLE001 - any browser failure is an error of the run
                    recorder.failure(f"chromium_{name}", username, exc)
                    continue
                recorder.samples[f"chromium_{name}"].append(time.perf_counter() - started)
        finally:
            await browser.close()
