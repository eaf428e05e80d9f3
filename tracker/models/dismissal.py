"""Pairs a person judged not to be duplicates ("Not the same"), so the list never shows them again."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models.base import created_at_column

RECORD_KINDS = ("person", "organisation")


class DuplicateDismissal(SQLModel, table=True):
    """Two people (or two organisations) someone said are not the same, lower id first.

    The ids are plain columns, not foreign keys: a merge moves every reference to the merged
    record onto the survivor (``tracker.services.merge``), and moving a dismissal would pair the
    survivor with itself or with a record never judged against it. A pair that names a merged
    record simply never matches a listed pair again."""

    __tablename__ = "duplicate_dismissal"
    __table_args__ = (
        sa.Index("ix_duplicate_dismissal_pair", "record_kind", "low_id", "high_id", unique=True),
        sa.CheckConstraint("record_kind IN ('person', 'organisation')", name="record_kind_known"),
        sa.CheckConstraint("low_id < high_id", name="pair_in_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str = Field(max_length=20)
    low_id: int
    high_id: int
    dismissed_by: str = Field(max_length=100)
    dismissed_at: datetime = Field(sa_column=created_at_column())
