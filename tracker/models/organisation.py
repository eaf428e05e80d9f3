"""Organisations (government bodies, enterprises, …) and their aliases."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import field_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import _
from tracker.models.base import archived_at_column, created_at_column
from tracker.models.enums import OrganisationKind, enum_column
from tracker.models.text import Name, OptionalName, OptionalTitle, Url, normalise_key


class OrganisationBase(SQLModel):
    name: Name = Field(max_length=200)
    local_name: OptionalName = Field(default=None, sa_type=sa.String(200))
    kind: OrganisationKind = Field(default=OrganisationKind.OTHER,
                                   sa_column=enum_column(OrganisationKind, name="organisation_kind"))
    sector: OptionalTitle = Field(default=None, sa_type=sa.String(100))
    region: OptionalTitle = Field(default=None, sa_type=sa.String(100))
    parent_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    website: Url = Field(default=None, sa_type=sa.String(1000))


class OrganisationCreate(OrganisationBase):
    aliases: list[str] = Field(default_factory=list)

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str]) -> list[str]:
        return clean_alias_list(value)


class OrganisationUpdate(SQLModel):
    name: Name | None = None
    local_name: OptionalName = None
    kind: OrganisationKind | None = None
    sector: OptionalTitle = None
    region: OptionalTitle = None
    parent_id: int | None = None
    website: Url = None
    aliases: list[str] | None = None

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_alias_list(value)


class Organisation(OrganisationBase, table=True):
    __table_args__ = (
        sa.Index("ix_organisation_kind_sector", "kind", "sector"),
        # Every enterprise with what the Relationships table shows of it, from the index alone.
        sa.Index("ix_organisation_kind_listing", "kind", "name", "sector", "region"),
        sa.Index("ix_organisation_name_key", "name_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(max_length=200, description="casefolded name for exact matching")
    search_key: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""),
                            description="pinyin of Chinese names, so Latin-script search finds them")
    created_at: datetime = Field(sa_column=created_at_column())
    archived_at: datetime | None = Field(default=None, sa_column=archived_at_column())
    archived_by: str | None = Field(default=None, sa_type=sa.String(100))


class OrganisationAlias(SQLModel, table=True):
    __tablename__ = "organisation_alias"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "alias_key"),
                      sa.Index("ix_organisation_alias_alias_key", "alias_key"))

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    alias: str = Field(max_length=200)
    alias_key: str = Field(max_length=200)


def clean_alias_list(values: list[str]) -> list[str]:
    """Trim, drop blanks and case-insensitive repeats, keeping the first spelling."""
    from tracker.models.text import check_key_length, clean_text

    seen: set[str] = set()
    result: list[str] = []
    for raw in values:
        alias = str(clean_text(raw))
        key = normalise_key(alias)
        if alias and key not in seen:
            if len(alias) > 200:
                raise ValueError(_("an alias is longer than 200 characters"))
            check_key_length(alias, 200)
            seen.add(key)
            result.append(alias)
    return result
