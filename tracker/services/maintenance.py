"""Audit rows for whole-database operations (restore, import-all), which bypass the services."""

from __future__ import annotations

from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_admin
from tracker.db import unit_of_work
from tracker.i18n import N_
from tracker.models import AuditAction


def record_restore(*, session: Session, actor: Actor, source: str, rows: int = 0) -> None:
    """Note in the (restored) audit trail who replaced the database, from which file."""
    require_admin(actor, N_("restore the database"))
    with unit_of_work(session):
        record_audit(session, actor=actor, action=AuditAction.IMPORT, entity="database",
                     entity_id=None, after={"source": source, "rows": rows},
                     summary=f"database restored from {source}"[:500])
