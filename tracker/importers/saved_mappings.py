"""Column mappings saved by name on the import page, for the next file of the same layout; the
CLI's ``--mapping NAME`` finds them too. Saving one is audited like any other write."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import NotFound, ValidationError
from tracker.i18n import N_, gettext
from tracker.importers.mapping import MappingSpec, load_mapping, mapping_to_dict
from tracker.models import AuditAction, ImportMapping, utcnow


def list_mappings(*, session: Session) -> list[str]:
    """Names of the saved mappings, alphabetically."""
    return list(session.exec(select(ImportMapping.name).order_by(ImportMapping.name)))


def get_mapping(*, session: Session, name: str) -> MappingSpec:
    """The saved mapping called ``name``."""
    row = session.exec(select(ImportMapping).where(ImportMapping.name == name)).first()
    if row is None:
        raise NotFound(f"No saved mapping called “{name}”.")
    return load_mapping(row.mapping)


def save_mapping(*, session: Session, actor: Actor, name: str, mapping: MappingSpec) -> ImportMapping:
    """Save (or replace) a named mapping for the next file of the same layout."""
    require_write(actor, N_("save import mappings"))
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": gettext("give the mapping a name of at most 200 characters")})
    data = mapping_to_dict(mapping.model_copy(update={"name": name}))
    with unit_of_work(session):
        row = session.exec(select(ImportMapping).where(ImportMapping.name == name)).first()
        before = dict(row.mapping) if row else None
        if row is None:
            row = ImportMapping(name=name, mapping=data, created_by=actor.username, created_at=utcnow())
        else:
            row.mapping = data
        session.add(row)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.UPDATE if before else AuditAction.CREATE,
                     entity="import_mapping", entity_id=row.id, before=before, after=data, summary=name)
    return row
