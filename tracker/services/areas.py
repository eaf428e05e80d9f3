"""Writes to the cooperation-area taxonomy, which users extend."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.models import AuditAction, CooperationArea, CooperationAreaCreate
from tracker.models.text import normalise_key


def get_by_name(*, session: Session, name: str) -> CooperationArea | None:
    """The area with this name (case-insensitive), or None."""
    return session.exec(select(CooperationArea).where(
        CooperationArea.name_key == normalise_key(name))).first()


def _check(session: Session, name: str, parent_id: int | None) -> None:
    if get_by_name(session=session, name=name) is not None:
        raise ValidationError({"name": f"the area “{name}” already exists"})
    if parent_id is not None and session.get(CooperationArea, parent_id) is None:
        raise ValidationError({"parent_id": "the parent area does not exist"})


def create_area(*, session: Session, actor: Actor, data: CooperationAreaCreate) -> CooperationArea:
    """Add a cooperation area, optionally under a parent."""
    data = validate(CooperationAreaCreate, data)
    require_write(actor)
    with unit_of_work(session):
        _check(session, data.name, data.parent_id)
        area = CooperationArea(**data.model_dump(), name_key=normalise_key(data.name))
        session.add(area)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="cooperation_area",
                     entity_id=area.id, after=snapshot(area, exclude={"name_key"}), summary=area.name)
    return area
