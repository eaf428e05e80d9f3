"""Reads the meeting form needs: choices (organisations, events, topics, areas) and people search.

People are found by any name: English name, Chinese characters, pinyin with or without spaces,
or an alias ("Pony Ma"); candidates come from SQL, ranked with ``tracker.matching``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import event_visible, organisation_visible, person_visible, topic_visible
from tracker.matching import fold, has_cjk, name_keys, pinyin, similarity
from tracker.models import (
    Confidentiality,
    CooperationArea,
    Event,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Position,
    Topic,
)

CANDIDATE_LIMIT = 200


def organisation_choices(session: Session, *, clearance: Confidentiality) -> pd.DataFrame:
    """Every organisation a reader at ``clearance`` may know of as id, name, local name and kind,
    by name (for pickers)."""
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind)
        .where(organisation_visible(clearance)).order_by(Organisation.name)
    ).all()
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": r.name,
                "local_name": r.local_name or "",
                "kind": getattr(r.kind, "value", r.kind),
            }
            for r in rows
        ],
        columns=["id", "name", "local_name", "kind"],
    )


def search_organisations(session: Session, query: str, *, clearance: Confidentiality,
                         limit: int = 30) -> list[int]:
    """Ids of organisations a reader at ``clearance`` may know of whose name, local name or alias
    contains ``query`` (by name)."""
    query = (query or "").strip()
    if not query:
        return []
    pattern = f"%{fold(query)}%"
    raw = f"%{query}%"
    alias_ids = sa.select(OrganisationAlias.organisation_id).where(
        sa.or_(OrganisationAlias.alias_key.like(pattern), OrganisationAlias.alias.like(raw))
    )
    return list(
        session.execute(
            sa.select(Organisation.id)
            .where(
                sa.or_(
                    Organisation.name_key.like(pattern),
                    Organisation.local_name.like(raw),
                    Organisation.id.in_(alias_ids),
                ),
                organisation_visible(clearance),
            )
            .order_by(Organisation.name)
            .limit(limit)
        ).scalars()
    )


def event_choices(session: Session, *, clearance: Confidentiality, on: dt.date | None = None) -> pd.DataFrame:
    """Events a reader at ``clearance`` may know of: those whose dates cover ``on`` (the
    meeting's date) first, then latest first."""
    order = [Event.start_date.desc().nulls_last(), Event.name]
    if on is not None:
        covers = sa.and_(Event.start_date <= on, sa.func.coalesce(Event.end_date, Event.start_date) >= on)
        order.insert(0, sa.case((covers, 0), else_=1))
    rows = session.execute(
        sa.select(Event.id, Event.name, Event.place, Event.start_date, Event.end_date)
        .where(event_visible(clearance)).order_by(*order)
    ).all()
    return pd.DataFrame(
        [dict(r._mapping) for r in rows], columns=["id", "name", "place", "start_date", "end_date"]
    )


def topic_choices(session: Session, *, clearance: Confidentiality) -> list[str]:
    """Topics a reader at ``clearance`` may know of, by name."""
    return list(session.execute(sa.select(Topic.name).where(topic_visible(clearance))
                                .order_by(Topic.name)).scalars())


def area_choices(session: Session) -> pd.DataFrame:
    """Cooperation areas with a "Parent › Child" label, parents before their children."""
    rows = session.execute(
        sa.select(CooperationArea.id, CooperationArea.name, CooperationArea.parent_id)
    ).all()
    by_id = {r.id: r for r in rows}

    def label(row) -> str:
        parts, seen = [row.name], {row.id}
        parent = by_id.get(row.parent_id)
        while parent is not None and parent.id not in seen:
            parts.insert(0, parent.name)
            seen.add(parent.id)
            parent = by_id.get(parent.parent_id)
        return " › ".join(parts)

    frame = pd.DataFrame(
        [{"id": r.id, "name": r.name, "label": label(r)} for r in rows], columns=["id", "name", "label"]
    )
    return frame.sort_values("label", ignore_index=True)


def _candidate_ids(session: Session, query: str, clearance: Confidentiality) -> list[int]:
    variants = {fold(query)}
    if has_cjk(query):
        variants.add(fold(pinyin(query, person=True)))
    patterns = set()
    for variant in variants:
        if variant:
            patterns.add(f"%{variant}%")
            patterns.add(f"%{variant.replace(' ', '')}%")
    raw = f"%{query.strip()}%"
    spaceless = sa.func.replace(Person.name_key, " ", "")
    alias_spaceless = sa.func.replace(PersonAlias.alias_key, " ", "")
    conditions = [Person.local_name.like(raw)]
    for variant in variants:  # words in any order: "Huateng Ma"
        if len(variant.split()) > 1:
            conditions.append(sa.and_(*[Person.name_key.like(f"%{w}%") for w in variant.split()]))
    conditions += [c for p in patterns for c in (Person.name_key.like(p), spaceless.like(p))]
    alias_conditions = [PersonAlias.alias.like(raw)]
    alias_conditions += [
        c for p in patterns for c in (PersonAlias.alias_key.like(p), alias_spaceless.like(p))
    ]
    ids = (
        session.execute(
            sa.union(
                sa.select(Person.id).where(sa.or_(*conditions), person_visible(clearance)),
                sa.select(PersonAlias.person_id).join(Person, Person.id == PersonAlias.person_id)
                .where(sa.or_(*alias_conditions), person_visible(clearance)),
            ).limit(CANDIDATE_LIMIT)
        )
        .scalars()
        .all()
    )
    return list(ids)


def search_people(session: Session, query: str, *, clearance: Confidentiality, on: dt.date | None = None,
                  limit: int = 8) -> pd.DataFrame:
    """People a reader at ``clearance`` may know of matching ``query`` by any name, best first,
    with the position held on ``on``."""
    columns = ["id", "name", "local_name", "aliases", "organisation_id", "organisation", "title", "score"]
    query = (query or "").strip()
    if len(query) < 1 or (len(query) < 2 and not has_cjk(query)):
        return pd.DataFrame(columns=columns)
    ids = _candidate_ids(session, query, clearance)
    if not ids:
        return pd.DataFrame(columns=columns)
    people = session.execute(
        sa.select(Person.id, Person.name, Person.local_name).where(Person.id.in_(ids))
    ).all()
    aliases: dict[int, list[str]] = {}
    for person_id, alias in session.execute(
        sa.select(PersonAlias.person_id, PersonAlias.alias)
        .where(PersonAlias.person_id.in_(ids))
        .order_by(PersonAlias.id)
    ):
        aliases.setdefault(person_id, []).append(alias)
    query_keys = name_keys(query, person=True)
    ranked = []
    for person in people:
        keys = name_keys(person.name, person.local_name, *aliases.get(person.id, []), person=True)
        score = similarity(query_keys, keys)
        if any(k.startswith(q) for q in query_keys for k in keys):
            score = max(score, 95.0)
        ranked.append((score, person))
    ranked.sort(key=lambda item: (-item[0], item[1].name))
    ranked = ranked[:limit]
    positions = positions_on(session, [p.id for _, p in ranked], on or dt.date.today(), clearance=clearance)
    rows = []
    for score, person in ranked:
        org_id, org_name, title = positions.get(person.id, (None, None, None))
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "local_name": person.local_name or "",
                "aliases": ", ".join(aliases.get(person.id, [])),
                "organisation_id": org_id,
                "organisation": org_name or "",
                "title": title or "",
                "score": round(score, 1),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def person_names(session: Session, person_ids: list[int]) -> dict[int, str]:
    """person id → name, for the ids that exist."""
    if not person_ids:
        return {}
    return dict(session.execute(sa.select(Person.id, Person.name).where(Person.id.in_(person_ids))).all())


def positions_on(session: Session, person_ids: list[int], on: dt.date, *,
                 clearance: Confidentiality) -> dict[int, tuple]:
    """person id → (organisation id, organisation name, title) held on ``on`` (latest start wins),
    at organisations a reader at ``clearance`` may know of."""
    if not person_ids:
        return {}
    rows = session.execute(
        sa.select(
            Position.person_id,
            Position.organisation_id,
            Organisation.name,
            Position.title,
            Position.start_date,
        )
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(
            Position.person_id.in_(person_ids),
            organisation_visible(clearance),
            sa.or_(Position.start_date.is_(None), Position.start_date <= on),
            sa.or_(Position.end_date.is_(None), Position.end_date >= on),
        )
    ).all()
    best: dict[int, tuple] = {}
    for person_id, org_id, org_name, title, _start in sorted(rows, key=lambda r: r.start_date or dt.date.min):
        best[person_id] = (org_id, org_name, title)
    return best


def organisations_by_domain(session: Session, domains: list[str], *,
                            clearance: Confidentiality) -> dict[str, tuple[int, str, str]]:
    """E-mail domain → (id, name, kind) of the organisation a reader at ``clearance`` may know of
    whose website is on that domain (``www.tencent.com`` for ``tencent.com``); for an invitation's
    attendees. A domain several organisations share (a webmail host) names none."""
    wanted = {d.lower().strip() for d in domains if d and "." in d}
    if not wanted:
        return {}
    host = sa.func.lower(Organisation.website)
    conditions = [host.like(f"%{domain}%") for domain in wanted]
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.kind, Organisation.website)
        .where(sa.or_(*conditions), organisation_visible(clearance))).all()
    found: dict[str, list[tuple[int, str, str]]] = {}
    for org_id, name, kind, website in rows:
        site = (website or "").lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        for domain in wanted:
            if site == domain or site.endswith("." + domain):
                found.setdefault(domain, []).append((org_id, name, str(getattr(kind, "value", kind))))
    return {domain: orgs[0] for domain, orgs in found.items() if len(orgs) == 1}
