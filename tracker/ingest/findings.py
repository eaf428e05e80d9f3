"""What a language's rules find in an article, before names are resolved to records.

The English and Chinese extractors fill a ``Findings``; ``tracker.ingest.assemble`` turns it into
a ``Draft`` the same way for both, so matching, sides and meeting grouping are written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.ingest.dates import FoundDate
from tracker.ingest.draft import Span
from tracker.models import AgreementKind, MeetingKind


@dataclass
class PersonMention:
    name: str
    span: Span
    title: str | None = None
    organisation: str | None = None  # as the text names it
    implied_organisation: str | None = None  # from the title ("Governor of X" → X's government)
    local_name: str | None = None


@dataclass
class MeetingMention:
    span: Span
    hosts: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    date: FoundDate | None = None  # offsets already absolute in the article
    place: str | None = None
    place_span: Span | None = None
    kind: MeetingKind = MeetingKind.TALK


@dataclass
class AttendanceMention:
    names: list[str]
    span: Span


@dataclass
class AgreementMention:
    kind: AgreementKind
    parties: list[str]  # organisations as written (or person names)
    span: Span
    date: FoundDate | None = None
    refers_back: bool = False  # "signed the agreement": one told of already


@dataclass
class PledgeMention:
    pledger: str  # an organisation as written, or a person's name
    area: str  # a taxonomy area, or the article's words for a field it does not have
    text: str
    span: Span
    area_known: bool = True


@dataclass
class Findings:
    language: str
    dateline: FoundDate | None = None
    headline: str | None = None
    publication: str | None = None
    people: list[PersonMention] = field(default_factory=list)
    meetings: list[MeetingMention] = field(default_factory=list)
    attendance: list[AttendanceMention] = field(default_factory=list)
    agreements: list[AgreementMention] = field(default_factory=list)
    pledges: list[PledgeMention] = field(default_factory=list)
    topics: list[tuple[str, Span]] = field(default_factory=list)
    organisations: list[tuple[str, Span]] = field(default_factory=list)  # named, outside the rest
    event: tuple[str, Span] | None = None
    city: str | None = None
    province: str | None = None
    province_government: str | None = None
