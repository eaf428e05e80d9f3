"""Helpers for the meeting pages' AppTests: start the app as a user, compare stored meetings."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.app.helpers import app_on_page
from tracker.auth.actor import Actor
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    Position,
    Topic,
)

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test has a new database whose data version restarts: drop figures cached for the last one."""
    st.cache_data.clear()
    yield


def open_page(actor: Actor, page: str, **query) -> AppTest:
    return app_on_page(actor, page, **query)


def _enum(value):
    return getattr(value, "value", value)


def stored_world(session) -> dict:
    """Every meeting and what it refers to, keyed by names instead of ids (comparable across DBs)."""
    org_name = dict(session.exec(select(Organisation.id, Organisation.name)).all())
    person_name = dict(session.exec(select(Person.id, Person.name)).all())
    area_name = dict(session.exec(select(CooperationArea.id, CooperationArea.name)).all())
    event_name = dict(session.exec(select(Event.id, Event.name)).all())
    orgs = {}
    for org in session.exec(select(Organisation)):
        aliases = sorted(
            session.exec(select(OrganisationAlias.alias).where(OrganisationAlias.organisation_id == org.id))
        )
        orgs[org.name] = (
            org.local_name,
            _enum(org.kind),
            org.sector,
            org.region,
            org.website,
            org_name.get(org.parent_id),
            aliases,
        )
    people = {}
    for person in session.exec(select(Person)):
        aliases = sorted(session.exec(select(PersonAlias.alias).where(PersonAlias.person_id == person.id)))
        positions = sorted(
            (org_name[p.organisation_id], p.title, p.start_date, p.end_date)
            for p in session.exec(select(Position).where(Position.person_id == person.id))
        )
        people[person.name] = (person.local_name, aliases, positions)
    events = {e.name: (e.place, e.start_date, e.end_date, e.description) for e in session.exec(select(Event))}
    meetings = {}
    for m in session.exec(select(Meeting)):
        participants = sorted(
            (person_name[p.person_id], org_name.get(p.organisation_id), p.title, _enum(p.role), _enum(p.side))
            for p in session.exec(select(Participation).where(Participation.meeting_id == m.id))
        )
        present = sorted(
            org_name[o]
            for o in session.exec(
                select(MeetingOrganisation.organisation_id).where(MeetingOrganisation.meeting_id == m.id)
            )
        )
        topics = sorted(
            session.exec(
                select(Topic.name)
                .join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                .where(MeetingTopic.meeting_id == m.id)
            )
        )
        agreements = {}
        for a in session.exec(select(Agreement).where(Agreement.meeting_id == m.id)):
            parties = sorted(
                (org_name[p.organisation_id], person_name.get(p.signatory_person_id), p.signatory_title)
                for p in session.exec(select(AgreementParty).where(AgreementParty.agreement_id == a.id))
            )
            agreements[a.id] = (
                a.title,
                _enum(a.kind),
                _enum(a.status),
                a.signed_on,
                a.value,
                a.currency,
                a.start_date,
                a.end_date,
                _enum(a.confidentiality),
                parties,
            )
        pledges = sorted(
            (
                org_name[p.organisation_id],
                area_name[p.area_id],
                p.text,
                p.target_date,
                _enum(p.status),
                p.made_on,
                _enum(p.confidentiality),
                agreements[p.agreement_id][0] if p.agreement_id else None,
            )
            for p in session.exec(select(Pledge).where(Pledge.meeting_id == m.id))
        )
        meetings[m.title] = {
            "fields": (
                m.date,
                _enum(m.date_precision),
                m.time,
                _enum(m.kind),
                _enum(m.status),
                m.place,
                event_name.get(m.event_id),
                m.summary,
                m.source,
                m.source_url,
                _enum(m.confidentiality),
                m.search_text,
            ),
            "participants": participants,
            "organisations": present,
            "topics": topics,
            "agreements": sorted(agreements.values()),
            "pledges": pledges,
        }
    counts = {
        table: session.exec(select(sa.func.count()).select_from(table)).one()
        for table in (Organisation, Person, Position, Event, Meeting, Participation, Agreement, Pledge, Topic)
    }
    return {
        "organisations": orgs,
        "people": people,
        "events": events,
        "meetings": meetings,
        "counts": {t.__tablename__: n for t, n in counts.items()},
    }
