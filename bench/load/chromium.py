"""A few real browser pages during a load run, to confirm the protocol-level figures: Debian's
headless Chromium (never a downloaded browser) signs in through the form like a person, then
now and then goes to Overview, Meetings or Relationships by the sidebar's links, as the protocol
clients go from page to page in their tab. A page's time is from the click to the app's run
finished (its heading drawn, then Streamlit's mark on ``stApp``). Recorded as ``chromium_<page>``;
right after each, a protocol tab of the same user opens the same page (``twin_<page>``): the two
differ by what the browser adds (drawing, its scripts), not by the page or the cache."""

from __future__ import annotations

import asyncio
import itertools
import random
import time

from bench.load.protocol import ROUTE_COOKIE, Tab
from bench.load.servers import PASSWORD
from bench.load.signin import sign_in
from bench.load.users import Recorder

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
RETRY = "could not be reached just now"   # the DatabaseUnavailable message (PostgreSQL restarting)
PAGES = (("overview", "Overview", "Engagement overview"), ("meetings", "Meetings", "Meetings"),
         ("relationships", "Relationships", "Relationships"))   # address, link, the page's heading


async def _finished(page, heading: str) -> str:
    """Wait for the page's run to end; what it showed: ``ok``, ``retry`` (the database-unavailable
    message) or ``wrong``."""
    drawn = page.get_by_role("heading", name=heading, exact=True).or_(page.get_by_text(RETRY))
    await drawn.first.wait_for(timeout=120_000)
    await page.wait_for_selector(DONE, timeout=120_000)
    if await page.get_by_text(RETRY).count():
        return "retry"
    return "ok" if await page.get_by_text("Signed in as").count() else "wrong"


async def browse(base: str, username: str, *, recorder: Recorder, until: float, every_s: float) -> None:
    """One Chromium tab signed in as ``username``, opening a page every ``every_s`` seconds."""
    from playwright.async_api import async_playwright

    rng = random.Random(18)
    twin = None
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/")
            await page.get_by_role("textbox", name="Username").fill(username)
            await page.get_by_role("textbox", name="Password").fill(PASSWORD)
            await page.get_by_role("button", name="Sign in").click()
            # The sign-in page's own run had ended already: wait for what follows it.
            await page.get_by_text("Signed in as").first.wait_for(timeout=120_000)
            # The twin on the same app process (nginx's routing cookie): the same cache.
            route = {c["name"]: c["value"] for c in await page.context.cookies() if c["name"] == ROUTE_COOKIE}
            twin = Tab(base, await sign_in(base, username, PASSWORD, route=route))
            await twin.connect()
            for n in itertools.count():
                await asyncio.sleep(every_s * rng.uniform(0.7, 1.3))
                if time.monotonic() + every_s / 2 > until:
                    break
                name, link, heading = PAGES[n % len(PAGES)]   # each differs from the one before
                started = time.perf_counter()
                try:
                    await page.locator("[data-testid='stSidebarNavLink']", has_text=link).first.click()
                    shown = await _finished(page, heading)
                except Exception as exc:  # noqa: BLE001 - any browser failure is an error of the run
                    recorder.failure(f"chromium_{name}", username, exc)
                    continue
                recorder.samples[f"chromium_{name}"].append(time.perf_counter() - started)
                recorder.page(f"twin_{name}", await twin.open(name), user=f"{username} (protocol)")
                if shown == "retry":
                    recorder.retries += 1
                elif shown == "wrong":
                    recorder.errors.append(f"{username} chromium_{name}: not the signed-in page")
        finally:
            await browser.close()
            if twin is not None:
                await twin.close()
