"""Check the audit chain row by row and say where it first breaks, and how.

Rows are read in id order, which is the chain's order for every row the tracker wrote (ids are
drawn while the head is locked; the migration and a dump load keep them). For each row: its
link columns are present, its hash matches its content, it takes the next place and names its
predecessor's hash; at the end the last row must match the head. What a mismatch means:

- no link columns, or a place beyond the head → a row **inserted** outside the tracker;
- a hash that does not match the content → that row's content was **altered**;
- a place skipped → row(s) **deleted** before this one (or after the last, when the head is further);
- a place taken twice → a row **inserted** with a copied link;
- the right place but another predecessor hash → the predecessor was altered and re-hashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from tracker.audit.chain import GENESIS, row_hash
from tracker.i18n import N_, gettext, ngettext
from tracker.models import AuditChainHead, AuditEvent

BATCH = 5_000
ALTERED, INSERTED, DELETED = "altered", "inserted", "deleted"
# The problems as the report's sentence names them (the codes stay in ``ChainReport.problem``).
PROBLEM_WORDS = {ALTERED: N_("altered"), INSERTED: N_("inserted"), DELETED: N_("deleted")}


@dataclass(frozen=True)
class ChainReport:
    """The outcome: how many rows were checked, and the first broken link if any."""

    rows: int
    last_id: int | None           # the last row (intact) or the last good row before the break
    head_hash: str
    broken_id: int | None = None  # the row where the chain breaks
    problem: str | None = None    # altered, inserted or deleted
    detail: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        """One line for the CLI and the audit page."""
        if self.intact:
            if not self.rows:
                return gettext("Audit chain intact (no audit rows yet).")
            return gettext("Audit chain intact up to row {last} ({rows} rows; head {head}…).").format(
                last=self.last_id, rows=f"{self.rows:,}", head=self.head_hash[:16])
        where = (gettext("row {id}").format(id=self.broken_id) if self.broken_id is not None
                 else gettext("its end"))
        return gettext("Audit chain broken at {where} ({problem}): {detail}").format(
            where=where, problem=gettext(PROBLEM_WORDS.get(self.problem or "", self.problem or "")),
            detail=self.detail)


class _Broken(Exception):
    def __init__(self, row_id: int | None, problem: str, detail: str) -> None:
        super().__init__(detail)
        self.row_id, self.problem, self.detail = row_id, problem, detail


def _rows(conn: Connection):
    """Every audit row as a dict, in id order, a batch at a time (constant memory)."""
    table = AuditEvent.__table__
    last_id = 0
    while True:
        batch = conn.execute(sa.select(table).where(table.c.id > last_id)
                             .order_by(table.c.id).limit(BATCH)).mappings().all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1]["id"]


def _check(row: Any, prev: Any | None, head_seq: int) -> None:
    """Raise ``_Broken`` when ``row`` does not follow ``prev`` (None: the first row)."""
    expected_seq = (prev["chain_seq"] if prev else 0) + 1
    expected_prev = prev["row_hash"] if prev else GENESIS
    seq, rid = row["chain_seq"], row["id"]
    if seq is None or row["row_hash"] is None or row["prev_hash"] is None:
        raise _Broken(rid, INSERTED, gettext("row {id} has no chain link: it was inserted outside the "
                                             "tracker.").format(id=rid))
    if seq > head_seq:
        raise _Broken(rid, INSERTED, gettext("row {id} takes place {place}, beyond the chain's head "
                                             "({head}): it was appended outside the tracker.").format(
                                                 id=rid, place=seq, head=head_seq))
    if row_hash(row, row["prev_hash"], stored=True) != row["row_hash"]:
        raise _Broken(rid, ALTERED, gettext("row {id}'s content no longer matches its hash: it was "
                                            "altered.").format(id=rid))
    if seq > expected_seq:
        missing = seq - expected_seq
        places = f"{expected_seq}–{seq - 1}" if missing > 1 else str(expected_seq)
        raise _Broken(rid, DELETED, ngettext(
            "{count} row deleted just before row {id} (place {places} is missing).",
            "{count} rows deleted just before row {id} (place {places} is missing).", missing).format(
                count=missing, id=rid, places=places))
    if seq < expected_seq:
        raise _Broken(rid, INSERTED, gettext("row {id} claims place {place}, already taken by an earlier "
                                             "row (row {earlier} or before): one of them was "
                                             "inserted.").format(id=rid, place=seq, earlier=prev["id"]))
    if row["prev_hash"] != expected_prev:
        raise _Broken(prev["id"], ALTERED, gettext("row {id} was altered and its hash recomputed (row {next} "
                                                   "still links to the original).").format(
                                                       id=prev["id"], next=rid))


def _check_end(last: Any | None, head: Any | None) -> None:
    """The last row must be the head's: otherwise rows were deleted from the end."""
    if head is None:
        if last is not None:
            raise _Broken(None, DELETED, gettext("the chain's head row (audit_chain_head) was deleted."))
        return
    last_seq, last_hash = (last["chain_seq"], last["row_hash"]) if last else (0, GENESIS)
    if last_seq < head.seq:
        after = gettext("after row {id}").format(id=last["id"]) if last else gettext("(every row)")
        raise _Broken(None, DELETED, gettext("the last {count} row(s) {after} were deleted (the head is at "
                                             "place {place}).").format(count=head.seq - last_seq,
                                                                       after=after, place=head.seq))
    if last_hash != head.hash:
        raise _Broken(last["id"], ALTERED, gettext("row {id} was altered and its hash recomputed (the head "
                                                   "still holds the original).").format(id=last["id"]))


def verify_connection(conn: Connection) -> ChainReport:
    """Walk the whole chain on ``conn`` (one snapshot on PostgreSQL when the caller opened one)."""
    head_table = AuditChainHead.__table__
    head = conn.execute(sa.select(head_table.c.seq, head_table.c.hash)
                        .where(head_table.c.id == 1)).first()
    head_seq = head.seq if head is not None else 2**62
    prev, count = None, 0
    try:
        for row in _rows(conn):
            _check(row, prev, head_seq)
            prev, count = row, count + 1
        _check_end(prev, head)
    except _Broken as broken:
        return ChainReport(rows=count, last_id=prev["id"] if prev else None,
                           head_hash=head.hash if head else GENESIS, broken_id=broken.row_id,
                           problem=broken.problem, detail=broken.detail)
    return ChainReport(rows=count, last_id=prev["id"] if prev else None,
                       head_hash=prev["row_hash"] if prev else GENESIS)


def verify_chain(engine: Engine) -> ChainReport:
    """Verify the audit chain in one consistent snapshot of ``engine``'s database."""
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        return verify_connection(conn)
