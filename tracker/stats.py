"""Row counts per entity, for ``tracker stats`` and the admin pages."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import (
    Agreement,
    AgreementParty,
    AuditEvent,
    CooperationArea,
    Event,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Person,
    Pledge,
    PledgeProgress,
    Position,
    Topic,
    User,
)

COUNTED = {
    "meetings": Meeting, "organisations": Organisation, "people": Person, "positions": Position,
    "participations": Participation, "meeting_organisations": MeetingOrganisation, "events": Event,
    "agreements": Agreement, "agreement_parties": AgreementParty, "cooperation_areas": CooperationArea,
    "pledges": Pledge, "pledge_updates": PledgeProgress, "topics": Topic, "users": User,
    "audit_events": AuditEvent,
}


def row_counts(session: Session) -> dict[str, int]:
    return {name: session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for name, model in COUNTED.items()}
