"""Writes to agreements and their parties; also used by the meeting service for signings."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_clearance, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.i18n import N_, _
from tracker.models import (
    Agreement,
    AgreementCreate,
    AgreementParty,
    AgreementUpdate,
    AuditAction,
    Meeting,
    Organisation,
    Person,
    utcnow,
)
from tracker.services.archive import archive_record, get_archived, require_confirmed
from tracker.services.lookups import get_known, known_exists
from tracker.services.meeting_organisations import include_organisations


def agreement_snapshot(session: Session, agreement: Agreement) -> dict:
    parties = session.exec(select(AgreementParty).where(AgreementParty.agreement_id == agreement.id)
                           .order_by(AgreementParty.id)).all()
    return snapshot(agreement, parties=[snapshot(p, exclude={"id", "agreement_id"}) for p in parties])


def check_agreement(session: Session, actor: Actor, data: AgreementCreate, *, prefix: str = "",
                    meeting: Meeting | None = None) -> None:
    """Parties and signatories exist (as far as the actor may know); an agreement signed at a
    meeting is dated that day."""
    errors: dict[str, str] = {}
    for index, party in enumerate(data.parties):
        if not known_exists(session, actor, Organisation, party.organisation_id):
            errors[f"{prefix}parties.{index}.organisation_id"] = _("this organisation does not exist")
        if party.signatory_person_id is not None and not known_exists(
                session, actor, Person, party.signatory_person_id):
            errors[f"{prefix}parties.{index}.signatory_person_id"] = _("this person does not exist")
    if meeting is not None and data.signed_on is not None and data.signed_on != meeting.date:
        errors[f"{prefix}signed_on"] = _(
            "an agreement signed at this meeting is dated the meeting's day ({date})").format(
            date=meeting.date.isoformat())
    if errors:
        raise ValidationError(errors)


def add_agreement(session: Session, data: AgreementCreate, *, meeting: Meeting | None = None) -> Agreement:
    """Insert an agreement with its parties inside the caller's unit of work."""
    fields = data.model_dump(exclude={"parties"})
    if meeting is not None:
        fields.update(meeting_id=meeting.id, signed_on=meeting.date,
                      confidentiality=meeting.confidentiality)
    agreement = Agreement(**fields, created_at=utcnow())
    session.add(agreement)
    session.flush()
    _write_parties(session, agreement, data.parties)
    return agreement


def _write_parties(session: Session, agreement: Agreement, parties) -> None:
    for row in session.exec(select(AgreementParty).where(AgreementParty.agreement_id == agreement.id)):
        session.delete(row)
    session.flush()
    for party in parties:
        session.add(AgreementParty(agreement_id=agreement.id, **party.model_dump()))
    session.flush()


def create_agreement(*, session: Session, actor: Actor, data: AgreementCreate) -> Agreement:
    """Record an agreement signed outside a logged meeting (or attach it to one by ``meeting_id``)."""
    data = validate(AgreementCreate, data)
    require_write(actor)
    require_clearance(actor, data.confidentiality, N_("agreement"))
    with unit_of_work(session):
        meeting = get_known(session, actor, Meeting, data.meeting_id, field="meeting_id") \
            if data.meeting_id is not None else None
        check_agreement(session, actor, data, meeting=meeting)
        agreement = add_agreement(session, data, meeting=meeting)
        if meeting is not None:
            include_organisations(session, meeting, [party.organisation_id for party in data.parties])
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="agreement",
                     entity_id=agreement.id, after=agreement_snapshot(session, agreement),
                     summary=agreement.title)
    return agreement


def update_agreement(*, session: Session, actor: Actor, agreement_id: int,
                     data: AgreementUpdate) -> Agreement:
    """Change an agreement; a given party list replaces the old one."""
    data = validate(AgreementUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        agreement = get_known(session, actor, Agreement, agreement_id)
        before = agreement_snapshot(session, agreement)
        merged = validate(AgreementCreate, {**before, **data.model_dump(exclude_unset=True)})
        meeting = session.get(Meeting, agreement.meeting_id) if agreement.meeting_id else None
        check_agreement(session, actor, merged, meeting=meeting)
        require_clearance(actor, merged.confidentiality, N_("agreement"))
        for key, value in merged.model_dump(exclude={"parties", "meeting_id"}).items():
            setattr(agreement, key, value)
        session.add(agreement)
        if data.parties is not None:
            _write_parties(session, agreement, merged.parties)
            if meeting is not None:
                include_organisations(session, meeting, [party.organisation_id for party in merged.parties])
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="agreement",
                     entity_id=agreement.id, before=before,
                     after=agreement_snapshot(session, agreement), summary=agreement.title)
    return agreement


def delete_agreement(*, session: Session, actor: Actor, agreement_id: int) -> None:
    """Archive an agreement with the pledges made under it."""
    archive_record(session=session, actor=actor, kind="agreement", record_id=agreement_id)


def purge_agreement(*, session: Session, actor: Actor, agreement_id: int, confirm: bool = False) -> None:
    """Delete an archived agreement and its parties for good; pledges made under it stay, unlinked."""
    require_admin(actor, N_("purge records for good"))
    require_confirmed(confirm)
    with unit_of_work(session):
        agreement = get_archived(session, actor, "agreement", agreement_id)
        before = agreement_snapshot(session, agreement)
        session.delete(agreement)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="agreement",
                     entity_id=agreement_id, before=before,
                     summary=_("Purged: {name}").format(name=before["title"]))
