"""One organisation's or one person's directory record: names, positions over time, and the
meetings, agreements and pledges it appears in, limited to the reader's clearance.

Lists are capped (``limit``) and say how many there are in all, so a company met a thousand
times still loads fast; totals never count what the reader may not see.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, is_known, organisation_visible, person_visible
from tracker.i18n import display_name
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    Position,
)
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.frames import shown_names
from tracker.queries.meeting_rows import meeting_row

MEETING_COLUMNS = ["id", "date", "title", "kind", "status", "place"]
AGREEMENT_COLUMNS = ["id", "title", "kind", "signed_on", "status", "signatory", "signatory_local",
                     "signatory_title"]
PLEDGE_COLUMNS = ["id", "organisation", "organisation_local", "area", "text", "status", "made_on",
                  "target_date", "last_update_on"]


def _frame(rows, columns: list[str], *named: str) -> pd.DataFrame:
    """The rows as a frame; each ``named`` column (with its ``<column>_local`` beside it) becomes
    one name in the reader's language first (``shown_names``: 腾讯 (Tencent) in Chinese)."""
    frame = pd.DataFrame([{k: value_of(v) for k, v in row._mapping.items()} for row in rows],
                         columns=columns)
    for column in named:
        frame = shown_names(frame, column, f"{column}_local")
    return frame


def _pledges(session: Session, filters: Filters, condition, limit: int) -> pd.DataFrame:
    rows = session.execute(
        sa.select(Pledge.id, Organisation.name.label("organisation"),
                  Organisation.local_name.label("organisation_local"), CooperationArea.name.label("area"),
                  Pledge.text, Pledge.status, Pledge.made_on, Pledge.target_date, Pledge.last_update_on)
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(condition, cleared(Pledge, int(filters.clearance)))
        .order_by(Pledge.made_on.desc(), Pledge.id).limit(limit)).all()
    return _frame(rows, PLEDGE_COLUMNS, "organisation")


def _meetings_seen(session: Session, link, seen: tuple, limit: int, *extra,
                   joined=lambda statement: statement) -> tuple[int, list]:
    """How many meetings the ``seen`` conditions on ``link`` (meeting_organisation or participation
    rows of one entity) let through, and the newest ``limit`` of them: the meeting row, then
    ``extra`` columns of ``link`` or of what ``joined`` adds."""
    total = session.execute(sa.select(sa.func.count()).select_from(link).where(*seen)).scalar_one()
    rows = session.execute(
        joined(sa.select(*meeting_row(*extra)).join(link, link.meeting_id == Meeting.id))
        .where(*seen).order_by(Meeting.date.desc(), Meeting.id.desc()).limit(limit)).all()
    return int(total), rows


def organisation_profile(session: Session, filters: Filters, organisation_id: int, *,
                         limit: int = 200) -> dict[str, Any] | None:
    """Everything the directory shows about one organisation, or None when it does not exist."""
    org = session.get(Organisation, organisation_id)
    if org is None or not is_known(session, "organisation", org.id, filters.clearance):
        return None
    level = int(filters.clearance)
    parent = session.get(Organisation, org.parent_id) \
        if is_known(session, "organisation", org.parent_id, filters.clearance) else None
    aliases = session.execute(sa.select(OrganisationAlias.alias).where(
        OrganisationAlias.organisation_id == org.id).order_by(OrganisationAlias.id)).scalars().all()
    children = session.execute(sa.select(Organisation.id, Organisation.name,
                                         Organisation.local_name.label("name_local")).where(
        Organisation.parent_id == org.id, organisation_visible(filters.clearance))
        .order_by(Organisation.name_key)).all()
    people = session.execute(
        sa.select(Position.id.label("position_id"), Person.id.label("person_id"),
                  Person.name.label("person"), Person.local_name.label("person_local"), Position.title,
                  Position.start_date, Position.end_date)
        .join(Person, Person.id == Position.person_id)
        .where(Position.organisation_id == org.id, person_visible(filters.clearance))
        .order_by(Position.end_date.is_not(None), Position.start_date.desc(), Person.name_key)).all()
    seen = MeetingOrganisation.organisation_id == org.id, cleared(MeetingOrganisation, level)
    meeting_total, meetings = _meetings_seen(session, MeetingOrganisation, seen, limit)
    agreements = session.execute(
        sa.select(Agreement.id, Agreement.title, Agreement.kind, Agreement.signed_on, Agreement.status,
                  Person.name.label("signatory"), Person.local_name.label("signatory_local"),
                  AgreementParty.signatory_title)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .outerjoin(Person, Person.id == AgreementParty.signatory_person_id)
        .where(AgreementParty.organisation_id == org.id, cleared(Agreement, level))
        .order_by(Agreement.signed_on.desc(), Agreement.id).limit(limit)).all()
    return {
        "organisation": {
            "id": org.id, "name": org.name, "local_name": org.local_name, "kind": value_of(org.kind),
            "sector": org.sector, "region": org.region, "website": org.website,
            "parent_id": org.parent_id,
            "parent": display_name(parent.name, parent.local_name) if parent else None,
        },
        "aliases": list(aliases),
        "children": _frame(children, ["id", "name", "name_local"], "name"),
        "people": _frame(people, ["position_id", "person_id", "person", "person_local", "title",
                                  "start_date", "end_date"], "person"),
        "meeting_total": meeting_total,
        "meetings": _frame(meetings, MEETING_COLUMNS),
        "agreements": _frame(agreements, AGREEMENT_COLUMNS, "signatory"),
        "pledges": _pledges(session, filters, Pledge.organisation_id == org.id, limit),
    }


def person_profile(session: Session, filters: Filters, person_id: int, *,
                   limit: int = 200) -> dict[str, Any] | None:
    """Everything the directory shows about one person, or None when they do not exist.

    Meetings carry the title the person held that day (stored on the participation); pledges
    are those made at meetings the person took part in.
    """
    person = session.get(Person, person_id)
    if person is None or not is_known(session, "person", person.id, filters.clearance):
        return None
    level = int(filters.clearance)
    aliases = session.execute(sa.select(PersonAlias.alias).where(PersonAlias.person_id == person.id)
                              .order_by(PersonAlias.id)).scalars().all()
    positions = session.execute(
        sa.select(Position.id.label("position_id"), Organisation.id.label("organisation_id"),
                  Organisation.name.label("organisation"),
                  Organisation.local_name.label("organisation_local"),
                  Position.title, Position.start_date, Position.end_date)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id == person.id, organisation_visible(filters.clearance))
        .order_by(Position.end_date.is_not(None), Position.start_date.desc(), Position.id)).all()
    seen = Participation.person_id == person.id, cleared(Participation, level)
    meeting_total, meetings = _meetings_seen(
        session, Participation, seen, limit,
        Participation.title.label("title_then"), Organisation.name.label("organisation"),
        Organisation.local_name.label("organisation_local"), Participation.role, Participation.side,
        joined=lambda s: s.outerjoin(Organisation, Organisation.id == Participation.organisation_id))
    agreements = session.execute(
        sa.select(Agreement.id, Agreement.title, Agreement.kind, Agreement.signed_on, Agreement.status,
                  Organisation.name.label("organisation"),
                  Organisation.local_name.label("organisation_local"),
                  AgreementParty.signatory_title)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .join(Organisation, Organisation.id == AgreementParty.organisation_id)
        .where(AgreementParty.signatory_person_id == person.id, cleared(Agreement, level))
        .order_by(Agreement.signed_on.desc(), Agreement.id).limit(limit)).all()
    attended = sa.select(Participation.meeting_id).where(*seen)
    return {
        "person": {"id": person.id, "name": person.name, "local_name": person.local_name},
        "aliases": list(aliases),
        "positions": _frame(positions, ["position_id", "organisation_id", "organisation",
                                        "organisation_local", "title", "start_date", "end_date"],
                            "organisation"),
        "meeting_total": meeting_total,
        "meetings": _frame(meetings, ["id", "date", "title", "title_then", "organisation",
                                      "organisation_local", "role", "side", "status"], "organisation"),
        "agreements": _frame(agreements, ["id", "title", "kind", "signed_on", "status", "organisation",
                                          "organisation_local", "signatory_title"], "organisation"),
        "pledges": _pledges(session, filters, Pledge.meeting_id.in_(attended), limit),
    }
