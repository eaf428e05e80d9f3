"""The pledge follow-up list: who promised what, is it late, and has anyone heard of it lately.

Overdue, silent, open and delivered mean what ``tracker.definitions`` says. They are decided in
SQL so the filters page in the database; days since the last news is computed on the returned
page only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.definitions import delivered, is_open, is_overdue, is_silent, last_news, overdue, silent
from tracker.models import (
    Agreement,
    CooperationArea,
    Meeting,
    Organisation,
    Pledge,
    PledgeProgress,
    PledgeStatus,
)
from tracker.queries.filter_sql import on_pledge
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import shown_name

FOLLOW_UP_COLUMNS = ["id", "organisation_id", "organisation", "area", "text", "status", "made_on",
                     "target_date", "last_update_on", "days_since_update", "overdue", "silent"]


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up list is narrowed to, beyond the shared ``Filters`` (hashable)."""

    statuses: tuple[str, ...] = ()
    overdue_only: bool = False
    silent_only: bool = False
    search: str = ""


def _values(statuses) -> list[PledgeStatus]:
    return [PledgeStatus(s) for s in statuses]


def _conditions(filters: Filters, follow_up: FollowUp, today: dt.date) -> list:
    conditions = on_pledge(filters)
    if follow_up.statuses:
        conditions.append(Pledge.status.in_(_values(follow_up.statuses)))
    if follow_up.overdue_only:
        conditions.append(overdue(today))
    if follow_up.silent_only:
        conditions.append(silent(today))
    if follow_up.search.strip():
        term = follow_up.search.strip().casefold()
        conditions.append(sa.or_(
            sa.func.lower(Pledge.text).contains(term, autoescape=True),
            Pledge.organisation_id.in_(sa.select(Organisation.id).where(
                Organisation.name_key.contains(term, autoescape=True)))))
    return conditions


def pledge_follow_up(session: Session, filters: Filters, follow_up: FollowUp = FollowUp(), *,
                     today: dt.date | None = None, limit: int = 100,
                     offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of pledges (late first, then by target date) and how many match in all."""
    today = today or dt.date.today()
    conditions = _conditions(filters, follow_up, today)
    total = session.execute(sa.select(sa.func.count()).select_from(Pledge)
                            .where(*conditions)).scalar_one()
    late = overdue(today)
    rows = session.execute(
        sa.select(Pledge.id, Pledge.organisation_id, Organisation.name.label("organisation"),
                  Organisation.local_name, CooperationArea.name.label("area"), Pledge.text, Pledge.status,
                  Pledge.made_on, Pledge.target_date, Pledge.last_update_on,
                  sa.case((late, True), else_=False).label("overdue"),
                  sa.case((silent(today), True), else_=False).label("silent"))
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(*conditions)
        .order_by(sa.case((late, 0), else_=1), Pledge.target_date.is_(None), Pledge.target_date,
                  last_news(), Pledge.id)
        .limit(limit).offset(offset)).all()
    records = []
    for row in rows:
        record = dict(row._mapping)
        record["status"] = getattr(row.status, "value", row.status)
        record["organisation"] = shown_name(row.organisation, row.local_name)
        record["days_since_update"] = (today - (row.last_update_on or row.made_on)).days
        record["overdue"], record["silent"] = bool(row.overdue), bool(row.silent)
        records.append(record)
    return pd.DataFrame(records, columns=FOLLOW_UP_COLUMNS), int(total)


def pledge_counts(session: Session, filters: Filters, *, today: dt.date | None = None) -> dict[str, int]:
    """Headline figures for the follow-up page: open, overdue, silent, delivered."""
    today = today or dt.date.today()
    conditions = _conditions(filters, FollowUp(), today)

    def count(*extra) -> int:
        return int(session.execute(
            sa.select(sa.func.count()).select_from(Pledge).where(*conditions, *extra)).scalar_one())

    return {"open": count(is_open()), "overdue": count(overdue(today)), "silent": count(silent(today)),
            "delivered": count(delivered())}


def pledge_record(session: Session, filters: Filters, pledge_id: int, *,
                  today: dt.date | None = None) -> dict[str, Any] | None:
    """One pledge with where it was made and its dated updates; None when absent or above clearance."""
    today = today or dt.date.today()
    row = session.execute(
        sa.select(Pledge, Organisation.name.label("organisation"), Organisation.local_name,
                  CooperationArea.name.label("area"),
                  Meeting.title.label("meeting"), Agreement.title.label("agreement"))
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .outerjoin(Meeting, Meeting.id == Pledge.meeting_id)
        .outerjoin(Agreement, Agreement.id == Pledge.agreement_id)
        .where(Pledge.id == pledge_id, cleared(Pledge, int(filters.clearance)))).first()
    if row is None:
        return None
    pledge: Pledge = row.Pledge
    updates = session.execute(
        sa.select(PledgeProgress.id, PledgeProgress.on, PledgeProgress.status, PledgeProgress.note,
                  PledgeProgress.created_by)
        .where(PledgeProgress.pledge_id == pledge.id)
        .order_by(PledgeProgress.on.desc(), PledgeProgress.id.desc())).all()
    status = PledgeStatus(pledge.status)
    news_on = pledge.last_update_on or pledge.made_on
    return {
        "id": pledge.id, "organisation_id": pledge.organisation_id,
        "organisation": shown_name(row.organisation, row.local_name),
        "area_id": pledge.area_id, "area": row.area, "text": pledge.text, "status": status.value,
        "made_on": pledge.made_on, "target_date": pledge.target_date,
        "last_update_on": pledge.last_update_on, "meeting_id": pledge.meeting_id,
        "meeting": row.meeting, "agreement_id": pledge.agreement_id, "agreement": row.agreement,
        "confidentiality": int(pledge.confidentiality),
        "overdue": is_overdue(status, pledge.target_date, today), "days_since_update": (today - news_on).days,
        "silent": is_silent(status, pledge.last_update_on, pledge.made_on, today),
        "updates": pd.DataFrame(
            [{"id": u.id, "on": u.on, "status": getattr(u.status, "value", u.status), "note": u.note,
              "by": u.created_by} for u in updates], columns=["id", "on", "status", "note", "by"]),
    }


def area_choices(session: Session) -> pd.DataFrame:
    """Cooperation areas for pickers: id, name (children indented under their parent)."""
    rows = session.execute(sa.select(CooperationArea.id, CooperationArea.name, CooperationArea.parent_id)
                           .order_by(CooperationArea.name)).all()
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[dict] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for row in children.get(parent_id, []):
            ordered.append({"id": row.id, "name": "  " * depth + row.name})
            walk(row.id, depth + 1)

    walk(None, 0)
    return pd.DataFrame(ordered, columns=["id", "name"])
