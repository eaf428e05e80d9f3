"""The draft an article becomes: what was found, where in the text, and whether it is already known.

Nothing here touches the database: a draft is checked and corrected by a person, then saved
through the meeting service (``tracker.ingest.save``). Every item keeps the span of text it came
from so the page can highlight it and a reviewer can see why it was extracted.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from tracker.models import AgreementKind, DatePrecision, MeetingKind, ParticipantRole, Side


class Span(BaseModel):
    """Characters ``start``–``end`` of the article (``text`` is the slice, kept for reading)."""

    start: int
    end: int
    text: str


class Match(BaseModel):
    """Whether a name is an existing record (``record_id``) or new, and how sure the match is."""

    record_id: int | None = None
    record_name: str | None = None
    score: float = 0.0

    @property
    def is_new(self) -> bool:
        return self.record_id is None


class DraftOrganisation(BaseModel):
    key: str
    name: str
    local_name: str | None = None
    kind: str = "other"
    side: Side = Side.ENTERPRISE
    aliases: list[str] = Field(default_factory=list)
    match: Match = Field(default_factory=Match)
    spans: list[Span] = Field(default_factory=list)


class DraftPerson(BaseModel):
    key: str
    name: str
    local_name: str | None = None
    title: str | None = None
    organisation_key: str | None = None
    role: ParticipantRole = ParticipantRole.ATTENDEE
    side: Side = Side.GOVERNMENT
    aliases: list[str] = Field(default_factory=list)
    match: Match = Field(default_factory=Match)
    spans: list[Span] = Field(default_factory=list)


class DraftAgreement(BaseModel):
    """``signatories``: party key → the person who signed for it, told apart from the leaders who
    met (a vice governor signs while the governor witnesses)."""

    title: str
    kind: AgreementKind = AgreementKind.COOPERATION
    party_keys: list[str] = Field(default_factory=list)
    signatories: dict[str, str] = Field(default_factory=dict)
    spans: list[Span] = Field(default_factory=list)


class DraftPledge(BaseModel):
    """``area`` is a taxonomy area's name, or (``area_known`` false) the article's own words for a
    field the taxonomy does not have, kept for the reviewer to file rather than dropped."""

    organisation_key: str
    area: str
    area_known: bool = True
    text: str
    agreement_index: int | None = None
    spans: list[Span] = Field(default_factory=list)


class DraftMeeting(BaseModel):
    title: str = ""
    date: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    date_span: Span | None = None
    kind: MeetingKind = MeetingKind.TALK
    place: str | None = None
    place_span: Span | None = None
    person_keys: list[str] = Field(default_factory=list)
    organisation_keys: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    agreements: list[DraftAgreement] = Field(default_factory=list)
    pledges: list[DraftPledge] = Field(default_factory=list)
    spans: list[Span] = Field(default_factory=list)


class Draft(BaseModel):
    """Everything extracted from one article; ``meetings`` share its people and organisations."""

    language: str
    dateline: dt.date | None = None
    source_url: str | None = None
    source: str | None = None
    event_name: str | None = None
    event_id: int | None = None
    event_span: Span | None = None
    people: list[DraftPerson] = Field(default_factory=list)
    organisations: list[DraftOrganisation] = Field(default_factory=list)
    meetings: list[DraftMeeting] = Field(default_factory=list)
    topic_spans: list[Span] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def person(self, key: str) -> DraftPerson:
        return next(p for p in self.people if p.key == key)

    def organisation(self, key: str | None) -> DraftOrganisation | None:
        return next((o for o in self.organisations if o.key == key), None)

    def all_spans(self) -> list[tuple[str, Span]]:
        """(label, span) for everything found, for highlighting the article."""
        found: list[tuple[str, Span]] = []
        if self.event_span:
            found.append(("event", self.event_span))
        found += [("person", s) for p in self.people for s in p.spans]
        found += [("organisation", s) for o in self.organisations for s in o.spans]
        found += [("topic", s) for s in self.topic_spans]
        for meeting in self.meetings:
            if meeting.date_span:
                found.append(("date", meeting.date_span))
            if meeting.place_span:
                found.append(("place", meeting.place_span))
            found += [("agreement", s) for a in meeting.agreements for s in a.spans]
            found += [("pledge", s) for p in meeting.pledges for s in p.spans]
        return sorted(found, key=lambda item: (item[1].start, -item[1].end))
