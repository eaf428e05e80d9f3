"""Users, the append-only audit trail, and small pieces of application state."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import StringConstraints, field_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import LANGUAGES, _, normalise
from tracker.models.base import ConfidentialityType, created_at_column
from tracker.models.enums import AuditAction, Confidentiality, ConfidentialityLevel, Role, enum_column
from tracker.models.text import Name, OptionalName

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.@-]+")


class UserBase(SQLModel):
    username: Name = Field(max_length=100)
    display_name: OptionalName = Field(default=None, sa_type=sa.String(200))
    role: Role = Field(default=Role.VIEWER, sa_column=enum_column(Role, name="user_role"))
    clearance: ConfidentialityLevel = Field(
        default=Confidentiality.INTERNAL,
        sa_column=sa.Column(ConfidentialityType(),
                            sa.CheckConstraint("clearance BETWEEN 0 AND 3", name="clearance_range"),
                            nullable=False, server_default="1"))
    # None until the user picks one: then TRACKER_DEFAULT_LANGUAGE, the browser's, or English.
    language: str | None = Field(default=None, sa_type=sa.String(10))

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        return known_language(value)

    @field_validator("username")
    @classmethod
    def _username_characters(cls, value: str) -> str:
        # SQLModel's ``regex=`` is not applied to an Annotated type, so the rule lives here.
        if not USERNAME_PATTERN.fullmatch(value):
            raise ValueError(_("use only letters, digits and . _ - @ (no spaces)"))
        return value


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=200)
    email: str | None = None
    person_id: int | None = None

    @field_validator("email")
    @classmethod
    def _plain_address(cls, value: str | None) -> str | None:
        return plain_address(value)


class UserUpdate(SQLModel):
    display_name: OptionalName = None
    role: Role | None = None
    clearance: ConfidentialityLevel | None = None
    password: Annotated[str, StringConstraints(min_length=8, max_length=200)] | None = None
    is_active: bool | None = None
    language: str | None = None
    email: str | None = None
    person_id: int | None = None

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        return known_language(value)

    @field_validator("email")
    @classmethod
    def _plain_address(cls, value: str | None) -> str | None:
        return plain_address(value)


EMAIL_PATTERN = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


def plain_address(value: str | None) -> str | None:
    """An e-mail address as stored (trimmed; blank: none); ValueError for anything else."""
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if len(value) > 320 or not EMAIL_PATTERN.fullmatch(value):
        raise ValueError("enter one e-mail address, like name@example.gov.cn")
    return value


def known_language(value: str | None) -> str | None:
    """A language the tracker has, as stored ('zh-CN' → 'zh_CN'); ValueError for any other."""
    if value is None or not str(value).strip():
        return None
    language = normalise(value)
    if language is None:
        raise ValueError(_("choose one of {languages}").format(languages=", ".join(LANGUAGES)))
    return language


class User(UserBase, table=True):
    __tablename__ = "app_user"
    __table_args__ = (sa.UniqueConstraint("username"),)

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=300)
    is_active: bool = Field(default=True)
    # No longer written: failed sign-ins are counted per name in ``sign_in_throttle``. The columns
    # stay so that backups and exports taken before that change still restore.
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: datetime = Field(sa_column=created_at_column())
    # Where the daily reminders go (none: shown in the app only), and the person in the directory
    # this user is, so "my meetings" finds the meetings they take part in. No foreign key: adding
    # one would rebuild app_user on SQLite, whose audit rows reference it and may not be rewritten.
    email: str | None = Field(default=None, sa_type=sa.String(320))
    person_id: int | None = Field(default=None)


class SignInThrottle(SQLModel, table=True):
    """Sign-in attempts per name, for known and unknown names alike (so a lockout says nothing
    about whether an account exists). The name is stored only as a SHA-256 hash: people type
    passwords into the name field. A row is counted before its password is checked."""

    __tablename__ = "sign_in_throttle"
    __table_args__ = (sa.Index("ix_sign_in_throttle_last_attempt", "last_attempt_at"),)

    name_hash: str = Field(primary_key=True, max_length=64)
    attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    last_attempt_at: datetime = Field(sa_type=sa.DateTime(timezone=True))


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, with the record before and after as JSON. Never edited or deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_entity", "entity_type", "entity_id"),
        sa.Index("ix_audit_event_at", "at"),
        sa.Index("ix_audit_event_actor", "actor_username", "at"),
        sa.Index("ux_audit_event_chain_seq", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=created_at_column())
    actor_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    actor_username: str = Field(max_length=100)
    action: AuditAction = Field(sa_column=enum_column(AuditAction, name="audit_action"))
    entity_type: str = Field(max_length=50)
    entity_id: int | None = None
    summary: str | None = Field(default=None, sa_type=sa.String(500))
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # The hash chain (tracker/audit/chain.py): the row's place, its predecessor's hash and the
    # SHA-256 over both and the content. Nullable only so a row forged without them is stored
    # and reported by ``tracker audit verify`` rather than refused unseen.
    chain_seq: int | None = Field(default=None, sa_type=sa.BigInteger)
    prev_hash: str | None = Field(default=None, sa_type=sa.String(64))
    row_hash: str | None = Field(default=None, sa_type=sa.String(64))


class AuditChainHead(SQLModel, table=True):
    """The last link of the audit chain (one row): appenders lock it, and verify compares the
    table's last row with it, so a deleted or raw-appended last row is noticed too."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = Field(default=0, sa_type=sa.BigInteger)
    hash: str = Field(max_length=64)


class AppState(SQLModel, table=True):
    """Key → integer; holds the data version every write bumps (shared by all app processes)."""

    __tablename__ = "app_state"

    key: str = Field(primary_key=True, max_length=50)
    value: int = Field(default=0)


class ImportMapping(SQLModel, table=True):
    """A saved spreadsheet column mapping, reused for the next file of the same layout."""

    __tablename__ = "import_mapping"
    __table_args__ = (sa.UniqueConstraint("name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    mapping: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_by: str | None = Field(default=None, sa_type=sa.String(100))
    created_at: datetime = Field(sa_column=created_at_column())


class ReturnSignOff(SQLModel, table=True):
    """Who signed off a quarter's transparency return, and when."""

    __tablename__ = "return_sign_off"
    __table_args__ = (sa.Index("ix_return_sign_off_quarter", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(max_length=7, description="e.g. 2019Q2")
    signed_by: str = Field(max_length=100)
    signed_at: datetime = Field(sa_column=created_at_column())
    rows: int = 0
    note: str | None = Field(default=None, sa_type=sa.String(2000))
