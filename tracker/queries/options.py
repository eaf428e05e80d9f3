"""Choices for the sidebar filters: the sectors, regions, areas, officials and events that exist."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, event_visible, visible_organisation_values
from tracker.models import CooperationArea, Event, Organisation, Participation, Person, Side
from tracker.queries.filters import Filters
from tracker.queries.frames import frame
from tracker.read_model.vocabulary import HELD

MAX_OFFICIALS = 1000


def filter_options(session: Session, filters: Filters) -> dict[str, pd.DataFrame]:
    """value/label frames per filter; officials are the government-side people with the most
    visible meetings (at most MAX_OFFICIALS, so the list stays usable at scale)."""
    p = Participation
    officials = (
        sa.select(p.person_id, sa.func.count().label("n"))
        .where(
            p.side == Side.GOVERNMENT, p.meeting_status == HELD, cleared(p, int(filters.clearance))
        )
        .group_by(p.person_id)
        .order_by(sa.func.count().desc())
        .limit(MAX_OFFICIALS)
        .subquery()
    )
    return {
        "sectors": frame(
            session,
            visible_organisation_values(filters.clearance)
            .add_columns(Organisation.sector.label("label"))
            .order_by(Organisation.sector),
            ["value", "label"],
        ),
        "regions": frame(
            session,
            visible_organisation_values(filters.clearance, Organisation.region)
            .add_columns(Organisation.region.label("label"))
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
            sa.select(Event.id, Event.name).where(event_visible(filters.clearance))
            .order_by(Event.start_date.desc(), Event.name),
            ["value", "label"],
        ),
    }
