"""Pledge follow-through for the dashboards: which pledges the filters select, pledges by
cooperation area and status, and the funnel made → in progress → delivered (with stalled and
silent). Each function is one SQL aggregation returning a small DataFrame; what "made",
"delivered" and "silent" mean is ``tracker.definitions``'."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from tracker.definitions import SILENT_LABEL, delivered, silent
from tracker.models import CooperationArea, Pledge, PledgeStatus
from tracker.queries.filter_sql import on_pledge
from tracker.queries.filters import Filters
from tracker.queries.frames import prepared_frame, prepared_rows, rows_frame


def pledges_by_area_status(session: Session, filters: Filters) -> pd.DataFrame:
    """Pledges made in the period by cooperation area and status.
    Columns: area_id, area, top_area, status, pledges."""
    return prepared_frame(
        _pledges_by_area_status_statement,
        session,
        filters,
        columns=["area_id", "area", "top_area", "status", "pledges"],
    )


def _pledges_by_area_status_statement(filters: Filters, _dialect):
    area, parent = aliased(CooperationArea), aliased(CooperationArea)
    top = sa.func.coalesce(parent.name, area.name)
    return (
        sa.select(area.id, area.name, top, Pledge.status, sa.func.count())
        .join(area, area.id == Pledge.area_id)
        .outerjoin(parent, parent.id == area.parent_id)
        .where(*on_pledge(filters))
        .group_by(area.id, area.name, top, Pledge.status)
        .order_by(top, area.name)
    )


FUNNEL_STAGES = ("pledged", "in_progress", "delivered", "stalled", "silent")
FUNNEL_LABELS = {
    "pledged": "Pledges made",
    "in_progress": "In progress or delivered",
    "delivered": "Delivered",
    "stalled": "Stalled",
    "silent": SILENT_LABEL,
}


def funnel_stage_condition(stage: str, today: dt.date):
    """The pledges in one follow-through stage (shared with the drill-down). The first stage is
    every pledge made, as the "Pledges made" card counts them (withdrawn ones too); stalled and
    silent stand beside the funnel and may overlap (a stalled pledge can be silent too)."""
    status = Pledge.status
    if stage == "pledged":
        return sa.true()
    if stage == "in_progress":
        return status.in_([PledgeStatus.IN_PROGRESS, PledgeStatus.DELIVERED])
    if stage == "delivered":
        return delivered()
    if stage == "stalled":
        return status == PledgeStatus.STALLED
    if stage == "silent":
        return silent(today)
    raise ValueError(f"unknown follow-through stage {stage!r}")


def pledge_funnel(session: Session, filters: Filters, today: dt.date | None = None) -> pd.DataFrame:
    """Follow-through of pledges made in the period: made → in progress → delivered, with the
    stalled and the silent (``tracker.definitions.silent``) beside. Columns: stage, label, pledges."""
    rows, _ = prepared_rows(_pledge_funnel_statement, session, filters, today or dt.date.today())
    counts = [int(v or 0) for v in rows[0]]
    return rows_frame(
        list(zip(FUNNEL_STAGES, [FUNNEL_LABELS[s] for s in FUNNEL_STAGES], counts, strict=True)),
        ["stage", "label", "pledges"],
        [(None, "text"), (None, "text"), (None, "int")],
    )


def _pledge_funnel_statement(filters: Filters, _dialect, today: dt.date):
    return sa.select(
        *[
            sa.func.count(sa.case((funnel_stage_condition(stage, today), 1), else_=None))
            for stage in FUNNEL_STAGES
        ]
    ).where(*on_pledge(filters))
