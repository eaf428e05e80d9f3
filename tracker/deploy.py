"""The production profile: nginx in front of several app processes, its configuration generated from
the templates in ``deploy/nginx`` with every setting from the environment.

- ``render_site_config``: the nginx ``server``/``upstream`` block (``tracker proxy-config`` prints
  it for a real machine; ``deploy/README`` says where it goes);
- ``run_profile``: ``tracker serve --workers N`` on one machine: N app processes on 127.0.0.1,
  nginx in the foreground in front of them, all stopped together.

Settings (environment; command options win):

- ``TRACKER_PROXY_PORT``: what nginx listens on (default 8080);
- ``TRACKER_WORKERS``: how many app processes (default 2);
- ``TRACKER_WORKER_BASE_PORT``: the first app process's port, the next ones follow (default 8511);
- ``TRACKER_UPSTREAMS``: ``host:port,host:port`` of app processes on other machines (instead of
  the local ones);
- ``TRACKER_SERVER_NAME``: nginx's ``server_name`` (default ``_``: any);
- ``TRACKER_RUN_DIR``: where the local profile keeps nginx's configuration, logs and pid (default
  ``data/run``);
- ``TRACKER_NGINX``: the nginx binary (default the one on PATH, else ``/usr/sbin/nginx``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.config import whole_number
from tracker.uploads import max_upload_bytes

TEMPLATES = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
SITE_TEMPLATE = TEMPLATES / "tracker-site.conf.template"
LOCAL_MAIN_TEMPLATE = TEMPLATES / "local-main.conf.template"
ROUTE_COOKIE = "tracker_route"
DEFAULT_PROXY_PORT = 8080
DEFAULT_WORKERS = 2
DEFAULT_WORKER_BASE_PORT = 8511
DEFAULT_RUN_DIR = Path("data") / "run"
READ_TIMEOUT_S = 300  # a report or a large import may take minutes; nginx must not cut it short


def proxy_port() -> int:
    """``TRACKER_PROXY_PORT``: the port nginx listens on."""
    return whole_number("TRACKER_PROXY_PORT", DEFAULT_PROXY_PORT, low=1, high=65535)


def worker_count() -> int:
    """``TRACKER_WORKERS``: how many app processes."""
    return whole_number("TRACKER_WORKERS", DEFAULT_WORKERS, low=1, high=64)


def worker_ports(count: int, base: int | None = None) -> list[int]:
    """The local app processes' ports: ``base`` (``TRACKER_WORKER_BASE_PORT``) and the next ones."""
    base = base or whole_number("TRACKER_WORKER_BASE_PORT", DEFAULT_WORKER_BASE_PORT, low=1, high=65535)
    return [base + offset for offset in range(count)]


def upstreams_from_env() -> list[str]:
    """``TRACKER_UPSTREAMS`` as a list of ``host:port`` (empty: the local app processes)."""
    text = os.environ.get("TRACKER_UPSTREAMS", "")
    return [item.strip() for item in text.split(",") if item.strip()]


def _check_upstream(address: str) -> str:
    host, _colon, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536 or any(c in host for c in " ;{}#\n"):
        raise ValueError(f"an app process is host:port, not {address!r}")
    return address


def _fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if re.search(r"@[A-Z_]+@", text):
        raise ValueError(f"{template.name}: a placeholder was left unfilled")
    return text


def render_site_config(upstreams: Sequence[str], *, listen: str | int | None = None,
                       server_name: str | None = None) -> str:
    """The nginx site (``upstream`` + ``server``) for the app processes at ``upstreams``
    (``host:port``), listening on ``listen`` (default ``TRACKER_PROXY_PORT``)."""
    if not upstreams:
        raise ValueError("at least one app process is needed")
    listen = str(listen if listen is not None else proxy_port())
    name = server_name or os.environ.get("TRACKER_SERVER_NAME", "").strip() or "_"
    if any(c in name + listen for c in ";{}#\n"):
        raise ValueError("the server name and listen address are single nginx words")
    servers = "\n".join(f"    server {_check_upstream(address)} max_fails=1 fail_timeout=5s;"
                        for address in upstreams)
    return _fill(SITE_TEMPLATE, {
        "WORKER_COUNT": str(len(upstreams)), "ROUTE_COOKIE": ROUTE_COOKIE,
        "UPSTREAM_SERVERS": servers, "LISTEN": listen, "SERVER_NAME": name,
        "MAX_BODY_MB": str(max_upload_bytes() // (1024 * 1024) + 1),
        "READ_TIMEOUT_S": str(READ_TIMEOUT_S)})


def render_local_main_config(run_dir: Path) -> str:
    """The top-level nginx.conf of the local profile: foreground, logs and temp files in ``run_dir``."""
    return _fill(LOCAL_MAIN_TEMPLATE, {"RUN_DIR": str(run_dir.resolve())})


def nginx_binary() -> str | None:
    """``TRACKER_NGINX``, else nginx on PATH, else Debian's ``/usr/sbin/nginx``; None if none exists."""
    configured = os.environ.get("TRACKER_NGINX", "").strip()
    candidates = [configured] if configured else [shutil.which("nginx") or "", "/usr/sbin/nginx"]
    return next((path for path in candidates if path and Path(path).is_file()), None)


def write_local_config(run_dir: Path, upstreams: Sequence[str], listen: int) -> Path:
    """Write the local profile's nginx.conf and site into ``run_dir``; returns nginx.conf's path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "tracker-site.conf").write_text(render_site_config(upstreams, listen=f"127.0.0.1:{listen}"),
                                               encoding="utf-8")
    main = run_dir / "nginx.conf"
    main.write_text(render_local_main_config(run_dir), encoding="utf-8")
    return main


@dataclass
class Profile:
    """The processes of a running local profile (app processes, then nginx)."""

    processes: list[subprocess.Popen]

    def stop(self, timeout: float = 10.0) -> None:
        """Stop every process: SIGTERM, then SIGKILL whatever is still there after ``timeout``."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_profile(app_command: Callable[[int], list[str]], *, workers: int, listen: int,
                  run_dir: Path, base_port: int | None = None, nginx: str | None = None,
                  env: dict[str, str] | None = None) -> Profile:
    """Start ``workers`` app processes (``app_command(port)``) and nginx in front of them."""
    nginx = nginx or nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx")
    ports = worker_ports(workers, base_port)
    main = write_local_config(run_dir, [f"127.0.0.1:{port}" for port in ports], listen)
    processes = [subprocess.Popen(app_command(port), env=env) for port in ports]
    try:
        check = subprocess.run([nginx, "-t", "-q", "-p", str(run_dir.resolve()), "-c", str(main)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(check.stderr.strip() or "nginx refused its configuration")
        processes.append(subprocess.Popen([nginx, "-p", str(run_dir.resolve()), "-c", str(main)], env=env))
    except BaseException:
        Profile(processes).stop()
        raise
    return Profile(processes)


def run_profile(profile: Profile) -> int:
    """Wait until a process of ``profile`` ends or the command is stopped (Ctrl+C, SIGTERM); then
    stop them all. Returns the exit code: 0 when stopped, else the ended process's."""
    stopped = False

    def _stop(_signum, _frame) -> None:
        nonlocal stopped
        stopped = True

    previous = signal.signal(signal.SIGTERM, _stop)
    code = 0
    try:
        while not stopped:
            ended = next((process for process in profile.processes if process.poll() is not None), None)
            if ended is not None:
                code = ended.returncode or 1
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        profile.stop()
    return code
