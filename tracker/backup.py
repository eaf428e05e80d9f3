"""Backups, restores and moving every record between SQLite and PostgreSQL.

- ``backup``: on SQLite, the online backup API (a consistent copy while the app keeps writing);
  on PostgreSQL, a portable JSON dump (the same format as ``export_all``).
- ``restore``: an SQLite backup file or a JSON dump, into an empty database (or any, with force);
  afterwards the schema is upgraded, so yesterday's backup restores into today's version.
- ``export_all``/``import_all``: every row of every table as JSON (``tracker/dump.py``), typed
  so that nothing is lost, and PostgreSQL's id sequences are reset past the imported ids.

The audit trail is append-only in the database; a forced restore clears it only by dropping its
guard triggers for that one transaction (SQLite) or by TRUNCATE (PostgreSQL), never row by row
through a service.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tracker.db import is_sqlite, make_engine
from tracker.dump import (  # noqa: F401  (re-exported: the backup API in one place)
    BackupError,
    check_empty,
    export_all,
    iter_tables,
    load_tables,
    non_empty_tables,
    read_dump,
    tables,
)
from tracker.i18n import format_number, gettext
from tracker.migrate import upgrade
from tracker.models import utcnow

SQLITE_MAGIC = b"SQLite format 3\x00"


def import_all(engine: Engine, path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Load a JSON export into ``engine``'s (migrated) database; returns row counts per table."""
    upgrade(engine)
    return load_tables(engine, read_dump(path), force=force)


def has_users(engine: Engine) -> bool:
    """Whether the database holds any user: False for a new one, with or without the schema
    (the user a restore is run ``--as`` cannot exist there yet)."""
    from tracker.models import User

    if not sa.inspect(engine).has_table(User.__tablename__):
        return False
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() > 0


# -- backup and restore ------------------------------------------------------------------------

def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError(gettext("An in-memory database cannot be backed up."))
    return path


def backup(engine: Engine, path: str | Path) -> str:
    """A consistent copy while the app runs; returns what was written (for the message)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not is_sqlite(engine):
        counts = export_all(engine, path)
        return gettext("JSON dump of {rows} rows").format(rows=format_number(sum(counts.values())))
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(_sqlite_path(engine), timeout=30)
    target = sqlite3.connect(tmp)
    try:
        with target:
            source.backup(target)  # one step: a snapshot that concurrent writers do not disturb
        target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        target.close()
        source.close()
    tmp.replace(path)
    return gettext("SQLite online backup")


def is_sqlite_file(path: str | Path) -> bool:
    with Path(path).open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _load_sqlite_file(engine: Engine, path: Path, force: bool) -> dict[str, int]:
    """Copy an SQLite backup's rows into ``engine`` (e.g. PostgreSQL), streamed table by table."""
    source = make_engine(f"sqlite:///{path}")
    try:
        upgrade(source)  # an older backup: bring it to this version's schema first
        return load_tables(engine, iter_tables(source), force=force)
    finally:
        source.dispose()


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Restore a backup (SQLite file or JSON dump) into ``engine``'s database, then upgrade it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(gettext("No backup file at {path}.").format(path=path))
    upgrade(engine)
    if not is_sqlite_file(path):
        return import_all(engine, path, force=force)
    if not is_sqlite(engine):
        return _load_sqlite_file(engine, path, force)
    check_empty(engine, force)
    engine.dispose()
    source = sqlite3.connect(path)
    target = sqlite3.connect(_sqlite_path(engine), timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    upgrade(engine)
    with engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in tables()}


def timestamped_backup_path(folder: str | Path, engine: Engine) -> Path:
    """``folder/tracker-YYYYmmdd-HHMMSS.db`` (or ``.json`` on PostgreSQL)."""
    suffix = ".db" if is_sqlite(engine) else ".json"
    return Path(folder) / f"tracker-{utcnow():%Y%m%d-%H%M%S}{suffix}"


def upgrade_with_backup(engine: Engine, folder: str | Path) -> Path:
    """Take a backup, then apply every pending migration; returns the backup's path."""
    target = timestamped_backup_path(folder, engine)
    backup(engine, target)
    upgrade(engine)
    return target
