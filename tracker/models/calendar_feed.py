"""Calendar subscription feeds: each user may hold one secret feed address; only its hash is kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models.base import created_at_column


class CalendarFeedToken(SQLModel, table=True):
    """A user's calendar feed token, found by its SHA-256 (as sign-in sessions are); revoked, it
    answers nothing."""

    __tablename__ = "calendar_feed_token"
    __table_args__ = (
        sa.Index("ix_calendar_feed_token_hash", "token_hash", unique=True),
        sa.Index("ix_calendar_feed_token_user", "user_id", "revoked_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, description="hex SHA-256 of the token; the token is never stored")
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    created_at: datetime = Field(sa_column=created_at_column())
    last_used_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
