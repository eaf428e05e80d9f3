"""Choices for the sidebar filters: the sectors, regions, areas, officials and events that exist."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import CooperationArea, Event, Organisation, Participation, Person, Side
from tracker.queries.filters import Filters
from tracker.queries.scope import frame

MAX_OFFICIALS = 1000


def filter_options(session: Session, filters: Filters) -> dict[str, pd.DataFrame]:
    """value/label frames per filter; officials are the government-side people with the most
    visible meetings (at most MAX_OFFICIALS, so the list stays usable at scale)."""
    p = Participation
    officials = (
        sa.select(p.person_id, sa.func.count().label("n"))
        .where(p.side == Side.GOVERNMENT, p.confidentiality <= int(filters.clearance))
        .group_by(p.person_id)
        .order_by(sa.func.count().desc())
        .limit(MAX_OFFICIALS)
        .subquery()
    )
    return {
        "sectors": frame(
            session,
            sa.select(Organisation.sector, Organisation.sector)
            .distinct()
            .where(Organisation.sector.is_not(None))
            .order_by(Organisation.sector),
            ["value", "label"],
        ),
        "regions": frame(
            session,
            sa.select(Organisation.region, Organisation.region)
            .distinct()
            .where(Organisation.region.is_not(None))
            .order_by(Organisation.region),
            ["value", "label"],
        ),
        "areas": frame(
            session,
            sa.select(CooperationArea.id, CooperationArea.name).order_by(CooperationArea.name),
            ["value", "label"],
        ),
        "officials": frame(
            session,
            sa.select(Person.id, Person.name)
            .join(officials, officials.c.person_id == Person.id)
            .order_by(Person.name),
            ["value", "label"],
        ),
        "events": frame(
            session,
            sa.select(Event.id, Event.name).order_by(Event.start_date.desc(), Event.name),
            ["value", "label"],
        ),
    }
