"""Nothing deleted for good: deleting a meeting, person, organisation, agreement or pledge
archives it, an administrator restores it or purges it for good (``tracker.services.purge``).

An archived row keeps every value and reference; ``archived_at`` and ``archived_by`` say when and
by whom. No reader sees it (``tracker.auth.visibility.cleared``) and no writer finds it
(``tracker.services.lookups.may_know``); the read model drops its meeting's copies and counts and
brings them back on restore. Archiving a meeting archives the agreements signed and the pledges
made there with the same stamp, and archiving an agreement the pledges made under it; restoring
brings back exactly the rows stamped with it. An organisation or person still named by a live
meeting, agreement or pledge is not archived: those would show a name no one may see.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_write
from tracker.db import unit_of_work
from tracker.errors import Conflict, ValidationError
from tracker.i18n import N_, _
from tracker.models import (
    Agreement,
    AgreementParty,
    AuditAction,
    MeetingOrganisation,
    Participation,
    Pledge,
    utcnow,
)
from tracker.models.archivable import ARCHIVABLE, Archivable
from tracker.services.lookups import get_known, get_or_raise, may_know

KINDS = ARCHIVABLE


def _kind(kind: str) -> Archivable:
    if kind not in KINDS:
        raise ValidationError({"kind": _("choose one of: {kinds}").format(kinds=", ".join(KINDS))})
    return KINDS[kind]


def _live_references(session: Session, kind: str, record_id: int) -> list[str]:
    """What live items still name this organisation or person (messages' words)."""
    if kind == "organisation":
        checks = (
            (N_("meetings"), sa.select(MeetingOrganisation.meeting_id).where(
                MeetingOrganisation.organisation_id == record_id, MeetingOrganisation.archived_at.is_(None))),
            (N_("pledges"), sa.select(Pledge.id).where(
                Pledge.organisation_id == record_id, Pledge.archived_at.is_(None))),
            (N_("agreements"), sa.select(AgreementParty.id).join(
                Agreement, Agreement.id == AgreementParty.agreement_id).where(
                AgreementParty.organisation_id == record_id, Agreement.archived_at.is_(None))))
    elif kind == "person":
        checks = (
            (N_("meetings"), sa.select(Participation.id).where(
                Participation.person_id == record_id, Participation.archived_at.is_(None))),
            (N_("agreements"), sa.select(AgreementParty.id).join(
                Agreement, Agreement.id == AgreementParty.agreement_id).where(
                AgreementParty.signatory_person_id == record_id, Agreement.archived_at.is_(None))))
    else:
        return []
    return [_(word) for word, query in checks if session.execute(query.limit(1)).first() is not None]


def _stamp(rows, at: dt.datetime | None, by: str | None) -> None:
    for row in rows:
        row.archived_at, row.archived_by = at, by


def _cascade(session: Session, kind: str, record_id: int, at: dt.datetime | None) -> dict[str, list]:
    """The agreements and pledges archived with a meeting or an agreement: the live ones when
    archiving (``at`` None), those stamped ``at`` when restoring."""
    state = Agreement.archived_at.is_(None) if at is None else Agreement.archived_at == at
    pledge_state = Pledge.archived_at.is_(None) if at is None else Pledge.archived_at == at
    agreements = []
    if kind == "meeting":
        agreements = list(session.exec(select(Agreement).where(Agreement.meeting_id == record_id, state)))
        pledge_owner = sa.or_(Pledge.meeting_id == record_id,
                              Pledge.agreement_id.in_([a.id for a in agreements]))
    elif kind == "agreement":
        pledge_owner = Pledge.agreement_id == record_id
    else:
        return {"agreements": [], "pledges": []}
    pledges = list(session.exec(select(Pledge).where(pledge_owner, pledge_state)))
    return {"agreements": agreements, "pledges": pledges}


def archive_record(*, session: Session, actor: Actor, kind: str, record_id: int) -> SQLModel:
    """Archive ("delete") a record: hidden everywhere, restorable from the Archive page."""
    spec = _kind(kind)
    require_write(actor, N_("delete records"))
    with unit_of_work(session):
        row = get_known(session, actor, spec.model, record_id)
        name = getattr(row, spec.title)
        used = _live_references(session, kind, record_id)
        if used:
            raise Conflict(_("{name} still appears in {where}; merge it into another record, or delete "
                             "those first.").format(name=name, where=", ".join(used)))
        before = snapshot(row)
        with_it = _cascade(session, kind, record_id, None)
        at = utcnow()
        _stamp([row, *with_it["agreements"], *with_it["pledges"]], at, actor.username)
        session.flush()
        after = {"archived_at": at.isoformat(), "archived_by": actor.username,
                 "archived_with": {k: [r.id for r in v] for k, v in with_it.items()}}
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity=kind, entity_id=record_id,
                     before=before, after=after, summary=_("Archived: {name}").format(name=name))
    return row


def get_archived(session: Session, actor: Actor, kind: str, record_id: int) -> SQLModel:
    """An archived record, for an administrator (restore, purge); a live one is ``Conflict``."""
    spec = _kind(kind)
    require_admin(actor, N_("restore or purge archived records"))
    row = get_or_raise(session, spec.model, record_id)
    if row.archived_at is None:
        raise Conflict(_("{name} is not archived.").format(name=getattr(row, spec.title)))
    return row


def restore_record(*, session: Session, actor: Actor, kind: str, record_id: int) -> SQLModel:
    """Bring an archived record back, with the agreements and pledges archived with it."""
    spec = _kind(kind)
    require_admin(actor, N_("restore archived records"))
    with unit_of_work(session):
        row = get_archived(session, actor, kind, record_id)
        name = getattr(row, spec.title)
        for owner_kind, owner_id in (("meeting", getattr(row, "meeting_id", None)),
                                     ("agreement", getattr(row, "agreement_id", None))):
            owner = session.get(KINDS[owner_kind].model, owner_id) if owner_id is not None else None
            if owner is not None and owner.archived_at is not None:
                raise Conflict(_("{name} was archived with its {owner}; restore the {owner} instead.").format(
                    name=name, owner=_(KINDS[owner_kind].word)))
        before = snapshot(row)
        with_it = _cascade(session, kind, record_id, row.archived_at)
        _stamp([row, *with_it["agreements"], *with_it["pledges"]], None, None)
        session.flush()
        if not may_know(session, actor, row):
            raise Conflict(_("{name} cannot be restored by you.").format(name=name))
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity=kind, entity_id=record_id,
                     before=before, after={**snapshot(row), "restored_with": {
                         k: [r.id for r in v] for k, v in with_it.items()}},
                     summary=_("Restored: {name}").format(name=name))
    return row


def require_confirmed(confirm: bool) -> None:
    """Purging only when the administrator said so explicitly (a box ticked, ``--yes``)."""
    if confirm is not True:
        raise ValidationError({"confirm": _("confirm that this record is to be deleted for good")})
