"""Directory lists: organisations and people, searched by any of their names, paged in SQL.

Meeting counts come from the read-model tables (``meeting_organisation``, ``participation``) with
the reader's clearance applied, so a meeting above it is neither shown nor counted.
Profiles of one record live in ``tracker.queries.profiles``.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.matching import has_cjk, pinyin
from tracker.models import (
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Participation,
    Person,
    PersonAlias,
    Position,
)
from tracker.models.text import normalise_key
from tracker.queries.filters import Filters

ORGANISATION_COLUMNS = ["id", "name", "local_name", "kind", "sector", "region", "meetings",
                        "last_meeting"]
PERSON_COLUMNS = ["id", "name", "local_name", "title", "organisation", "meetings", "last_meeting"]


def search_terms(text: str, *, person: bool) -> list[str]:
    """The lower-cased forms a search box entry is looked up by: as typed, and its pinyin."""
    text = (text or "").strip()
    if not text:
        return []
    terms = [normalise_key(text)]
    if has_cjk(text):
        terms.append(pinyin(text, person=person))
    return list(dict.fromkeys(t for t in terms if t))


def _name_condition(text: str, *, person: bool):
    """A WHERE clause matching the name, local-script name or any alias (substring, any case)."""
    model, alias_model, owner = ((Person, PersonAlias, PersonAlias.person_id) if person else
                                 (Organisation, OrganisationAlias, OrganisationAlias.organisation_id))
    clauses = []
    for term in search_terms(text, person=person):
        clauses.append(model.name_key.contains(term, autoescape=True))
        clauses.append(model.local_name.contains(term, autoescape=True))
        clauses.append(sa.exists().where(owner == model.id,
                                         alias_model.alias_key.contains(term, autoescape=True)))
    return sa.or_(*clauses) if clauses else sa.true()


def _enum_value(value):
    return getattr(value, "value", value)


def organisation_conditions(filters: Filters, search: str = "") -> list:
    conditions = [_name_condition(search, person=False)]
    if filters.organisation_kinds:
        conditions.append(Organisation.kind.in_([OrganisationKind(k) for k in filters.organisation_kinds]))
    if filters.sectors:
        conditions.append(Organisation.sector.in_(list(filters.sectors)))
    if filters.regions:
        conditions.append(Organisation.region.in_(list(filters.regions)))
    if filters.organisation_ids:
        conditions.append(Organisation.id.in_(list(filters.organisation_ids)))
    return conditions


def _organisation_meeting_counts(filters: Filters):
    """Subquery: organisation id → meetings the reader may see (within the period), last date."""
    query = (sa.select(MeetingOrganisation.organisation_id.label("organisation_id"),
                       sa.func.count().label("meetings"),
                       sa.func.max(MeetingOrganisation.meeting_date).label("last_meeting"))
             .where(MeetingOrganisation.confidentiality <= int(filters.clearance)))
    if filters.start:
        query = query.where(MeetingOrganisation.meeting_date >= filters.start)
    if filters.end:
        query = query.where(MeetingOrganisation.meeting_date <= filters.end)
    return query.group_by(MeetingOrganisation.organisation_id).subquery()


def list_organisations(session: Session, filters: Filters, *, search: str = "", order: str = "name",
                       limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of organisations matching ``search`` and the filters, and how many match in all.

    ``order`` is ``"name"`` or ``"meetings"`` (most met first).
    """
    conditions = organisation_conditions(filters, search)
    total = session.execute(sa.select(sa.func.count()).select_from(Organisation)
                            .where(*conditions)).scalar_one()
    counts = _organisation_meeting_counts(filters)
    meetings = sa.func.coalesce(counts.c.meetings, 0)
    ordering = [meetings.desc(), Organisation.name_key] if order == "meetings" else [Organisation.name_key]
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind,
                  Organisation.sector, Organisation.region, meetings.label("meetings"),
                  counts.c.last_meeting)
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .where(*conditions).order_by(*ordering, Organisation.id).limit(limit).offset(offset)).all()
    frame = pd.DataFrame([{**row._mapping, "kind": _enum_value(row.kind)} for row in rows],
                         columns=ORGANISATION_COLUMNS)
    return frame, int(total)


def person_conditions(search: str = "", organisation_id: int | None = None) -> list:
    conditions = [_name_condition(search, person=True)]
    if organisation_id is not None:
        conditions.append(sa.exists().where(Position.person_id == Person.id,
                                            Position.organisation_id == organisation_id))
    return conditions


def _current_positions(session: Session, person_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Person id → (title, organisation) of the open position that started last."""
    if not person_ids:
        return {}
    rows = session.execute(
        sa.select(Position.person_id, Position.title, Organisation.name, Position.start_date,
                  Position.end_date)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id.in_(person_ids))).all()
    best: dict[int, tuple] = {}
    for row in rows:
        rank = (row.end_date is None, row.end_date or row.start_date or pd.Timestamp.min.date(),
                row.start_date or pd.Timestamp.min.date())
        if row.person_id not in best or rank > best[row.person_id][0]:
            best[row.person_id] = (rank, row.title, row.name)
    return {pid: (title, org) for pid, (_rank, title, org) in best.items()}


def list_people(session: Session, filters: Filters, *, search: str = "",
                organisation_id: int | None = None, order: str = "name", limit: int = 50,
                offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of people matching ``search`` (and holding a position at ``organisation_id``)."""
    conditions = person_conditions(search, organisation_id)
    total = session.execute(sa.select(sa.func.count()).select_from(Person).where(*conditions)).scalar_one()
    counts_query = (sa.select(Participation.person_id.label("person_id"),
                              sa.func.count().label("meetings"),
                              sa.func.max(Participation.meeting_date).label("last_meeting"))
                    .where(Participation.confidentiality <= int(filters.clearance)))
    if filters.start:
        counts_query = counts_query.where(Participation.meeting_date >= filters.start)
    if filters.end:
        counts_query = counts_query.where(Participation.meeting_date <= filters.end)
    counts = counts_query.group_by(Participation.person_id).subquery()
    meetings = sa.func.coalesce(counts.c.meetings, 0)
    ordering = [meetings.desc(), Person.name_key] if order == "meetings" else [Person.name_key]
    rows = session.execute(
        sa.select(Person.id, Person.name, Person.local_name, meetings.label("meetings"),
                  counts.c.last_meeting)
        .outerjoin(counts, counts.c.person_id == Person.id)
        .where(*conditions).order_by(*ordering, Person.id).limit(limit).offset(offset)).all()
    positions = _current_positions(session, [row.id for row in rows])
    frame = pd.DataFrame(
        [{**row._mapping, "title": positions.get(row.id, (None, None))[0],
          "organisation": positions.get(row.id, (None, None))[1]} for row in rows],
        columns=PERSON_COLUMNS)
    return frame, int(total)


def organisation_choices(session: Session, *, search: str = "", limit: int = 30,
                         include_ids: tuple[int, ...] = ()) -> pd.DataFrame:
    """Organisations for a picker: those matching ``search`` plus ``include_ids`` (id, name)."""
    rows = session.execute(sa.select(Organisation.id, Organisation.name)
                           .where(_name_condition(search, person=False))
                           .order_by(Organisation.name_key, Organisation.id).limit(limit)).all()
    if include_ids:
        rows += session.execute(sa.select(Organisation.id, Organisation.name)
                                .where(Organisation.id.in_(list(include_ids)))).all()
    frame = pd.DataFrame([dict(row._mapping) for row in rows], columns=["id", "name"])
    return frame.drop_duplicates("id").reset_index(drop=True)


def directory_facets(session: Session) -> dict[str, list[str]]:
    """Distinct sectors and regions in use, for filter pickers."""
    sectors = session.execute(sa.select(Organisation.sector).where(Organisation.sector.is_not(None))
                              .distinct().order_by(Organisation.sector)).scalars().all()
    regions = session.execute(sa.select(Organisation.region).where(Organisation.region.is_not(None))
                              .distinct().order_by(Organisation.region)).scalars().all()
    return {"sectors": list(sectors), "regions": list(regions)}
