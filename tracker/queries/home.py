"""Figures for the home page: row counts, limited by clearance."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import (
    Agreement,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    Organisation,
    Pledge,
    PledgeStatus,
)
from tracker.models.enums import ENTERPRISE_KINDS
from tracker.queries.filters import Filters


def headline_counts(session: Session, filters: Filters) -> dict[str, int]:
    """Meetings held, enterprises met, agreements and open pledges the reader may see."""
    level = int(filters.clearance)
    meetings = session.execute(sa.select(sa.func.count()).select_from(Meeting).where(
        Meeting.confidentiality <= level, Meeting.status == MeetingStatus.HELD)).scalar_one()
    enterprises = session.execute(
        sa.select(sa.func.count(sa.distinct(MeetingOrganisation.organisation_id)))
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.confidentiality <= level,
               Organisation.kind.in_([k.value for k in ENTERPRISE_KINDS]))).scalar_one()
    agreements = session.execute(sa.select(sa.func.count()).select_from(Agreement).where(
        Agreement.confidentiality <= level)).scalar_one()
    open_pledges = session.execute(sa.select(sa.func.count()).select_from(Pledge).where(
        Pledge.confidentiality <= level,
        Pledge.status.in_([PledgeStatus.PLEDGED, PledgeStatus.IN_PROGRESS, PledgeStatus.STALLED]),
    )).scalar_one()
    return {"meetings": meetings, "enterprises": enterprises, "agreements": agreements,
            "open_pledges": open_pledges}

