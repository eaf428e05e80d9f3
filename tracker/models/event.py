"""Events (summits, forums, visits) that group meetings, and free topic tags."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import _
from tracker.models.dates import OptionalRecordDate
from tracker.models.text import LongText, Name, OptionalTitle


class EventBase(SQLModel):
    name: Name = Field(max_length=200)
    place: OptionalTitle = Field(default=None, sa_type=sa.String(300))
    start_date: OptionalRecordDate = None
    end_date: OptionalRecordDate = None
    description: LongText = None

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: " + _("an event cannot end before it starts"))
        return self


class EventCreate(EventBase):
    pass


class Event(EventBase, table=True):
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="ends_after_start"),
        sa.UniqueConstraint("name"),
    )

    id: int | None = Field(default=None, primary_key=True)


class Topic(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100)
