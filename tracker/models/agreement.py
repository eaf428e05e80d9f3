"""Agreements signed with organisations, and their parties with signatories."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from tracker.i18n import _
from tracker.models.base import archived_at_column, confidentiality_column, created_at_column
from tracker.models.dates import OptionalRecordDate
from tracker.models.enums import (
    AgreementKind,
    AgreementStatus,
    Confidentiality,
    ConfidentialityLevel,
    enum_column,
)
from tracker.models.text import OptionalTitle, Title, Url


class AgreementPartyIn(SQLModel):
    organisation_id: int
    signatory_person_id: int | None = None
    signatory_title: OptionalTitle = None


class AgreementBase(SQLModel):
    title: Title = Field(max_length=300)
    kind: AgreementKind = Field(default=AgreementKind.COOPERATION,
                                sa_column=enum_column(AgreementKind, name="agreement_kind"))
    signed_on: OptionalRecordDate = None
    value: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: str | None = Field(default=None, sa_type=sa.String(3))
    start_date: OptionalRecordDate = None
    end_date: OptionalRecordDate = None
    status: AgreementStatus = Field(default=AgreementStatus.SIGNED,
                                    sa_column=enum_column(AgreementStatus, name="agreement_status"))
    document_url: Url = Field(default=None, sa_type=sa.String(1000))

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        code = str(value).strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(_("use a three-letter currency code such as CNY or USD"))
        return code

    @model_validator(mode="after")
    def _term_in_order(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: " + _("the term cannot end before it starts"))
        if self.value is not None and self.currency is None:
            raise ValueError("currency: " + _("give the currency of the stated value"))
        return self


class AgreementCreate(AgreementBase):
    """An agreement; signed at a meeting (``meeting_id`` set by the meeting service) or on its own."""

    meeting_id: int | None = None
    confidentiality: ConfidentialityLevel = Confidentiality.INTERNAL
    parties: list[AgreementPartyIn] = Field(default_factory=list)

    @field_validator("parties")
    @classmethod
    def _distinct_parties(cls, value: list[AgreementPartyIn]) -> list[AgreementPartyIn]:
        ids = [p.organisation_id for p in value]
        if len(ids) != len(set(ids)):
            raise ValueError(_("an organisation is listed twice as a party"))
        return value


class AgreementUpdate(SQLModel):
    title: Title | None = None
    kind: AgreementKind | None = None
    signed_on: OptionalRecordDate = None
    value: Decimal | None = None
    currency: str | None = None
    start_date: OptionalRecordDate = None
    end_date: OptionalRecordDate = None
    status: AgreementStatus | None = None
    document_url: Url = None
    confidentiality: ConfidentialityLevel | None = None
    parties: list[AgreementPartyIn] | None = None


class Agreement(AgreementBase, table=True):
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="term_in_order"),
        sa.Index("ix_agreement_signed_on", "signed_on", "confidentiality", "archived_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    value: Decimal | None = Field(default=None, sa_column=sa.Column(sa.Numeric(18, 2)))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL",
                                   index=True)
    confidentiality: ConfidentialityLevel = Field(sa_column=confidentiality_column("agreement"))
    created_at: datetime = Field(sa_column=created_at_column())
    archived_at: datetime | None = Field(default=None, sa_column=archived_at_column())
    archived_by: str | None = Field(default=None, sa_type=sa.String(100))


class AgreementParty(SQLModel, table=True):
    __tablename__ = "agreement_party"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "organisation_id"),
                      sa.Index("ix_agreement_party_organisation", "organisation_id"))

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    signatory_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    signatory_title: str | None = Field(default=None, sa_type=sa.String(300))
