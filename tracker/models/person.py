"""People, their aliases, and the positions (titles) they held over time."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import _
from tracker.models.base import archived_at_column, created_at_column
from tracker.models.dates import OptionalRecordDate
from tracker.models.organisation import clean_alias_list
from tracker.models.text import Name, OptionalName, Title


class PersonBase(SQLModel):
    name: Name = Field(max_length=200)
    local_name: OptionalName = Field(default=None, sa_type=sa.String(200))


class PositionBase(SQLModel):
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    title: Title = Field(max_length=300)
    start_date: OptionalRecordDate = None
    end_date: OptionalRecordDate = None

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: " + _("a position cannot end before it starts"))
        return self


class PositionCreate(PositionBase):
    pass


class PositionUpdate(SQLModel):
    organisation_id: int | None = None
    title: Title | None = None
    start_date: OptionalRecordDate = None
    end_date: OptionalRecordDate = None


class PersonCreate(PersonBase):
    aliases: list[str] = Field(default_factory=list)
    positions: list[PositionCreate] = Field(default_factory=list)

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str]) -> list[str]:
        return clean_alias_list(value)


class PersonUpdate(SQLModel):
    name: Name | None = None
    local_name: OptionalName = None
    aliases: list[str] | None = None

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_alias_list(value)


class Person(PersonBase, table=True):
    __table_args__ = (sa.Index("ix_person_name_key", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(max_length=200)
    search_key: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""),
                            description="pinyin of Chinese names, so Latin-script search finds them")
    created_at: datetime = Field(sa_column=created_at_column())
    archived_at: datetime | None = Field(default=None, sa_column=archived_at_column())
    archived_by: str | None = Field(default=None, sa_type=sa.String(100))


class PersonAlias(SQLModel, table=True):
    __tablename__ = "person_alias"
    __table_args__ = (sa.UniqueConstraint("person_id", "alias_key"),
                      sa.Index("ix_person_alias_alias_key", "alias_key"))

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    alias: str = Field(max_length=200)
    alias_key: str = Field(max_length=200)


class Position(PositionBase, table=True):
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="ends_after_start"),
        sa.Index("ix_position_person_dates", "person_id", "start_date"),
        sa.Index("ix_position_organisation", "organisation_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
