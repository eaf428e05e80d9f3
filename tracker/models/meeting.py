"""Meetings, who took part, which organisations were there, and the topics discussed.

``Participation`` and ``MeetingOrganisation`` carry copies of the meeting's date, status and
confidentiality: the dashboards aggregate them without joining back to ``meeting`` (a read
model kept in step on every write by ``tracker.read_model``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import _
from tracker.models.agreement import AgreementCreate
from tracker.models.base import archived_at_column, confidentiality_column, created_at_column
from tracker.models.dates import OptionalRecordDate, RecordDate
from tracker.models.enums import (
    Confidentiality,
    ConfidentialityLevel,
    DatePrecision,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    ParticipantRole,
    PledgeStatus,
    Side,
    enum_column,
)
from tracker.models.event import EventCreate
from tracker.models.organisation import OrganisationCreate
from tracker.models.person import PositionCreate
from tracker.models.pledge import PledgeCreate
from tracker.models.text import (
    LongText,
    Name,
    OptionalName,
    OptionalTitle,
    Title,
    Url,
    check_key_length,
    clean_text,
)


class MeetingBase(SQLModel):
    title: Title = Field(max_length=300)
    date: RecordDate
    date_precision: DatePrecision = Field(
        default=DatePrecision.DAY, sa_column=enum_column(DatePrecision, name="date_precision"))
    time: dt.time | None = None
    kind: MeetingKind = Field(default=MeetingKind.TALK,
                              sa_column=enum_column(MeetingKind, name="meeting_kind"))
    status: MeetingStatus = Field(default=MeetingStatus.HELD,
                                  sa_column=enum_column(MeetingStatus, name="meeting_status"))
    place: OptionalTitle = Field(default=None, sa_type=sa.String(300))
    event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    summary: LongText = Field(default=None)
    source: LongText = Field(default=None, description="article, minutes or other source text")
    source_url: Url = Field(default=None, sa_type=sa.String(1000))


class NewPersonIn(SQLModel):
    """A person created on the spot while logging a meeting."""

    name: Name
    local_name: OptionalName = None
    aliases: list[str] = Field(default_factory=list)
    positions: list[PositionCreate] = Field(default_factory=list)


class NewEntitiesIn(SQLModel):
    """Records typed into the meeting form "on the spot", created in the meeting's own transaction
    so an abandoned or refused form leaves none behind. Wherever the meeting names an organisation,
    ``-1`` stands for ``new_organisations[0]``, ``-2`` for the second, and so on."""

    new_organisations: list[OrganisationCreate] = Field(default_factory=list)
    new_event: EventCreate | None = Field(default=None, description="the meeting's event, created with it")


class ParticipantIn(SQLModel):
    """One person at the meeting: an existing ``person_id`` or a ``new_person``."""

    person_id: int | None = None
    new_person: NewPersonIn | None = None
    organisation_id: int | None = None
    title: OptionalTitle = Field(default=None, description="blank: the position held that day")
    role: ParticipantRole = ParticipantRole.ATTENDEE
    side: Side = Side.GOVERNMENT

    @model_validator(mode="after")
    def _one_person(self):
        if (self.person_id is None) == (self.new_person is None):
            raise ValueError("person: " + _("choose an existing person or enter a new one"))
        return self


class MeetingPledgeIn(SQLModel):
    """A pledge made at the meeting; ``agreement_index`` ties it to one of the meeting's agreements."""

    organisation_id: int
    area_id: int
    text: LongText = None
    target_date: OptionalRecordDate = None
    status: PledgeStatus = PledgeStatus.PLEDGED
    agreement_index: int | None = None


class MeetingCreate(MeetingBase, NewEntitiesIn):
    confidentiality: ConfidentialityLevel = Confidentiality.INTERNAL
    participants: list[ParticipantIn] = Field(default_factory=list)
    organisation_ids: list[int] = Field(default_factory=list,
                                        description="organisations present beyond the participants'")
    topics: list[str] = Field(default_factory=list)
    agreements: list[AgreementCreate] = Field(default_factory=list)
    pledges: list[MeetingPledgeIn] = Field(default_factory=list)
    import_key: str | None = Field(default=None, sa_type=sa.String(200))

    @field_validator("topics")
    @classmethod
    def _clean_topics(cls, value: list[str]) -> list[str]:
        return clean_topic_list(value)


class MeetingUpdate(NewEntitiesIn):
    """Changes to a meeting; ``version`` is the one it was read at (optimistic locking).

    A list field given here replaces the whole list; a field left unset is kept.
    """

    version: int
    title: Title | None = None
    date: OptionalRecordDate = None
    date_precision: DatePrecision | None = None
    time: dt.time | None = None
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    place: OptionalTitle = None
    event_id: int | None = None
    summary: LongText = None
    source: LongText = None
    source_url: Url = None
    confidentiality: ConfidentialityLevel | None = None
    participants: list[ParticipantIn] | None = None
    organisation_ids: list[int] | None = None
    topics: list[str] | None = None

    @field_validator("topics")
    @classmethod
    def _clean_topics(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_topic_list(value)


# The meeting's own fields (no lists), as the service writes them and the form edits them: declared
# once, by ``MeetingBase`` plus the level, which each model declares with its own column.
SCALAR_FIELDS: tuple[str, ...] = (*MeetingBase.model_fields, "confidentiality")
# Those an update may not blank: required or defaulted to a value when a meeting is logged.
REQUIRED_SCALARS: tuple[str, ...] = tuple(
    name for name in SCALAR_FIELDS
    if MeetingCreate.model_fields[name].is_required() or MeetingCreate.model_fields[name].default is not None)


class Meeting(MeetingBase, table=True):
    __table_args__ = (
        sa.Index("ix_meeting_date_conf", "date", "confidentiality", "archived_at"),
        sa.Index("ix_meeting_event", "event_id"),
        sa.Index("ix_meeting_status_date", "status", "date"),
        # Covering index for the dashboards' "held meetings in a period" counts. Each covering
        # index ends in archived_at: every reader's query asks for rows not archived (``cleared``).
        sa.Index("ix_meeting_status_date_conf", "status", "date", "confidentiality", "archived_at"),
        sa.UniqueConstraint("import_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("meeting"))
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    search_text: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""),
                             description="lower-cased title, summary, people, organisations, topics")
    import_key: str | None = Field(default=None, sa_type=sa.String(200))
    created_at: dt.datetime = Field(sa_column=created_at_column())
    updated_at: dt.datetime = Field(sa_column=created_at_column())
    archived_at: dt.datetime | None = Field(default=None, sa_column=archived_at_column())
    archived_by: str | None = Field(default=None, sa_type=sa.String(100))


class Participation(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "person_id"),
        sa.Index("ix_participation_person_date", "person_id", "meeting_date"),
        sa.Index("ix_participation_side_person", "side", "person_id", "meeting_id"),
        sa.Index("ix_participation_org_meeting", "organisation_id", "meeting_id"),
        # Covering index for the dashboards' "officials by meetings".
        sa.Index("ix_participation_side_status_person", "side", "meeting_status", "person_id",
                 "confidentiality", "meeting_date", "archived_at"),
        # Covering index from a meeting to its officials (the network of who met whom).
        sa.Index("ix_participation_meeting_side_person", "meeting_id", "side", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id",
                                        ondelete="SET NULL")
    title: str | None = Field(default=None, sa_type=sa.String(300))
    role: ParticipantRole = Field(sa_column=enum_column(ParticipantRole, name="participant_role"))
    side: Side = Field(sa_column=enum_column(Side, name="participant_side"))
    meeting_date: dt.date
    meeting_status: MeetingStatus = Field(
        sa_column=enum_column(MeetingStatus, name="participation_meeting_status"))
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("participation"))
    # The meeting's archived_at copied in (tracker/read_model): hidden with an archived meeting.
    archived_at: dt.datetime | None = Field(default=None, sa_column=archived_at_column())


class MeetingOrganisation(SQLModel, table=True):
    """Organisation × meeting, with the meeting's date, status and confidentiality copied in."""

    __tablename__ = "meeting_organisation"
    __table_args__ = (
        sa.Index("ix_meeting_organisation_org_date", "organisation_id", "meeting_date",
                 "confidentiality", "archived_at"),
        sa.Index("ix_meeting_organisation_date_org", "meeting_date", "confidentiality",
                 "organisation_id", "archived_at"),
        sa.Index("ix_meeting_organisation_conf_org", "confidentiality", "organisation_id",
                 "meeting_id", "archived_at"),
        # Covering indexes for the dashboards: per organisation over all time, and per period,
        # without touching the table. The date before confidentiality, so one organisation's
        # meetings in a period are one index range (the network); the kind in it, so
        # "enterprises by meetings" reads no table row; archived_at last, as ``cleared`` reads it.
        sa.Index("ix_meeting_organisation_org_status", "organisation_id", "meeting_status",
                 "meeting_date", "confidentiality", "organisation_kind", "meeting_id", "archived_at"),
        sa.Index("ix_meeting_organisation_status_date", "meeting_status", "meeting_date",
                 "confidentiality", "organisation_id", "meeting_id", "archived_at"),
        # Held meetings by the organisation's kind and sector, per period, from the index alone.
        sa.Index("ix_meeting_organisation_status_kind", "meeting_status", "organisation_kind",
                 "meeting_date", "confidentiality", "organisation_sector", "organisation_id", "meeting_id",
                 "archived_at"),
    )

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE",
                                 primary_key=True)
    meeting_date: dt.date
    meeting_status: MeetingStatus = Field(
        sa_column=enum_column(MeetingStatus, name="meeting_organisation_meeting_status"))
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("meeting_organisation"))
    # The organisation's kind and sector copied in too (kept in step by tracker/read_model), so
    # the dashboards split and pick enterprises without joining organisation for every meeting row.
    organisation_kind: OrganisationKind = Field(
        sa_column=enum_column(OrganisationKind, name="meeting_organisation_organisation_kind"))
    organisation_sector: str | None = Field(default=None, sa_type=sa.String(100))
    # The meeting's archived_at copied in (tracker/read_model): hidden with an archived meeting.
    archived_at: dt.datetime | None = Field(default=None, sa_column=archived_at_column())


class MeetingsByMonth(SQLModel, table=True):
    """Held meetings per month, organisation sector or kind, and confidentiality level: a summary
    of ``meeting_organisation`` for "meetings per month" over long periods (a few rows per month
    to add up instead of every meeting's organisations to count distinct).

    Counts non-government organisations only; ``segment`` is the sector ("Sector not recorded"
    for none) or the kind; ``meetings`` counts distinct meetings, so a meeting with enterprises
    of two sectors counts once in each. The months a write touches are recounted in the same
    transaction (tracker/read_model).
    """

    __tablename__ = "meetings_by_month"
    __table_args__ = (
        sa.PrimaryKeyConstraint("dimension", "month", "segment", "confidentiality"),
        sa.CheckConstraint("dimension IN ('sector', 'kind')", name="dimension"),
    )

    dimension: str = Field(sa_type=sa.String(10), description="'sector' or 'kind'")
    month: str = Field(sa_type=sa.String(7), description="'YYYY-MM'")
    segment: str = Field(sa_type=sa.String(100))
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("meetings_by_month"))
    meetings: int


class MeetingsByOrganisation(SQLModel, table=True):
    """Held meetings per non-government organisation and confidentiality level over all time,
    with the first and last of them: a summary of ``meeting_organisation`` for the all-time
    "who have we met most" questions (top enterprises, the network's enterprises) and for
    each enterprise's first meeting ("new enterprises"), which otherwise walk every enterprise
    meeting row or seek once per enterprise. Kept in the writing transaction (tracker/read_model)."""

    __tablename__ = "meetings_by_organisation"
    # WITHOUT ROWID on SQLite: the rows are stored in key order, so one organisation's are one read.
    __table_args__ = (
        sa.PrimaryKeyConstraint("organisation_id", "confidentiality"),
        {"sqlite_with_rowid": False},
    )

    organisation_id: int
    confidentiality: ConfidentialityLevel = Field(
        sa_column=confidentiality_column("meetings_by_organisation"))
    meetings: int
    first_met: dt.date
    last_met: dt.date


class MeetingsByOfficial(SQLModel, table=True):
    """Held meetings per government-side official × non-government organisation × level over
    all time: "who met whom" for the network of officials and enterprises over all time (the
    most-met enterprises' summary rows are read in order from the primary key instead of walking
    their meetings). Kept with ``MeetingsByOrganisation`` (tracker/read_model)."""

    __tablename__ = "meetings_by_official"
    __table_args__ = (
        sa.PrimaryKeyConstraint("organisation_id", "person_id", "confidentiality"),
        sa.Index("ix_meetings_by_official_person", "person_id"),  # recounting one official (merges)
        {"sqlite_with_rowid": False},
    )

    organisation_id: int
    person_id: int
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("meetings_by_official"))
    meetings: int


class MeetingTopic(SQLModel, table=True):
    __tablename__ = "meeting_topic"
    __table_args__ = (sa.Index("ix_meeting_topic_topic", "topic_id", "meeting_id"),)

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", ondelete="CASCADE", primary_key=True)


def clean_topic_list(values: list[str]) -> list[str]:
    """Trim topics, drop blanks and case-insensitive repeats; each at most 100 characters."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in values:
        topic = str(clean_text(raw))
        if len(topic) > 100:
            raise ValueError(_("a topic is longer than 100 characters"))
        check_key_length(topic, 100)
        if topic and topic.casefold() not in seen:
            seen.add(topic.casefold())
            result.append(topic)
    return result


__all__ = [
    "Meeting", "MeetingBase", "MeetingCreate", "MeetingUpdate", "MeetingOrganisation", "MeetingsByMonth",
    "MeetingsByOfficial", "MeetingsByOrganisation",
    "MeetingTopic", "Participation", "ParticipantIn", "NewPersonIn", "MeetingPledgeIn",
    "PledgeCreate",
]
