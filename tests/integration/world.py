"""A small world with one meeting (and its agreement and pledge) at every confidentiality level.

Each level also has names known only from its items: an organisation (with its own sector), a
person, an event and a topic at its meeting; an organisation and a signatory on an agreement of
its own; an organisation pledging on its own. Their names carry the level's marker, so a reader
below the level must find none of them anywhere (clearance of existence, issue 12).

Built through the services, so audit rows exist too. Each level's records carry a unique marker
in their text, so a test can search any output for what a reader must not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    ActionCreate,
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
    PledgeCreate,
    PositionCreate,
    Side,
    UserCreate,
)
from tracker.services import (
    actions,
    agreements,
    areas,
    events,
    meetings,
    organisations,
    people,
    pledges,
    users,
)

LEVELS = list(Confidentiality)


def marker(level: Confidentiality) -> str:
    return f"zq{level.name.lower()}mark"


def signer_alias(level: Confidentiality) -> str:
    """An alias (without the marker, as a reader might type it) of the level's agreement-only party."""
    return f"Signer {level.name.title()} Alias"


@dataclass
class World:
    shared_org_id: int = 0
    government_id: int = 0
    person_id: int = 0
    area_id: int = 0
    event_id: int = 0
    meeting_ids: dict[Confidentiality, int] = field(default_factory=dict)
    org_ids: dict[Confidentiality, int] = field(default_factory=dict)
    owner_id: int = 0  # a secret-cleared user, the shared person, who owns an action at every level


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
    world.owner_id = users.create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="owner", role="editor", clearance="secret", password="long-enough-pw",
        person_id=world.person_id)).id
    for index, level in enumerate(levels):
        mark = marker(level)
        org = organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
            name=f"Org {level.name.title()} {mark}", kind=OrganisationKind.FOREIGN_ENTERPRISE,
            sector=f"energy {mark}", region="Jiangsu"))
        world.org_ids[level] = org.id
        event_id = events.create_event(session=session, actor=actor, data=EventCreate(
            name=f"Summit {mark}")).id
        world.event_id = world.event_id or event_id  # the lowest level's: seen by every reader
        meeting = meetings.create_meeting(session=session, actor=actor, data=MeetingCreate(
            title=f"Talks {mark}", date=dt.date(2024, 3, 5 + index), place=f"Hall {mark}",
            summary=f"Summary {mark}", event_id=event_id, confidentiality=level,
            topics=["digital economy", f"topic {mark}"],
            participants=[
                ParticipantIn(person_id=world.person_id, organisation_id=world.government_id,
                              side=Side.GOVERNMENT),
                ParticipantIn(new_person={"name": f"Envoy {mark}"}, organisation_id=org.id,
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
        actions.create_action(session=session, actor=SYSTEM_ACTOR, data=ActionCreate(
            what=f"Action {mark}", meeting_id=meeting.id, owner_id=world.owner_id,
            due_on=dt.date(2024, 4, 1)))
        _plant_outside_meetings(session, actor, world, level)
    return world


def _plant_outside_meetings(session, actor, world: World, level: Confidentiality) -> None:
    """An agreement and a pledge of ``level`` made outside any meeting, by organisations (and a
    signatory) that nothing else mentions; the shared person holds a position at the first."""
    mark = marker(level)
    party = organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
        name=f"Signer Org {mark}", kind=OrganisationKind.STATE_OWNED_ENTERPRISE,
        aliases=[signer_alias(level)]))
    signatory = people.create_person(session=session, actor=actor, data=PersonCreate(
        name=f"Signatory {mark}"))
    # The shared person advises it from a day of its own (the latest visible position is current).
    people.create_position(session=session, actor=actor, person_id=world.person_id, data=PositionCreate(
        organisation_id=party.id, title="Adviser", start_date=dt.date(2024, 4, 1 + int(level))))
    agreements.create_agreement(session=session, actor=actor, data=AgreementCreate(
        title=f"Accord {mark}", signed_on=dt.date(2024, 4, 1), confidentiality=level,
        parties=[AgreementPartyIn(organisation_id=party.id, signatory_person_id=signatory.id)]))
    pledger = organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
        name=f"Pledger Org {mark}", kind=OrganisationKind.PRIVATE_ENTERPRISE))
    pledges.create_pledge(session=session, actor=actor, data=PledgeCreate(
        organisation_id=pledger.id, area_id=world.area_id, text=f"Own pledge {mark}",
        target_date=dt.date(2024, 12, 1), confidentiality=level))
