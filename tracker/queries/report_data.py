"""Figures and tables of the period report, each one SQL aggregation limited by ``Filters``.

Every function is ``f(session, filters) -> DataFrame`` so the dashboards can cache and show the
same figures the report prints (the lead reconciles these with the overview's queries).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    Organisation,
    Participation,
    Person,
    Pledge,
    Side,
)
from tracker.models.enums import ENTERPRISE_KINDS, OPEN_PLEDGE_STATUSES
from tracker.queries.filters import Filters
from tracker.queries.report_scope import agreement_conditions, meeting_conditions, pledge_conditions, value_of

ENTERPRISE_VALUES = [k.value for k in ENTERPRISE_KINDS]
OPEN_VALUES = [s.value for s in OPEN_PLEDGE_STATUSES]


def _held_meetings(filters: Filters):
    return sa.select(Meeting.id).where(*meeting_conditions(filters), Meeting.status == MeetingStatus.HELD)


def _kpi_values(session: Session, filters: Filters) -> dict[str, int]:
    held = _held_meetings(filters).subquery()
    meetings = session.execute(sa.select(sa.func.count()).select_from(held)).scalar_one()
    enterprises = session.execute(
        sa.select(sa.func.count(sa.distinct(MeetingOrganisation.organisation_id)))
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.meeting_id.in_(sa.select(held.c.id)),
               Organisation.kind.in_(ENTERPRISE_VALUES))).scalar_one()
    officials = session.execute(
        sa.select(sa.func.count(sa.distinct(Participation.person_id)))
        .where(Participation.meeting_id.in_(sa.select(held.c.id)),
               Participation.side == Side.GOVERNMENT)).scalar_one()
    agreements = session.execute(sa.select(sa.func.count()).select_from(Agreement)
                                 .where(*agreement_conditions(filters))).scalar_one()
    pledges = session.execute(
        sa.select(sa.func.count()).select_from(Pledge)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .where(*pledge_conditions(filters, period=True))).scalar_one()
    return {"Meetings held": meetings, "Enterprises met": enterprises, "Officials engaged": officials,
            "Agreements signed": agreements, "New pledges": pledges}


def kpis_with_change(session: Session, filters: Filters) -> pd.DataFrame:
    """Headline figures for the period and the equal period before it, with the change."""
    current = _kpi_values(session, filters)
    if filters.start is not None and filters.end is not None:
        previous = _kpi_values(session, filters.previous_period())
    else:
        previous = {key: None for key in current}
    rows = []
    for key, value in current.items():
        before = previous[key]
        change = None if before is None else value - before
        percent = None if not before else round(100.0 * (value - before) / before, 1)
        rows.append({"figure": key, "value": value, "previous": before, "change": change,
                     "change_pct": percent})
    return pd.DataFrame(rows, columns=["figure", "value", "previous", "change", "change_pct"])


def meetings_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """Held meetings per calendar month of the period."""
    year = sa.extract("year", Meeting.date).label("year")
    month = sa.extract("month", Meeting.date).label("month")
    rows = session.execute(
        sa.select(year, month, sa.func.count().label("meetings"))
        .where(*meeting_conditions(filters), Meeting.status == MeetingStatus.HELD)
        .group_by(year, month).order_by(year, month)).all()
    frame = pd.DataFrame([{"month": f"{int(r.year):04d}-{int(r.month):02d}", "meetings": r.meetings}
                          for r in rows], columns=["month", "meetings"])
    return frame


def meetings_by_sector(session: Session, filters: Filters, limit: int = 12) -> pd.DataFrame:
    """Held meetings per enterprise sector (a meeting counts once per sector it touched)."""
    sector = sa.func.coalesce(Organisation.sector, "(no sector)").label("sector")
    rows = session.execute(
        sa.select(sector, sa.func.count(sa.distinct(MeetingOrganisation.meeting_id)).label("meetings"))
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.meeting_id.in_(_held_meetings(filters)),
               Organisation.kind.in_(ENTERPRISE_VALUES))
        .group_by(sector).order_by(sa.desc("meetings"), sector).limit(limit)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=["sector", "meetings"])


def top_enterprises(session: Session, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The enterprises met most often in the period, with their last meeting."""
    count = sa.func.count(sa.distinct(MeetingOrganisation.meeting_id)).label("meetings")
    rows = session.execute(
        sa.select(Organisation.name, Organisation.local_name, Organisation.sector, count,
                  sa.func.max(MeetingOrganisation.meeting_date).label("last_meeting"))
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.meeting_id.in_(_held_meetings(filters)),
               Organisation.kind.in_(ENTERPRISE_VALUES))
        .group_by(Organisation.id, Organisation.name, Organisation.local_name, Organisation.sector)
        .order_by(count.desc(), Organisation.name).limit(limit)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows],
                        columns=["name", "local_name", "sector", "meetings", "last_meeting"])


def top_officials(session: Session, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The government-side people who met enterprises most often in the period."""
    count = sa.func.count(sa.distinct(Participation.meeting_id)).label("meetings")
    rows = session.execute(
        sa.select(Person.name, Person.local_name, count,
                  sa.func.max(Participation.meeting_date).label("last_meeting"))
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.meeting_id.in_(_held_meetings(filters)),
               Participation.side == Side.GOVERNMENT)
        .group_by(Person.id, Person.name, Person.local_name)
        .order_by(count.desc(), Person.name).limit(limit)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows],
                        columns=["name", "local_name", "meetings", "last_meeting"])


def _party_names(session: Session, agreement_ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for start in range(0, len(agreement_ids), 900):
        chunk = agreement_ids[start:start + 900]
        for agreement_id, name, local in session.execute(
                sa.select(AgreementParty.agreement_id, Organisation.name, Organisation.local_name)
                .join(Organisation, Organisation.id == AgreementParty.organisation_id)
                .where(AgreementParty.agreement_id.in_(chunk)).order_by(Organisation.name)):
            names.setdefault(agreement_id, []).append(f"{name} ({local})" if local else name)
    return {key: "; ".join(value) for key, value in names.items()}


def agreements_in_period(session: Session, filters: Filters) -> pd.DataFrame:
    """Agreements signed in the period, with their parties."""
    rows = session.execute(
        sa.select(Agreement.id, Agreement.signed_on, Agreement.title, Agreement.kind, Agreement.status,
                  Agreement.value, Agreement.currency)
        .where(*agreement_conditions(filters)).order_by(Agreement.signed_on, Agreement.id)).all()
    parties = _party_names(session, [r.id for r in rows])
    return pd.DataFrame(
        [{"signed_on": r.signed_on, "title": r.title, "parties": parties.get(r.id, ""),
          "kind": value_of(r.kind), "status": value_of(r.status),
          "value": float(r.value) if r.value is not None else None, "currency": r.currency or ""}
         for r in rows],
        columns=["signed_on", "title", "parties", "kind", "status", "value", "currency"])


def pledge_status_by_area(session: Session, filters: Filters) -> pd.DataFrame:
    """Pledges made in the period per cooperation area, one column per status, and a total."""
    rows = session.execute(
        sa.select(CooperationArea.name.label("area"), Pledge.status, sa.func.count().label("pledges"))
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(*pledge_conditions(filters, period=True))
        .group_by(CooperationArea.name, Pledge.status)).all()
    statuses = ["pledged", "in_progress", "delivered", "stalled", "withdrawn"]
    if not rows:
        return pd.DataFrame(columns=["area", *statuses, "total"])
    long = pd.DataFrame([{"area": r.area, "status": value_of(r.status), "pledges": r.pledges} for r in rows])
    wide = long.pivot_table(index="area", columns="status", values="pledges", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=statuses, fill_value=0).astype(int)
    wide["total"] = wide.sum(axis=1)
    return wide.sort_values(["total", "delivered"], ascending=False).reset_index()


def overdue_pledges(session: Session, filters: Filters, limit: int = 100,
                    as_of: dt.date | None = None) -> pd.DataFrame:
    """Open pledges whose target date has passed (by the period's end, or today), most overdue first."""
    as_of = as_of or min(filters.end or dt.date.today(), dt.date.today())
    rows = session.execute(
        sa.select(Organisation.name.label("organisation"), CooperationArea.name.label("area"),
                  Pledge.text, Pledge.made_on, Pledge.target_date, Pledge.status, Pledge.last_update_on)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(*pledge_conditions(filters), Pledge.status.in_(OPEN_VALUES),
               Pledge.target_date < as_of)
        .order_by(Pledge.target_date, Pledge.id).limit(limit)).all()
    return pd.DataFrame(
        [{**dict(r._mapping), "status": value_of(r.status), "days_overdue": (as_of - r.target_date).days}
         for r in rows],
        columns=["organisation", "area", "text", "made_on", "target_date", "status", "last_update_on",
                 "days_overdue"])


def overdue_pledge_count(session: Session, filters: Filters, as_of: dt.date | None = None) -> int:
    """How many open pledges are past their target date (the list above is capped)."""
    as_of = as_of or min(filters.end or dt.date.today(), dt.date.today())
    return session.execute(
        sa.select(sa.func.count()).select_from(Pledge)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .where(*pledge_conditions(filters), Pledge.status.in_(OPEN_VALUES),
               Pledge.target_date < as_of)).scalar_one()


def meeting_appendix(session: Session, filters: Filters) -> pd.DataFrame:
    """Every meeting of the period (any status), with the organisations met, oldest first."""
    meetings = session.execute(
        sa.select(Meeting.id, Meeting.date, Meeting.date_precision, Meeting.title, Meeting.kind,
                  Meeting.status, Meeting.place)
        .where(*meeting_conditions(filters)).order_by(Meeting.date, Meeting.id)).all()
    names: dict[int, list[str]] = {}
    scope = sa.select(Meeting.id).where(*meeting_conditions(filters))
    for meeting_id, name in session.execute(
            sa.select(MeetingOrganisation.meeting_id, Organisation.name)
            .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
            .where(MeetingOrganisation.meeting_id.in_(scope)).order_by(Organisation.name)):
        names.setdefault(meeting_id, []).append(name)
    return pd.DataFrame(
        [{"date": r.date, "precision": value_of(r.date_precision), "title": r.title,
          "organisations": ", ".join(names.get(r.id, [])), "kind": value_of(r.kind),
          "status": value_of(r.status), "place": r.place or ""} for r in meetings],
        columns=["date", "precision", "title", "organisations", "kind", "status", "place"])


def highest_level_included(session: Session, filters: Filters) -> int:
    """The highest confidentiality among the meetings, agreements and pledges in scope."""
    levels = [
        session.execute(sa.select(sa.func.max(Meeting.confidentiality))
                        .where(*meeting_conditions(filters))).scalar(),
        session.execute(sa.select(sa.func.max(Agreement.confidentiality))
                        .where(*agreement_conditions(filters))).scalar(),
    ]
    values = [int(level) for level in levels if level is not None]
    return max(values) if values else 0
