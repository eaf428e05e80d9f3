"""Writes to follow-up actions: the office's own to-dos on a meeting, an agreement or a pledge."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.i18n import _
from tracker.models import (
    ActionCreate,
    ActionStatus,
    ActionUpdate,
    Agreement,
    AuditAction,
    Confidentiality,
    FollowUpAction,
    Meeting,
    Pledge,
    User,
    utcnow,
)
from tracker.services.lookups import action_item, get_known

ITEMS = {"meeting_id": Meeting, "agreement_id": Agreement, "pledge_id": Pledge}


def check_owner(session: Session, owner_id: int | None, level) -> User:
    """The owner is an active user cleared for the item: an action nobody can read has no owner."""
    owner = session.get(User, owner_id) if owner_id is not None else None
    if owner is None or not owner.is_active:
        raise ValidationError({"owner_id": _("choose an active user as the owner")})
    if Confidentiality.parse(owner.clearance) < Confidentiality.parse(level):
        raise ValidationError(
            {
                "owner_id": _("{user}'s clearance is too low for this item; choose another owner").format(
                    user=owner.username
                )
            }
        )
    return owner


def action_snapshot(session: Session, action: FollowUpAction) -> dict:
    """The action's columns with its item's level: the audit trail shows a row to readers cleared
    for that level only, as it does for the item's own rows."""
    return snapshot(action, confidentiality=action_item(session, action).confidentiality)


def create_action(*, session: Session, actor: Actor, data: ActionCreate) -> FollowUpAction:
    """Add a follow-up action to a meeting, agreement or pledge the actor may see."""
    data = validate(ActionCreate, data)
    require_write(actor, "add follow-up actions")
    with unit_of_work(session):
        field = next(name for name in ITEMS if getattr(data, name) is not None)
        item = get_known(session, actor, ITEMS[field], getattr(data, field), field=field)
        owner_id = data.owner_id if data.owner_id is not None else actor.user_id
        check_owner(session, owner_id, item.confidentiality)
        now = utcnow()
        action = FollowUpAction(
            **data.model_dump(exclude={"owner_id"}),
            owner_id=owner_id,
            status=ActionStatus.OPEN,
            created_by=actor.username,
            created_at=now,
            updated_at=now,
        )
        session.add(action)
        session.flush()
        record_audit(
            session,
            actor=actor,
            action=AuditAction.CREATE,
            entity="follow_up_action",
            entity_id=action.id,
            after=action_snapshot(session, action),
            summary=action.what,
        )
    return action


def update_action(*, session: Session, actor: Actor, action_id: int, data: ActionUpdate) -> FollowUpAction:
    """Change an action's text, owner, due date or notes, or mark it done, dropped or open again."""
    data = validate(ActionUpdate, data)
    require_write(actor, "change follow-up actions")
    with unit_of_work(session):
        action = get_known(session, actor, FollowUpAction, action_id)
        before = action_snapshot(session, action)
        changes = data.model_dump(exclude_unset=True)
        for key in ("what", "owner_id", "status"):
            if key in changes and changes[key] is None:
                raise ValidationError({key: _("must not be empty")})
        if "owner_id" in changes:
            check_owner(session, changes["owner_id"], action_item(session, action).confidentiality)
        status = changes.get("status", action.status)
        if status == ActionStatus.DONE:
            # Done on the day it was marked, unless a day is given; never in the future.
            done_on = changes.get("done_on") or action.done_on or dt.date.today()
            if done_on > dt.date.today():
                raise ValidationError({"done_on": _("an action cannot be done in the future")})
            changes["done_on"] = done_on
        elif changes.get("done_on") is not None:
            raise ValidationError({"done_on": _("only a done action has a done date")})
        else:
            changes["done_on"] = None
        for key, value in changes.items():
            setattr(action, key, value)
        action.updated_at = utcnow()
        session.add(action)
        record_audit(
            session,
            actor=actor,
            action=AuditAction.UPDATE,
            entity="follow_up_action",
            entity_id=action.id,
            before=before,
            after=action_snapshot(session, action),
            summary=action.what,
        )
    return action
