"""Records whose every free-text field carries Markdown and HTML that would make a reader's browser
fetch, or link to, another host: written through the services as a user could, plus the link
fields (website, source, document) set directly, as rows stored before links were checked.

Each payload names its field in the path (``/beacon/meeting-title.png``), so a failing test says
which field leaked where.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    Agreement,
    Confidentiality,
    Meeting,
    Organisation,
    OrganisationKind,
    Pledge,
    Role,
    UserCreate,
)
from tracker.services import areas, events, meetings, organisations, people, pledges, users

# Hosts a payload points at; the app itself is 127.0.0.1:<its port>, so port 9 is a foreign host.
FOREIGN_MARKERS = ("127.0.0.1:9/", "127.0.0.2", "127.0.0.3", "evil.invalid", "a.invalid")


def payload(field: str) -> str:
    """A Markdown image, a raw HTML image, a Markdown link and a Plotly/HTML link, labelled ``field``."""
    return (f"{field} ![x](http://127.0.0.1:9/beacon/{field}.png) <img src=http://127.0.0.2/{field}> "
            f"[a](http://evil.invalid/{field}) <a href=\"http://127.0.0.3/{field}\">b</a>")


def short_payload(field: str) -> str:
    """For fields of at most 100 characters (topics, areas)."""
    return f"{field} ![x](http://127.0.0.1:9/b/{field}.png) <img src=http://127.0.0.2/{field}>"


def hostile_link(field: str) -> str:
    return f"https://a.invalid/)![x](http://127.0.0.1:9/beacon/{field}.png)"


@dataclass
class Planted:
    government_id: int
    company_id: int
    official_id: int
    executive_id: int
    meeting_id: int
    planned_meeting_id: int
    agreement_id: int
    pledge_id: int


def plant_hostile_records(session, *, admin_username: str, admin_password: str) -> Planted:
    """The records (and the admin who reads them); returns the ids the pages are opened with."""
    today = dt.date.today()
    actor = SYSTEM_ACTOR
    users.create_user(session=session, actor=actor, data=UserCreate(
        username=admin_username, password=admin_password, role=Role.ADMIN,
        clearance=Confidentiality.SECRET, display_name=payload("user-display-name")[:200]))
    users.create_user(session=session, actor=actor, data=UserCreate(
        username="viewer.one", password="viewer-password-1", role=Role.VIEWER,
        display_name=payload("viewer-display-name")[:200]))
    area = areas.create_area(session=session, actor=actor, data={
        "name": short_payload("area"), "description": payload("area-description")})
    event = events.create_event(session=session, actor=actor, data={
        "name": payload("event-name")[:200], "place": payload("event-place"),
        "start_date": today - dt.timedelta(days=12), "description": payload("event-description")})
    government = organisations.create_organisation(session=session, actor=actor, data={
        "name": payload("government-name")[:200], "local_name": payload("government-local")[:200],
        "kind": OrganisationKind.GOVERNMENT_BODY, "sector": short_payload("gov-sector"),
        "region": short_payload("gov-region"), "aliases": [payload("government-alias")[:200]]})
    company = organisations.create_organisation(session=session, actor=actor, data={
        "name": payload("company-name")[:200], "local_name": payload("company-local")[:200],
        "kind": OrganisationKind.PRIVATE_ENTERPRISE, "sector": short_payload("sector"),
        "region": short_payload("region"), "parent_id": None,
        "aliases": [payload("company-alias")[:200]]})
    # A near twin, so that "Possible duplicates" lists the pair.
    twin = organisations.create_organisation(session=session, actor=actor, data={
        "name": payload("company-name")[:199] + "s", "kind": OrganisationKind.PRIVATE_ENTERPRISE})
    organisations.create_organisation(session=session, actor=actor, data={
        "name": payload("unit-name")[:200], "kind": OrganisationKind.PRIVATE_ENTERPRISE,
        "parent_id": company.id})
    official = people.create_person(session=session, actor=actor, data={
        "name": payload("official-name")[:200], "local_name": payload("official-local")[:200],
        "aliases": [payload("official-alias")[:200]],
        "positions": [{"organisation_id": government.id, "title": payload("position-title"),
                       "start_date": today - dt.timedelta(days=800)}]})
    executive = people.create_person(session=session, actor=actor, data={
        "name": payload("executive-name")[:200],
        "positions": [{"organisation_id": company.id, "title": payload("executive-title")}]})
    people.create_person(session=session, actor=actor, data={
        "name": payload("executive-name")[:199] + "s",
        "positions": [{"organisation_id": twin.id, "title": payload("twin-title")}]})
    participants = [
        {"person_id": official.id, "organisation_id": government.id, "role": "host", "side": "government",
         "title": payload("participant-title")},
        {"person_id": executive.id, "organisation_id": company.id, "role": "guest", "side": "enterprise"}]
    meeting = meetings.create_meeting(session=session, actor=actor, data={
        "title": payload("meeting-title"), "date": today - dt.timedelta(days=10),
        "place": payload("meeting-place"), "event_id": event.id, "summary": payload("meeting-summary"),
        "source": payload("meeting-source"), "participants": participants,
        "topics": [short_payload("topic-one"), short_payload("topic-two")],
        "agreements": [{"title": payload("agreement-title"), "signed_on": today - dt.timedelta(days=10),
                        "parties": [{"organisation_id": government.id},
                                    {"organisation_id": company.id, "signatory_person_id": executive.id,
                                     "signatory_title": payload("signatory-title")}]}],
        "pledges": [{"organisation_id": company.id, "area_id": area.id, "text": payload("pledge-text"),
                     "target_date": today + dt.timedelta(days=90), "agreement_index": 0}]})
    planned = meetings.create_meeting(session=session, actor=actor, data={
        "title": payload("planned-title"), "date": today + dt.timedelta(days=14), "status": "planned",
        "place": payload("planned-place"), "participants": participants})
    pledge_id = session.execute(sa.select(Pledge.id).where(Pledge.meeting_id == meeting.id)).scalar_one()
    pledges.create_pledge_update(session=session, actor=actor, pledge_id=pledge_id, data={
        "on": today - dt.timedelta(days=2), "note": payload("pledge-update-note"), "status": "in_progress"})
    agreement_id = session.execute(sa.select(Agreement.id)
                                   .where(Agreement.meeting_id == meeting.id)).scalar_one()
    _store_old_style_links(session, company_id=company.id, government_id=government.id,
                           meeting_ids=(meeting.id, planned.id), agreement_id=agreement_id)
    return Planted(government.id, company.id, official.id, executive.id, meeting.id, planned.id,
                   agreement_id, pledge_id)


def _store_old_style_links(session, *, company_id, government_id, meeting_ids, agreement_id) -> None:
    """Links that today's rule refuses, written past it: rows from before the rule must stay harmless."""
    for org_id, field in ((company_id, "company-website"), (government_id, "government-website")):
        session.execute(sa.update(Organisation).where(Organisation.id == org_id)
                        .values(website=hostile_link(field)))
    for meeting_id in meeting_ids:
        session.execute(sa.update(Meeting).where(Meeting.id == meeting_id)
                        .values(source_url=hostile_link(f"source-url-{meeting_id}")))
    session.execute(sa.update(Agreement).where(Agreement.id == agreement_id)
                    .values(document_url=hostile_link("document-url")))
    session.commit()
