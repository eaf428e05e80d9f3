"""A checked draft becomes records: new organisations and the event first, then the meeting.

Everything goes through the ordinary services (validation, role, audit). The meeting's own
rules are checked before anything is created, so a draft that cannot be saved (no date, a held
meeting in the future, nobody in it) writes nothing at all.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from tracker.auth.actor import Actor, require_write
from tracker.errors import ValidationError
from tracker.i18n import N_
from tracker.ingest.draft import Draft, DraftAgreement, DraftMeeting
from tracker.models import (
    AgreementCreate,
    AgreementPartyIn,
    Confidentiality,
    CooperationArea,
    EventCreate,
    Meeting,
    MeetingCreate,
    MeetingPledgeIn,
    MeetingStatus,
    NewPersonIn,
    OrganisationCreate,
    ParticipantIn,
)
from tracker.queries.meeting_duplicates import Probe
from tracker.services import events, meetings, organisations
from tracker.taxonomy import find_area


def _area(session: Session, text: str | None) -> CooperationArea | None:
    """The area a reviewer's text names: its name in any case, or one of its synonyms
    ("cloud computing", "大数据")."""
    return find_area(session, text) if text else None


def check_saveable(session: Session, meeting: DraftMeeting) -> None:
    """The meeting rules a draft most often breaks, checked before anything is written."""
    errors: dict[str, str] = {}
    if meeting.date is None:
        errors["date"] = "give the meeting's date: the article does not state it"
    elif meeting.date > dt.date.today():
        errors["date"] = "a held meeting cannot be dated in the future; correct the date"
    if not meeting.person_keys and not meeting.organisation_keys:
        errors["participants"] = "add at least one participant or organisation"
    for index, pledge in enumerate(meeting.pledges):
        if _area(session, pledge.area) is None:
            errors[f"pledges.{index}.area"] = (f"“{pledge.area}” is not a cooperation area of the taxonomy: "
                                               "choose the area to file it under")
    if errors:
        raise ValidationError(errors)


def _organisation_ids(session: Session, actor: Actor, draft: Draft, keys: set[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key in sorted(keys):
        org = draft.organisation(key)
        if org.match.record_id:
            ids[key] = org.match.record_id
            continue
        # Found or created in one step, so two editors saving drafts that name the same new
        # organisation at once make one record.
        ids[key] = organisations.find_or_create_organisation(
            session=session, actor=actor,
            data=OrganisationCreate(name=org.name, local_name=org.local_name, kind=org.kind,
                                    aliases=org.aliases)).id
    return ids


def _event_id(session: Session, actor: Actor, draft: Draft, meeting: DraftMeeting) -> int | None:
    if draft.event_id or not draft.event_name:
        return draft.event_id
    return events.find_or_create_event(
        session=session,
        actor=actor,
        data=EventCreate(
            name=draft.event_name, place=meeting.place, start_date=meeting.date, end_date=meeting.date
        ),
    ).id


def meeting_data(
    session: Session,
    draft: Draft,
    meeting: DraftMeeting,
    org_ids: dict[str, int],
    *,
    event_id: int | None = None,
    confidentiality: Confidentiality = Confidentiality.INTERNAL,
) -> MeetingCreate:
    """The ``MeetingCreate`` a draft meeting stands for, given its organisations' record ids."""
    participants = []
    for key in meeting.person_keys:
        person = draft.person(key)
        participants.append(
            ParticipantIn(
                person_id=person.match.record_id,
                new_person=None
                if person.match.record_id
                else NewPersonIn(name=person.name, local_name=person.local_name, aliases=person.aliases),
                organisation_id=org_ids.get(person.organisation_key),
                title=person.title,
                role=person.role,
                side=person.side,
            )
        )
    agreements = [
        AgreementCreate(
            title=a.title,
            kind=a.kind,
            signed_on=meeting.date,
            confidentiality=confidentiality,
            parties=[_party(draft, a, k, org_ids) for k in a.party_keys],
        )
        for a in meeting.agreements
    ]
    pledges = []
    for index, pledge in enumerate(meeting.pledges):
        area = _area(session, pledge.area)
        if area is None:
            raise ValidationError({f"pledges.{index}.area": f"“{pledge.area}” is not in the taxonomy"})
        pledges.append(
            MeetingPledgeIn(
                organisation_id=org_ids[pledge.organisation_key],
                area_id=area.id,
                text=pledge.text,
                agreement_index=pledge.agreement_index,
            )
        )
    return MeetingCreate(
        title=meeting.title or "Meeting",
        date=meeting.date,
        date_precision=meeting.date_precision,
        kind=meeting.kind,
        status=MeetingStatus.HELD,
        place=meeting.place,
        event_id=event_id,
        source=draft.source,
        source_url=draft.source_url,
        confidentiality=confidentiality,
        participants=participants,
        organisation_ids=[org_ids[k] for k in meeting.organisation_keys],
        topics=meeting.topics,
        agreements=agreements,
        pledges=pledges,
    )


def _party(draft: Draft, agreement: DraftAgreement, key: str, org_ids: dict[str, int]) -> AgreementPartyIn:
    """A party with the person who signed for it (linked when that person is a known record)."""
    signatory = draft.person(agreement.signatories[key]) if key in agreement.signatories else None
    return AgreementPartyIn(
        organisation_id=org_ids[key],
        signatory_person_id=signatory.match.record_id if signatory else None,
        signatory_title=signatory.title if signatory else None,
    )


def _organisation_keys(draft: Draft, meeting: DraftMeeting) -> set[str]:
    """Every organisation the meeting names: present, the participants', parties and pledgers."""
    keys = set(meeting.organisation_keys)
    keys |= {
        draft.person(k).organisation_key for k in meeting.person_keys if draft.person(k).organisation_key
    }
    keys |= {k for a in meeting.agreements for k in a.party_keys} | {
        p.organisation_key for p in meeting.pledges
    }
    return keys


def duplicate_probe(draft: Draft, meeting_index: int = 0) -> Probe | None:
    """The draft's meeting as the duplicate check sees it (the records it matched); None
    without a date."""
    meeting = draft.meetings[meeting_index]
    if meeting.date is None:
        return None
    organisations_named = (draft.organisation(k) for k in _organisation_keys(draft, meeting))
    return Probe.of(meeting.date, (draft.person(k).match.record_id for k in meeting.person_keys),
                    (o.match.record_id for o in organisations_named if o is not None))


def save_draft(
    *,
    session: Session,
    actor: Actor,
    draft: Draft,
    meeting_index: int = 0,
    confidentiality: Confidentiality = Confidentiality.INTERNAL,
) -> Meeting:
    """Save one meeting of a checked draft, creating the organisations and event it names."""
    require_write(actor, N_("save a draft meeting"))
    if not 0 <= meeting_index < len(draft.meetings):
        raise ValidationError({"meeting": "this draft has no such meeting"})
    meeting = draft.meetings[meeting_index]
    check_saveable(session, meeting)
    org_ids = _organisation_ids(session, actor, draft, _organisation_keys(draft, meeting))
    event_id = _event_id(session, actor, draft, meeting)
    data = meeting_data(session, draft, meeting, org_ids, event_id=event_id, confidentiality=confidentiality)
    return meetings.create_meeting(session=session, actor=actor, data=data)
