"""Shared metadata, column types and helpers for every table."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import SQLModel

from tracker.models.enums import Confidentiality

# Named constraints make Alembic migrations reproducible on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME_MAX = 200
TITLE_MAX = 300


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC everywhere."""
    return datetime.now(UTC)


class ConfidentialityType(sa.types.TypeDecorator):
    """Stores a ``Confidentiality`` as a small integer so clearance filters are one comparison."""

    impl = sa.SmallInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return int(Confidentiality.parse(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Confidentiality(value)


def confidentiality_column(table: str) -> sa.Column:
    """The confidentiality column with its range check, copied onto every table that hangs on a meeting."""
    return sa.Column(
        ConfidentialityType(),
        sa.CheckConstraint("confidentiality BETWEEN 0 AND 3", name="confidentiality_range"),
        nullable=False,
        default=Confidentiality.INTERNAL,
        server_default="1",
    )


def archived_at_column() -> sa.Column:
    """When a record was archived ("deleted"): NULL while it is live. Archived rows are hidden
    from every reader (``tracker.auth.visibility.cleared``) until restored or purged."""
    return sa.Column(sa.DateTime(timezone=True), nullable=True)


def created_at_column() -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=False, default=utcnow)
