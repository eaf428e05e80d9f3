"""Facts for a one-page briefing on one organisation, each a small SQL read limited by clearance.

Functions take ``(session, filters, organisation_id)``; only ``filters.clearance`` (and the period,
when set) narrows them, because a briefing is about the whole relationship.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, is_known, organisation_visible
from tracker.definitions import (
    OPEN_VALUES,
    delivered,
    held,
    is_open,
    is_overdue,
    is_silent,
    overdue,
)
from tracker.errors import NotFound
from tracker.i18n import format_short_date, gettext
from tracker.models import (
    Agreement,
    AgreementParty,
    Confidentiality,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationAlias,
    Pledge,
    PledgeProgress,
    PledgeStatus,
    Topic,
)
from tracker.queries.filter_sql import in_period
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import meeting_row, people_by_side, row_values


def find_organisation_id(session: Session, name: str, *, clearance: Confidentiality) -> int:
    """The id of the organisation called ``name`` (name, local name or alias, any case) that a
    reader at ``clearance`` may know of."""
    key = " ".join(name.split()).casefold()
    visible = organisation_visible(clearance)
    found = session.execute(sa.select(Organisation.id).where(sa.or_(
        Organisation.name_key == key, sa.func.lower(Organisation.local_name) == key), visible)).scalar()
    if found is None:
        found = session.execute(sa.select(OrganisationAlias.organisation_id)
                                .join(Organisation, Organisation.id == OrganisationAlias.organisation_id)
                                .where(OrganisationAlias.alias_key == key, visible)).scalar()
    if found is None:
        raise NotFound(f"No organisation called “{name}”.")
    return found


def organisation_profile(session: Session, filters: Filters, organisation_id: int) -> dict:
    """Who they are: names, kind, sector, region, website, parent and aliases."""
    org = session.get(Organisation, organisation_id)
    if org is None or not is_known(session, "organisation", org.id, filters.clearance):
        raise NotFound(f"No organisation with id {organisation_id}.")
    parent = session.get(Organisation, org.parent_id) \
        if is_known(session, "organisation", org.parent_id, filters.clearance) else None
    aliases = session.execute(sa.select(OrganisationAlias.alias).where(
        OrganisationAlias.organisation_id == organisation_id).order_by(OrganisationAlias.alias)).scalars()
    return {"name": org.name, "local_name": org.local_name or "", "kind": value_of(org.kind),
            "sector": org.sector or "", "region": org.region or "", "website": org.website or "",
            "parent": parent.name if parent else "", "aliases": ", ".join(aliases)}


def _meetings_of(filters: Filters, organisation_id: int):
    query = (sa.select(MeetingOrganisation.meeting_id)
             .where(MeetingOrganisation.organisation_id == organisation_id,
                    cleared(MeetingOrganisation, int(filters.clearance))))
    query = query.where(*in_period(MeetingOrganisation.meeting_date, filters))
    return query


def _pledges_of(filters: Filters, organisation_id: int) -> list:
    return [Pledge.organisation_id == organisation_id, cleared(Pledge, int(filters.clearance))]


def relationship_numbers(session: Session, filters: Filters, organisation_id: int,
                         today: dt.date | None = None) -> pd.DataFrame:
    """The relationship in figures: meetings, first and last met, agreements, pledges by state."""
    today = today or dt.date.today()
    met = (sa.select(MeetingOrganisation.meeting_date)
            .where(MeetingOrganisation.meeting_id.in_(_meetings_of(filters, organisation_id)),
                   MeetingOrganisation.organisation_id == organisation_id,
                   held(MeetingOrganisation.meeting_status)).subquery())
    meetings, first, last, recent = session.execute(sa.select(
        sa.func.count(), sa.func.min(met.c.meeting_date), sa.func.max(met.c.meeting_date),
        sa.func.count().filter(met.c.meeting_date > today - dt.timedelta(days=365)))).one()
    agreements = session.execute(
        sa.select(sa.func.count()).select_from(AgreementParty)
        .join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .where(AgreementParty.organisation_id == organisation_id,
               cleared(Agreement, int(filters.clearance)))).scalar_one()
    by_status = dict(session.execute(
        sa.select(Pledge.status, sa.func.count()).where(*_pledges_of(filters, organisation_id))
        .group_by(Pledge.status)).all())
    counts = {value_of(k): v for k, v in by_status.items()}
    late, done = session.execute(sa.select(
        sa.func.count().filter(overdue(today)), sa.func.count().filter(delivered()))
        .where(*_pledges_of(filters, organisation_id))).one()
    never = gettext("never")
    rows = [(gettext("Meetings held"), meetings), (gettext("In the last 12 months"), recent),
            (gettext("First met"), format_short_date(first) if first else never),
            (gettext("Last met"), format_short_date(last) if last else never),
            (gettext("Agreements"), agreements), (gettext("Pledges"), sum(counts.values())),
            (gettext("Open pledges"), sum(counts.get(s, 0) for s in OPEN_VALUES)),
            (gettext("Delivered"), done), (gettext("Overdue"), late)]
    return pd.DataFrame(rows, columns=["figure", "value"])


def last_meetings(session: Session, filters: Filters, organisation_id: int, limit: int = 5) -> pd.DataFrame:
    """The latest meetings with them: date, title, who met whom with the titles held that day."""
    meetings = session.execute(
        sa.select(*meeting_row())
        .where(Meeting.id.in_(_meetings_of(filters, organisation_id)))
        .order_by(Meeting.date.desc(), Meeting.id.desc()).limit(limit)).all()
    people = people_by_side(session, [m.id for m in meetings])
    return pd.DataFrame(
        [{**row_values(m), "our_side": "; ".join(people.get((m.id, True), [])),
          "their_side": "; ".join(people.get((m.id, False), []))} for m in meetings],
        columns=["date", "title", "status", "our_side", "their_side"])


def organisation_agreements(session: Session, filters: Filters, organisation_id: int) -> pd.DataFrame:
    """Agreements they are a party to, newest first."""
    rows = session.execute(
        sa.select(Agreement.signed_on, Agreement.title, Agreement.kind, Agreement.status)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .where(AgreementParty.organisation_id == organisation_id,
               cleared(Agreement, int(filters.clearance)))
        .order_by(Agreement.signed_on.desc().nulls_last(), Agreement.id.desc())).all()
    return pd.DataFrame([{"signed_on": r.signed_on, "title": r.title, "kind": value_of(r.kind),
                          "status": value_of(r.status)} for r in rows],
                        columns=["signed_on", "title", "kind", "status"])


def _latest_notes(session: Session, pledge_ids: list[int]) -> dict[int, str]:
    latest = (sa.select(PledgeProgress.pledge_id, sa.func.max(PledgeProgress.id).label("id"))
              .where(PledgeProgress.pledge_id.in_(pledge_ids)).group_by(PledgeProgress.pledge_id).subquery())
    return dict(session.execute(sa.select(PledgeProgress.pledge_id, PledgeProgress.note)
                                .join(latest, latest.c.id == PledgeProgress.id)).all())


def open_pledges(session: Session, filters: Filters, organisation_id: int,
                 today: dt.date | None = None) -> pd.DataFrame:
    """Their open pledges with the last update, flagged overdue (target passed) or silent (no news)."""
    today = today or dt.date.today()
    rows = session.execute(
        sa.select(Pledge.id, CooperationArea.name.label("area"), Pledge.text, Pledge.made_on,
                  Pledge.target_date, Pledge.status, Pledge.last_update_on, Pledge.confidentiality)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(*_pledges_of(filters, organisation_id), is_open())
        .order_by(Pledge.target_date.nulls_last(), Pledge.made_on, Pledge.id)).all()
    notes = _latest_notes(session, [r.id for r in rows])
    records = []
    for r in rows:
        records.append({
            "area": r.area, "text": r.text or "", "made_on": r.made_on, "target_date": r.target_date,
            "status": value_of(r.status), "last_update_on": r.last_update_on,
            "last_update": notes.get(r.id) or "", "overdue": is_overdue(r.status, r.target_date, today),
            "silent": is_silent(r.status, r.last_update_on, r.made_on, today),
            "id": r.id, "confidentiality": int(r.confidentiality)})
    return pd.DataFrame(records, columns=["area", "text", "made_on", "target_date", "status",
                                          "last_update_on", "last_update", "overdue", "silent", "id",
                                          "confidentiality"])


def topics_raised(session: Session, filters: Filters, organisation_id: int, limit: int = 10) -> pd.DataFrame:
    """The topics most often discussed in meetings with them."""
    count = sa.func.count().label("meetings")
    rows = session.execute(
        sa.select(Topic.name.label("topic"), count)
        .join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
        .where(MeetingTopic.meeting_id.in_(_meetings_of(filters, organisation_id)))
        .group_by(Topic.name).order_by(count.desc(), Topic.name).limit(limit)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=["topic", "meetings"])


def points_to_raise(pledges: pd.DataFrame) -> list[str]:
    """Talking points from overdue, stalled and silent pledges (most pressing first)."""
    return [text for _, text, _ in pledge_points(pledges)]


def points_with_pledges(session: Session, filters: Filters, organisation_id: int,
                        today: dt.date | None = None, name_area=None) -> pd.DataFrame:
    """The briefing's points to raise with the pledge each is about and its level (so a page can
    offer "add as action" on it). ``name_area`` writes an area's name in the reader's language
    (the taxonomy's, which sits above the queries)."""
    pledges = open_pledges(session, filters, organisation_id, today=today)
    if name_area is not None:
        pledges = pledges.assign(area=pledges["area"].map(name_area))
    return pd.DataFrame(pledge_points(pledges), columns=["pledge_id", "point", "confidentiality"])


def pledge_points(pledges: pd.DataFrame) -> list[tuple[int, str, int]]:
    """(pledge id, talking point, level) for overdue, stalled and silent pledges, most pressing first."""
    points = []
    for _, p in pledges.iterrows():
        what = (gettext("{area}: {pledge}").format(area=p["area"], pledge=p["text"]) if p["text"]
                else p["area"])
        stalled = p["status"] == PledgeStatus.STALLED.value
        if p["overdue"] and stalled:
            text = (0, gettext("Stalled and overdue since {date}: {pledge}. Ask what is blocking it "
                               "and for a new date.").format(date=format_short_date(p["target_date"]),
                                                             pledge=what))
        elif p["overdue"]:
            text = (0, gettext("Overdue since {date}: {pledge}. Ask for a new date.").format(
                date=format_short_date(p["target_date"]), pledge=what))
        elif stalled:
            text = (1, gettext("Stalled: {pledge}. Ask what is blocking it and what we can do.")
                    .format(pledge=what))
        elif p["silent"]:
            since = p["last_update_on"] or p["made_on"]
            text = (2, gettext("No news since {date}: {pledge}. Ask for an update.").format(
                date=format_short_date(since), pledge=what))
        else:
            continue
        points.append((*text, int(p["id"]), int(p["confidentiality"])))
    return [(pledge_id, text, level)
            for _, text, pledge_id, level in sorted(points, key=lambda item: item[0])]


def organisation_choices(session: Session, filters: Filters) -> pd.DataFrame:
    """Organisations met in meetings the reader may see (for a picker), most met first."""
    count = sa.func.count().label("meetings")
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, count)
        .join(MeetingOrganisation, MeetingOrganisation.organisation_id == Organisation.id)
        .where(cleared(MeetingOrganisation, int(filters.clearance)))
        .group_by(Organisation.id, Organisation.name, Organisation.local_name)
        .order_by(count.desc(), Organisation.name).limit(2000)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=["id", "name", "local_name", "meetings"])
