"""What a load run stands on: a copy of the generated 100,000-meeting database (the run writes to
it; the benchmarks' own copy stays as built), the simulated users' accounts, the app processes
(one on SQLite; several behind nginx on PostgreSQL), all on 127.0.0.1 and stopped by the run,
and their CPU and memory read from /proc (Linux)."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tracker import deploy

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "load-test-password-18"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


# -- the database ---------------------------------------------------------------------------

def sqlite_copy(source: Path, folder: Path) -> str:
    """URL of a copy of the SQLite file ``source`` in ``folder``."""
    target = folder / "load.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def postgres_copy(bench_url: str) -> str:
    """URL of ``<bench database>_load``, a fresh copy of the benchmark database (a template copy:
    seconds, not a rebuild)."""
    url = sa.engine.make_url(bench_url)
    name = f"{url.database}_load"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"')
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_copy(url: str) -> None:
    parsed = sa.engine.make_url(url)
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    finally:
        admin.dispose()


def create_users(url: str, readers: int, editors: int) -> tuple[list[str], list[str]]:
    """Accounts for the simulated users (viewers and editors, secret clearance), through the
    users service as an administrator would make them."""
    from tracker import db as tracker_db
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import Confidentiality, Role, UserCreate
    from tracker.services.users import create_user

    names = ([f"load-reader-{n:02d}" for n in range(readers)],
             [f"load-editor-{n:02d}" for n in range(editors)])
    engine = tracker_db.make_engine(url)
    try:
        with tracker_db.session_scope(engine) as session:
            for role, group in zip((Role.VIEWER, Role.EDITOR), names, strict=True):
                for username in group:
                    create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
                        username=username, role=role, clearance=Confidentiality.SECRET, password=PASSWORD))
    finally:
        engine.dispose()
    return names


def catalogue(url: str, editors: int):
    """Ids and filter values the simulated users pick from (a sample of what the database holds)."""
    from bench.load.users import Catalogue

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            def ids(sql: str) -> list[int]:
                return [row[0] for row in conn.exec_driver_sql(sql)]
            meetings = ids("SELECT id FROM meeting WHERE archived_at IS NULL ORDER BY id DESC LIMIT 3000")
            enterprises = ids("SELECT organisation_id FROM meeting_organisation "
                              "WHERE organisation_kind IN ('state_owned_enterprise', "
                              "'private_enterprise', 'foreign_enterprise') "
                              "GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 300")
            officials = ids("SELECT person_id FROM participation WHERE side = 'government' "
                            "GROUP BY person_id ORDER BY count(*) DESC LIMIT 200")
            regions = [row[0] for row in conn.exec_driver_sql(
                "SELECT DISTINCT region FROM organisation WHERE region IS NOT NULL LIMIT 40")]
            areas = ids("SELECT id FROM cooperation_area LIMIT 40")
            listed = ",".join(map(str, enterprises[:50])) or "NULL"
            names = [row[0] for row in conn.exec_driver_sql(
                f"SELECT name FROM organisation WHERE id IN ({listed})")]
    finally:
        engine.dispose()
    editable = meetings[: 40 * (editors + 1)]
    return Catalogue(meeting_ids=meetings, enterprise_ids=enterprises, official_ids=officials,
                     regions=regions, area_ids=areas, edit_ids=editable[40:], conflict_id=editable[0],
                     enterprise_names=names)


# -- the app processes -----------------------------------------------------------------------

def app_command(port: int, *, sample_to: Path | None = None) -> list[str]:
    """One app process on 127.0.0.1:``port``, as ``tracker serve`` starts it; with ``sample_to``,
    under the stack sampler (``bench.load.sampler``) writing there."""
    from tracker.cli.cmd_base import streamlit_command

    command = streamlit_command(port, address="127.0.0.1")
    if sample_to is None:
        return command
    return [sys.executable, "-m", "bench.load.sampler", str(sample_to / f"stacks-{port}.json"), *command[1:]]


def _healthy(base: str, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the app at {base} did not start in {timeout_s:.0f} s")


@dataclass
class Servers:
    base: str                       # what the users connect to (nginx, or the one process)
    app_pids: list[int]             # the app processes (their CPU and memory are the server's)
    app_bases: list[str]
    sampled: bool = False           # the app processes run under bench.load.sampler


@contextmanager
def running(url: str, *, workers: int, port: int, folder: Path, sample: bool = False):
    """The app on ``url``: one process on ``port`` (``workers`` 1), or ``workers`` processes on
    the next ports behind nginx on ``port``. Yields ``Servers``; stops them all however the block ends."""
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_DEFAULT_LANGUAGE": "en",
           "STREAMLIT_SERVER_ADDRESS": "127.0.0.1", "PYTHONPATH": str(REPO)}
    sample_to = folder if sample else None
    if workers == 1:
        process = subprocess.Popen(app_command(port, sample_to=sample_to), cwd=REPO, env=env,
                                   stdout=(folder / "app.log").open("w"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
        profile = deploy.Profile([process])
        bases = [f"http://127.0.0.1:{port}"]
        front = bases[0]
    else:
        ports = [port + 1 + n for n in range(workers)]
        def logged(port: int) -> list[str]:    # each process's output in the run's folder
            log = folder / f"app-{port}.log"
            return ["sh", "-c", f'exec "$@" >>{shlex.quote(str(log))} 2>&1', "sh",
                    *app_command(port, sample_to=sample_to)]

        profile = deploy.start_profile(logged, workers=workers,
                                       listen=port, run_dir=folder / "nginx", base_port=ports[0], env=env)
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        front = f"http://127.0.0.1:{port}"
    try:
        for base in [*bases, front]:
            _healthy(base)
        yield Servers(base=front, app_pids=[p.pid for p in profile.processes[:len(bases)]], app_bases=bases,
                      sampled=sample)
    finally:
        for process in profile.processes:   # SIGINT first: the sampler writes its stacks on the way out
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        time.sleep(2)
        profile.stop(timeout=20)


# -- CPU and memory from /proc ---------------------------------------------------------------

def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return resident * PAGE_BYTES / 2**20


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes (shared with whatever else uses it on this machine)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def postgres_restart_command(url: str) -> tuple[list[str], bool]:
    """How to restart the PostgreSQL server at ``url``, and whether it is the machine's shared
    one: ``LOAD_POSTGRES_RESTART`` (a command line, for a server of the run's own), else Debian's
    ``pg_ctlcluster`` for the cluster on that port (``pg_lsclusters``)."""
    configured = os.environ.get("LOAD_POSTGRES_RESTART", "").strip()
    if configured:
        return shlex.split(configured), False
    port = sa.engine.make_url(url).port or 5432
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                             check=True).stdout
    for line in listing.splitlines():
        version, cluster, cluster_port = line.split()[:3]
        if int(cluster_port) == port:
            return ["pg_ctlcluster", version, cluster, "restart"], True
    raise RuntimeError(f"no PostgreSQL cluster on port {port}: set LOAD_POSTGRES_RESTART")
