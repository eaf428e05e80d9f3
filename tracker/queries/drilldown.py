"""The meetings behind any chart element: the page's Filters plus the selected dimension values
(months, sectors, kinds, areas, organisations, officials, pledge stage, agreements)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.labels import EMPTY
from tracker.models import (
    Agreement,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Pledge,
)
from tracker.queries.filter_sql import on_meeting, on_pledge
from tracker.queries.filters import Filters
from tracker.queries.frames import prepared_frame
from tracker.queries.meeting_rows import (
    ORGANISATIONS,
    meeting_row,
    organisations_of,
)
from tracker.queries.overview import NO_PLEDGE_AREA, funnel_stage_condition
from tracker.read_model.vocabulary import GOVERNMENT_KIND_VALUES, NO_SECTOR

MEETING_COLUMNS = ["meeting_id", "date", "title", "kind", "place", ORGANISATIONS]
# A place not recorded reads as the empty mark ("—") from the SQL, on the page and in downloads
# alike: filling the frame's gaps afterwards made pandas consolidate and copy the whole frame.
PLACE_OR_EMPTY = sa.func.coalesce(Meeting.place, EMPTY).label("place")


@dataclass(frozen=True)
class Drill:
    """What a chart selection picked; empty fields do not narrow. Hashable for caching."""

    months: tuple[str, ...] = ()  # 'YYYY-MM'
    sectors: tuple[str, ...] = ()  # of a non-government organisation at the meeting
    organisation_kinds: tuple[str, ...] = ()
    top_areas: tuple[str, ...] = ()  # top-level area names of pledges made at the meeting
    organisation_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    pledge_area_ids: tuple[int, ...] = ()  # with pledge_statuses/pledge_stage: the same pledge
    pledge_statuses: tuple[str, ...] = ()
    pledge_stage: str | None = None
    agreement_ids: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == Drill()


def _month_range(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def drill_conditions(filters: Filters, drill: Drill, today: dt.date) -> list:
    """Conditions on ``meeting`` for the selection (on top of the Filters' own)."""
    conditions = []
    if drill.months:
        conditions.append(sa.or_(*[Meeting.date.between(*_month_range(m)) for m in drill.months]))
    if drill.sectors or drill.organisation_kinds:
        org_conditions = [Organisation.kind.not_in(GOVERNMENT_KIND_VALUES)]
        if drill.sectors:
            org_conditions.append(sa.func.coalesce(Organisation.sector, NO_SECTOR).in_(drill.sectors))
        if drill.organisation_kinds:
            org_conditions.append(Organisation.kind.in_(drill.organisation_kinds))
        conditions.append(
            Meeting.id.in_(
                sa.select(MeetingOrganisation.meeting_id)
                .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
                .where(*org_conditions)
            )
        )
    if drill.top_areas:
        area, parent = aliased(CooperationArea), aliased(CooperationArea)
        with_pledge = (
            sa.select(Pledge.meeting_id)
            .join(area, area.id == Pledge.area_id)
            .outerjoin(parent, parent.id == area.parent_id)
            .where(
                cleared(Pledge, int(filters.clearance)),
                sa.func.coalesce(parent.name, area.name).in_(drill.top_areas),
            )
        )
        options = [Meeting.id.in_(with_pledge)]
        if NO_PLEDGE_AREA in drill.top_areas:
            options.append(
                ~sa.exists().where(
                    Pledge.meeting_id == Meeting.id, cleared(Pledge, int(filters.clearance))
                )
            )
        conditions.append(sa.or_(*options))
    if drill.organisation_ids:
        conditions.append(
            Meeting.id.in_(
                sa.select(MeetingOrganisation.meeting_id).where(
                    MeetingOrganisation.organisation_id.in_(drill.organisation_ids)
                )
            )
        )
    if drill.person_ids:
        conditions.append(
            Meeting.id.in_(
                sa.select(Participation.meeting_id).where(Participation.person_id.in_(drill.person_ids))
            )
        )
    if drill.pledge_area_ids or drill.pledge_statuses or drill.pledge_stage:
        pledge = [*on_pledge(filters)]
        if drill.pledge_area_ids:
            pledge.append(Pledge.area_id.in_(drill.pledge_area_ids))
        if drill.pledge_statuses:
            pledge.append(Pledge.status.in_(drill.pledge_statuses))
        if drill.pledge_stage:
            pledge.append(funnel_stage_condition(drill.pledge_stage, today))
        conditions.append(Meeting.id.in_(sa.select(Pledge.meeting_id).where(*pledge)))
    if drill.agreement_ids:
        conditions.append(
            Meeting.id.in_(sa.select(Agreement.meeting_id).where(Agreement.id.in_(drill.agreement_ids)))
        )
    return conditions


def meetings_behind(
    session: Session,
    filters: Filters,
    drill: Drill = Drill(),
    *,
    limit: int = 200,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The held meetings behind a chart element, newest first (at most ``limit``), each with its
    organisations in one column. A pledge or agreement selection ignores the meeting period: the
    pledge's own date already placed it in the period."""
    today = today or dt.date.today()
    if not drill.pledge_stage:
        today = None  # only the funnel's "silent" stage reads today: one prepared statement, not one a day
    return prepared_frame(_meetings_behind_statement, session, filters, drill, limit, today,
                          columns=MEETING_COLUMNS)


def _meetings_behind_statement(filters: Filters, dialect, drill: Drill, limit: int, today: dt.date | None):
    pledge_based = bool(
        drill.pledge_area_ids or drill.pledge_statuses or drill.pledge_stage or drill.agreement_ids
    )
    return (
        sa.select(*meeting_row(PLACE_OR_EMPTY, organisations_of(dialect),
                               only=("id", "date", "title", "kind")))
        .where(*on_meeting(filters, period=not pledge_based), *drill_conditions(filters, drill, today))
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(limit)
    )


def count_meetings_behind(
    session: Session, filters: Filters, drill: Drill = Drill(), today: dt.date | None = None
) -> int:
    """How many meetings ``meetings_behind`` would list without its limit."""
    today = today or dt.date.today()
    pledge_based = bool(
        drill.pledge_area_ids or drill.pledge_statuses or drill.pledge_stage or drill.agreement_ids
    )
    statement = (
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(*on_meeting(filters, period=not pledge_based), *drill_conditions(filters, drill, today))
    )
    return int(session.execute(statement).scalar_one())
