#!/usr/bin/env python3
"""Nightly PostgreSQL backup of the tracker, with retention (deploy/systemd/tracker-backup.*).

Settings from the environment:
- TRACKER_BACKUP_DATABASE_URL, else TRACKER_DATABASE_URL: the database (SQLAlchemy form
  ``postgresql+psycopg://user@host:port/name`` or libpq's ``postgresql://…``);
- TRACKER_BACKUP_DIR (default /var/backups/tracker): where the dumps go (mode 0700);
- TRACKER_BACKUP_KEEP_DAYS (default 14): dumps older than this are removed, but never the newest
  one, so backups that stopped working do not also delete the last good copy.

The dump is ``pg_dump --format=custom`` (restore with ``pg_restore --clean --dbname=…``), written to
a partial file and renamed when complete. The password, if the URL has one, reaches pg_dump as
PGPASSWORD, never on its command line (others can read a process's arguments). Standard library only.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX, SUFFIX = "tracker-", ".dump"


def libpq_environment(url: str) -> dict[str, str]:
    """PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE for the database at ``url``."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"not a PostgreSQL URL: {parts.scheme}://…")
    values = {"PGHOST": parts.hostname, "PGPORT": str(parts.port) if parts.port else None,
              "PGUSER": unquote(parts.username) if parts.username else None,
              "PGPASSWORD": unquote(parts.password) if parts.password else None,
              "PGDATABASE": unquote(parts.path.lstrip("/")) or None}
    return {key: value for key, value in values.items() if value}


def expired(directory: Path, keep_days: int, now: dt.datetime) -> list[Path]:
    """The dumps in ``directory`` older than ``keep_days``, never the newest one."""
    dumps = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"), key=lambda path: path.stat().st_mtime)
    limit = now.timestamp() - keep_days * 86400
    return [path for path in dumps[:-1] if path.stat().st_mtime < limit]


def main() -> int:
    url = os.environ.get("TRACKER_BACKUP_DATABASE_URL") or os.environ.get("TRACKER_DATABASE_URL", "")
    if not url:
        raise SystemExit("set TRACKER_DATABASE_URL (or TRACKER_BACKUP_DATABASE_URL)")
    directory = Path(os.environ.get("TRACKER_BACKUP_DIR") or "/var/backups/tracker")
    keep_days = int(os.environ.get("TRACKER_BACKUP_KEEP_DAYS") or 14)
    os.umask(0o077)
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"
    partial = target.with_name(f".{target.name}.partial")
    env = {**os.environ, **libpq_environment(url)}
    result = subprocess.run([os.environ.get("PG_DUMP", "pg_dump"), "--format=custom", "--no-owner",
                             f"--file={partial}"], env=env, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        print(f"pg_dump failed with code {result.returncode}; older backups kept", file=sys.stderr)
        return result.returncode
    partial.rename(target)
    removed = expired(directory, keep_days, now)
    for path in removed:
        path.unlink()
    print(f"wrote {target} ({target.stat().st_size} bytes); "
          f"removed {len(removed)} older than {keep_days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
