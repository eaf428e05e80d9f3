"""Enterprise and official profiles: one entity's whole history (every period, within the
reader's clearance): meetings on a timeline, people met on both sides with the titles they held
that day, agreements, pledges with their updates, and topics over time.

Each section is one SQL statement over "the meetings of this entity": the meeting × organisation
read model for an organisation, participation for a person.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, organisation_visible, person_visible
from tracker.definitions import held, overdue, silent
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    PledgeProgress,
    Position,
    Topic,
)
from tracker.models.text import normalise_key
from tracker.queries.enterprise_counts import year_of
from tracker.queries.filters import Filters
from tracker.queries.frames import frame, shown_names
from tracker.queries.meeting_rows import ORGANISATIONS, meeting_row, organisation_names, party_names
from tracker.queries.overview import top_enterprises, top_officials
from tracker.queries.report_data import local_names

ENTITY_KINDS = ("organisation", "person")
TIMELINE_COLUMNS = ["meeting_id", "date", "title", "kind", "status", "place", ORGANISATIONS]


def _seen(kind: str, entity, filters: Filters, *, held_only: bool = True) -> tuple:
    """The link rows (meeting × organisation, or participation) of one organisation or person
    (``entity``: an id, or the column of an enclosing query) the reader may see: the table and
    the conditions on it, held meetings only unless ``held_only`` is False."""
    if kind == "organisation":
        link, of_entity = MeetingOrganisation, MeetingOrganisation.organisation_id == entity
    elif kind == "person":
        link, of_entity = Participation, Participation.person_id == entity
    else:
        raise ValueError(f"profile kind is one of {ENTITY_KINDS}")
    only_held = [held(link.meeting_status)] if held_only else []
    return link, [of_entity, cleared(link, int(filters.clearance)), *only_held]


def _meeting_ids(kind: str, entity_id: int, filters: Filters, *, held_only: bool = True):
    """The visible (held, unless ``held_only`` is False) meetings of one organisation or person."""
    link, conditions = _seen(kind, entity_id, filters, held_only=held_only)
    return sa.select(link.meeting_id).where(*conditions)


def _met(kind: str, entity_id: int, filters: Filters):
    """A card's summary of the entity's held meetings: first, last, how many (one-row subquery)."""
    link, conditions = _seen(kind, entity_id, filters)
    return (sa.select(sa.func.min(link.meeting_date), sa.func.max(link.meeting_date), sa.func.count())
            .where(*conditions).subquery())


def _held_meetings(kind: str, entity_column, filters: Filters):
    """How many held meetings the enclosing query's organisation or person had (``entity_column``:
    its id column), as a search result ranks them."""
    _, conditions = _seen(kind, entity_column, filters)
    return sa.select(sa.func.count()).where(*conditions).correlate(entity_column.table).scalar_subquery()


def organisation_card(session: Session, filters: Filters, organisation_id: int) -> pd.DataFrame:
    """One row: name, local name, kind, sector, region, website, first and last meeting, meetings
    held; empty when the organisation does not exist."""
    stats = _met("organisation", organisation_id, filters)
    statement = (
        sa.select(
            Organisation.id,
            Organisation.name,
            Organisation.local_name,
            Organisation.kind,
            Organisation.sector,
            Organisation.region,
            Organisation.website,
            *stats.c,
        )
        .select_from(Organisation)
        .join(stats, sa.true())
        .where(Organisation.id == organisation_id, organisation_visible(filters.clearance))
    )
    return frame(
        session,
        statement,
        [
            "organisation_id",
            "name",
            "local_name",
            "kind",
            "sector",
            "region",
            "website",
            "first_met",
            "last_met",
            "meetings",
        ],
    )


def person_card(session: Session, filters: Filters, person_id: int) -> pd.DataFrame:
    """One row: name, local name, latest position (title and organisation), first and last
    meeting, meetings held; empty when the person does not exist."""
    stats = _met("person", person_id, filters)
    latest = (
        sa.select(Position.title, Organisation.name.label("organisation"),
                  Organisation.local_name.label("organisation_local"))
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id == person_id, organisation_visible(filters.clearance))
        .order_by(Position.end_date.is_not(None), Position.start_date.desc(), Position.id.desc())
        .limit(1)
        .subquery()
    )
    statement = (
        sa.select(Person.id, Person.name, Person.local_name, latest.c.title, latest.c.organisation,
                  latest.c.organisation_local, *stats.c)
        .select_from(Person)
        .join(stats, sa.true())
        .outerjoin(latest, sa.true())
        .where(Person.id == person_id, person_visible(filters.clearance))
    )
    return shown_names(frame(
        session,
        statement,
        ["person_id", "name", "local_name", "title", "organisation", "organisation_local", "first_met",
         "last_met", "meetings"],
    ), "organisation", "organisation_local")


def timeline(session: Session, filters: Filters, kind: str, entity_id: int) -> pd.DataFrame:
    """Every visible meeting of the entity (planned and cancelled too), newest first, with the
    organisations present (each in the reader's language first, ``shown_name``, as the meeting
    lists show them). Columns: meeting_id, date, title, kind, status, place, organisations."""
    meetings = _meeting_ids(kind, entity_id, filters, held_only=False)
    statement = (
        sa.select(*meeting_row(only=("id", "date", "title", "kind", "status", "place")))
        .where(Meeting.id.in_(meetings))
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    )
    rows = frame(session, statement, TIMELINE_COLUMNS[:-1])
    names = organisation_names(session, meetings)
    return rows.assign(**{ORGANISATIONS: [", ".join(names.get(int(i), ())) or None
                                          for i in rows["meeting_id"]]})


def people_met(session: Session, filters: Filters, kind: str, entity_id: int) -> pd.DataFrame:
    """Everyone at the entity's meetings (both sides), with the title and organisation they held
    at the time; one row per person × title × organisation × side.
    Columns: person_id, name, title, organisation, side, meetings, first_met, last_met."""
    p = Participation
    conditions = [p.meeting_id.in_(_meeting_ids(kind, entity_id, filters))]
    if kind == "person":
        conditions.append(p.person_id != entity_id)
    statement = (
        sa.select(
            p.person_id,
            Person.name,
            Person.local_name,
            p.title,
            Organisation.name,
            Organisation.local_name,
            p.side,
            sa.func.count(),
            sa.func.min(p.meeting_date),
            sa.func.max(p.meeting_date),
        )
        .join(Person, Person.id == p.person_id)
        .outerjoin(Organisation, Organisation.id == p.organisation_id)
        .where(*conditions)
        .group_by(p.person_id, Person.name, Person.local_name, p.title, Organisation.name,
                  Organisation.local_name, p.side)
        .order_by(p.side, sa.func.count().desc(), Person.name)
    )
    rows = frame(session, statement, ["person_id", "name", "local_name", "title", "organisation",
                                      "organisation_local", "side", "meetings", "first_met", "last_met"])
    return shown_names(shown_names(rows), "organisation", "organisation_local")


def organisations_met(session: Session, filters: Filters, person_id: int) -> pd.DataFrame:
    """For an official: the organisations at their meetings. Columns: organisation_id, name,
    kind, meetings, last_met."""
    mo = MeetingOrganisation
    statement = (
        sa.select(
            Organisation.id,
            Organisation.name,
            Organisation.local_name,
            Organisation.kind,
            sa.func.count(),
            sa.func.max(mo.meeting_date),
        )
        .join(mo, mo.organisation_id == Organisation.id)
        .where(mo.meeting_id.in_(_meeting_ids("person", person_id, filters)))
        .group_by(Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind)
        .order_by(sa.func.count().desc(), Organisation.name)
    )
    return shown_names(frame(session, statement, ["organisation_id", "name", "local_name", "kind", "meetings",
                                                  "last_met"]))


def agreements(session: Session, filters: Filters, kind: str, entity_id: int) -> pd.DataFrame:
    """Agreements the organisation is a party to, or signed at the official's meetings (or by
    them). Columns: agreement_id, signed_on, title, kind, status, parties, confidentiality."""
    if kind == "organisation":
        linked = Agreement.id.in_(
            sa.select(AgreementParty.agreement_id).where(AgreementParty.organisation_id == entity_id)
        )
    else:
        linked = sa.or_(
            Agreement.meeting_id.in_(_meeting_ids(kind, entity_id, filters)),
            Agreement.id.in_(
                sa.select(AgreementParty.agreement_id).where(AgreementParty.signatory_person_id == entity_id)
            ),
        )
    statement = (
        sa.select(Agreement.id, Agreement.signed_on, Agreement.title, Agreement.kind, Agreement.status,
                  Agreement.confidentiality)
        .where(linked, cleared(Agreement, int(filters.clearance)))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc())
    )
    rows = frame(session, statement,
                 ["agreement_id", "signed_on", "title", "kind", "status", "confidentiality"])
    parties = party_names(session, [int(i) for i in rows["agreement_id"]])
    rows.insert(5, "parties", [", ".join(parties.get(int(i), ())) or None for i in rows["agreement_id"]])
    return rows


def pledges(session: Session, filters: Filters, kind: str, entity_id: int,
            today: dt.date | None = None) -> pd.DataFrame:
    """Pledges by the organisation, or made at the official's meetings, with their latest update
    and whether each is overdue or silent (``tracker.definitions``). Columns: pledge_id,
    organisation, area, text, made_on, target_date, status, updates, last_update_on, latest_note,
    overdue, silent."""
    today = today or dt.date.today()
    linked = (
        Pledge.organisation_id == entity_id
        if kind == "organisation"
        else Pledge.meeting_id.in_(_meeting_ids(kind, entity_id, filters))
    )
    latest_note = (
        sa.select(PledgeProgress.note)
        .where(PledgeProgress.pledge_id == Pledge.id)
        .order_by(PledgeProgress.on.desc(), PledgeProgress.id.desc())
        .limit(1)
        .correlate(Pledge)
        .scalar_subquery()
    )
    updates = (
        sa.select(sa.func.count())
        .select_from(PledgeProgress)
        .where(PledgeProgress.pledge_id == Pledge.id)
        .correlate(Pledge)
        .scalar_subquery()
    )
    statement = (
        sa.select(
            Pledge.id,
            Organisation.name,
            Organisation.local_name,
            CooperationArea.name,
            Pledge.text,
            Pledge.made_on,
            Pledge.target_date,
            Pledge.status,
            updates,
            Pledge.last_update_on,
            latest_note,
            sa.case((overdue(today), True), else_=False),
            sa.case((silent(today), True), else_=False),
        )
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(linked, cleared(Pledge, int(filters.clearance)))
        .order_by(Pledge.made_on.desc(), Pledge.id.desc())
    )
    return shown_names(frame(
        session,
        statement,
        [
            "pledge_id",
            "organisation",
            "organisation_local",
            "area",
            "text",
            "made_on",
            "target_date",
            "status",
            "updates",
            "last_update_on",
            "latest_note",
            "overdue",
            "silent",
        ],
    ), "organisation", "organisation_local")


def pledge_updates(session: Session, filters: Filters, kind: str, entity_id: int) -> pd.DataFrame:
    """Every dated progress update on the entity's pledges, newest first.
    Columns: pledge_id, area, on, status, note."""
    linked = (
        Pledge.organisation_id == entity_id
        if kind == "organisation"
        else Pledge.meeting_id.in_(_meeting_ids(kind, entity_id, filters))
    )
    statement = (
        sa.select(
            Pledge.id, CooperationArea.name, PledgeProgress.on, PledgeProgress.status, PledgeProgress.note
        )
        .join(Pledge, Pledge.id == PledgeProgress.pledge_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(linked, cleared(Pledge, int(filters.clearance)))
        .order_by(PledgeProgress.on.desc(), PledgeProgress.id.desc())
    )
    return frame(session, statement, ["pledge_id", "area", "on", "status", "note"])


def topics_over_time(session: Session, filters: Filters, kind: str, entity_id: int) -> pd.DataFrame:
    """Topics discussed at the entity's held meetings, per year. Columns: year, topic, meetings."""
    year = year_of(session, Meeting.date).label("year")
    statement = (
        sa.select(year, Topic.name, sa.func.count())
        .select_from(MeetingTopic)
        .join(Meeting, Meeting.id == MeetingTopic.meeting_id)
        .join(Topic, Topic.id == MeetingTopic.topic_id)
        .where(Meeting.id.in_(_meeting_ids(kind, entity_id, filters)), held(Meeting.status))
        .group_by(year, Topic.name)
        .order_by(year, sa.func.count().desc(), Topic.name)
    )
    return frame(session, statement, ["year", "topic", "meetings"])


def most_met(session: Session, filters: Filters, kind: str, limit: int = 500) -> pd.DataFrame:
    """A profile picker's list before anything is typed: the enterprises (``kind`` "organisation")
    or officials ("person") with the most held meetings, named in the reader's language first.
    Columns: organisation_id or person_id, name, meetings, last_met (and an enterprise's sector)."""
    if kind == "organisation":
        rows, model, id_column = top_enterprises(session, filters, limit), Organisation, "organisation_id"
    else:
        rows, model, id_column = top_officials(session, filters, limit), Person, "person_id"
    local = local_names(session, model, rows[id_column])
    return shown_names(rows.assign(local_name=[local.get(int(i)) for i in rows[id_column]]))


def find_organisations(session: Session, filters: Filters, text: str, limit: int = 50) -> pd.DataFrame:
    """Organisations whose name, local-script name or an alias contains ``text`` (any case), most
    met first, so a leader can open a profile by typing part of a name. Columns: organisation_id,
    name, meetings."""
    key = f"%{normalise_key(text)}%"
    meetings = _held_meetings("organisation", Organisation.id, filters)
    statement = (
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, meetings.label("meetings"))
        .where(
            sa.or_(
                Organisation.name_key.like(key),
                Organisation.local_name.like(f"%{text.strip()}%"),
                Organisation.id.in_(
                    sa.select(OrganisationAlias.organisation_id).where(OrganisationAlias.alias_key.like(key))
                ),
            ),
            organisation_visible(filters.clearance),
        )
        .order_by(sa.desc("meetings"), Organisation.name)
        .limit(limit)
    )
    return shown_names(frame(session, statement, ["organisation_id", "name", "local_name", "meetings"]))


def find_people(session: Session, filters: Filters, text: str, limit: int = 50) -> pd.DataFrame:
    """People whose name, local-script name or an alias contains ``text``, most met first.
    Columns: person_id, name, meetings."""
    key = f"%{normalise_key(text)}%"
    meetings = _held_meetings("person", Person.id, filters)
    statement = (
        sa.select(Person.id, Person.name, Person.local_name, meetings.label("meetings"))
        .where(
            sa.or_(
                Person.name_key.like(key),
                Person.local_name.like(f"%{text.strip()}%"),
                Person.id.in_(sa.select(PersonAlias.person_id).where(PersonAlias.alias_key.like(key))),
            ),
            person_visible(filters.clearance),
        )
        .order_by(sa.desc("meetings"), Person.name)
        .limit(limit)
    )
    return shown_names(frame(session, statement, ["person_id", "name", "local_name", "meetings"]))
