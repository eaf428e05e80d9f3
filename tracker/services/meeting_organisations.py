"""Which organisations a meeting had: those its participants came from, the parties to the
agreements signed there and the organisations that pledged there, plus any named as present.

Shared by the meeting service and the agreement and pledge services (an agreement or pledge
attached to a meeting later brings its organisations to the meeting), below all three.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.models import Agreement, AgreementParty, Meeting, MeetingOrganisation, Participation, Pledge


def derived_organisation_ids(session: Session, meeting_id: int) -> set[int]:
    """Organisations implied by participants, agreement parties and pledges of the meeting."""
    queries = [
        select(Participation.organisation_id).where(Participation.meeting_id == meeting_id,
                                                    Participation.organisation_id.is_not(None)),
        select(AgreementParty.organisation_id).join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .where(Agreement.meeting_id == meeting_id),
        select(Pledge.organisation_id).where(Pledge.meeting_id == meeting_id),
    ]
    return {org_id for query in queries for org_id in session.exec(query)}


def current_organisation_ids(session: Session, meeting_id: int) -> set[int]:
    return set(session.exec(select(MeetingOrganisation.organisation_id)
                            .where(MeetingOrganisation.meeting_id == meeting_id)))


def write_organisations(session: Session, meeting: Meeting, extra_ids: set[int]) -> set[int]:
    """Rewrite the meeting's organisation rows; returns the organisations it now has."""
    wanted = derived_organisation_ids(session, meeting.id) | set(extra_ids)
    session.execute(sa.delete(MeetingOrganisation).where(MeetingOrganisation.meeting_id == meeting.id))
    for org_id in sorted(wanted):
        session.add(MeetingOrganisation(meeting_id=meeting.id, organisation_id=org_id))
    session.flush()
    return wanted


def include_organisations(session: Session, meeting: Meeting, organisation_ids: list[int]) -> None:
    """Add to the meeting the organisations an agreement or pledge attached to it later brings."""
    missing = set(organisation_ids) - current_organisation_ids(session, meeting.id)
    for org_id in sorted(missing):
        session.add(MeetingOrganisation(meeting_id=meeting.id, organisation_id=org_id))
    session.flush()
