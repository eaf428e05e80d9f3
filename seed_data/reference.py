"""Loads the reference scenario (``digital_china_summit_2019.yaml``) through the services.

Idempotent: organisations, people and the event are matched by name, and the meeting by its
import key, so loading twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import Session, select

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.models import (
    AgreementCreate,
    AgreementPartyIn,
    EventCreate,
    Meeting,
    MeetingCreate,
    MeetingPledgeIn,
    OrganisationCreate,
    ParticipantIn,
    PersonCreate,
    PositionCreate,
)
from tracker.services import areas, events, meetings, organisations, people
from tracker.taxonomy import ensure_default_taxonomy

REFERENCE_FILE = Path(__file__).parent / "digital_china_summit_2019.yaml"


def reference_scenario() -> dict:
    """The scenario as plain data, for loaders and tests."""
    return yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8"))


def load_reference(session: Session, actor: Actor = SYSTEM_ACTOR) -> Meeting:
    """Create the reference meeting and everything it refers to, unless it is already there."""
    scenario = reference_scenario()
    spec = scenario["meeting"]
    existing = session.exec(select(Meeting).where(Meeting.import_key == spec["import_key"])).first()
    if existing is not None:
        return existing
    ensure_default_taxonomy(session, actor)

    org_ids: dict[str, int] = {}
    for item in scenario["organisations"]:
        org = organisations.get_by_name(session=session, name=item["name"])
        if org is None:
            org = organisations.create_organisation(session=session, actor=actor, data=OrganisationCreate(
                **{k: v for k, v in item.items() if k != "key"}))
        org_ids[item["key"]] = org.id

    person_ids: dict[str, int] = {}
    for item in scenario["people"]:
        person = people.get_by_name(session=session, name=item["name"])
        if person is None:
            person = people.create_person(session=session, actor=actor, data=PersonCreate(
                name=item["name"], local_name=item.get("local_name"), aliases=item.get("aliases", []),
                positions=[PositionCreate(organisation_id=org_ids[item["organisation"]],
                                          title=item["title"])]))
        person_ids[item["key"]] = person.id

    event = events.get_by_name(session=session, name=scenario["event"]["name"])
    if event is None:
        event = events.create_event(session=session, actor=actor, data=EventCreate(**scenario["event"]))

    def area_id(name: str) -> int:
        area = areas.get_by_name(session=session, name=name)
        if area is None:
            raise LookupError(f"cooperation area {name!r} is missing from the taxonomy")
        return area.id

    data = MeetingCreate(
        **{k: v for k, v in spec.items() if k != "topics"},
        event_id=event.id,
        topics=spec["topics"],
        participants=[ParticipantIn(person_id=person_ids[p["key"]],
                                    organisation_id=org_ids[p["organisation"]],
                                    title=p["title"], role=p["role"], side=p["side"])
                      for p in scenario["people"]],
        agreements=[AgreementCreate(title=a["title"], kind=a["kind"], status=a["status"],
                                    parties=[AgreementPartyIn(organisation_id=org_ids[k])
                                             for k in a["parties"]])
                    for a in scenario["agreements"]],
        pledges=[MeetingPledgeIn(organisation_id=org_ids[p["organisation"]], area_id=area_id(p["area"]),
                                 text=p["text"], agreement_index=p.get("agreement"))
                 for p in scenario["pledges"]],
    )
    return meetings.create_meeting(session=session, actor=actor, data=data)
