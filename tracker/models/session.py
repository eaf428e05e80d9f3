"""Server-side sign-in sessions: the browser holds a random token, the database only its hash."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models.base import created_at_column


class UserSession(SQLModel, table=True):
    """One signed-in browser: found by the SHA-256 of its token, ended by sign-out or an admin."""

    __tablename__ = "user_session"
    __table_args__ = (
        sa.Index("ix_user_session_token_hash", "token_hash", unique=True),
        sa.Index("ix_user_session_user", "user_id", "ended_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, description="hex SHA-256 of the token; the token is never stored")
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    created_at: datetime = Field(sa_column=created_at_column())
    last_seen_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=sa.DateTime(timezone=True),
                                 description="inactivity expiry: last seen + TRACKER_SESSION_MINUTES")
    absolute_expires_at: datetime = Field(sa_type=sa.DateTime(timezone=True),
                                          description="hard cap from sign-in, however active")
    user_agent: str | None = Field(default=None, sa_type=sa.String(300))
    ended_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    end_reason: str | None = Field(default=None, sa_type=sa.String(100))
