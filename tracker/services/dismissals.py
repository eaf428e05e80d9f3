""""Not the same": a person's judgement that two look-alike records are different people (or
organisations), remembered so the "Possible duplicates" list never shows the pair again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError
from tracker.i18n import N_
from tracker.models import AuditAction, DuplicateDismissal, Organisation, Person
from tracker.services.lookups import get_known


def _dismiss(session: Session, actor: Actor, model: type[Person] | type[Organisation], kind: str,
             first_id: int, second_id: int) -> DuplicateDismissal:
    if first_id == second_id:
        raise ValidationError({"second_id": "choose two different records"})
    with unit_of_work(session):
        first = get_known(session, actor, model, first_id, field="first_id")
        second = get_known(session, actor, model, second_id, field="second_id")
        low, high = sorted((first_id, second_id))
        existing = session.execute(sa.select(DuplicateDismissal).where(
            DuplicateDismissal.record_kind == kind, DuplicateDismissal.low_id == low,
            DuplicateDismissal.high_id == high)).scalar()
        if existing is not None:  # said twice (two tabs, a double click): once is remembered
            return existing
        row = DuplicateDismissal(record_kind=kind, low_id=low, high_id=high,
                                 dismissed_by=actor.username or "system")
        session.add(row)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="duplicate_dismissal",
                     entity_id=row.id,
                     after={"record_kind": kind, "low_id": low, "high_id": high},
                     summary=f"“{first.name}” (#{first_id}) and “{second.name}” (#{second_id}) "
                             f"are not the same {kind}")
    return row


def dismiss_duplicate_people(*, session: Session, actor: Actor, first_id: int,
                             second_id: int) -> DuplicateDismissal:
    """Record that people ``first_id`` and ``second_id`` are different people."""
    require_write(actor, N_("mark people as not the same"))
    return _dismiss(session, actor, Person, "person", first_id, second_id)


def dismiss_duplicate_organisations(*, session: Session, actor: Actor, first_id: int,
                                    second_id: int) -> DuplicateDismissal:
    """Record that organisations ``first_id`` and ``second_id`` are different organisations."""
    require_write(actor, N_("mark organisations as not the same"))
    return _dismiss(session, actor, Organisation, "organisation", first_id, second_id)
