"""Signing off a quarter's transparency return: who approved it for publication, and when."""

from __future__ import annotations

from pydantic import Field, field_validator
from sqlmodel import Session, SQLModel

from tracker.audit.record import record_audit, snapshot
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import validate
from tracker.i18n import N_
from tracker.models import AuditAction, ReturnSignOff, utcnow
from tracker.models.quarters import normalise_quarter


class ReturnSignOffCreate(SQLModel):
    """A sign-off: the quarter (e.g. 2019Q2), the rows it holds, and an optional note."""

    quarter: str
    rows: int = Field(default=0, ge=0)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("quarter")
    @classmethod
    def _quarter(cls, value: str) -> str:
        from tracker.errors import ValidationError

        try:
            return normalise_quarter(value)
        except ValidationError as exc:
            raise ValueError(exc.errors["quarter"]) from None


def sign_off_return(*, session: Session, actor: Actor, data: ReturnSignOffCreate) -> ReturnSignOff:
    """Record that ``actor`` signed off the quarter's return (an editor or administrator)."""
    data = validate(ReturnSignOffCreate, data)
    require_write(actor, N_("sign off a transparency return"))
    with unit_of_work(session):
        sign_off = ReturnSignOff(quarter=data.quarter, rows=data.rows, note=data.note,
                                 signed_by=actor.username, signed_at=utcnow())
        session.add(sign_off)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.SIGN_OFF, entity="return_sign_off",
                     entity_id=sign_off.id, after=snapshot(sign_off),
                     summary=f"Transparency return {data.quarter} signed off ({data.rows} rows)")
    return sign_off
