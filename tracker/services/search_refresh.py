"""Keeps meetings' search text in step when a person or organisation they mention is renamed or
merged, so the meeting list finds them by the new name. Runs inside the caller's unit of work."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.models import Meeting, MeetingOrganisation, Participation


def meetings_of(session: Session, *, person_id: int | None = None,
                organisation_id: int | None = None) -> set[int]:
    """Ids of the meetings a person took part in, or an organisation was present at."""
    if person_id is not None:
        return set(session.exec(select(Participation.meeting_id)
                                .where(Participation.person_id == person_id)))
    return set(session.exec(select(MeetingOrganisation.meeting_id)
                            .where(MeetingOrganisation.organisation_id == organisation_id)))


def refresh_search_text(session: Session, meeting_ids: set[int]) -> None:
    """Rebuild the search text of these meetings from their current people and organisations."""
    from tracker.services.meetings import build_search_text  # meetings imports the people service

    if not meeting_ids:
        return
    session.flush()
    for meeting in session.exec(select(Meeting).where(Meeting.id.in_(sorted(meeting_ids)))).all():
        meeting.search_text = build_search_text(session, meeting)
        session.add(meeting)
