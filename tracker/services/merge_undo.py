"""Undoing a merge of two people or organisations, within 30 days, exactly.

A merge records (``MergeRecord``) every row it could touch — both records, and every row of every
table that points at either (found from the schema, as the merge finds them, plus the users'
person) — as it was before and as the merge left it. Undoing compares: rows the merge created or
moved are removed, rows it deleted (the merged record, its aliases, rows folded into the
survivor's) come back with their own ids, and the columns it changed on kept rows get their old
values back. Anything the merge touched that changed since refuses the undo, with a message.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_admin
from tracker.db import unit_of_work
from tracker.errors import Conflict
from tracker.i18n import N_, _
from tracker.models import AuditAction, MergeRecord, User, utcnow
from tracker.models.archivable import UNDO_MERGE_DAYS as UNDO_DAYS
from tracker.models.values import decode, encode
from tracker.read_model import touch
from tracker.services.lookups import get_or_raise

Rows = dict[str, list[dict]]


DERIVED = {"name_key"}  # the read model's: rebuilt from the names restored, not copied back


def _referring(table: str) -> list[tuple[sa.Table, sa.Column]]:
    """(table, column) of every column pointing at ``table``, and the users' person (no key)."""
    found = [(other, fk.parent) for other in SQLModel.metadata.sorted_tables
             for fk in other.foreign_keys if fk.column.table.name == table and other.name not in DERIVED]
    if table == "person":
        found.append((User.__table__, User.__table__.c.person_id))
    return found


def affected_rows(session: Session, entity: str, ids: list[int]) -> Rows:
    """Both records and every row pointing at them, encoded, per table (parents first)."""
    rows: Rows = {}
    own = SQLModel.metadata.tables[entity]
    targets = [(own, own.c.id), *_referring(entity)]
    for table, column in targets:
        for row in session.execute(sa.select(table).where(column.in_(ids)).order_by(*table.primary_key)):
            encoded = {key: encode(value) for key, value in row._mapping.items()}
            if encoded not in rows.setdefault(table.name, []):
                rows[table.name].append(encoded)
    return rows


def record_merge(session: Session, actor: Actor, *, entity: str, survivor, merged_id: int,
                 merged_name: str, before: Rows) -> None:
    """Keep what a merge changed (called by the merge, in its transaction, after its changes)."""
    session.flush()
    session.add(MergeRecord(
        entity=entity, survivor_id=survivor.id, merged_id=merged_id, merged_name=merged_name,
        survivor_name=survivor.name, at=utcnow(), by=actor.username, rows_before=before,
        rows_after=affected_rows(session, entity, [survivor.id, merged_id])))


def _key(table: sa.Table, row: dict) -> tuple:
    return tuple(row[column.name] for column in table.primary_key)


def _by_key(table: sa.Table, rows: list[dict]) -> dict[tuple, dict]:
    return {_key(table, row): row for row in rows}


def _decoded(table: sa.Table, row: dict) -> dict:
    return {name: decode(table.c[name], value) for name, value in row.items()}


def _where_key(table: sa.Table, key: tuple):
    return sa.and_(*[column == value for column, value in zip(table.primary_key, key, strict=True)])


def _changed_since(session: Session, record: MergeRecord) -> list[str]:
    """Tables whose rows the merge left changed since (what an undo would overwrite)."""
    now = affected_rows(session, record.entity, [record.survivor_id, record.merged_id])
    changed = []
    for name, after_rows in record.rows_after.items():
        table = SQLModel.metadata.tables[name]
        before, current = _by_key(table, record.rows_before.get(name, [])), _by_key(table, now.get(name, []))
        for key, after in _by_key(table, after_rows).items():
            old = before.get(key)
            touched = list(after) if old is None else [c for c in after if after[c] != old.get(c)]
            row = current.get(key)
            if row is None or any(row.get(c) != after[c] for c in touched):
                changed.append(name)
                break
    return changed


def check_undoable(session: Session, record: MergeRecord, today: dt.datetime | None = None) -> None:
    """Refuse an undo already done, older than 30 days, or over changes made since."""
    if record.undone_at is not None:
        raise Conflict(_("This merge was already undone."))
    def aware(moment: dt.datetime) -> dt.datetime:  # SQLite gives the stored UTC time naive
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    if aware(today or utcnow()) - aware(record.at) > dt.timedelta(days=UNDO_DAYS):
        raise Conflict(_("This merge is more than {days} days old; it can no longer be undone.").format(
            days=UNDO_DAYS))
    changed = _changed_since(session, record)
    if changed:
        raise Conflict(_("{name} changed after the merge ({where}); undoing it would lose that change. "
                         "Correct the records by hand instead.").format(
            name=record.survivor_name, where=", ".join(changed)))


def undo_merge(*, session: Session, actor: Actor, merge_id: int) -> MergeRecord:
    """Undo a merge: the merged record and every reference it had come back exactly."""
    require_admin(actor, N_("undo merges"))
    with unit_of_work(session):
        record = get_or_raise(session, MergeRecord, merge_id)
        check_undoable(session, record)
        order = [t for t in SQLModel.metadata.sorted_tables
                 if t.name in record.rows_before or t.name in record.rows_after]
        for table in reversed(order):  # rows the merge created or moved: children first
            before = _by_key(table, record.rows_before.get(table.name, []))
            for key in _by_key(table, record.rows_after.get(table.name, [])):
                if key not in before:
                    session.execute(sa.delete(table).where(_where_key(table, key)))
        for table in order:  # rows as they were: parents first
            after = _by_key(table, record.rows_after.get(table.name, []))
            for key, row in _by_key(table, record.rows_before.get(table.name, [])).items():
                if key not in after:
                    session.execute(sa.insert(table).values(_decoded(table, row)))
                elif after[key] != row:
                    changed = {c: v for c, v in row.items() if after[key].get(c) != v}
                    session.execute(sa.update(table).where(_where_key(table, key)).values(
                        _decoded(table, changed)))
        _touch_read_model(session, record)
        record.undone_at, record.undone_by = utcnow(), actor.username
        session.add(record)
        summary = _("Undid the merge of {merged} (#{merged_id}) into {survivor}").format(
            merged=record.merged_name, merged_id=record.merged_id, survivor=record.survivor_name)
        for entity_id in (record.survivor_id, record.merged_id):
            record_audit(session, actor=actor, action=AuditAction.MERGE, entity=record.entity,
                         entity_id=entity_id, before={"merge_record": record.id},
                         after={"undone": True, "merged_id": record.merged_id}, summary=summary)
    return record


def _touch_read_model(session: Session, record: MergeRecord) -> None:
    """Rows inserted back with Core: the meetings and names they touch, for the read model."""
    meetings = {row["meeting_id"] for name in ("participation", "meeting_organisation")
                for rows in (record.rows_before, record.rows_after) for row in rows.get(name, [])}
    organisations = {row["organisation_id"] for rows in (record.rows_before, record.rows_after)
                     for row in rows.get("meeting_organisation", [])}
    ids = [record.survivor_id, record.merged_id]
    touch(session, meetings=meetings, organisations=organisations,
          new_people=ids if record.entity == "person" else (),
          new_organisations=ids if record.entity == "organisation" else ())
