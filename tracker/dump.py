"""The portable JSON dump: every row of every table, typed so nothing is lost, streamed both ways.

Layout (one JSON document; one row per line so it is written and read in constant memory):

    {"format": "engagement-tracker-export", "version": 1, ..., "tables": {
    "app_user": {"columns": ["id", "username", ...], "rows": [
    [1, "admin", ...],
    [2, "editor", ...]
    ]},
    ...
    }}

Values: dates, times and datetimes as ISO text (datetimes in UTC), decimals as text, enums as
their values, JSON as JSON, bytes as base64; ``decode`` restores them from the column type.
A file reformatted by another tool is still read (whole, with ``json.load``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers every table)
from tracker.audit.chain import GENESIS, create_missing_head, link
from tracker.audit.verify import verify_connection
from tracker.db import refresh_statistics
from tracker.errors import DomainError
from tracker.migrate import current_revisions
from tracker.models import utcnow
from tracker.models.text import strip_control_characters
from tracker.models.values import decode, encode  # noqa: F401  (this module's names too)
from tracker.read_model import refresh_name_keys, refresh_summaries

FORMAT = "engagement-tracker-export"
FORMAT_VERSION = 1
BATCH = 2_000
ROWS_OPEN = ', "rows": ['
# Rows here do not make a database "non-empty": a freshly initialised one has them.
SETUP_TABLES = {"app_state", "cooperation_area", "audit_chain_head"}

TableRows = tuple[str, list[str], Iterable[list]]


class BackupError(DomainError):
    """A backup, restore or import that cannot proceed (wrong file, non-empty target...)."""


class LoadedCounts(dict):
    """Rows loaded per table; ``cleaned`` counts the values whose control characters were removed."""

    cleaned: int = 0


def _without_controls(value: Any, cleaned: list[int]) -> Any:
    """``value`` (text, or JSON holding text) without the control characters the models drop.
    SQLite stored a NUL that PostgreSQL refuses; so that any database SQLite accepted can move,
    each such value is cleaned (and counted in ``cleaned[0]``)."""
    if isinstance(value, str):
        clean = strip_control_characters(value)
        if clean != value:
            cleaned[0] += 1
        return clean
    if isinstance(value, list):
        return [_without_controls(item, cleaned) for item in value]
    if isinstance(value, dict):
        return {_without_controls(key, cleaned): _without_controls(item, cleaned)
                for key, item in value.items()}
    return value


def tables() -> list[sa.Table]:
    """Every table, parents before children (foreign keys)."""
    return list(SQLModel.metadata.sorted_tables)


# -- reading a database ------------------------------------------------------------------------

def iter_tables(engine: Engine) -> Iterator[TableRows]:
    """(table name, column names, encoded rows) for every table, all from one snapshot."""
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn:
        for table in tables():
            order = list(table.primary_key.columns) or list(table.columns)

            def rows(table=table, order=order) -> Iterator[list]:
                result = conn.execution_options(yield_per=BATCH).execute(
                    sa.select(table).order_by(*order))
                for part in result.partitions(BATCH):
                    yield from ([encode(v) for v in row] for row in part)

            yield table.name, [c.name for c in table.columns], rows()


def export_all(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every row of every table to ``path`` (atomically); returns row counts per table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": FORMAT, "version": FORMAT_VERSION, "exported_at": utcnow().isoformat(),
              "dialect": engine.dialect.name, "revisions": sorted(current_revisions(engine))}
    counts: dict[str, int] = {}
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {')
        for index, (name, columns, rows) in enumerate(iter_tables(engine)):
            out.write(("," if index else "") + f"\n{json.dumps(name)}: "
                      f'{{"columns": {json.dumps(columns)}{ROWS_OPEN}')
            count = 0
            for row in rows:
                out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
                count += 1
            out.write("\n]}")
            counts[name] = count
        out.write("\n}}\n")
    tmp.replace(path)
    return counts


# -- reading a dump ----------------------------------------------------------------------------

def _check_header(header: Any, path: Path) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a tracker export (no “{FORMAT}” marker).")
    if header.get("version", 0) > FORMAT_VERSION:
        raise BackupError(f"{path} was written by a newer tracker (format {header['version']}).")


def _stream(path: Path, handle) -> Iterator[TableRows] | None:
    """Tables read line by line from a file in our own layout; None when it is laid out otherwise."""
    first = handle.readline()
    if not first.rstrip().endswith('"tables": {'):
        return None
    try:
        header = json.loads(first.rstrip()[: -len(', "tables": {')] + "}")
    except json.JSONDecodeError:
        return None
    _check_header(header, path)

    def tables_in_file() -> Iterator[TableRows]:
        line = handle.readline()
        while line and line.strip() not in ("}}", ""):
            opening = line.rstrip().removeprefix(",")
            if not opening.endswith(ROWS_OPEN):
                raise BackupError(f"{path}: unexpected line in the export: {opening[:80]!r}")
            ((name, spec),) = json.loads("{" + opening[: -len(ROWS_OPEN)] + "}}").items()
            yield name, spec["columns"], _rows(handle)
            line = handle.readline()

    return tables_in_file()


def _rows(handle) -> Iterator[list]:
    for line in handle:
        text = line.strip()
        if text.startswith("]}"):
            return
        yield json.loads(text.removesuffix(","))


def read_dump(path: str | Path) -> Iterator[TableRows]:
    """(table name, columns, rows) from an export file, streamed when it has our layout."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from None
    with handle:
        try:
            streamed = _stream(path, handle)
            if streamed is not None:
                yield from streamed
                return
            handle.seek(0)
            data = json.load(handle)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackupError(f"{path} is not a tracker export: {exc}") from None
    _check_header(data, path)
    for name, content in data.get("tables", {}).items():
        yield name, content["columns"], content["rows"]


# -- writing a database ------------------------------------------------------------------------

def non_empty_tables(engine: Engine) -> list[str]:
    """Tables holding rows that a restore would overwrite (setup tables do not count)."""
    with engine.connect() as conn:
        return [t.name for t in tables() if t.name not in SETUP_TABLES and conn.execute(
            sa.select(sa.literal(1)).select_from(t).limit(1)).first()]


def check_empty(engine: Engine, force: bool) -> None:
    busy = non_empty_tables(engine)
    if busy and not force:
        raise BackupError(f"The target database is not empty ({', '.join(busy[:5])}"
                          f"{'…' if len(busy) > 5 else ''}); restore into an empty database, "
                          "or pass --force to replace everything in it.")


def clear_all(conn: sa.Connection) -> None:
    """Delete every row in the caller's transaction, lifting the audit guard for it alone."""
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


def _parents_first(table: sa.Table, rows: Iterable[dict]) -> Iterable[dict]:
    """Rows of a self-referencing table (``parent_id``) ordered so each parent comes first."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_refs or "id" not in table.columns:
        return rows
    pending, placed, ordered = list(rows), set(), []
    while pending:
        ready = [r for r in pending if all(r.get(c) in (None, r["id"]) or r.get(c) in placed
                                           for c in self_refs)]
        if not ready:  # a cycle or a dangling parent: the database will say which
            ordered.extend(pending)
            break
        ordered.extend(ready)
        placed.update(r["id"] for r in ready)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    return ordered


def _reset_sequences(conn: sa.Connection) -> None:
    """PostgreSQL: move each id sequence past the highest imported id."""
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


def _linked(rows: Iterable[dict]) -> Iterator[dict]:
    """Audit rows of a dump from before the hash chain, linked as they stream (in id order)."""
    seq, head = 0, GENESIS
    for row in rows:
        seq, head = link([row], seq=seq, prev_hash=head)
        yield row


def _check_audit_chain(conn: sa.Connection) -> None:
    """The loaded audit trail must verify; a broken one is refused (nothing is loaded), so a
    restore never launders rows edited in the file. An older dump's rows were linked on load."""
    create_missing_head(conn)
    report = verify_connection(conn)
    if not report.intact:
        raise BackupError(f"The audit trail in this file does not verify, so nothing was loaded: "
                          f"{report.describe()}")


def load_tables(engine: Engine, source: Iterable[TableRows], *, force: bool = False) -> LoadedCounts:
    """Insert the tables of ``source`` in one transaction, in batches; the target must be empty
    unless ``force`` (then everything in it is replaced). Returns row counts per table, and how
    many text values lost control characters on the way."""
    known = {t.name: t for t in tables()}
    check_empty(engine, force)
    counts = LoadedCounts({name: 0 for name in known})
    cleaned = [0]
    with engine.begin() as conn:
        clear_all(conn)
        for name, names, rows in source:
            table = known.get(name)
            if table is None:
                raise BackupError(f"The export holds a table this version does not know ({name}); "
                                  "upgrade the tracker first.")
            missing = [n for n in names if n not in table.columns]
            if missing:
                raise BackupError(f"{name}: columns {missing} are unknown to this version; "
                                  "upgrade the tracker first.")
            columns = [table.columns[n] for n in names]
            decoded = ({c.name: decode(c, _without_controls(v, cleaned))
                        for c, v in zip(columns, row, strict=True)} for row in rows)
            if name == "audit_event" and "row_hash" not in names:
                decoded = _linked(decoded)
            batch: list[dict] = []
            for row in _parents_first(table, decoded):
                batch.append(row)
                if len(batch) >= BATCH:
                    conn.execute(table.insert(), batch)
                    counts[name] += len(batch)
                    batch = []
            if batch:
                conn.execute(table.insert(), batch)
                counts[name] += len(batch)
        _reset_sequences(conn)
        _check_audit_chain(conn)
        refresh_summaries(conn)  # recounted: a dump from before the summary tables has none
        if not counts["name_key"]:  # a dump from before the name keys (kept as they are otherwise)
            refresh_name_keys(conn)
        refresh_statistics(conn)
    counts.cleaned = cleaned[0]
    return counts
