"""Everything about one meeting, as plain dicts and small DataFrames the record page shows.

Nothing above the reader's clearance is returned: a meeting above it reads as not found.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker import labels
from tracker.audit.record import changed_fields, to_json
from tracker.auth.visibility import cleared
from tracker.i18n import display_name
from tracker.models import (
    Agreement,
    AgreementParty,
    AuditEvent,
    CooperationArea,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Pledge,
    Topic,
)
from tracker.queries.filters import Filters

_SCALARS = ("id", "title", "date", "date_precision", "time", "kind", "status", "place", "event_id",
            "summary", "source", "source_url", "confidentiality", "version", "created_at", "updated_at")


def _value(member):
    return getattr(member, "value", member)


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(columns, row, strict=True)) for row in rows], columns=columns)


def participants_frame(session: Session, meeting_id: int) -> pd.DataFrame:
    """Who took part, with the organisation represented (named in the reader's language) and the
    title held that day."""
    rows = session.execute(
        sa.select(Participation.person_id, Person.name, Person.local_name, Participation.organisation_id,
                  Organisation.name, Organisation.local_name, Participation.title, Participation.role,
                  Participation.side)
        .join(Person, Person.id == Participation.person_id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .where(Participation.meeting_id == meeting_id).order_by(Participation.id)).all()
    return _frame([(*r[:4], display_name(r[4], r[5]) or None, r[6], _value(r[7]), _value(r[8]))
                   for r in rows],
                  ["person_id", "name", "local_name", "organisation_id", "organisation", "title",
                   "role", "side"])


def organisations_frame(session: Session, meeting_id: int) -> pd.DataFrame:
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind)
        .join(MeetingOrganisation, MeetingOrganisation.organisation_id == Organisation.id)
        .where(MeetingOrganisation.meeting_id == meeting_id).order_by(Organisation.name)).all()
    return _frame([(*r[:3], _value(r[3])) for r in rows], ["id", "name", "local_name", "kind"])


def topic_names(session: Session, meeting_id: int) -> list[str]:
    return list(session.execute(sa.select(Topic.name).join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                                .where(MeetingTopic.meeting_id == meeting_id)
                                .order_by(Topic.name)).scalars())


def agreements_frame(session: Session, meeting_id: int, level: int) -> pd.DataFrame:
    """Agreements signed at the meeting, parties (with signatories) in one readable column, and
    each one's level (who may own an action on it)."""
    agreements = session.execute(
        sa.select(Agreement.id, Agreement.title, Agreement.kind, Agreement.signed_on, Agreement.value,
                  Agreement.currency, Agreement.start_date, Agreement.end_date, Agreement.status,
                  Agreement.confidentiality)
        .where(Agreement.meeting_id == meeting_id, cleared(Agreement, level))
        .order_by(Agreement.id)).all()
    parties: dict[int, list[str]] = {}
    ids = [a.id for a in agreements]
    if ids:
        for agreement_id, org, org_local, signatory, signatory_local, signatory_title in session.execute(
                sa.select(AgreementParty.agreement_id, Organisation.name, Organisation.local_name,
                          Person.name, Person.local_name, AgreementParty.signatory_title)
                .join(Organisation, Organisation.id == AgreementParty.organisation_id)
                .outerjoin(Person, Person.id == AgreementParty.signatory_person_id)
                .where(AgreementParty.agreement_id.in_(ids)).order_by(AgreementParty.id)):
            org = display_name(org, org_local)
            who = ", ".join(x for x in (display_name(signatory, signatory_local), signatory_title) if x)
            parties.setdefault(agreement_id, []).append(f"{org} ({who})" if who else org)
    return _frame([(a.id, a.title, _value(a.kind), a.signed_on, a.value, a.currency, a.start_date,
                    a.end_date, _value(a.status), "; ".join(parties.get(a.id, [])), int(a.confidentiality))
                   for a in agreements],
                  ["id", "title", "kind", "signed_on", "value", "currency", "start_date", "end_date",
                   "status", "parties", "confidentiality"])


def pledges_frame(session: Session, meeting_id: int, level: int) -> pd.DataFrame:
    rows = session.execute(
        sa.select(Pledge.id, Organisation.name, Organisation.local_name, CooperationArea.name, Pledge.text,
                  Pledge.target_date, Pledge.status, Pledge.agreement_id)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(Pledge.meeting_id == meeting_id, cleared(Pledge, level))
        .order_by(Pledge.id)).all()
    return _frame([(r[0], display_name(r[1], r[2]), *r[3:6], _value(r[6]), r[7]) for r in rows],
                  ["id", "organisation", "area", "text", "target_date", "status", "agreement_id"])


def history_frame(session: Session, meeting_id: int) -> pd.DataFrame:
    """The meeting's audit trail, newest first, with the fields each change touched."""
    events = session.execute(
        sa.select(AuditEvent.at, AuditEvent.actor_username, AuditEvent.action, AuditEvent.before,
                  AuditEvent.after)
        .where(AuditEvent.entity_type == "meeting", AuditEvent.entity_id == meeting_id)
        .order_by(AuditEvent.id.desc())).all()
    rows = []
    for at, who, action, before, after in events:
        changes = changed_fields(before, after) if before and after else {}
        fields = ", ".join(labels.field(k) for k in changes if k != "updated_at")
        rows.append((at, who, _value(action), fields or labels.EMPTY))
    return _frame(rows, ["at", "by", "action", "changed"])


def extra_organisation_ids(session: Session, meeting_id: int) -> list[int]:
    """Organisations listed on the meeting that no participant, agreement party or pledge implies."""
    implied = sa.union(
        sa.select(Participation.organisation_id).where(Participation.meeting_id == meeting_id,
                                                       Participation.organisation_id.is_not(None)),
        sa.select(AgreementParty.organisation_id).join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .where(Agreement.meeting_id == meeting_id),
        sa.select(Pledge.organisation_id).where(Pledge.meeting_id == meeting_id))
    return list(session.execute(
        sa.select(MeetingOrganisation.organisation_id).where(
            MeetingOrganisation.meeting_id == meeting_id,
            MeetingOrganisation.organisation_id.not_in(implied))
        .order_by(MeetingOrganisation.organisation_id)).scalars())


def meeting_record(session: Session, filters: Filters, meeting_id: int) -> dict | None:
    """The meeting with participants, organisations, topics, agreements, pledges and history."""
    level = int(filters.clearance)
    meeting = session.execute(sa.select(Meeting).where(Meeting.id == meeting_id,
                                                       cleared(Meeting, level))).scalar()
    if meeting is None:
        return None
    fields = {name: getattr(meeting, name) for name in _SCALARS}
    fields = {k: (_value(v) if k not in ("confidentiality",) else int(v)) for k, v in fields.items()}
    event = session.get(Event, meeting.event_id) if meeting.event_id else None
    return {
        "meeting": fields,
        "event": to_json({"id": event.id, "name": event.name, "place": event.place,
                          "start_date": event.start_date, "end_date": event.end_date}) if event else None,
        "participants": participants_frame(session, meeting_id),
        "organisations": organisations_frame(session, meeting_id),
        "extra_organisation_ids": extra_organisation_ids(session, meeting_id),
        "topics": topic_names(session, meeting_id),
        "agreements": agreements_frame(session, meeting_id, level),
        "pledges": pledges_frame(session, meeting_id, level),
        "history": history_frame(session, meeting_id),
    }
