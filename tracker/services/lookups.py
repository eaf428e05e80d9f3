"""Looking up the record a write refers to (or raising), and the clearance checks on it.

The audit row and its snapshots are ``tracker.audit.record``; which records a reader may know of
is ``tracker.auth.visibility``."""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tracker.auth.actor import Actor
from tracker.auth.visibility import is_known, mentioned_above, sees_everything
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Agreement, FollowUpAction, Meeting, Pledge, PledgeProgress, Position

T = TypeVar("T", bound=SQLModel)

ENTITY_LABELS = {
    "meeting": "meeting", "organisation": "organisation", "person": "person", "position": "position",
    "event": "event", "agreement": "agreement", "pledge": "pledge", "pledge_update": "pledge update",
    "cooperation_area": "cooperation area", "app_user": "user", "topic": "topic",
    "follow_up_action": "action", "organisation_importance": "importance",
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
    (``tracker.auth.visibility``); a position or progress note through its owner. An archived
    record is known to no writer: only the archive's own services (restore, purge) reach it."""
    if getattr(obj, "archived_at", None) is not None:
        return False
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
    if isinstance(obj, FollowUpAction):
        return may_know(session, actor, action_item(session, obj))
    return True


def action_item(session: Session, action: FollowUpAction) -> SQLModel:
    """The meeting, agreement or pledge a follow-up action hangs on."""
    for model, item_id in ((Meeting, action.meeting_id), (Agreement, action.agreement_id),
                           (Pledge, action.pledge_id)):
        if item_id is not None:
            return session.get(model, item_id)
    raise AssertionError("an action hangs on exactly one item (database check one_item)")


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
    if sees_everything(actor.clearance):
        return
    if session.execute(sa.select(mentioned_above(obj.__tablename__, obj.id, actor.clearance))).scalar():
        raise PermissionDenied(f"{what} would change records beyond your clearance; ask a user "
                               "cleared for all records to do it.")


def known_exists(session: Session, actor: Actor, model: type[SQLModel], entity_id: int | None) -> bool:
    """Whether a record with this id exists and the actor may know of it (for field checks)."""
    obj = session.get(model, entity_id) if entity_id is not None else None
    return obj is not None and may_know(session, actor, obj)
