"""Cooperation areas (a small hierarchy), pledges made in them, and dated progress updates."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models.base import archived_at_column, confidentiality_column, created_at_column
from tracker.models.dates import OptionalRecordDate, RecordDate
from tracker.models.enums import Confidentiality, ConfidentialityLevel, PledgeStatus, enum_column
from tracker.models.text import LongText, Name


class CooperationAreaBase(SQLModel):
    name: Name = Field(max_length=100)
    parent_id: int | None = Field(default=None, foreign_key="cooperation_area.id", ondelete="SET NULL")
    description: LongText = None


class CooperationAreaCreate(CooperationAreaBase):
    pass


class CooperationArea(CooperationAreaBase, table=True):
    __tablename__ = "cooperation_area"
    __table_args__ = (sa.UniqueConstraint("name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(max_length=100)


class PledgeBase(SQLModel):
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    area_id: int = Field(foreign_key="cooperation_area.id", ondelete="RESTRICT")
    text: LongText = Field(default=None)
    target_date: OptionalRecordDate = None
    status: PledgeStatus = Field(default=PledgeStatus.PLEDGED,
                                 sa_column=enum_column(PledgeStatus, name="pledge_status"))


class PledgeCreate(PledgeBase):
    """A pledge; ``meeting_id``/``agreement_id`` are set by the meeting service when made there."""

    meeting_id: int | None = None
    agreement_id: int | None = None
    made_on: OptionalRecordDate = None
    confidentiality: ConfidentialityLevel = Confidentiality.INTERNAL


class PledgeUpdate(SQLModel):
    organisation_id: int | None = None
    area_id: int | None = None
    text: LongText = None
    target_date: OptionalRecordDate = None
    status: PledgeStatus | None = None
    confidentiality: ConfidentialityLevel | None = None


class Pledge(PledgeBase, table=True):
    __table_args__ = (
        # Covering for pledges by area and status (the Overview), all time or in a period.
        sa.Index("ix_pledge_area_status", "area_id", "status", "confidentiality", "made_on", "archived_at"),
        # Covering for each enterprise's open, overdue and delivered pledges (Relationships).
        sa.Index("ix_pledge_organisation_status", "organisation_id", "status", "confidentiality",
                 "target_date", "area_id", "archived_at"),
        sa.Index("ix_pledge_made_on", "made_on", "confidentiality", "archived_at"),
        # Covering for the due pledges and how many were delivered (the Overview's card).
        sa.Index("ix_pledge_target_date", "target_date", "status", "confidentiality", "archived_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE",
                                   index=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", ondelete="SET NULL",
                                     index=True)
    made_on: date = Field()
    last_update_on: date | None = Field(default=None, description="date of the latest progress update")
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("pledge"))
    created_at: datetime = Field(sa_column=created_at_column())
    archived_at: datetime | None = Field(default=None, sa_column=archived_at_column())
    archived_by: str | None = Field(default=None, sa_type=sa.String(100))


class PledgeProgressBase(SQLModel):
    on: RecordDate
    note: LongText = None
    status: PledgeStatus | None = Field(
        default=None, sa_column=enum_column(PledgeStatus, name="pledge_update_status", nullable=True))


class PledgeProgressCreate(PledgeProgressBase):
    """A dated progress note; ``status`` (when given) becomes the pledge's new status."""


class PledgeProgress(PledgeProgressBase, table=True):
    """A dated progress update on a pledge (DESIGN.md's PledgeUpdate)."""

    __tablename__ = "pledge_update"
    __table_args__ = (sa.Index("ix_pledge_update_pledge_on", "pledge_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", ondelete="CASCADE")
    created_at: datetime = Field(sa_column=created_at_column())
    created_by: str | None = Field(default=None, sa_type=sa.String(100))
