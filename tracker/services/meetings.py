"""Writes to meetings with everything logged at them: participants, organisations, topics,
agreements signed there and pledges made there. What is derived from them (copies, summaries,
search text) the read model projects as the unit of work commits (``tracker.read_model``)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from tracker.audit.record import changed_fields, record_audit, snapshot
from tracker.auth.actor import Actor, require_admin, require_clearance, require_write
from tracker.db import is_sqlite, unit_of_work
from tracker.errors import Conflict, ValidationError, validate
from tracker.i18n import N_, _, format_list
from tracker.labels import field
from tracker.models import (
    Agreement,
    AgreementParty,
    AuditAction,
    AuditEvent,
    DatePrecision,
    Event,
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingStatus,
    MeetingTopic,
    MeetingUpdate,
    Organisation,
    ParticipantIn,
    Participation,
    Person,
    PersonCreate,
    Pledge,
    PledgeCreate,
    Topic,
    utcnow,
)
from tracker.models.meeting import REQUIRED_SCALARS, SCALAR_FIELDS
from tracker.models.text import normalise_key
from tracker.services.agreements import add_agreement, agreement_snapshot, check_agreement
from tracker.services.archive import archive_record, get_archived, require_confirmed
from tracker.services.lookups import get_known, known_exists
from tracker.services.meeting_inline import create_new_entities
from tracker.services.meeting_organisations import (
    current_organisation_ids,
    derived_organisation_ids,
    write_organisations,
)
from tracker.services.people import _add_person, person_snapshot, position_on
from tracker.services.pledges import add_pledge, check_pledge


def period_start(day: dt.date, precision: DatePrecision) -> dt.date:
    """The first day of the month or quarter a vague date stands for (stored with its precision)."""
    if precision is DatePrecision.MONTH:
        return day.replace(day=1)
    if precision is DatePrecision.QUARTER:
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day


# Every referenced record is checked as the actor may know it: one known only above their clearance
# reads "does not exist", like a missing id (clearance of existence, issue 12).
def _check_scalars(session: Session, actor: Actor, fields: dict, errors: dict[str, str]) -> None:
    if fields["status"] is MeetingStatus.HELD and fields["date"] > dt.date.today():
        errors["date"] = _("a held meeting cannot be dated in the future; mark it as planned")
    if fields.get("event_id") is not None and not known_exists(session, actor, Event, fields["event_id"]):
        errors["event_id"] = _("this event does not exist")


def _check_participants(session: Session, actor: Actor, participants: list[ParticipantIn],
                        errors: dict[str, str]) -> None:
    seen: set[int] = set()
    for index, participant in enumerate(participants):
        if participant.person_id is not None:
            if not known_exists(session, actor, Person, participant.person_id):
                errors[f"participants.{index}.person_id"] = _("this person does not exist")
            elif participant.person_id in seen:
                errors[f"participants.{index}.person_id"] = _("this person is already listed")
            seen.add(participant.person_id)
        if participant.organisation_id is not None and \
                not known_exists(session, actor, Organisation, participant.organisation_id):
            errors[f"participants.{index}.organisation_id"] = _("this organisation does not exist")


def _check_organisation_ids(session: Session, actor: Actor, ids: list[int], errors: dict[str, str]) -> None:
    for index, org_id in enumerate(ids):
        if not known_exists(session, actor, Organisation, org_id):
            errors[f"organisation_ids.{index}"] = _("this organisation does not exist")


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _write_participants(session: Session, actor: Actor, meeting: Meeting,
                        participants: list[ParticipantIn]) -> None:
    session.execute(sa.delete(Participation).where(Participation.meeting_id == meeting.id))
    for participant in participants:
        person_id = participant.person_id
        if person_id is None:
            new = participant.new_person
            person = _add_person(session, actor, PersonCreate(name=new.name, local_name=new.local_name,
                                                              aliases=new.aliases, positions=new.positions))
            record_audit(session, actor=actor, action=AuditAction.CREATE, entity="person",
                         entity_id=person.id, after=person_snapshot(session, person), summary=person.name)
            person_id = person.id
        position = position_on(session, person_id, meeting.date, participant.organisation_id)
        title = participant.title or (position.title if position else None)
        organisation_id = participant.organisation_id or (position.organisation_id if position else None)
        session.add(Participation(meeting_id=meeting.id, person_id=person_id, organisation_id=organisation_id,
                                  title=title, role=participant.role, side=participant.side))
    session.flush()


def topic_ids(session: Session, names: list[str]) -> list[int]:
    """Ids of the named topics, creating the missing ones (case-insensitive match). Race-safe:
    ``INSERT … ON CONFLICT DO NOTHING`` on the unique key, then read, so two writers naming a new
    topic at once both get the one row (a plain check-then-insert raised UniqueViolation)."""
    keys = {normalise_key(name): name for name in names}
    if keys:
        table = Topic.__table__
        insert = (sqlite_insert if is_sqlite(session) else postgresql_insert)(table)
        session.execute(insert.on_conflict_do_nothing(index_elements=[table.c.name_key]),
                        [{"name": name, "name_key": key} for key, name in keys.items()])
    found = dict(session.execute(sa.select(Topic.name_key, Topic.id).where(
        Topic.name_key.in_(list(keys)))).all()) if keys else {}
    return [found[normalise_key(name)] for name in names]


def _write_topics(session: Session, meeting: Meeting, names: list[str]) -> None:
    session.execute(sa.delete(MeetingTopic).where(MeetingTopic.meeting_id == meeting.id))
    for topic_id in dict.fromkeys(topic_ids(session, names)):
        session.add(MeetingTopic(meeting_id=meeting.id, topic_id=topic_id))
    session.flush()


def meeting_snapshot(session: Session, meeting: Meeting) -> dict:
    """The meeting as the audit trail keeps it: its fields, participants, organisations, topics."""
    participants = session.exec(select(Participation).where(Participation.meeting_id == meeting.id)
                                .order_by(Participation.id)).all()
    topics = session.exec(select(Topic.name).join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                          .where(MeetingTopic.meeting_id == meeting.id).order_by(Topic.name)).all()
    return snapshot(
        meeting, exclude={"search_text", "created_at"},
        participants=[{"person_id": p.person_id, "organisation_id": p.organisation_id,
                       "title": p.title, "role": p.role, "side": p.side} for p in participants],
        organisation_ids=sorted(current_organisation_ids(session, meeting.id)),
        topics=list(topics),
    )


def _add_signings(session: Session, meeting: Meeting, data: MeetingCreate) -> None:
    agreements = [add_agreement(session, agreement, meeting=meeting) for agreement in data.agreements]
    for pledge in data.pledges:
        agreement_id = agreements[pledge.agreement_index].id if pledge.agreement_index is not None else None
        add_pledge(session, PledgeCreate(organisation_id=pledge.organisation_id, area_id=pledge.area_id,
                                         text=pledge.text, target_date=pledge.target_date,
                                         status=pledge.status, agreement_id=agreement_id),
                   meeting=meeting)


def _check_signings(session: Session, actor: Actor, data: MeetingCreate, meeting_date: dt.date) -> None:
    errors: dict[str, str] = {}
    for index, agreement in enumerate(data.agreements):
        if agreement.signed_on is not None and agreement.signed_on != meeting_date:
            errors[f"agreements.{index}.signed_on"] = (
                _("an agreement signed at this meeting is dated the meeting's day ({date})").format(
                    date=meeting_date))
        try:
            check_agreement(session, actor, agreement, prefix=f"agreements.{index}.")
        except ValidationError as exc:
            errors.update(exc.errors)
    for index, pledge in enumerate(data.pledges):
        try:
            check_pledge(session, actor, organisation_id=pledge.organisation_id, area_id=pledge.area_id,
                         prefix=f"pledges.{index}.")
        except ValidationError as exc:
            errors.update(exc.errors)
        if pledge.agreement_index is not None and not 0 <= pledge.agreement_index < len(data.agreements):
            errors[f"pledges.{index}.agreement_index"] = _("no such agreement in this meeting")
        if pledge.target_date is not None and pledge.target_date < meeting_date:
            errors[f"pledges.{index}.target_date"] = _("the target date is before the meeting")
    _raise_if(errors)


def create_meeting(*, session: Session, actor: Actor, data: MeetingCreate) -> Meeting:
    """Log a meeting with its participants, organisations, topics, agreements and pledges."""
    data = validate(MeetingCreate, data)
    require_write(actor, N_("log meetings"))
    require_clearance(actor, data.confidentiality, N_("meeting"))
    with unit_of_work(session):
        create_new_entities(session, actor, data)
        fields = {name: getattr(data, name) for name in SCALAR_FIELDS}
        fields["date"] = period_start(data.date, data.date_precision)
        errors: dict[str, str] = {}
        _check_scalars(session, actor, fields, errors)
        if not data.participants and not data.organisation_ids:
            errors["participants"] = "add at least one participant or organisation"
        _check_participants(session, actor, data.participants, errors)
        _check_organisation_ids(session, actor, data.organisation_ids, errors)
        _raise_if(errors)
        _check_signings(session, actor, data, fields["date"])
        now = utcnow()
        meeting = Meeting(**fields, version=1, import_key=data.import_key, created_at=now, updated_at=now)
        session.add(meeting)
        session.flush()
        _write_participants(session, actor, meeting, data.participants)
        _write_topics(session, meeting, data.topics)
        _add_signings(session, meeting, data)
        write_organisations(session, meeting, set(data.organisation_ids))
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="meeting",
                     entity_id=meeting.id, after=meeting_snapshot(session, meeting), summary=meeting.title)
    return meeting


def _changes_since(session: Session, meeting_id: int, version: int) -> tuple[dict, list[str]]:
    """What changed on the meeting after ``version``, and who changed it, from the audit trail."""
    events = session.exec(select(AuditEvent).where(
        AuditEvent.entity_type == "meeting", AuditEvent.entity_id == meeting_id,
        AuditEvent.action == AuditAction.UPDATE).order_by(AuditEvent.id)).all()
    later = [e for e in events if (e.after or {}).get("version", 0) > version]
    if not later:
        return {}, []
    return changed_fields(later[0].before, later[-1].after), sorted({e.actor_username for e in later})


def _editors(usernames: list[str]) -> str:
    """Who saved in between, for a conflict message: "edith and otto", or "Someone"."""
    return format_list(usernames) or _("Someone")


def _fields(changes: dict) -> str:
    """The fields they changed, in words ("title, place"), or "the record"."""
    return format_list(field(name) for name in changes) or _("the record")


def update_meeting(*, session: Session, actor: Actor, meeting_id: int, data: MeetingUpdate) -> Meeting:
    """Change a meeting read at ``data.version``; a stale version raises ``Conflict``."""
    data = validate(MeetingUpdate, data)
    require_write(actor, N_("change meetings"))
    with unit_of_work(session):
        meeting = get_known(session, actor, Meeting, meeting_id)
        bumped = session.execute(sa.update(Meeting).where(
            Meeting.id == meeting_id, Meeting.version == data.version).values(
            version=Meeting.version + 1).execution_options(synchronize_session=False))
        if bumped.rowcount != 1:
            session.refresh(meeting)
            changes, who = _changes_since(session, meeting_id, data.version)
            raise Conflict(
                _("{who} saved this meeting after you opened it (version {version}, now {now}); they "
                  "changed: {fields}. Your changes were not saved: review theirs, then apply yours again.")
                .format(who=_editors(who), version=data.version, now=meeting.version,
                        fields=_fields(changes)),
                changes=changes, current_version=meeting.version)
        before = meeting_snapshot(session, meeting)
        session.refresh(meeting)
        create_new_entities(session, actor, data)
        changes = data.model_dump(exclude_unset=True, exclude={"version", "new_organisations", "new_event"})
        fields = {name: changes.get(name, getattr(meeting, name)) for name in SCALAR_FIELDS}
        errors: dict[str, str] = {}
        for required in REQUIRED_SCALARS:
            if fields[required] is None:
                errors[required] = _("must not be empty")
        _raise_if(errors)
        fields["date"] = period_start(fields["date"], DatePrecision(fields["date_precision"]))
        _check_scalars(session, actor, fields, errors)
        participants = data.participants
        if participants is not None:
            _check_participants(session, actor, participants, errors)
        if data.organisation_ids is not None:
            _check_organisation_ids(session, actor, data.organisation_ids, errors)
        _raise_if(errors)
        require_clearance(actor, fields["confidentiality"], N_("meeting"))
        old_extra = (current_organisation_ids(session, meeting.id)
                     - derived_organisation_ids(session, meeting.id))
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.updated_at = utcnow()
        session.add(meeting)
        session.flush()
        if participants is not None:
            _write_participants(session, actor, meeting, participants)
        if data.topics is not None:
            _write_topics(session, meeting, data.topics)
        extra = set(data.organisation_ids) if data.organisation_ids is not None else old_extra
        organisation_ids = write_organisations(session, meeting, extra)
        if not organisation_ids and not session.exec(
                select(Participation.id).where(Participation.meeting_id == meeting.id)).first():
            raise ValidationError({"participants": _("add at least one participant or organisation")})
        session.refresh(meeting)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="meeting",
                     entity_id=meeting.id, before=before, after=meeting_snapshot(session, meeting),
                     summary=meeting.title)
    return meeting


def delete_meeting(*, session: Session, actor: Actor, meeting_id: int, version: int | None = None) -> None:
    """Archive a meeting with the agreements signed and pledges made there (read at ``version``)."""
    require_write(actor, N_("delete meetings"))
    meeting = get_known(session, actor, Meeting, meeting_id)
    if version is not None and meeting.version != version:
        changes, who = _changes_since(session, meeting_id, version)
        raise Conflict(_("{who} changed this meeting after you opened it ({fields}); reload it before "
                         "deleting.").format(who=_editors(who), fields=_fields(changes)),
                       changes=changes, current_version=meeting.version)
    archive_record(session=session, actor=actor, kind="meeting", record_id=meeting_id)


def purge_meeting(*, session: Session, actor: Actor, meeting_id: int, confirm: bool = False) -> None:
    """Delete an archived meeting for good, with its participations, topics, the agreements signed
    and pledges made there."""
    require_admin(actor, N_("purge records for good"))
    require_confirmed(confirm)
    with unit_of_work(session):
        meeting = get_archived(session, actor, "meeting", meeting_id)
        before = meeting_snapshot(session, meeting)
        agreements = session.exec(select(Agreement).where(Agreement.meeting_id == meeting_id)).all()
        before["agreements"] = [agreement_snapshot(session, a) for a in agreements]
        before["pledges"] = [snapshot(p) for p in session.exec(
            select(Pledge).where(Pledge.meeting_id == meeting_id))]
        for model in (Participation, MeetingOrganisation, MeetingTopic, Pledge):
            session.execute(sa.delete(model).where(model.meeting_id == meeting_id))
        for agreement in agreements:
            session.execute(sa.delete(AgreementParty).where(AgreementParty.agreement_id == agreement.id))
            session.execute(sa.delete(Agreement).where(Agreement.id == agreement.id))
        session.execute(sa.delete(Meeting).where(Meeting.id == meeting_id))
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="meeting",
                     entity_id=meeting_id, before=before,
                     summary=_("Purged: {name}").format(name=before["title"]))
