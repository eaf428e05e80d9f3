"""Where an app process spends its time under load: ``python -m bench.load.sampler OUT.json -m
streamlit run …`` runs the app with a thread that looks at every other thread's stack 50 times a
second. A thread waiting for work (a lock, a queue, the event loop's poll) is idle and not
counted; a busy one is counted under the innermost frame of the app's own code (``tracker/``,
``dashboards/``) and under the library its innermost frame is in (a thread waiting on PostgreSQL
sits in psycopg, one in SQLite's C code in SQLAlchemy's ``do_execute``). OUT.json is rewritten
every ten seconds and at exit; SIGUSR1 starts the counts afresh (the load run sends it once the
app has warmed up, so imports and first runs are left out). No dependency: ``sys._current_frames``."""

from __future__ import annotations

import atexit
import json
import runpy
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

INTERVAL_S = 0.02
REPO = str(Path(__file__).resolve().parents[2])
OWN = (f"{REPO}/tracker/", f"{REPO}/dashboards/")
IDLE = {("threading.py", "wait"), ("selectors.py", "select"), ("queue.py", "get"),
        ("base_events.py", "_run_once"), ("threading.py", "_wait_for_tstate_lock"),
        ("thread.py", "_worker"), ("script_runner.py", "_run_script_thread"),
        ("polling_path_watcher.py", "task")}   # sleeps between looks at the config files


def _library(path: str) -> str:
    if path.startswith(OWN):
        return "app code (tracker, dashboards)"
    marker = "site-packages/"
    if marker in path:
        return path.split(marker, 1)[1].split("/", 1)[0]
    return "python stdlib"


class Sampler:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.reset()

    def reset(self, *_signal) -> None:
        self.own: Counter[str] = Counter()
        self.libraries: Counter[str] = Counter()
        self.leaves: Counter[str] = Counter()
        self.samples = 0
        self.busy = 0

    def sample(self, me: int) -> None:
        for ident, frame in sys._current_frames().items():
            if ident == me:
                continue
            self.samples += 1
            leaf = (Path(frame.f_code.co_filename).name, frame.f_code.co_name)
            if leaf in IDLE or frame.f_code.co_name in ("wait", "poll", "select", "accept"):
                continue
            self.busy += 1
            self.libraries[_library(frame.f_code.co_filename)] += 1
            self.leaves[f"{_library(frame.f_code.co_filename)}: {leaf[0]}:{leaf[1]}"] += 1
            walk = frame
            while walk is not None and not walk.f_code.co_filename.startswith(OWN):
                walk = walk.f_back
            where = (f"{walk.f_code.co_filename[len(REPO) + 1:]}:{walk.f_code.co_name}" if walk
                     else "(outside the app's code: Streamlit's runtime, the server)")
            self.own[where] += 1

    def write(self) -> None:
        self.out.write_text(json.dumps({
            "interval_s": INTERVAL_S, "thread_samples": self.samples, "busy_samples": self.busy,
            "by_library": dict(self.libraries.most_common()),
            "by_app_function": dict(self.own.most_common(60)),
            "by_innermost_frame": dict(self.leaves.most_common(40)),
        }, indent=1))

    def run(self) -> None:
        me = threading.get_ident()
        last_write = time.monotonic()
        while True:
            time.sleep(INTERVAL_S)
            self.sample(me)
            if time.monotonic() - last_write > 10:
                self.write()
                last_write = time.monotonic()


def summary(paths: list[Path], top: int = 12) -> list[str]:
    """Lines saying where the app processes' busy samples fell (merged over ``paths``)."""
    busy, libraries, own = 0, Counter(), Counter()
    for path in paths:
        if path.exists():
            data = json.loads(path.read_text())
            busy += data["busy_samples"]
            libraries.update(data["by_library"])
            own.update(data["by_app_function"])
    if not busy:
        return []
    lines = [f"{busy} busy samples ({busy * INTERVAL_S:.0f} thread-seconds); by library:"]
    lines += [f"  {100 * n / busy:5.1f}%  {name}" for name, n in libraries.most_common(top // 2)]
    lines.append("by the innermost function of the app's own code:")
    lines += [f"  {100 * n / busy:5.1f}%  {name}" for name, n in own.most_common(top)]
    return lines


def main() -> None:
    out = Path(sys.argv[1])
    if sys.argv[2] != "-m":
        raise SystemExit("usage: python -m bench.load.sampler OUT.json -m MODULE ARGS…")
    module, sys.argv = sys.argv[3], [sys.argv[3], *sys.argv[4:]]
    sampler = Sampler(out)
    atexit.register(sampler.write)
    signal.signal(signal.SIGUSR1, sampler.reset)
    threading.Thread(target=sampler.run, name="load-sampler", daemon=True).start()
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
