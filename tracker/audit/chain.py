"""Each audit row carries SHA-256(previous row's hash, its place, its canonical content).

Editing a row's content, inserting a row between two others or deleting one breaks a link that
``tracker.audit.verify`` finds. The chain has no secret key: whoever can write the database and
knows this module can append a correctly linked row, and only the head row (``audit_chain_head``,
moved by every append) tells a raw append apart; the README says so.

When: services stage their audit rows (``stage``) and the chain is assigned as the transaction
commits (a ``before_commit`` listener on every ORM session, so no commit path can skip it). The
head row is then the last lock a writing transaction takes, after its own rows and the data
version: concurrent writers queue on it only for the commit itself, never deadlock on it, and
each finds the head its predecessor left (PostgreSQL re-reads a row updated under a lock it
waited for). Bulk paths on a bare connection call ``append_rows`` at the end of their transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.models import AuditChainHead, AuditEvent, utcnow
from tracker.models.text import strip_control_characters

GENESIS = "0" * 64
PENDING = "audit_rows_pending"
# The content the hash covers, in this order. ``id`` is left out: it is assigned by the database
# at insert, after the hash; ``chain_seq`` gives the row its place instead.
CONTENT = ("chain_seq", "at", "actor_id", "actor_username", "action", "entity_type", "entity_id",
           "summary", "before", "after")

Row = dict[str, Any]
# How a control character can show in the JSON text (escaped, or raw for \x7f-\x9f); a match may
# be a false alarm (an escaped backslash), which only costs the slower, exact path.
_MAYBE_CONTROL = re.compile(r"[\x7f-\x9f]|\\u00|\\b|\\f")


def _canonical_moment(value: dt.datetime | str) -> str:
    """UTC, microseconds, ``Z``: SQLite hands back naive UTC text, PostgreSQL the session zone."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_value(name: str, value: Any, stored: bool) -> Any:
    if value is None:
        return None
    if name == "at":
        return _canonical_moment(value)
    if name == "action":
        return getattr(value, "value", value)
    if name in ("before", "after") and not stored:
        # Through JSON once, as the column will store it: integer keys become text, tuples lists,
        # so the hash taken at insert is the hash recomputed from what is read back.
        return json.loads(json.dumps(value, ensure_ascii=False))
    return value


def _dumps(values: list[Any]) -> str:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    if isinstance(value, dict):
        return {_without_controls(key): _without_controls(item) for key, item in value.items()}
    return value


def canonical(row: Mapping[str, Any], *, stored: bool = False) -> str:
    """The row's content as one JSON text: sorted keys, no spaces, UTF-8 kept. ``stored``: the
    row was read back from the database (its JSON needs no normalising: a third of verify's time).

    Control characters do not count: moving a database SQLite accepted to PostgreSQL drops them
    (a NUL), and the rows must still verify there."""
    values = [_canonical_value(name, row.get(name), stored) for name in CONTENT]
    text = _dumps(values)
    if _MAYBE_CONTROL.search(text):
        text = _dumps(_without_controls(values))
    return text


def row_hash(row: Mapping[str, Any], prev_hash: str, *, stored: bool = False) -> str:
    """SHA-256 hex of the predecessor's hash, a newline and the canonical content."""
    return hashlib.sha256(f"{prev_hash}\n{canonical(row, stored=stored)}".encode()).hexdigest()


def link(rows: list[Row], *, seq: int, prev_hash: str) -> tuple[int, str]:
    """Give ``rows`` (in order) their place and hashes after (seq, prev_hash); returns the new head."""
    for row in rows:
        seq += 1
        row["chain_seq"], row["prev_hash"] = seq, prev_hash
        prev_hash = row["row_hash"] = row_hash(row, prev_hash)
    return seq, prev_hash


# -- the head ----------------------------------------------------------------------------------

_HEAD = AuditChainHead.__table__
_RESERVE = sa.text("UPDATE audit_chain_head SET seq = seq + :n WHERE id = 1 "
                   "RETURNING seq - :n AS seq, hash")
# A database whose head row went missing (emptied tables, a dump without it) starts from its last row.
_CREATE_HEAD = sa.text(
    "INSERT INTO audit_chain_head (id, seq, hash) "
    "SELECT 1, COALESCE(MAX(chain_seq), 0), COALESCE((SELECT row_hash FROM audit_event "
    "WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1), :genesis) FROM audit_event "
    "WHERE true ON CONFLICT (id) DO NOTHING")  # WHERE: SQLite's parser needs it before ON CONFLICT


def create_missing_head(conn: sa.Connection) -> None:
    """Create the head row from the last linked row when there is none (no-op otherwise)."""
    conn.execute(_CREATE_HEAD, {"genesis": GENESIS})


def _take_head(conn: sa.Connection, count: int) -> tuple[int, str]:
    """Reserve ``count`` places after the head and return it, holding the head's row lock.

    An UPDATE, not a SELECT … FOR UPDATE: on SQLite it also takes the write lock before the head
    is read, so a deferred transaction never links to a head another writer has since moved."""
    head = conn.execute(_RESERVE, {"n": count}).first()
    if head is None:
        create_missing_head(conn)
        head = conn.execute(_RESERVE, {"n": count}).one()
    return int(head.seq), head.hash


def append_rows(conn: sa.Connection, rows: list[Row]) -> None:
    """Link and insert audit rows (column → value dicts) at the end of the chain, in the caller's
    transaction; call it last in a bulk transaction (the head stays locked until commit)."""
    if not rows:
        return
    for row in rows:  # hashed, so set here, not by the column default; UTC, as SQLite keeps wall time
        moment = row.get("at") or utcnow()
        row["at"] = moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    seq, prev_hash = _take_head(conn, len(rows))
    _last_seq, last_hash = link(rows, seq=seq, prev_hash=prev_hash)
    # RETURNING makes SQLAlchemy send multi-row VALUES batches (psycopg's executemany would
    # make a round trip per row) and hands back the ids, in the rows' order.
    table = AuditEvent.__table__
    inserted = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), rows)
    for row, row_id in zip(rows, inserted.scalars(), strict=True):
        row["id"] = row_id
    conn.execute(_HEAD.update().where(_HEAD.c.id == 1).values(hash=last_hash))


# -- staged rows, chained at commit --------------------------------------------------------------

_EVENT_COLUMNS = [c.key for c in AuditEvent.__table__.columns if c.key != "id"]


def stage(session: Session, row: AuditEvent | Row) -> None:
    """Queue an audit row (an ``AuditEvent`` or a column dict) to be chained when ``session`` commits."""
    session.info.setdefault(PENDING, []).append(row)


def _as_row(item: AuditEvent | Row) -> Row:
    get = (lambda name: getattr(item, name)) if isinstance(item, AuditEvent) else item.get
    return {name: get(name) for name in _EVENT_COLUMNS}


@event.listens_for(Session, "before_commit")
def _chain_staged_rows(session: Session) -> None:
    staged = session.info.pop(PENDING, None)
    if not staged:
        return
    session.flush()  # the transaction's own changes first: the head must be its last lock
    rows = [_as_row(item) for item in staged]
    append_rows(session.connection(), rows)
    for item, row in zip(staged, rows, strict=True):
        if isinstance(item, AuditEvent):  # the caller's object shows its id and link (not re-read)
            for name in ("id", "at", "chain_seq", "prev_hash", "row_hash"):
                setattr(item, name, row[name])


@event.listens_for(Session, "after_transaction_end")
def _drop_staged_rows(session: Session, transaction) -> None:
    """Rows staged in a transaction that rolled back (or was closed) are not carried into the next."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
