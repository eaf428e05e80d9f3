"""One load run against running servers: sign the users in, let them work until the time is up
(with a few real Chromium pages and, if asked, a PostgreSQL restart in the middle), watch the
server's CPU and memory, then reduce it all to the figures ``bench/results.json`` keeps."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import time
from dataclasses import dataclass

from bench.harness import p50, p95
from bench.load.protocol import Tab
from bench.load.servers import PASSWORD, Servers, cpu_seconds, postgres_pids, rss_mb
from bench.load.signin import sign_in
from bench.load.users import ConflictPair, Editor, Reader, Recorder

SIGN_IN_AT_ONCE = 4          # sign-ins hash passwords: a few at a time, as people arrive
DRAIN_S = 150                # after the end, how long a run still in flight may take to finish


@dataclass(frozen=True)
class Plan:
    readers: list[str]
    editors: list[str]
    browsers: list[str]
    duration_s: float
    think_s: float
    restart_postgres_at_s: float | None = None
    restart_command: tuple[str, ...] = ()
    browser_every_s: float = 15.0


def _own_cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


async def _warm_up(servers: Servers, cookies: dict[str, str]) -> None:
    """One page on each app process (first imports, caches), so memory growth is the sessions'."""
    for base in servers.app_bases:
        async with Tab(base, {k: v for k, v in cookies.items() if k != "tracker_route"}) as tab:
            await tab.open("overview")


async def _restart_postgres(at_s: float, command: tuple[str, ...], recorder: Recorder, notes: dict) -> None:
    await asyncio.sleep(at_s)
    started = time.perf_counter()
    # Not into a pipe: the restarted server inherits it and keeps it open, and the run would wait
    # for its end for ever.
    result = await asyncio.to_thread(subprocess.run, list(command), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
    notes["postgres_restart_s"] = time.perf_counter() - started
    if result.returncode != 0:
        recorder.errors.append(f"PostgreSQL restart failed: {command} exited with {result.returncode}")


async def _watch_memory(pids: list[int], until: float, peaks: dict) -> None:
    while time.monotonic() < until:
        peaks["rss_mb"] = max(peaks.get("rss_mb", 0.0), sum(rss_mb(pid) for pid in pids))
        await asyncio.sleep(5)


async def simulate(servers: Servers, plan: Plan, catalogue, recorder: Recorder) -> dict:
    """Run the plan; returns the raw measurements (times are in ``recorder``)."""
    limit = asyncio.Semaphore(SIGN_IN_AT_ONCE)

    async def signed_in(username: str) -> dict[str, str]:
        async with limit:
            started = time.perf_counter()
            cookies = await sign_in(servers.base, username, PASSWORD)
            recorder.samples["sign_in"].append(time.perf_counter() - started)
            return cookies

    warm = await signed_in(plan.readers[0])
    await _warm_up(servers, warm)
    for pid in servers.app_pids if servers.sampled else ():
        os.kill(pid, signal.SIGUSR1)    # the stack sampler counts from here
    rss_before = sum(rss_mb(pid) for pid in servers.app_pids)
    cpu_before = {pid: cpu_seconds(pid) for pid in servers.app_pids}
    pg_before = {pid: cpu_seconds(pid) for pid in postgres_pids()}
    own_before, children_before = _own_cpu_s(resource.RUSAGE_SELF), _own_cpu_s(resource.RUSAGE_CHILDREN)

    names = [*plan.readers, *plan.editors]
    cookies = [warm, *await asyncio.gather(*(signed_in(name) for name in names[1:]))]
    started = time.monotonic()
    until = started + plan.duration_s
    pair = ConflictPair(catalogue.conflict_id, recorder) if len(plan.editors) >= 2 else None
    slices = [catalogue.edit_ids[n::len(plan.editors)] for n in range(len(plan.editors))]
    users = []
    for n, (name, jar) in enumerate(zip(names, cookies, strict=True)):
        common = dict(catalogue=catalogue, recorder=recorder, until=until, think_s=plan.think_s, seed=n)
        if n < len(plan.readers):
            users.append(Reader(name, servers.base, jar, **common))
        else:
            k = n - len(plan.readers)
            users.append(Editor(name, servers.base, jar, edit_ids=slices[k], pair=pair if k < 2 else None,
                                **common))
    notes: dict = {}
    peaks: dict = {}
    tasks = [asyncio.create_task(user.run()) for user in users]
    # Users arrive over the first seconds rather than in one instant.
    extra = [asyncio.create_task(_watch_memory(servers.app_pids, until, peaks))]
    if plan.browsers:
        from bench.load.chromium import browse
        extra += [asyncio.create_task(browse(servers.base, name, recorder=recorder, until=until,
                                             every_s=plan.browser_every_s)) for name in plan.browsers]
    if plan.restart_postgres_at_s is not None:
        extra.append(asyncio.create_task(_restart_postgres(plan.restart_postgres_at_s, plan.restart_command,
                                                           recorder, notes)))
    await asyncio.sleep(max(0.0, until - time.monotonic()) * 0.9)
    rss_during = sum(rss_mb(pid) for pid in servers.app_pids)   # every session still open
    done, pending = await asyncio.wait([*tasks, *extra], timeout=max(0.0, until - time.monotonic()) + DRAIN_S)
    for task in pending:
        task.cancel()
        recorder.errors.append("a simulated user was still busy long after the end")
    for task in done:
        if task.exception() is not None:
            recorder.failure("task", "-", task.exception())
    wall = time.monotonic() - started
    sessions = len(users) + len(plan.browsers)
    return {
        "wall_s": wall, "sessions": sessions,
        "server_cpu_s": sum(cpu_seconds(pid) - cpu_before[pid] for pid in servers.app_pids),
        "postgres_cpu_s": sum(cpu_seconds(pid) - pg_before.get(pid, 0.0) for pid in postgres_pids()),
        "generator_cpu_s": _own_cpu_s(resource.RUSAGE_SELF) - own_before,
        "browser_cpu_s": _own_cpu_s(resource.RUSAGE_CHILDREN) - children_before,
        "rss_before_mb": rss_before, "rss_during_mb": rss_during,
        "rss_peak_mb": peaks.get("rss_mb", rss_during),
        **notes,
    }


def figures(raw: dict, recorder: Recorder, writes: dict, *, suffix: str, plan: Plan) -> dict:
    """The run's figures under ``load_…`` keys (``suffix`` ``_sqlite`` for the SQLite profile)."""
    def key(name: str, unit: str = "") -> str:
        return f"load_{name}{suffix}" + (f"_{unit}" if unit else "")

    pages = {name: times for name, times in recorder.samples.items() if times}
    # The pages users open while working; signing in (password hashing, everyone at the start) and
    # the Chromium confirmations (with their protocol twins) have keys of their own.
    everything = [t for name, times in pages.items()
                  if name != "sign_in" and not name.startswith(("chromium_", "twin_")) for t in times]
    result = {
        key("page_p95", "s"): round(p95(everything), 3) if everything else None,
        key("page_p50", "s"): round(p50(everything), 3) if everything else None,
        key("page_views"): len(everything),
        key("errors"): len(recorder.errors),
        key("retry_messages"): recorder.retries,
        key("acknowledged_writes"): writes["acknowledged"],
        key("lost_writes"): writes["lost"],
        key("duplicate_writes"): writes["duplicates"],
        key("conflict_rounds"): recorder.conflict_rounds,
        key("conflicts_shown"): recorder.conflicts_shown,
        key("readers"): len(plan.readers), key("editors"): len(plan.editors),
        key("duration", "s"): round(raw["wall_s"], 1),
        key("server_cpu", "s"): round(raw["server_cpu_s"], 1),
        key("server_cpu", "pct"): round(100 * raw["server_cpu_s"] / raw["wall_s"], 1),
        key("generator_cpu", "s"): round(raw["generator_cpu_s"], 1),
        key("generator_cpu", "pct"): round(100 * raw["generator_cpu_s"] / raw["wall_s"], 1),
        key("browser_cpu", "s"): round(raw["browser_cpu_s"], 1),
        key("server_rss", "mb"): round(raw["rss_during_mb"], 1),
        key("session", "mb"): round(max(0.0, raw["rss_during_mb"] - raw["rss_before_mb"])
                                    / raw["sessions"], 2),
    }
    if suffix == "":
        result[key("postgres_cpu", "s")] = round(raw["postgres_cpu_s"], 1)
    if "postgres_restart_s" in raw:
        result[key("postgres_restart", "s")] = round(raw["postgres_restart_s"], 1)
    for name, times in sorted(pages.items()):
        result[key(f"{name}_p50", "s")] = round(p50(times), 3)
        result[key(f"{name}_p95", "s")] = round(p95(times), 3)
    return result
