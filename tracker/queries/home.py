"""Figures for the home page: row counts, limited by clearance, each meaning what
``tracker.definitions`` says (held meetings, enterprises engaged, open pledges)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.definitions import engaged, held, is_open
from tracker.models import Agreement, Meeting, MeetingOrganisation, Pledge
from tracker.queries.filters import Filters


def headline_counts(session: Session, filters: Filters) -> dict[str, int]:
    """Meetings held, enterprises engaged, agreements and open pledges the reader may see, all time."""
    level = int(filters.clearance)
    meetings = session.execute(sa.select(sa.func.count()).select_from(Meeting).where(
        cleared(Meeting, level), held(Meeting.status))).scalar_one()
    enterprises = session.execute(
        sa.select(sa.func.count(sa.distinct(MeetingOrganisation.organisation_id)))
        .where(cleared(MeetingOrganisation, level), *engaged())).scalar_one()
    agreements = session.execute(sa.select(sa.func.count()).select_from(Agreement).where(
        cleared(Agreement, level))).scalar_one()
    open_pledges = session.execute(sa.select(sa.func.count()).select_from(Pledge).where(
        cleared(Pledge, level), is_open())).scalar_one()
    return {"meetings": meetings, "enterprises": enterprises, "agreements": agreements,
            "open_pledges": open_pledges}
