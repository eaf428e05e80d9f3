"""Directory lists: organisations and people, searched by any of their names, paged in SQL.

Meeting counts come from the read-model tables (``meeting_organisation``, ``participation``) with
the reader's clearance applied, so a meeting above it is neither shown nor counted.
Profiles of one record live in ``tracker.queries.profiles``.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, organisation_visible, person_visible, visible_organisation_values
from tracker.i18n import CHINESE, current_language, display_name
from tracker.matching import has_cjk, pinyin
from tracker.models import (
    Confidentiality,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Position,
)
from tracker.models.text import normalise_key
from tracker.queries.filter_sql import in_period
from tracker.queries.filter_sql import organisation_conditions as filters_on_organisation
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import shown_name

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
        clauses.append(model.search_key.contains(term, autoescape=True))
        clauses.append(sa.exists().where(owner == model.id,
                                         alias_model.alias_key.contains(term, autoescape=True)))
    return sa.or_(*clauses) if clauses else sa.true()


def name_order(model):
    """The order a directory lists ``model`` (Person or Organisation) in: alphabetical by name in
    English; in Chinese by the pinyin of the Chinese name, which is what a Chinese reader sees first
    (``display_name``), among the other names alphabetically. The pinyin is the stored
    ``search_key`` (``tracker.read_model.names``), so the order is SQL's and pages stay pages."""
    if current_language() == CHINESE:
        return sa.func.coalesce(sa.func.nullif(model.search_key, ""), model.name_key)
    return model.name_key


def organisation_conditions(filters: Filters, search: str = "") -> list:
    return [_name_condition(search, person=False), organisation_visible(filters.clearance),
            *filters_on_organisation(filters)]


def _meeting_counts(filters: Filters, *, person: bool, ids: list[int] | None = None):
    """Query: record id → meetings the reader may see (within the period) and the last date.

    With ``ids`` only those records are counted (one page: fast); without, all of them (needed
    to order by meetings). At full clearance the confidentiality test is left out, so the count
    reads a covering index instead of every row.
    """
    table, owner = ((Participation, Participation.person_id) if person else
                    (MeetingOrganisation, MeetingOrganisation.organisation_id))
    query = sa.select(owner.label("owner_id"), sa.func.count().label("meetings"),
                      sa.func.max(table.meeting_date).label("last_meeting"))
    if filters.clearance < Confidentiality.SECRET:
        query = query.where(cleared(table, int(filters.clearance)))
    query = query.where(*in_period(table.meeting_date, filters))
    if ids is not None:
        query = query.where(owner.in_(ids))
    return query.group_by(owner)


def _page(session: Session, filters: Filters, model, columns: list, conditions: list, *, person: bool,
          order: str, limit: int, offset: int) -> list[dict]:
    """One page of rows with their meeting counts, ordered by name or by meetings (most first)."""
    if order == "meetings":
        counts = _meeting_counts(filters, person=person).subquery()
        meetings = sa.func.coalesce(counts.c.meetings, 0)
        rows = session.execute(
            sa.select(*columns, meetings.label("meetings"), counts.c.last_meeting)
            .outerjoin(counts, counts.c.owner_id == model.id).where(*conditions)
            .order_by(meetings.desc(), name_order(model), model.id).limit(limit).offset(offset)).all()
        return [dict(row._mapping) for row in rows]
    rows = session.execute(sa.select(*columns).where(*conditions)
                           .order_by(name_order(model), model.id).limit(limit).offset(offset)).all()
    ids = [row.id for row in rows]
    counts = {row.owner_id: row for row in session.execute(
        _meeting_counts(filters, person=person, ids=ids))} if ids else {}
    return [{**row._mapping, "meetings": counts[row.id].meetings if row.id in counts else 0,
             "last_meeting": counts[row.id].last_meeting if row.id in counts else None}
            for row in rows]


def list_organisations(session: Session, filters: Filters, *, search: str = "", order: str = "name",
                       limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of organisations matching ``search`` and the filters, and how many match in all.

    ``order`` is ``"name"`` or ``"meetings"`` (most met first).
    """
    conditions = organisation_conditions(filters, search)
    total = session.execute(sa.select(sa.func.count()).select_from(Organisation)
                            .where(*conditions)).scalar_one()
    rows = _page(session, filters, Organisation,
                 [Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind,
                  Organisation.sector, Organisation.region], conditions, person=False, order=order,
                 limit=limit, offset=offset)
    frame = pd.DataFrame([{**row, "kind": value_of(row["kind"])} for row in rows],
                         columns=ORGANISATION_COLUMNS)
    return frame, int(total)


def person_conditions(clearance, search: str = "", organisation_id: int | None = None) -> list:
    conditions = [_name_condition(search, person=True), person_visible(clearance)]
    if organisation_id is not None:
        conditions.append(sa.exists().where(Position.person_id == Person.id,
                                            Position.organisation_id == organisation_id))
    return conditions


def _current_positions(session: Session, person_ids: list[int], clearance) -> dict[int, tuple[str, str]]:
    """Person id → (title, organisation) of the open position that started last, at an
    organisation the reader may know of; its name as lists show it (``shown_name``)."""
    if not person_ids:
        return {}
    rows = session.execute(
        sa.select(Position.person_id, Position.title, Organisation.name, Organisation.local_name,
                  Position.start_date, Position.end_date)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id.in_(person_ids), organisation_visible(clearance))).all()
    best: dict[int, tuple] = {}
    for row in rows:
        rank = (row.end_date is None, row.end_date or row.start_date or pd.Timestamp.min.date(),
                row.start_date or pd.Timestamp.min.date())
        if row.person_id not in best or rank > best[row.person_id][0]:
            best[row.person_id] = (rank, row.title, shown_name(row.name, row.local_name))
    return {pid: (title, org) for pid, (_rank, title, org) in best.items()}


def list_people(session: Session, filters: Filters, *, search: str = "",
                organisation_id: int | None = None, order: str = "name", limit: int = 50,
                offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of people matching ``search`` (and holding a position at ``organisation_id``)."""
    conditions = person_conditions(filters.clearance, search, organisation_id)
    total = session.execute(sa.select(sa.func.count()).select_from(Person).where(*conditions)).scalar_one()
    rows = _page(session, filters, Person, [Person.id, Person.name, Person.local_name], conditions,
                 person=True, order=order, limit=limit, offset=offset)
    positions = _current_positions(session, [row["id"] for row in rows], filters.clearance)
    frame = pd.DataFrame(
        [{**row, "title": positions.get(row["id"], (None, None))[0],
          "organisation": positions.get(row["id"], (None, None))[1]} for row in rows],
        columns=PERSON_COLUMNS)
    return frame, int(total)


def _choices(session: Session, model, visible, *, search: str, limit: int,
             include_ids: tuple[int, ...]) -> pd.DataFrame:
    """``model`` rows (Person or Organisation) for a picker: those matching ``search`` plus
    ``include_ids``, all of them ``visible``; id and name in the reader's language first."""
    columns = (model.id, model.name, model.local_name)
    rows = session.execute(sa.select(*columns).where(_name_condition(search, person=model is Person), visible)
                           .order_by(name_order(model), model.id).limit(limit)).all()
    if include_ids:
        rows += session.execute(sa.select(*columns).where(model.id.in_(list(include_ids)), visible)).all()
    # A person by both names in either language; an organisation as lists show it (腾讯 (Tencent) in Chinese).
    shown = display_name if model is Person else shown_name
    frame = pd.DataFrame([{"id": row.id, "name": shown(row.name, row.local_name)} for row in rows],
                         columns=["id", "name"])
    return frame.drop_duplicates("id").reset_index(drop=True)


def organisation_choices(session: Session, *, clearance: Confidentiality, search: str = "", limit: int = 30,
                         include_ids: tuple[int, ...] = ()) -> pd.DataFrame:
    """Organisations a reader at ``clearance`` may know of for a picker: those matching ``search``
    plus ``include_ids`` (id, name)."""
    return _choices(session, Organisation, organisation_visible(clearance), search=search, limit=limit,
                    include_ids=include_ids)


def person_choices(session: Session, *, clearance: Confidentiality, search: str = "", limit: int = 30,
                   include_ids: tuple[int, ...] = ()) -> pd.DataFrame:
    """People a reader at ``clearance`` may know of for a picker: those matching ``search`` plus
    ``include_ids`` (id, name as the reader's language writes it)."""
    return _choices(session, Person, person_visible(clearance), search=search, limit=limit,
                    include_ids=include_ids)


def directory_facets(session: Session, *, clearance: Confidentiality) -> dict[str, list[str]]:
    """Distinct sectors and regions of the organisations a reader may know of, for filter pickers."""
    sectors = session.execute(visible_organisation_values(clearance)
                              .order_by(Organisation.sector)).scalars().all()
    regions = session.execute(visible_organisation_values(clearance, Organisation.region)
                              .order_by(Organisation.region)).scalars().all()
    return {"sectors": list(sectors), "regions": list(regions)}
