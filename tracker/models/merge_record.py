"""What a merge of two people or organisations changed, row by row, so it can be undone exactly."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models.base import created_at_column


class MergeRecord(SQLModel, table=True):
    """One merge: every row it could touch as it was before and as the merge left it
    (``{table: [row, …]}``, values as ``tracker.dump.encode`` writes them). The ids are plain
    columns: the merged record no longer exists, and undoing brings it back with its own id."""

    __tablename__ = "merge_record"
    __table_args__ = (
        sa.CheckConstraint("entity IN ('person', 'organisation')", name="entity_known"),
        sa.Index("ix_merge_record_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    survivor_id: int
    merged_id: int
    merged_name: str = Field(max_length=200)
    survivor_name: str = Field(max_length=200)
    at: datetime = Field(sa_column=created_at_column())
    by: str = Field(max_length=100)
    rows_before: dict = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    rows_after: dict = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    undone_at: datetime | None = Field(default=None,
                                       sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True))
    undone_by: str | None = Field(default=None, max_length=100)
