"""Writes to pledges and their dated progress updates."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_clearance, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.i18n import N_, _
from tracker.models import (
    Agreement,
    AuditAction,
    CooperationArea,
    Meeting,
    Organisation,
    Pledge,
    PledgeCreate,
    PledgeProgress,
    PledgeProgressCreate,
    PledgeUpdate,
    utcnow,
)
from tracker.services.archive import archive_record, get_archived, require_confirmed
from tracker.services.lookups import get_known, known_exists
from tracker.services.meeting_organisations import include_organisations


def check_pledge(session: Session, actor: Actor, *, organisation_id: int, area_id: int,
                 prefix: str = "") -> None:
    """The pledging organisation (one the actor may know of) and the cooperation area exist."""
    errors = {}
    if not known_exists(session, actor, Organisation, organisation_id):
        errors[f"{prefix}organisation_id"] = _("this organisation does not exist")
    if session.get(CooperationArea, area_id) is None:
        errors[f"{prefix}area_id"] = _("choose a cooperation area from the list")
    if errors:
        raise ValidationError(errors)


def add_pledge(session: Session, data: PledgeCreate, *, meeting: Meeting | None = None) -> Pledge:
    """Insert a pledge inside the caller's unit of work; made at ``meeting`` when given."""
    fields = data.model_dump()
    if meeting is not None:
        fields.update(meeting_id=meeting.id, made_on=meeting.date,
                      confidentiality=meeting.confidentiality)
    if fields.get("made_on") is None:
        fields["made_on"] = dt.date.today()
    pledge = Pledge(**fields, created_at=utcnow())
    session.add(pledge)
    session.flush()
    return pledge


def create_pledge(*, session: Session, actor: Actor, data: PledgeCreate) -> Pledge:
    """Record a pledge made outside a logged meeting, or attach one to a meeting or agreement."""
    data = validate(PledgeCreate, data)
    require_write(actor)
    require_clearance(actor, data.confidentiality, N_("pledge"))
    with unit_of_work(session):
        check_pledge(session, actor, organisation_id=data.organisation_id, area_id=data.area_id)
        meeting = get_known(session, actor, Meeting, data.meeting_id, field="meeting_id") \
            if data.meeting_id is not None else None
        if data.agreement_id is not None:
            get_known(session, actor, Agreement, data.agreement_id, field="agreement_id")
        pledge = add_pledge(session, data, meeting=meeting)
        if meeting is not None:
            include_organisations(session, meeting, [pledge.organisation_id])
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="pledge",
                     entity_id=pledge.id, after=snapshot(pledge), summary=pledge.text)
    return pledge


def update_pledge(*, session: Session, actor: Actor, pledge_id: int, data: PledgeUpdate) -> Pledge:
    """Change a pledge's organisation, area, text, target date, status or level."""
    data = validate(PledgeUpdate, data)
    require_write(actor)
    with unit_of_work(session):
        pledge = get_known(session, actor, Pledge, pledge_id)
        before = snapshot(pledge)
        changes = data.model_dump(exclude_unset=True)
        for key in ("organisation_id", "area_id", "status", "confidentiality"):
            if key in changes and changes[key] is None:
                raise ValidationError({key: "must not be empty"})
        check_pledge(session, actor, organisation_id=changes.get("organisation_id", pledge.organisation_id),
                     area_id=changes.get("area_id", pledge.area_id))
        if changes.get("confidentiality") is not None:
            require_clearance(actor, changes["confidentiality"], N_("pledge"))
        for key, value in changes.items():
            setattr(pledge, key, value)
        session.add(pledge)
        if pledge.meeting_id is not None and "organisation_id" in changes:
            include_organisations(session, session.get(Meeting, pledge.meeting_id), [pledge.organisation_id])
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="pledge",
                     entity_id=pledge.id, before=before, after=snapshot(pledge), summary=pledge.text)
    return pledge


def delete_pledge(*, session: Session, actor: Actor, pledge_id: int) -> None:
    """Archive a pledge (its progress updates stay with it)."""
    archive_record(session=session, actor=actor, kind="pledge", record_id=pledge_id)


def purge_pledge(*, session: Session, actor: Actor, pledge_id: int, confirm: bool = False) -> None:
    """Delete an archived pledge and its progress updates for good."""
    require_admin(actor, N_("purge records for good"))
    require_confirmed(confirm)
    with unit_of_work(session):
        pledge = get_archived(session, actor, "pledge", pledge_id)
        before = snapshot(pledge)
        session.delete(pledge)
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="pledge",
                     entity_id=pledge_id, before=before,
                     summary=_("Purged: {name}").format(name=before["text"]))


def create_pledge_update(*, session: Session, actor: Actor, pledge_id: int,
                         data: PledgeProgressCreate) -> PledgeProgress:
    """Add a dated progress note; a status given with it becomes the pledge's status."""
    data = validate(PledgeProgressCreate, data)
    require_write(actor)
    with unit_of_work(session):
        pledge = get_known(session, actor, Pledge, pledge_id)
        if data.on > dt.date.today():
            raise ValidationError({"on": "a progress update cannot be dated in the future"})
        if data.on < pledge.made_on:
            raise ValidationError({"on": f"the pledge was made on {pledge.made_on.isoformat()}; "
                                         "an update cannot come before it"})
        if not data.note and data.status is None:
            raise ValidationError({"note": "write what happened or choose a new status"})
        before = snapshot(pledge)
        update = PledgeProgress(pledge_id=pledge.id, **data.model_dump(), created_at=utcnow(),
                                created_by=actor.username)
        session.add(update)
        if data.status is not None:
            pledge.status = data.status
        latest = session.exec(select(PledgeProgress.on).where(PledgeProgress.pledge_id == pledge.id)
                              .order_by(PledgeProgress.on.desc())).first()
        pledge.last_update_on = max(filter(None, [latest, data.on]))
        session.add(pledge)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="pledge_update",
                     entity_id=update.id, before=before,
                     after={**snapshot(pledge), "update": snapshot(update)}, summary=data.note)
    return update
