"""The production profile's generated nginx configuration, the nightly backup's retention and the
prepared downloads' time limit."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker import deploy, prepared_files
from tracker.cli import app

ROOT = Path(__file__).resolve().parents[2]
NGINX = deploy.nginx_binary()


def _block(config: str, opening: str) -> str:
    """The text of the block that starts with ``opening`` (up to its closing brace)."""
    start = config.index(opening)
    depth, end = 0, start
    for end in range(config.index("{", start), len(config)):
        depth += {"{": 1, "}": -1}.get(config[end], 0)
        if depth == 0:
            break
    return config[start:end + 1]


def test_site_config_balances_over_every_process_with_affinity_and_websocket_upgrade():
    upstreams = ["127.0.0.1:8511", "127.0.0.1:8512", "10.0.0.6:8511"]
    config = deploy.render_site_config(upstreams, listen=8080, server_name="tracker.example.gov.cn")
    assert not re.search(r"@[A-Z_]+@", config)  # every placeholder filled

    upstream = _block(config, "upstream tracker_app")
    assert re.findall(r"^\s*server (\S+)", upstream, re.M) == upstreams  # one line per process
    # Affinity on a cookie nginx sets itself (stable across sign-in and sign-out), consistent hashing.
    assert "hash $tracker_route consistent;" in upstream
    route = _block(config, "map $cookie_tracker_route $tracker_route ")
    assert '""      $request_id;' in route and "default $cookie_tracker_route;" in route
    assert "add_header Set-Cookie $tracker_route_cookie always;" in config
    assert '"tracker_route=$request_id; Path=/; HttpOnly' in config

    server = _block(config, "server {")
    assert "listen 8080;" in server and "server_name tracker.example.gov.cn;" in server
    assert "proxy_http_version 1.1;" in server
    assert "proxy_set_header Upgrade $http_upgrade;" in server
    assert "proxy_set_header Connection $tracker_connection_upgrade;" in server
    assert "proxy_set_header Host $http_host;" in server  # the sign-in route compares Origin and Host
    upgrade = _block(config, "map $http_upgrade $tracker_connection_upgrade")
    assert "default upgrade;" in upgrade
    stream = _block(server, "location /_stcore/stream")
    assert "proxy_pass http://tracker_app;" in stream and "proxy_read_timeout 1d;" in stream
    assert "proxy_pass http://tracker_app;" in _block(server, "location /_tracker/")
    assert "proxy_pass http://tracker_app;" in _block(server, "location / ")


def test_settings_come_from_the_environment_and_bad_ones_are_refused(monkeypatch):
    monkeypatch.setenv("TRACKER_PROXY_PORT", "9090")
    monkeypatch.setenv("TRACKER_WORKERS", "3")
    monkeypatch.setenv("TRACKER_WORKER_BASE_PORT", "9100")
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "50")
    monkeypatch.delenv("TRACKER_UPSTREAMS", raising=False)
    result = CliRunner().invoke(app, ["proxy-config"])
    assert result.exit_code == 0, result.output
    assert re.findall(r"server (127\.0\.0\.1:\d+)", result.output) == [
        "127.0.0.1:9100", "127.0.0.1:9101", "127.0.0.1:9102"]
    assert "listen 9090;" in result.output and "client_max_body_size 51m;" in result.output

    monkeypatch.setenv("TRACKER_UPSTREAMS", "10.0.0.5:8511, 10.0.0.6:8511")
    result = CliRunner().invoke(app, ["proxy-config"])
    assert re.findall(r"server (\S+) max_fails", result.output) == ["10.0.0.5:8511", "10.0.0.6:8511"]

    for bad in (["--upstream", "10.0.0.5"], ["--upstream", "a:1; include /etc/passwd"],
                ["--listen", "80; evil"]):
        result = CliRunner().invoke(app, ["proxy-config", *bad])
        assert result.exit_code == 2 and "Error:" in result.output, bad
    monkeypatch.setenv("TRACKER_PROXY_PORT", "eighty")
    with pytest.raises(ValueError, match="TRACKER_PROXY_PORT"):
        deploy.proxy_port()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_nginx_accepts_the_local_profile_configuration(tmp_path):
    main = deploy.write_local_config(tmp_path, ["127.0.0.1:18511", "127.0.0.1:18512"], 18510)
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(main)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


def _backup_module():
    spec = importlib.util.spec_from_file_location("pg_backup", ROOT / "deploy" / "pg-backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nightly_backup_passes_the_password_outside_the_command_line_and_keeps_the_newest(tmp_path):
    backup = _backup_module()
    assert backup.libpq_environment("postgresql+psycopg://tracker:s%40cret@db.internal:5433/tracker") == {
        "PGHOST": "db.internal", "PGPORT": "5433", "PGUSER": "tracker", "PGPASSWORD": "s@cret",
        "PGDATABASE": "tracker"}

    fake = tmp_path / "pg_dump"  # writes the password it was given (env) into the dump
    fake.write_text(f"#!{sys.executable}\nimport os, sys\n"
                    "path = [a for a in sys.argv if a.startswith('--file=')][0][7:]\n"
                    "open(path, 'w').write(os.environ['PGPASSWORD'] + ' ' + ' '.join(sys.argv[1:]))\n")
    fake.chmod(0o755)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / "tracker-20200101T023000Z.dump", folder / "tracker-20200102T023000Z.dump"]
    for age, path in enumerate(old):
        path.write_text("old")
        os.utime(path, (1_577_840_000 + age, 1_577_840_000 + age))
    env = {**os.environ, "PG_DUMP": str(fake), "TRACKER_BACKUP_DIR": str(folder),
           "TRACKER_BACKUP_KEEP_DAYS": "14",
           "TRACKER_DATABASE_URL": "postgresql+psycopg://tracker:Sekr3t-xyz@127.0.0.1/tracker"}
    run = subprocess.run([sys.executable, str(ROOT / "deploy" / "pg-backup.py")], env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    dumps = sorted(folder.glob("tracker-*.dump"))
    assert len(dumps) == 1 and dumps[0] not in old  # both old ones past 14 days: removed
    content = dumps[0].read_text()
    # The password reached pg_dump in its environment, never on its command line.
    assert content.startswith("Sekr3t-xyz ") and "Sekr3t" not in content[10:]
    assert "--format=custom" in content

    # With only old dumps and a failing pg_dump, the newest old one is never removed.
    shutil.rmtree(folder)
    folder.mkdir()
    for age, path in enumerate(old):
        path.write_text("old")
        os.utime(path, (1_577_840_000 + age, 1_577_840_000 + age))
    import datetime as dt
    assert backup.expired(folder, 14, dt.datetime.now(dt.UTC)) == [old[0]]


def test_prepared_files_live_in_temporary_files_until_their_time_is_up(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DOWNLOAD_DIR", str(tmp_path / "downloads"))
    monkeypatch.setenv("TRACKER_DOWNLOAD_MINUTES", "30")
    key = prepared_files.prepared_key("zhao.lei", "overview_report_pdf", ("filters", 7, "zh_CN"))
    assert key != prepared_files.prepared_key("wang.fang", "overview_report_pdf", ("filters", 7, "zh_CN"))
    prepared_files.store(key, {"csv": b"a,b\n", "xlsx": b"PK"}, now=1_000_000)
    fresh = prepared_files.load(key, ["csv", "xlsx"], now=1_000_000 + 29 * 60)
    assert fresh == {"csv": b"a,b\n", "xlsx": b"PK"}
    assert prepared_files.load(key, ["csv", "pdf"], now=1_000_000) is None  # a part missing
    assert prepared_files.load(key, ["csv"], now=1_000_000 + 31 * 60) is None  # past its time
    assert prepared_files.sweep(now=1_000_000 + 31 * 60) == 2
    assert not list((tmp_path / "downloads").iterdir())
    with pytest.raises(ValueError):
        prepared_files.load("../../etc/passwd", ["csv"])
