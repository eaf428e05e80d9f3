"""A calendar invitation (.ics) → a draft planned meeting, checked by a person before it is saved.

The first VEVENT of the file gives the title, the day and time (converted to the office's zone,
``TRACKER_TIME_ZONE``; an all-day event keeps its date), the place and the description. Its
organizer and attendees become the meeting's people: each is matched to an existing person by the
name the invitation gives (``CN``, else the e-mail's local part, "ma.huateng" → "Ma Huateng") and
to an organisation by the e-mail's domain (the organisation whose website is on it). Nothing is
written until ``save_invitation``, which goes through the meeting service like any form.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import BaseModel, Field
from sqlmodel import Session

from tracker.auth.actor import Actor, require_write
from tracker.config import office_time_zone
from tracker.errors import ValidationError
from tracker.i18n import N_, _
from tracker.models import (
    Confidentiality,
    Meeting,
    MeetingCreate,
    MeetingKind,
    MeetingStatus,
    NewPersonIn,
    ParticipantIn,
    ParticipantRole,
    Side,
)
from tracker.queries.meeting_form import organisations_by_domain, search_people
from tracker.read_model.vocabulary import GOVERNMENT_KIND_VALUES
from tracker.services.meetings import create_meeting

MATCH_SCORE = 90  # search_people's score from which a name is taken as the same person
MAX_INVITATION_BYTES = 1_000_000  # an invitation is a few kilobytes; anything larger is not one


class InvitationAttendee(BaseModel):
    name: str
    email: str | None = None
    organiser: bool = False
    person_id: int | None = None
    person_name: str | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    side: Side = Side.ENTERPRISE
    include: bool = True


class InvitationDraft(BaseModel):
    """What an invitation proposes: a planned meeting with its people, matched or new."""

    uid: str | None = None
    title: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    place: str | None = None
    summary: str | None = None
    attendees: list[InvitationAttendee] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def _address(value) -> tuple[str | None, str | None]:
    """(name, e-mail) of an ORGANIZER or ATTENDEE property."""
    text = str(value or "").strip()
    email = text[7:] if text.lower().startswith("mailto:") else (text if "@" in text else None)
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN") or "").strip().strip('"') or None
    if name is not None and "@" in name:  # some programs put the address itself in CN
        name = None
    if name is None and email:
        local = email.split("@", 1)[0]
        parts = local.replace("_", ".").replace("-", ".").split(".")
        name = " ".join(part.capitalize() for part in parts if part) or None
    return name, (email.strip() or None) if email else None


def _when(component, zone: ZoneInfo) -> tuple[dt.date | None, dt.time | None]:
    prop = component.get("dtstart")
    if prop is None:
        return None, None
    value = prop.dt
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.date(), value.time().replace(second=0, microsecond=0, tzinfo=None)
    return value, None


def parse_invitation(data: bytes) -> tuple[dict, list[tuple[str | None, str | None, bool]]]:
    """The first event of an .ics file: its fields and its (name, e-mail, is organiser) people.
    ``ValidationError`` when the file is not a calendar or holds no event."""
    from icalendar import Calendar

    if len(data) > MAX_INVITATION_BYTES:
        raise ValidationError({"file": _("this file is too large to be a calendar invitation")})
    try:
        calendar = Calendar.from_ical(data.decode("utf-8-sig", errors="replace"))
    except ValueError:
        raise ValidationError({"file": _("this file is not an iCalendar (.ics) file")}) from None
    events = calendar.walk("VEVENT")
    if not events:
        raise ValidationError({"file": _("this calendar file holds no event")})
    event = events[0]
    date, time = _when(event, ZoneInfo(office_time_zone()))
    fields = {"uid": str(event.get("uid") or "") or None, "title": str(event.get("summary") or "").strip(),
              "date": date, "time": time, "place": str(event.get("location") or "").strip() or None,
              "summary": str(event.get("description") or "").strip() or None}
    people: list[tuple[str | None, str | None, bool]] = []
    if event.get("organizer") is not None:
        people.append((*_address(event.get("organizer")), True))
    attendees = event.get("attendee") or []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        people.append((*_address(attendee), False))
    return fields, people


def draft_invitation(session: Session, data: bytes, *, clearance: Confidentiality) -> InvitationDraft:
    """The draft planned meeting an invitation stands for, its people matched to the directory."""
    fields, people = parse_invitation(data)
    draft = InvitationDraft(**fields)
    seen: set[str] = set()
    domains = [email.rsplit("@", 1)[-1] for _, email, _ in people if email]
    orgs = organisations_by_domain(session, domains, clearance=clearance)
    for name, email, organiser in people:
        key = (email or name or "").lower()
        if not name or key in seen:
            continue
        seen.add(key)
        attendee = InvitationAttendee(name=name, email=email, organiser=organiser)
        found = search_people(session, name, clearance=clearance, on=draft.date, limit=1)
        if not found.empty and float(found.iloc[0]["score"]) >= MATCH_SCORE:
            top = found.iloc[0]
            attendee.person_id, attendee.person_name = int(top["id"]), str(top["name"])
            if not pd.isna(top["organisation_id"]):
                attendee.organisation_id = int(top["organisation_id"])
                attendee.organisation_name = str(top["organisation"])
        org = orgs.get(email.rsplit("@", 1)[-1].lower()) if email else None
        if org is not None:
            attendee.organisation_id, attendee.organisation_name = org[0], org[1]
            attendee.side = Side.GOVERNMENT if org[2] in GOVERNMENT_KIND_VALUES else Side.ENTERPRISE
        elif email and email.rsplit("@", 1)[-1].lower().endswith(".gov.cn"):
            attendee.side = Side.GOVERNMENT
        draft.attendees.append(attendee)
    if draft.date is None:
        draft.warnings.append(_("The invitation gives no start date: enter the meeting's day."))
    if not draft.attendees:
        draft.warnings.append(_("The invitation names nobody: add the people before saving."))
    return draft


def invitation_meeting(draft: InvitationDraft, *, confidentiality: Confidentiality,
                       kind: MeetingKind = MeetingKind.TALK) -> MeetingCreate:
    """The ``MeetingCreate`` of a checked draft: a planned meeting with the included people."""
    errors: dict[str, str] = {}
    if draft.date is None:
        errors["date"] = _("give the meeting's date")
    if not draft.title.strip():
        errors["title"] = _("give the meeting a title")
    people = [a for a in draft.attendees if a.include]
    if not people:
        errors["participants"] = _("add at least one participant or organisation")
    if errors:
        raise ValidationError(errors)
    participants = [
        ParticipantIn(person_id=a.person_id,
                      new_person=None if a.person_id else NewPersonIn(name=a.name),
                      organisation_id=a.organisation_id,
                      role=ParticipantRole.HOST if a.organiser else ParticipantRole.ATTENDEE, side=a.side)
        for a in people]
    return MeetingCreate(title=draft.title.strip(), date=draft.date, time=draft.time, kind=kind,
                         status=MeetingStatus.PLANNED, place=draft.place, summary=draft.summary,
                         source=_("Calendar invitation") + (f" ({draft.uid})" if draft.uid else ""),
                         confidentiality=confidentiality, participants=participants)


def save_invitation(*, session: Session, actor: Actor, draft: InvitationDraft,
                    confidentiality: Confidentiality = Confidentiality.INTERNAL,
                    kind: MeetingKind = MeetingKind.TALK) -> Meeting:
    """Save a checked invitation draft as a planned meeting (new people created with it)."""
    require_write(actor, N_("save a planned meeting"))
    data = invitation_meeting(draft, confidentiality=confidentiality, kind=kind)
    return create_meeting(session=session, actor=actor, data=data)
