"""Backups, restores and moving every record between SQLite and PostgreSQL.

- ``backup``: on SQLite, the online backup API (a consistent copy while the app keeps writing);
  on PostgreSQL, a portable JSON dump (the same format as ``export_all``).
- ``restore``: an SQLite backup file or a JSON dump, into an empty database (or any, with force);
  afterwards the schema is upgraded, so yesterday's backup restores into today's version.
- ``export_all``/``import_all``: every row of every table as JSON, typed so that nothing is lost:
  dates, datetimes, times, decimals, enums, JSON values and unicode survive the round trip, and
  PostgreSQL's id sequences are reset past the imported ids.

The audit trail is append-only in the database; a forced restore clears it only by dropping its
guard triggers for that one transaction (SQLite) or by TRUNCATE (PostgreSQL), never row by row
through a service.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers every table)
from tracker.db import is_sqlite, make_engine
from tracker.errors import DomainError
from tracker.migrate import current_revisions, upgrade
from tracker.models import utcnow

FORMAT = "engagement-tracker-export"
FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
BATCH = 2_000
# Rows here do not make a database "non-empty": a freshly initialised one has them.
SETUP_TABLES = {"app_state", "cooperation_area"}


class BackupError(DomainError):
    """A backup or restore that cannot proceed (wrong file, non-empty target...)."""


def tables() -> list[sa.Table]:
    """Every table, parents before children (foreign keys)."""
    return list(SQLModel.metadata.sorted_tables)


# -- values ------------------------------------------------------------------------------------

def encode(value: Any) -> Any:
    """A JSON-safe form of one column value; ``decode`` turns it back using the column type."""
    if isinstance(value, enum.Enum):  # before str/int: our enums subclass them
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # whatever the server's time zone
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict | list):
        return value
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def _python_type(column: sa.Column):
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def decode(column: sa.Column, value: Any) -> Any:
    """The Python value ``column`` expects, from its exported form."""
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, sa.JSON):
        return value
    python_type = _python_type(column)
    if isinstance(column_type, sa.DateTime) or python_type is dt.datetime:
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo or not column_type.timezone else moment.replace(tzinfo=dt.UTC)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dt.time:
        return dt.time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    if isinstance(column_type, sa.LargeBinary):
        return base64.b64decode(value)
    return value


# -- reading and writing rows ----------------------------------------------------------------

def iter_tables(engine: Engine) -> Iterator[tuple[sa.Table, list[str], Iterator[list]]]:
    """(table, column names, batches of encoded rows) for every table, in one read transaction."""
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn:  # one snapshot for every table
        for table in tables():
            names = [c.name for c in table.columns]
            order = [c for c in table.primary_key.columns] or list(table.columns)

            def batches(table=table, order=order):
                result = conn.execution_options(yield_per=BATCH).execute(
                    sa.select(table).order_by(*order))
                for part in result.partitions(BATCH):
                    yield [[encode(v) for v in row] for row in part]

            yield table, names, batches()


def export_all(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every row of every table to ``path`` as JSON; returns row counts per table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    header = {"format": FORMAT, "version": FORMAT_VERSION, "exported_at": utcnow().isoformat(),
              "dialect": engine.dialect.name, "revisions": sorted(current_revisions(engine))}
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {')
        for index, (table, names, batches) in enumerate(iter_tables(engine)):
            out.write(("," if index else "") + f"\n{json.dumps(table.name)}: "
                      f'{{"columns": {json.dumps(names)}, "rows": [')
            count = 0
            for batch in batches:
                for row in batch:
                    out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
                    count += 1
            out.write("]}")
            counts[table.name] = count
        out.write("\n}}\n")
    tmp.replace(path)
    return counts


def read_export(path: str | Path) -> dict:
    """The parsed JSON export, checked to be one of ours."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a tracker export: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a tracker export (no “{FORMAT}” marker).")
    if data.get("version", 0) > FORMAT_VERSION:
        raise BackupError(f"{path} was written by a newer tracker (format {data['version']}).")
    return data


def non_empty_tables(engine: Engine) -> list[str]:
    """Tables holding rows that a restore would overwrite (setup tables do not count)."""
    found = []
    with engine.connect() as conn:
        for table in tables():
            if table.name in SETUP_TABLES:
                continue
            if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                found.append(table.name)
    return found


def _check_empty(engine: Engine, force: bool) -> None:
    busy = non_empty_tables(engine)
    if busy and not force:
        raise BackupError(f"The target database is not empty ({', '.join(busy[:5])}"
                          f"{'…' if len(busy) > 5 else ''}); restore into an empty database, "
                          "or pass --force to replace everything in it.")


def _clear(conn: sa.Connection) -> None:
    """Delete every row (the caller's transaction), the audit guard lifted for this transaction."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables())
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    triggers = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    ).all()
    for name, _sql in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for table in reversed(tables()):
        conn.execute(table.delete())
    for _name, sql in triggers:
        conn.exec_driver_sql(sql)


def _parents_first(table: sa.Table, rows: list[dict]) -> list[dict]:
    """Rows of a self-referencing table (parent_id) ordered so a parent is inserted first."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_refs or "id" not in table.columns:
        return rows
    placed: set = set()
    ordered: list[dict] = []
    pending = rows
    while pending:
        ready = [r for r in pending if all(r.get(c) in (None, r["id"]) or r.get(c) in placed
                                           for c in self_refs)]
        if not ready:  # a cycle or a dangling parent: keep the rest as they are
            ordered.extend(pending)
            break
        ordered.extend(ready)
        placed.update(r["id"] for r in ready)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    return ordered


def _reset_sequences(conn: sa.Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        sequence = conn.exec_driver_sql(
            f"SELECT pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}')").scalar()
        if sequence:
            conn.exec_driver_sql(
                f'SELECT setval(\'{sequence}\', COALESCE(MAX("{pk[0].name}"), 1), '
                f'MAX("{pk[0].name}") IS NOT NULL) FROM "{table.name}"')


def load_tables(engine: Engine, data: dict[str, dict], *, force: bool = False) -> dict[str, int]:
    """Insert exported tables ({name: {columns, rows}}) into ``engine``'s database in one
    transaction; the target must be empty unless ``force`` (then everything is replaced)."""
    known = {t.name: t for t in tables()}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise BackupError(f"The export holds tables this version does not know: {', '.join(unknown)}; "
                          "upgrade the tracker first.")
    _check_empty(engine, force)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        _clear(conn)
        for table in tables():
            content = data.get(table.name)
            if not content:
                counts[table.name] = 0
                continue
            names = content["columns"]
            missing = [n for n in names if n not in table.columns]
            if missing:
                raise BackupError(f"{table.name}: columns {missing} are unknown to this version; "
                                  "upgrade the tracker first.")
            columns = [table.columns[n] for n in names]
            rows = [{c.name: decode(c, v) for c, v in zip(columns, row, strict=True)}
                    for row in content["rows"]]
            rows = _parents_first(table, rows)
            for start in range(0, len(rows), BATCH):
                conn.execute(table.insert(), rows[start:start + BATCH])
            counts[table.name] = len(rows)
        _reset_sequences(conn)
    return counts


def import_all(engine: Engine, path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Load a JSON export into ``engine``'s (migrated) database; returns row counts per table."""
    upgrade(engine)
    return load_tables(engine, read_export(path)["tables"], force=force)


# -- backup and restore ------------------------------------------------------------------------

def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return path


def backup(engine: Engine, path: str | Path) -> str:
    """A consistent copy while the app runs; returns what was written (for the message)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not is_sqlite(engine):
        counts = export_all(engine, path)
        return f"JSON dump of {sum(counts.values()):,} rows"
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
    return "SQLite online backup"


def is_sqlite_file(path: str | Path) -> bool:
    with Path(path).open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _tables_from_sqlite_file(path: Path) -> dict[str, dict]:
    source = make_engine(f"sqlite:///{path}")
    try:
        upgrade(source)  # an older backup: bring it to this version's schema first
        return {table.name: {"columns": names, "rows": [row for batch in batches for row in batch]}
                for table, names, batches in iter_tables(source)}
    finally:
        source.dispose()


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Restore a backup (SQLite file or JSON dump) into ``engine``'s database, then upgrade it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    upgrade(engine)
    if not is_sqlite_file(path):
        return import_all(engine, path, force=force)
    if not is_sqlite(engine):
        return load_tables(engine, _tables_from_sqlite_file(path), force=force)
    _check_empty(engine, force)
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
