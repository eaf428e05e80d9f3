"""What every service shares: fetching or raising, JSON snapshots, and the audit row."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tracker.audit import chain as audit_chain
from tracker.auth.actor import Actor
from tracker.errors import NotFound
from tracker.models import AuditAction, AuditEvent, utcnow

T = TypeVar("T", bound=SQLModel)

ENTITY_LABELS = {
    "meeting": "meeting", "organisation": "organisation", "person": "person", "position": "position",
    "event": "event", "agreement": "agreement", "pledge": "pledge", "pledge_update": "pledge update",
    "cooperation_area": "cooperation area", "app_user": "user", "topic": "topic",
}


def get_or_raise(session: Session, model: type[T], entity_id: int | None, *, field: str | None = None) -> T:
    """The row with this id as the database holds it now, or ``NotFound`` naming what was missing.

    Reloaded even when the session already holds it (``populate_existing``): sessions keep objects
    across commits, and a copy read before another process saved would give a wrong audit
    "before" or let a stale version check pass.
    """
    obj = session.get(model, entity_id, populate_existing=True) if entity_id is not None else None
    if obj is None:
        raise _missing(model, entity_id, field)
    return obj


def _missing(model: type[SQLModel], entity_id: int | None, field: str | None) -> NotFound:
    label = ENTITY_LABELS.get(model.__tablename__, model.__tablename__)
    return NotFound(f"No {label} with id {entity_id}" + (f" ({field})" if field else "") + ".")


def may_know(session: Session, actor: Actor, obj: SQLModel) -> bool:
    """Whether ``actor`` may know ``obj`` exists: an item (meeting, agreement, pledge) at most at
    their clearance; an organisation, person, event or topic mentioned by such an item or by none
    (``tracker.queries.visibility``); a position or progress note through its owner."""
    from tracker.models import Pledge, PledgeProgress, Position
    from tracker.queries.visibility import is_known, sees_everything

    if sees_everything(actor.clearance):
        return True
    level = getattr(obj, "confidentiality", None)
    if level is not None:
        return int(level) <= int(actor.clearance)
    table = obj.__tablename__
    if table in ("organisation", "person", "event", "topic"):
        return is_known(session, table, obj.id, actor.clearance)
    if isinstance(obj, Position):
        return is_known(session, "person", obj.person_id, actor.clearance)
    if isinstance(obj, PledgeProgress):
        return may_know(session, actor, session.get(Pledge, obj.pledge_id))
    return True


def get_known(session: Session, actor: Actor, model: type[T], entity_id: int | None, *,
              field: str | None = None) -> T:
    """As ``get_or_raise``, for a record the actor may know of: one above their clearance is
    ``NotFound`` with the very message a missing id gets, so a refusal does not reveal it exists."""
    obj = get_or_raise(session, model, entity_id, field=field)
    if not may_know(session, actor, obj):
        raise _missing(model, entity_id, field)
    return obj


def require_nothing_above(session: Session, actor: Actor, obj: SQLModel, what: str) -> None:
    """Refuse a change that would reach items above the actor's clearance (a merge or delete that
    rewrites every item the record appears in); the message names no item and no level."""
    from tracker.errors import PermissionDenied
    from tracker.queries.visibility import mentioned_above, sees_everything

    if sees_everything(actor.clearance):
        return
    if session.execute(sa.select(mentioned_above(obj.__tablename__, obj.id, actor.clearance))).scalar():
        raise PermissionDenied(f"{what} would change records beyond your clearance; ask a user "
                               "cleared for all records to do it.")


def known_exists(session: Session, actor: Actor, model: type[SQLModel], entity_id: int | None) -> bool:
    """Whether a record with this id exists and the actor may know of it (for field checks)."""
    obj = session.get(model, entity_id) if entity_id is not None else None
    return obj is not None and may_know(session, actor, obj)


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


def record_audit(session: Session, *, actor: Actor, action: AuditAction, entity: str,
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
