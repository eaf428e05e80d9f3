"""`make loadtest`: many users at once on the generated 100,000-meeting database, on 127.0.0.1 only,
bounded in users and time, stopping by itself (README, "Many users").

    python -m bench.load [--database sqlite|postgres|both] [--duration S] [--readers N] [--editors N]
                         [--browsers N] [--think S] [--port P] [--restart-postgres-at S] [--profile]

Profiles: PostgreSQL (``TRACKER_TEST_DATABASE_URL``'s server; the database is a copy of
``<name>_bench``), 2 app processes behind nginx, 30 readers and 5 editors; SQLite, one process,
10 readers and 3 editors; both for 3 minutes. Defaults also from LOAD_DURATION_S, LOAD_THINK_S,
LOAD_PORT. Figures are merged into bench/results.json; the run's details (every error, the
stack samples with --profile) go to its folder under the system's temporary directory."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.load import checks, run, servers
from bench.load.users import Recorder

RESULTS = Path(__file__).resolve().parents[1] / "results.json"
SETUP_S = 600     # beyond the users' time: servers starting, sign-ins, draining, the checks

PROFILES = {"postgres": {"workers": 2, "readers": 30, "editors": 5, "suffix": ""},
            "sqlite": {"workers": 1, "readers": 10, "editors": 3, "suffix": "_sqlite"}}


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--duration", type=float, default=float(os.environ.get("LOAD_DURATION_S", 180)),
                        help="seconds the users work (default 180)")
    parser.add_argument("--readers", type=int, help="readers (default 30 on PostgreSQL, 10 on SQLite)")
    parser.add_argument("--editors", type=int, help="editors (default 5 on PostgreSQL, 3 on SQLite)")
    parser.add_argument("--browsers", type=int, default=1, help="real Chromium tabs besides (default 1)")
    parser.add_argument("--think", type=float, default=float(os.environ.get("LOAD_THINK_S", 3.0)),
                        help="a user's mean pause between clicks, seconds (default 3)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8600)),
                        help="nginx or the one app process; app processes take the next ports")
    parser.add_argument("--restart-postgres-at", type=float, metavar="SECONDS",
                        help="restart the PostgreSQL server this many seconds into the run")
    parser.add_argument("--profile", action="store_true", help="sample the app processes' stacks")
    parser.add_argument("--sqlite-file", type=Path, help="a copy of this SQLite file instead of the "
                                                        "generated one (trying the load test out)")
    parser.add_argument("--postgres-source", metavar="URL", help="copy this PostgreSQL database "
                                                                 "instead of the generated one")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/results.json")
    options = parser.parse_args(argv)
    limits = ((options.duration, 1, 900), (options.readers or 0, 0, 60), (options.editors or 0, 0, 20),
              (options.browsers, 0, 3))
    if any(not low <= value <= high for value, low, high in limits):
        parser.error("bounded: duration 1–900 s, readers ≤ 60, editors ≤ 20, browsers ≤ 3")
    return options


def _database(name: str, folder: Path, options: argparse.Namespace) -> str:
    from bench.harness import BenchContext
    from bench.postgres import postgres_100k

    if name == "sqlite":
        return servers.sqlite_copy(options.sqlite_file or BenchContext().sqlite_100k(), folder)
    if options.postgres_source:
        return servers.postgres_copy(options.postgres_source)
    test_url = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
    if not test_url.startswith("postgresql"):
        raise SystemExit("The PostgreSQL profile needs TRACKER_TEST_DATABASE_URL (see README).")
    return servers.postgres_copy(postgres_100k(test_url))


def _may_restart_postgres(shared: bool) -> bool:
    """Other test runs use the machine's PostgreSQL server: restart it only when none is running."""
    if not shared:
        return True
    others = subprocess.run(["pgrep", "-fa", "pytest"], capture_output=True, text=True).stdout.strip()
    if others:
        print(f"   not restarting PostgreSQL: a test run is using it\n{others}")
    return not others


def run_profile(name: str, options: argparse.Namespace) -> dict:
    profile = PROFILES[name]
    readers = options.readers if options.readers is not None else profile["readers"]
    editors = options.editors if options.editors is not None else profile["editors"]
    folder = Path(tempfile.mkdtemp(prefix=f"loadtest-{name}-"))
    print(f"== load, {name}: {readers} readers, {editors} editors, {options.browsers} Chromium, "
          f"{options.duration:.0f} s (details in {folder})", flush=True)
    url = _database(name, folder, options)
    restart_at, restart_command = None, ()
    if options.restart_postgres_at is not None and name == "postgres":
        command, shared = servers.postgres_restart_command(url)
        if _may_restart_postgres(shared):
            restart_at, restart_command = options.restart_postgres_at, tuple(command)
    try:
        reader_names, editor_names = servers.create_users(url, readers + options.browsers, editors)
        plan = run.Plan(readers=reader_names[:readers] or reader_names[:1], editors=editor_names,
                        browsers=reader_names[readers:], duration_s=options.duration,
                        think_s=options.think, restart_postgres_at_s=restart_at,
                        restart_command=restart_command)
        catalogue = servers.catalogue(url, editors)
        recorder = Recorder()
        signal.alarm(int(options.duration) + run.DRAIN_S + SETUP_S)   # stops by itself, whatever happens
        try:
            with servers.running(url, workers=profile["workers"], port=options.port, folder=folder,
                                 sample=options.profile) as running:
                raw = asyncio.run(run.simulate(running, plan, catalogue, recorder))
        finally:
            signal.alarm(0)
        writes = checks.check_writes(url, recorder)
        result = run.figures(raw, recorder, writes, suffix=profile["suffix"], plan=plan)
        (folder / "details.json").write_text(json.dumps(
            {"figures": result, "raw": raw, "errors": recorder.errors, "writes": writes}, indent=1))
        for line in recorder.errors[:15]:
            print(f"   error: {line}")
        if options.profile:
            from bench.load.sampler import summary

            for line in summary(sorted(folder.glob("stacks-*.json"))):
                print(f"   {line}")
        return result
    finally:
        if name == "postgres":
            servers.drop_postgres_copy(url)


def _interrupt(signum, _frame) -> None:
    """SIGTERM or the alarm: stop like Ctrl+C, so that the servers are stopped and the copy dropped."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str]) -> int:
    options = _options(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGALRM, _interrupt)
    names = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    results: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    failed = False
    for name in names:
        figures = run_profile(name, options)
        for key, value in figures.items():
            print(f"   {key:<45} {value!s:>14}")
        suffix = PROFILES[name]["suffix"]
        failed |= bool(figures[f"load_errors{suffix}"] or figures[f"load_lost_writes{suffix}"]
                       or figures[f"load_duplicate_writes{suffix}"])
        if not options.no_results:
            results.update(figures)
            RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True))
    print("Checks failed: errors, lost or duplicate writes (see above)." if failed else
          "Checks passed: no errors, every acknowledged write there once with its audit row.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
