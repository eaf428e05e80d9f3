"""Figures and tables of the period report that the Overview page does not already provide.

The report takes its KPIs, top lists and pledge figures from ``tracker.queries.overview`` (so a
report and a dashboard never disagree); these add what only a printed report needs: the full
agreement list with parties, overdue pledges, the meeting appendix, local-script names, and the
highest confidentiality included. Each is an SQL aggregation limited by ``Filters``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.definitions import held, overdue
from tracker.i18n import display_name
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    Organisation,
    Pledge,
)
from tracker.queries.filter_sql import on_agreement, on_meeting, on_pledge
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import (
    ORGANISATIONS,
    meeting_row,
    organisation_names,
    row_values,
)


def local_names(session: Session, model, ids) -> dict[int, str]:
    """id → local-script name (e.g. Chinese) for organisations or people, to print beside the name."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    return {row_id: local for row_id, local in session.execute(
        sa.select(model.id, model.local_name).where(model.id.in_(ids), model.local_name.is_not(None)))}


def meetings_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """Held meetings per calendar month of the period."""
    year = sa.extract("year", Meeting.date).label("year")
    month = sa.extract("month", Meeting.date).label("month")
    rows = session.execute(
        sa.select(year, month, sa.func.count().label("meetings"))
        .where(*on_meeting(filters, held=False), held(Meeting.status))
        .group_by(year, month).order_by(year, month)).all()
    frame = pd.DataFrame([{"month": f"{int(r.year):04d}-{int(r.month):02d}", "meetings": r.meetings}
                          for r in rows], columns=["month", "meetings"])
    return frame


def _party_names(session: Session, agreement_ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for start in range(0, len(agreement_ids), 900):
        chunk = agreement_ids[start:start + 900]
        for agreement_id, name, local in session.execute(
                sa.select(AgreementParty.agreement_id, Organisation.name, Organisation.local_name)
                .join(Organisation, Organisation.id == AgreementParty.organisation_id)
                .where(AgreementParty.agreement_id.in_(chunk)).order_by(Organisation.name)):
            names.setdefault(agreement_id, []).append(display_name(name, local))
    return {key: "; ".join(value) for key, value in names.items()}


def agreements_in_period(session: Session, filters: Filters) -> pd.DataFrame:
    """Agreements signed in the period, with their parties."""
    rows = session.execute(
        sa.select(Agreement.id, Agreement.signed_on, Agreement.title, Agreement.kind, Agreement.status,
                  Agreement.value, Agreement.currency)
        .where(*on_agreement(filters, held=False)).order_by(Agreement.signed_on, Agreement.id)).all()
    parties = _party_names(session, [r.id for r in rows])
    return pd.DataFrame(
        [{"signed_on": r.signed_on, "title": r.title, "parties": parties.get(r.id, ""),
          "kind": value_of(r.kind), "status": value_of(r.status),
          "value": float(r.value) if r.value is not None else None, "currency": r.currency or ""}
         for r in rows],
        columns=["signed_on", "title", "parties", "kind", "status", "value", "currency"])


def overdue_pledges(session: Session, filters: Filters, limit: int = 100,
                    as_of: dt.date | None = None) -> pd.DataFrame:
    """The overdue pledges among those the filters select (made in the period), most overdue
    first: the list the Pledges page shows with "Overdue only" for the same filters."""
    as_of = as_of or dt.date.today()
    rows = session.execute(
        sa.select(Organisation.name.label("organisation"), Organisation.local_name,
                  CooperationArea.name.label("area"),
                  Pledge.text, Pledge.made_on, Pledge.target_date, Pledge.status, Pledge.last_update_on)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(*on_pledge(filters), overdue(as_of))
        .order_by(Pledge.target_date, Pledge.id).limit(limit)).all()
    return pd.DataFrame(
        [{**dict(r._mapping), "organisation": display_name(r.organisation, r.local_name),
          "status": value_of(r.status), "days_overdue": (as_of - r.target_date).days}
         for r in rows],
        columns=["organisation", "area", "text", "made_on", "target_date", "status", "last_update_on",
                 "days_overdue"])


def overdue_pledge_count(session: Session, filters: Filters, as_of: dt.date | None = None) -> int:
    """How many pledges ``overdue_pledges`` would list without its limit."""
    as_of = as_of or dt.date.today()
    statement = sa.select(sa.func.count()).select_from(Pledge).where(*on_pledge(filters), overdue(as_of))
    return session.execute(statement).scalar_one()


def meeting_appendix(session: Session, filters: Filters) -> pd.DataFrame:
    """Every meeting of the period (any status), with the organisations met, oldest first."""
    meetings = session.execute(
        sa.select(*meeting_row())
        .where(*on_meeting(filters, held=False)).order_by(Meeting.date, Meeting.id)).all()
    names = organisation_names(session, sa.select(Meeting.id).where(*on_meeting(filters, held=False)))
    return pd.DataFrame(
        [{**row_values(r), ORGANISATIONS: ", ".join(names.get(r.id, []))} for r in meetings],
        columns=["date", "precision", "title", ORGANISATIONS, "kind", "status", "place"])


def highest_level_included(session: Session, filters: Filters) -> int:
    """The highest confidentiality among the meetings, agreements and pledges in scope."""
    levels = [
        session.execute(sa.select(sa.func.max(Meeting.confidentiality))
                        .where(*on_meeting(filters, held=False))).scalar(),
        session.execute(sa.select(sa.func.max(Agreement.confidentiality))
                        .where(*on_agreement(filters, held=False))).scalar(),
    ]
    values = [int(level) for level in levels if level is not None]
    return max(values) if values else 0


PLEDGE_STATUS_ORDER = ["pledged", "in_progress", "delivered", "stalled", "withdrawn"]


def pivot_pledges_by_area(long: pd.DataFrame) -> pd.DataFrame:
    """The overview's pledges-by-area-and-status rows as one row per area, a column per status."""
    if long.empty:
        return pd.DataFrame(columns=["area", *PLEDGE_STATUS_ORDER, "total"])
    wide = long.pivot_table(index="area", columns="status", values="pledges", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=PLEDGE_STATUS_ORDER, fill_value=0).astype(int)
    wide["total"] = wide.sum(axis=1)
    return wide.sort_values(["total", "delivered"], ascending=False).reset_index()
