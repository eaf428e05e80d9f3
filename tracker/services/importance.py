"""Writes to each enterprise's importance (strategic, important, routine), with a reason."""

from __future__ import annotations

from sqlmodel import Session

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.i18n import _
from tracker.models import AuditAction, ImportanceSet, Organisation, OrganisationImportance, utcnow
from tracker.models.enums import ENTERPRISE_KINDS
from tracker.services.lookups import get_known


def set_importance(*, session: Session, actor: Actor, organisation_id: int,
                   data: ImportanceSet) -> OrganisationImportance:
    """Set (or change) how important an enterprise is to the office, and why."""
    data = validate(ImportanceSet, data)
    require_write(actor, "set an enterprise's importance")
    with unit_of_work(session):
        organisation = get_known(session, actor, Organisation, organisation_id, field="organisation_id")
        if organisation.kind not in ENTERPRISE_KINDS:
            raise ValidationError({"organisation_id": _("importance is set for enterprises only")})
        row = session.get(OrganisationImportance, organisation_id, populate_existing=True)
        before = snapshot(row) if row is not None else None
        if row is None:
            row = OrganisationImportance(organisation_id=organisation_id, importance=data.importance,
                                         set_by=actor.username, set_at=utcnow())
        row.importance, row.reason = data.importance, data.reason
        row.set_by, row.set_at = actor.username, utcnow()
        session.add(row)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="organisation_importance",
                     entity_id=organisation_id, before=before, after=snapshot(row),
                     summary=f"{organisation.name}: {data.importance.value}")
    return row
