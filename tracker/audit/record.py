"""Recording who changed what: the audit row a write stages in its own transaction, the JSON
snapshots it carries, and the difference between two snapshots that the history pages show.

Below services, queries, importers and sign-in alike, so each of them records and reads audit
events the same way; the row is chained as the transaction commits (``tracker.audit.chain``).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, Protocol

from sqlmodel import Session, SQLModel

from tracker.audit import chain as audit_chain
from tracker.models import AuditAction, AuditEvent, utcnow


class Acting(Protocol):
    """Who the row names: a ``tracker.auth.Actor`` (the audit trail needs only these two fields)."""

    @property
    def username(self) -> str: ...

    @property
    def user_id(self) -> int | None: ...


def to_json(value: Any) -> Any:
    """A JSON-safe copy: dates as ISO text, enums as their values, decimals as text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_json(v) for v in value]
    return value


def snapshot(obj: SQLModel, *, exclude: set[str] = frozenset(), **extra: Any) -> dict[str, Any]:
    """The row's columns as JSON (plus ``extra`` lists such as aliases), for the audit trail."""
    data = {column.key: getattr(obj, column.key)
            for column in obj.__table__.columns if column.key not in exclude}
    data.update(extra)
    return to_json(data)


def record_audit(session: Session, *, actor: Acting, action: AuditAction, entity: str,
                 entity_id: int | None, before: dict | None = None, after: dict | None = None,
                 summary: str | None = None) -> AuditEvent:
    """Stage one audit row in the caller's transaction; it is chained and inserted as that
    transaction commits (``tracker.audit.chain``), never committed on its own."""
    event = AuditEvent(at=utcnow(), actor_id=actor.user_id, actor_username=actor.username,
                       action=action, entity_type=entity, entity_id=entity_id, before=before,
                       after=after, summary=(summary or "")[:500] or None)
    audit_chain.stage(session, event)
    return event


def changed_fields(before: dict | None, after: dict | None) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs between two snapshots: name → (before, after)."""
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in {"version", "updated_at",
                                                                      "search_text"}]
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}
