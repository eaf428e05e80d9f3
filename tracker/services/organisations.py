"""Writes to organisations: create, update, delete (each validated, role-checked and audited)."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_write
from tracker.db import DIRECTORY_LOCK, lock_until_commit, unit_of_work
from tracker.errors import Conflict, ValidationError, validate
from tracker.i18n import N_, _
from tracker.models import (
    AgreementParty,
    AuditAction,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    OrganisationCreate,
    OrganisationUpdate,
    Pledge,
    utcnow,
)
from tracker.models.text import normalise_key
from tracker.services.aliases import list_aliases, replace_aliases
from tracker.services.archive import archive_record, get_archived, require_confirmed
from tracker.services.lookups import get_known, known_exists


def get_by_name(*, session: Session, name: str) -> Organisation | None:
    """The organisation whose name or alias equals ``name`` (case-insensitive), or None."""
    key = normalise_key(name)
    found = session.exec(select(Organisation).where(Organisation.name_key == key)).first()
    if found is None:
        found = session.exec(select(Organisation).join(
            OrganisationAlias, OrganisationAlias.organisation_id == Organisation.id).where(
            OrganisationAlias.alias_key == key)).first()
    return found


def org_snapshot(session: Session, org: Organisation) -> dict:
    return snapshot(org, exclude={"name_key"},
                    aliases=list_aliases(session, OrganisationAlias, org.id))


def _check_parent(session: Session, actor: Actor, org_id: int | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    if not known_exists(session, actor, Organisation, parent_id):
        raise ValidationError({"parent_id": "the parent organisation does not exist"})
    seen = {org_id}
    current = parent_id
    while current is not None:
        if current in seen:
            raise ValidationError({"parent_id": "an organisation cannot be its own ancestor"})
        seen.add(current)
        current = session.get(Organisation, current).parent_id


def create_organisation(*, session: Session, actor: Actor, data: OrganisationCreate) -> Organisation:
    """Create an organisation with its aliases."""
    data = validate(OrganisationCreate, data)
    require_write(actor)
    with unit_of_work(session):
        return _add_organisation(session, actor, data)


def find_or_create_organisation(*, session: Session, actor: Actor,
                               data: OrganisationCreate) -> Organisation:
    """The organisation with this name or alias, created if there is none. Writers doing this at
    the same time take turns (there is no unique key on names: namesakes may exist), so the
    second finds what the first created."""
    data = validate(OrganisationCreate, data)
    require_write(actor)
    with unit_of_work(session):
        lock_until_commit(session, DIRECTORY_LOCK)
        existing = get_by_name(session=session, name=data.name)
        return existing if existing is not None else _add_organisation(session, actor, data)


def _add_organisation(session: Session, actor: Actor, data: OrganisationCreate) -> Organisation:
    _check_parent(session, actor, None, data.parent_id)
    org = Organisation(**data.model_dump(exclude={"aliases"}), name_key=normalise_key(data.name),
                       created_at=utcnow())
    session.add(org)
    session.flush()
    replace_aliases(session, OrganisationAlias, org.id, data.aliases, own_name=org.name)
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="organisation",
                 entity_id=org.id, after=org_snapshot(session, org), summary=org.name)
    return org


def update_organisation(*, session: Session, actor: Actor, organisation_id: int,
                        data: OrganisationUpdate) -> Organisation:
    """Change an organisation's fields; a given alias list replaces the old one."""
    data = validate(OrganisationUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        org = get_known(session, actor, Organisation, organisation_id)
        before = org_snapshot(session, org)
        changes = data.model_dump(exclude_unset=True, exclude={"aliases"})
        if "parent_id" in changes:
            _check_parent(session, actor, org.id, changes["parent_id"])
        if "name" in changes and changes["name"] is None:
            raise ValidationError({"name": "must not be empty"})
        for key, value in changes.items():
            setattr(org, key, value)
        org.name_key = normalise_key(org.name)
        session.add(org)
        if data.aliases is not None:
            replace_aliases(session, OrganisationAlias, org.id, data.aliases, own_name=org.name)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="organisation",
                     entity_id=org.id, before=before, after=org_snapshot(session, org),
                     summary=org.name)
    return org


def delete_organisation(*, session: Session, actor: Actor, organisation_id: int) -> None:
    """Archive an organisation no live meeting, pledge or agreement names (merge it otherwise)."""
    archive_record(session=session, actor=actor, kind="organisation", record_id=organisation_id)


def purge_organisation(*, session: Session, actor: Actor, organisation_id: int,
                       confirm: bool = False) -> None:
    """Delete an archived organisation for good, once nothing (archived or not) refers to it."""
    require_admin(actor, N_("purge records for good"))
    require_confirmed(confirm)
    with unit_of_work(session):
        org = get_archived(session, actor, "organisation", organisation_id)
        # The database would cascade the delete to these, silently and without an audit row.
        for label, column in ((N_("meetings"), MeetingOrganisation.organisation_id),
                              (N_("pledges"), Pledge.organisation_id),
                              (N_("agreements"), AgreementParty.organisation_id)):
            if session.exec(select(column).where(column == organisation_id).limit(1)).first() is not None:
                raise Conflict(_("{name} appears in archived {where}; purge those first.").format(
                    name=org.name, where=_(label)))
        before = org_snapshot(session, org)
        session.delete(org)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="organisation",
                     entity_id=organisation_id, before=before,
                     summary=_("Purged: {name}").format(name=before["name"]))
