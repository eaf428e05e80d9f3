"""Closed vocabularies of the domain, stored as text (or a small integer for confidentiality).

The database enforces them with CHECK constraints (see ``enum_column``), so a bad value never
lands even when it bypasses the services.
"""

from __future__ import annotations

import enum
from typing import Annotated

import sqlalchemy as sa
from pydantic import BeforeValidator

from tracker.i18n import gettext


class OrganisationKind(enum.StrEnum):
    GOVERNMENT_BODY = "government_body"
    PARTY_ORGAN = "party_organ"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise"
    PRIVATE_ENTERPRISE = "private_enterprise"
    FOREIGN_ENTERPRISE = "foreign_enterprise"
    ASSOCIATION = "association"
    UNIVERSITY = "university"
    OTHER = "other"

    @property
    def is_government(self) -> bool:
        return self in (OrganisationKind.GOVERNMENT_BODY, OrganisationKind.PARTY_ORGAN)


ENTERPRISE_KINDS = (
    OrganisationKind.STATE_OWNED_ENTERPRISE,
    OrganisationKind.PRIVATE_ENTERPRISE,
    OrganisationKind.FOREIGN_ENTERPRISE,
)


class DatePrecision(enum.StrEnum):
    """How much of a meeting's date is known; published registers often give only the month."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"


class MeetingKind(enum.StrEnum):
    TALK = "talk"
    VISIT = "visit"
    SIGNING_CEREMONY = "signing_ceremony"
    FORUM = "forum"
    CALL = "call"
    BANQUET = "banquet"
    INSPECTION = "inspection"
    OTHER = "other"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Confidentiality(int, enum.Enum):
    """Ordered levels: a reader sees an item when its level is at most their clearance."""

    PUBLIC = 0
    INTERNAL = 1
    CONFIDENTIAL = 2
    SECRET = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @classmethod
    def parse(cls, value: str | int | Confidentiality) -> Confidentiality:
        if isinstance(value, Confidentiality):
            return value
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            return cls(int(value))
        return cls[str(value).strip().upper()]


class ParticipantRole(enum.StrEnum):
    HOST = "host"
    GUEST = "guest"
    ATTENDEE = "attendee"


class Side(enum.StrEnum):
    GOVERNMENT = "government"
    ENTERPRISE = "enterprise"
    OTHER = "other"


class AgreementKind(enum.StrEnum):
    STRATEGIC_COOPERATION = "strategic_cooperation_agreement"
    COOPERATION = "cooperation_agreement"
    MOU = "mou"
    FRAMEWORK = "framework_agreement"
    INVESTMENT_CONTRACT = "investment_contract"
    OTHER = "other"


class AgreementStatus(enum.StrEnum):
    SIGNED = "signed"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class PledgeStatus(enum.StrEnum):
    PLEDGED = "pledged"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    STALLED = "stalled"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in OPEN_PLEDGE_STATUSES


OPEN_PLEDGE_STATUSES = (PledgeStatus.PLEDGED, PledgeStatus.IN_PROGRESS, PledgeStatus.STALLED)


class Role(enum.StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"

    @property
    def can_write(self) -> bool:
        return self in (Role.ADMIN, Role.EDITOR)


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"
    IMPORT = "import"
    SIGN_IN = "sign_in"
    SIGN_OFF = "sign_off"


def enum_column(enum_cls: type[enum.Enum], *, name: str, nullable: bool = False,
                default: enum.Enum | None = None) -> sa.Column:
    """A text column holding ``enum_cls`` values, with a named CHECK constraint in the database."""
    return sa.Column(
        sa.Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=40,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        nullable=nullable,
        default=default,
    )


def _parse_confidentiality(value):
    try:
        return Confidentiality.parse(value)
    except (KeyError, ValueError):
        raise ValueError(gettext("choose public, internal, confidential or secret")) from None


ConfidentialityLevel = Annotated[Confidentiality, BeforeValidator(_parse_confidentiality)]
"""A confidentiality accepted as a name ('public') or a number (0), as forms and files give it."""


class ActionStatus(enum.StrEnum):
    """A follow-up action the office owes: open until done or dropped."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Importance(enum.StrEnum):
    """How much an enterprise matters to the office, set by a person with a reason."""

    STRATEGIC = "strategic"
    IMPORTANT = "important"
    ROUTINE = "routine"
