"""A small world with one meeting (and its agreement and pledge) at every confidentiality level.

Built through the services, so audit rows exist too. Each level's records carry a unique marker
in their text, so a test can search any output for what a reader must not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    AgreementCreate,
    AgreementPartyIn,
    Confidentiality,
    CooperationAreaCreate,
    EventCreate,
    MeetingCreate,
    MeetingPledgeIn,
    OrganisationCreate,
    OrganisationKind,
    ParticipantIn,
    PersonCreate,
    PositionCreate,
    Side,
)
from tracker.services import areas, events, meetings, organisations, people

LEVELS = list(Confidentiality)


def marker(level: Confidentiality) -> str:
    return f"zq{level.name.lower()}mark"


@dataclass
class World:
    shared_org_id: int = 0
    government_id: int = 0
    person_id: int = 0
    area_id: int = 0
    event_id: int = 0
    meeting_ids: dict[Confidentiality, int] = field(default_factory=dict)
    org_ids: dict[Confidentiality, int] = field(default_factory=dict)


def build_world(session, levels=LEVELS, actor=SYSTEM_ACTOR) -> World:
    """Shared organisations, a person, an area, an event; then one meeting per level, lowest first."""
    world = World()
    world.shared_org_id = organisations.create_organisation(session=session, actor=actor, data=
        OrganisationCreate(name="Shared Cloud Co", kind=OrganisationKind.PRIVATE_ENTERPRISE,
                           sector="technology", region="Fujian")).id
    world.government_id = organisations.create_organisation(session=session, actor=actor, data=
        OrganisationCreate(name="Provincial Office", kind=OrganisationKind.GOVERNMENT_BODY,
                           region="Fujian")).id
    world.person_id = people.create_person(session=session, actor=actor, data=PersonCreate(
        name="Lin Hua", positions=[PositionCreate(organisation_id=world.government_id,
                                                  title="Vice Governor")])).id
    world.area_id = areas.create_area(session=session, actor=actor, data=CooperationAreaCreate(
        name="Smart city")).id
    world.event_id = events.create_event(session=session, actor=actor, data=EventCreate(
        name="Digital Summit")).id
    for index, level in enumerate(levels):
        mark = marker(level)
        org = organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
            name=f"Org {level.name.title()}", kind=OrganisationKind.FOREIGN_ENTERPRISE,
            sector="energy", region="Jiangsu"))
        world.org_ids[level] = org.id
        meeting = meetings.create_meeting(session=session, actor=actor, data=MeetingCreate(
            title=f"Talks {mark}", date=dt.date(2024, 3, 5 + index), place=f"Hall {mark}",
            summary=f"Summary {mark}", event_id=world.event_id, confidentiality=level,
            topics=["digital economy", f"topic {level.name.lower()}"],
            participants=[
                ParticipantIn(person_id=world.person_id, organisation_id=world.government_id,
                              side=Side.GOVERNMENT),
                ParticipantIn(new_person={"name": f"Envoy {level.name.title()}"}, organisation_id=org.id,
                              side=Side.ENTERPRISE)],
            organisation_ids=[world.shared_org_id],
            agreements=[AgreementCreate(
                title=f"Agreement {mark}", signed_on=dt.date(2024, 3, 5 + index),
                value=Decimal(1000 * (index + 1)), currency="CNY", confidentiality=level,
                parties=[AgreementPartyIn(organisation_id=world.shared_org_id),
                         AgreementPartyIn(organisation_id=world.government_id)])],
            pledges=[MeetingPledgeIn(organisation_id=world.shared_org_id, area_id=world.area_id,
                                     text=f"Pledge {mark}", target_date=dt.date(2024, 12, 1),
                                     agreement_index=0)]))
        world.meeting_ids[level] = meeting.id
    return world
