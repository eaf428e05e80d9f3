"""The simulated users: readers who look at the dashboards and profiles with varied filters and
open records, and editors who log and edit meetings (two of them, now and then, edit the same
meeting at the same moment: one must be told of the conflict). Each user is one tab (one
WebSocket, one Streamlit session) carrying its signed-in cookie, pausing between clicks as a
person does. Whatever they see is written to a ``Recorder``.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import websockets

from bench.load.protocol import Page, ProtocolError, Tab

SAVED_LOG = "Saved “{title}”."                       # dashboards/views/log_meeting.py
SAVED_EDIT = "Saved (version"                       # dashboards/meeting_edit.py
CONFLICT = "saved this meeting after you opened it"  # tracker/services/meetings.update_meeting
SEPARATE = "label:Save as a separate meeting"        # dashboards/duplicate_warning.py
PERIODS = ("12m", "90d", "ytd", "last_year", "all")
FAILURES = (ProtocolError, OSError, websockets.WebSocketException, asyncio.TimeoutError)


@dataclass(frozen=True)
class Catalogue:
    """What readers and editors pick from, read from the database before the run."""

    meeting_ids: list[int]
    enterprise_ids: list[int]
    official_ids: list[int]
    regions: list[str]
    area_ids: list[int]
    edit_ids: list[int]      # meetings editors edit (each editor its own slice: no accidental conflict)
    conflict_id: int         # the meeting the pair edits at the same moment
    enterprise_names: list[str] = field(default_factory=list)   # what an editor types to find one


@dataclass
class Recorder:
    """Every page time, failure and acknowledged write of a run."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    logged: list[dict] = field(default_factory=list)     # {"title", "id"} the page said it saved
    edited: list[dict] = field(default_factory=list)     # {"meeting_id", "title"}
    uncertain: list[dict] = field(default_factory=list)  # retried saves whose first try had committed
    conflict_rounds: int = 0
    conflicts_shown: int = 0
    conflict_failures: int = 0

    def page(self, name: str, page: Page, *, user: str) -> Page:
        self.samples[name].append(page.seconds)
        if page.incident or page.timed_out:
            self.errors.append(f"{user} {name}: {'; '.join(page.texts[-3:])[:300]}")
        elif page.retry:
            self.retries += 1
        return page

    def failure(self, name: str, user: str, exc: BaseException) -> None:
        self.errors.append(f"{user} {name}: {type(exc).__name__}: {exc}"[:300])


class User:
    """One signed-in tab; ``until`` is the monotonic time the run ends."""

    def __init__(self, name: str, base: str, cookies: dict[str, str], *, catalogue: Catalogue,
                 recorder: Recorder, until: float, think_s: float, seed: int) -> None:
        self.name, self.base, self.cookies = name, base, cookies
        self.catalogue, self.recorder, self.until = catalogue, recorder, until
        self.think_s = think_s
        self.rng = random.Random(seed)
        self.tab: Tab | None = None

    async def think(self) -> None:
        pause = self.rng.uniform(0.4, 1.6) * self.think_s
        await asyncio.sleep(max(0.0, min(pause, self.until - time.monotonic())))

    async def visit(self, name: str, page: str, query: str = "") -> Page | None:
        """Open a page in this user's tab; a failure is recorded and the tab reconnected."""
        try:
            if self.tab is None:
                self.tab = Tab(self.base, self.cookies)
                await self.tab.connect()
            return self.recorder.page(name, await self.tab.open(page, query), user=self.name)
        except FAILURES as exc:
            self.recorder.failure(name, self.name, exc)
            await self.drop_tab()
            return None

    async def drop_tab(self) -> None:
        if self.tab is not None:
            try:
                await self.tab.close()
            except FAILURES:
                pass
            self.tab = None

    async def run(self) -> None:
        try:
            while time.monotonic() < self.until:
                try:
                    await self.step()
                except Exception as exc:  # noqa: BLE001 - the page was not what the user expected
                    self.recorder.failure(type(self).__name__.lower(), self.name, exc)
                    await self.drop_tab()
                await self.think()
        finally:
            await self.drop_tab()

    async def step(self) -> None:
        raise NotImplementedError


def _filters(rng: random.Random, catalogue: Catalogue) -> str:
    """A filter query string as the sidebar writes it: a period, sometimes a region or areas."""
    params = [f"period={rng.choice(PERIODS)}"]
    if catalogue.regions and rng.random() < 0.4:
        params.append(f"region={rng.choice(catalogue.regions)}")
    if catalogue.area_ids and rng.random() < 0.3:
        picked = rng.sample(catalogue.area_ids, k=min(2, len(catalogue.area_ids)))
        params += [f"area={area}" for area in picked]
    return "&".join(params)


class Reader(User):
    """Overview, Relationships, the profiles and the meeting list with varied filters; drills to
    a meeting or an organisation's record."""

    async def step(self) -> None:
        rng, cat = self.rng, self.catalogue
        choice = rng.random()
        if choice < 0.25:
            await self.visit("overview", "overview", _filters(rng, cat))
        elif choice < 0.40:
            await self.visit("relationships", "relationships", _filters(rng, cat))
        elif choice < 0.52:
            await self.visit("enterprise", "enterprise", f"id={rng.choice(cat.enterprise_ids)}&period=all")
        elif choice < 0.62:
            await self.visit("official", "official", f"id={rng.choice(cat.official_ids)}")
        elif choice < 0.80:
            await self.visit("meetings", "meetings", _filters(rng, cat))
        elif choice < 0.92:
            await self.visit("meeting_record", "meeting", f"id={rng.choice(cat.meeting_ids)}")
        else:
            await self.visit("organisation_record", "organisation_profile",
                             f"id={rng.choice(cat.enterprise_ids)}")


class Editor(User):
    """Logs a meeting, then edits one of its own slice; ``pair`` (shared by two editors) makes
    every third step of theirs an edit of the same meeting at the same moment."""

    def __init__(self, *args, edit_ids: list[int], pair: ConflictPair | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edit_ids = edit_ids
        self.pair = pair
        self.count = 0

    async def step(self) -> None:
        self.count += 1
        try:
            if self.pair is not None and self.count % 3 == 0:
                await self.pair.edit_together(self)
            elif self.count % 2:
                await self.log_meeting()
            else:
                await self.edit_meeting(self.rng.choice(self.edit_ids))
        except FAILURES as exc:
            self.recorder.failure("editor", self.name, exc)
            await self.drop_tab()

    def label(self) -> str:
        return f"Load {self.name} {self.count} {self.rng.randrange(16**6):06x}"

    async def _save(self, name: str, button: str) -> Page | None:
        """Press a save button. On the database-unavailable message do what it asks of a person:
        wait, reload the page (the form keeps what was typed) and press Save again."""
        try:
            page = self.recorder.page(name, await self.tab.click(button), user=self.name)
            for _attempt in range(3):
                if not page.retry:
                    break
                await asyncio.sleep(3)
                reloaded = await self.tab.run()
                if reloaded.retry or button not in reloaded.widgets:
                    page = self.recorder.page(name, reloaded, user=self.name)
                    continue
                page = self.recorder.page(name, await self.tab.click(button), user=self.name)
                page.retried = True
            return page
        except FAILURES as exc:
            self.recorder.failure(name, self.name, exc)
            await self.drop_tab()
            return None

    async def log_meeting(self) -> None:
        form = await self.visit("log_form", "log-meeting")
        if form is None or form.incident or form.retry:   # a retry message: next time
            return
        title = self.label()
        rng = self.rng
        date = f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        organisations = list(form.widget("lm.orgs_extra").proto.options)
        if not organisations and "lm.org_q" in form.widgets:   # a large directory: search it first
            words = self.rng.choice(self.catalogue.enterprise_names).split()
            # A distinctive word, as a person types ("Yongzhong" of "Ningde Yongzhong Logistics…").
            await self.tab.set("lm.org_q", string_value=words[min(1, len(words) - 1)])
            form = self.recorder.page("log_form", await self.tab.run(), user=self.name)
            organisations = list(form.widget("lm.orgs_extra").proto.options)
        await self.tab.set("lm.title", string_value=title)
        await self.tab.set("lm.date", string_array_value=[date])
        await self.tab.set("lm.orgs_extra", string_array_value=[self.rng.choice(organisations)])
        await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think_s)  # filling the form in
        page = await self._save("log_save", "lm_save")
        if page is None:
            return
        if SEPARATE in page.widgets and not page.has_text(title):
            page = await self._save("log_save", SEPARATE)   # a possible duplicate: it is not one
            if page is None:
                return
        saved = page.has_text(SAVED_LOG.format(title=title))
        if saved:
            record = page.links.get("Open the new record", "")
            meeting_id = int(record.split("=", 1)[1]) if record.startswith("id=") else None
            entry = {"title": title, "id": meeting_id}
            self.recorder.logged.append(entry)
        elif page.has_text(title):   # the warning names this very meeting: the first try had saved it
            self.recorder.uncertain.append({"title": title, "id": None})
        elif not page.retry and not page.incident:
            self.recorder.errors.append(f"{self.name} log_save: not saved: {page.texts[-3:]}"[:300])

    async def edit_meeting(self, meeting_id: int, *, tab_name: str = "edit_form") -> Page | None:
        form = await self.visit(tab_name, "meeting", f"id={meeting_id}")
        if form is None or form.incident or form.retry:
            return None
        title = self.label()
        await self.tab.set(f"em{meeting_id}.title", string_value=title)
        return await self.finish_edit(meeting_id, title)

    async def finish_edit(self, meeting_id: int, title: str) -> Page | None:
        page = await self._save("edit_save", f"em{meeting_id}.save")
        if page is None:
            return None
        if page.has_text(SAVED_EDIT):
            entry = {"meeting_id": meeting_id, "title": title}
            self.recorder.edited.append(entry)
        elif page.has_text(CONFLICT) and page.retried:   # the first try had committed after all
            self.recorder.uncertain.append({"meeting_id": meeting_id, "title": title})
        elif page.has_text(CONFLICT):
            pass    # the pair's round counts it
        elif not page.retry and not page.incident:
            self.recorder.errors.append(f"{self.name} edit_save: not saved: {page.texts[-3:]}"[:300])
        return page


class ConflictPair:
    """Two editors open the same meeting, then both press Save at once: one saves, the other is
    shown the conflict. Each round is in new tabs, as when a colleague opens the record afresh."""

    def __init__(self, meeting_id: int, recorder: Recorder) -> None:
        self.meeting_id = meeting_id
        self.recorder = recorder
        self.opened = asyncio.Barrier(2)
        self.outcomes: list[str] = []

    async def edit_together(self, editor: Editor) -> None:
        await editor.drop_tab()     # a new tab: the form reads the meeting as it is now
        outcome = "failed"
        try:
            form = await editor.visit("edit_form", "meeting", f"id={self.meeting_id}")
            title = editor.label()
            usable = form is not None and not form.incident and not form.retry
            if usable:
                await editor.tab.set(f"em{self.meeting_id}.title", string_value=title)
            # Both have the form open (the other may be thinking: wait, but not past the run's end).
            await asyncio.wait_for(self.opened.wait(), timeout=max(5.0, editor.until - time.monotonic()))
            if usable:
                page = await editor.finish_edit(self.meeting_id, title)
                outcome = ("saved" if page is not None and page.has_text(SAVED_EDIT) else
                           "conflict" if page is not None and page.has_text(CONFLICT) else
                           "retry" if page is not None and page.retry else "failed")
            elif form is not None and form.retry:
                outcome = "retry"
        except (TimeoutError, asyncio.BrokenBarrierError):
            await self.opened.abort()
            if time.monotonic() >= editor.until:
                outcome = "late"     # the run ended while the other was still on its way
        finally:
            await editor.drop_tab()
        self.outcomes.append(outcome)
        if len(self.outcomes) == 2:
            self.recorder.conflict_rounds += 1
            if sorted(self.outcomes) == ["conflict", "saved"]:
                self.recorder.conflicts_shown += 1
            elif "late" in self.outcomes or "retry" in self.outcomes:
                self.recorder.conflict_rounds -= 1   # the run ended, or the database was away
            else:
                self.recorder.conflict_failures += 1
                self.recorder.errors.append(f"conflict round: {self.outcomes} "
                                            "(one saved, one conflict expected)")
            self.outcomes = []
            await self.opened.reset()
