"""Keeps the organisation's kind and sector copied into ``meeting_organisation`` in step.

The dashboards group held meetings by sector and pick enterprises by kind over every
meeting × organisation row; reading those two fields from the row itself (instead of joining
``organisation`` 100,000+ times) is what keeps them fast at scale. Every write that creates such
rows or changes an organisation's kind or sector goes through one of these helpers.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import MeetingOrganisation, Organisation


def organisation_copies(session: Session, organisation_ids) -> dict[int, dict]:
    """``{organisation id: {"organisation_kind": ..., "organisation_sector": ...}}`` for new rows."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return {}
    rows = session.execute(
        sa.select(Organisation.id, Organisation.kind, Organisation.sector).where(Organisation.id.in_(ids))
    )
    return {
        org_id: {"organisation_kind": kind, "organisation_sector": sector} for org_id, kind, sector in rows
    }


def refresh_organisation_copies(session: Session, organisation_id: int) -> None:
    """Copy an organisation's current kind and sector onto its meeting rows (after an update
    or when a merge moved other rows onto it)."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        return
    session.execute(
        sa.update(MeetingOrganisation)
        .where(MeetingOrganisation.organisation_id == organisation_id)
        .values(organisation_kind=org.kind, organisation_sector=org.sector)
    )
