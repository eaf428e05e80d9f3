"""Small Faker-backed factories shared by tests (and the generator's validation sample)."""

from __future__ import annotations

import datetime as dt

from faker import Faker

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    MeetingCreate,
    OrganisationCreate,
    OrganisationKind,
    ParticipantIn,
    PersonCreate,
    PositionCreate,
)
from tracker.services import meetings, organisations, people

fake = Faker(["en_US"])
Faker.seed(1234)


def make_organisation(session, *, name: str | None = None, kind=OrganisationKind.PRIVATE_ENTERPRISE,
                      actor=SYSTEM_ACTOR, **fields):
    return organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
        name=name or fake.unique.company(), kind=kind, **fields))


def make_person(session, *, name: str | None = None, organisation=None, title: str = "Director",
                start: dt.date | None = None, end: dt.date | None = None, actor=SYSTEM_ACTOR, **fields):
    positions = [PositionCreate(organisation_id=organisation.id, title=title, start_date=start,
                                end_date=end)] if organisation is not None else []
    return people.create_person(session=session, actor=actor, data=PersonCreate(
        name=name or fake.unique.name(), positions=positions, **fields))


def make_meeting(session, *, people_and_orgs=(), date: dt.date = dt.date(2024, 3, 5), actor=SYSTEM_ACTOR,
                 title: str | None = None, **fields):
    """A held meeting with (person, organisation, side) triples as participants."""
    participants = [ParticipantIn(person_id=p.id, organisation_id=o.id if o else None, side=side)
                    for p, o, side in people_and_orgs]
    return meetings.create_meeting(session=session, actor=actor, data=MeetingCreate(
        title=title or fake.sentence(nb_words=5), date=date, participants=participants, **fields))
