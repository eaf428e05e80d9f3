"""Follow-up actions the office owes (on a meeting, an agreement or a pledge), each enterprise's
importance, and the reminders already sent to each user on each day."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from tracker.models.base import created_at_column
from tracker.models.dates import OptionalRecordDate
from tracker.models.enums import ActionStatus, Importance, enum_column
from tracker.models.text import LongText, Title

ATTACHMENTS = ("meeting_id", "agreement_id", "pledge_id")


class ActionBase(SQLModel):
    what: Title = Field(max_length=300)
    due_on: OptionalRecordDate = None
    notes: LongText = None


class ActionCreate(ActionBase):
    """An action on exactly one meeting, agreement or pledge; no owner given: the actor owns it."""

    owner_id: int | None = None
    meeting_id: int | None = None
    agreement_id: int | None = None
    pledge_id: int | None = None

    @model_validator(mode="after")
    def _exactly_one_item(self):
        if sum(getattr(self, name) is not None for name in ATTACHMENTS) != 1:
            raise ValueError("meeting_id: attach the action to exactly one meeting, agreement or pledge")
        return self


class ActionUpdate(SQLModel):
    what: Title | None = None
    owner_id: int | None = None
    due_on: OptionalRecordDate = None
    notes: LongText = None
    status: ActionStatus | None = None
    done_on: OptionalRecordDate = None


class FollowUpAction(ActionBase, table=True):
    """A follow-up action. It has no level of its own: a reader sees it when they may see the item
    it hangs on (``tracker.auth.visibility.action_visible``), so a reclassified meeting takes its
    actions with it."""

    __tablename__ = "follow_up_action"
    __table_args__ = (
        sa.CheckConstraint("(CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END + "
                           "CASE WHEN agreement_id IS NULL THEN 0 ELSE 1 END + "
                           "CASE WHEN pledge_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_item"),
        sa.Index("ix_follow_up_action_owner_status_due", "owner_id", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    status: ActionStatus = Field(default=ActionStatus.OPEN,
                                 sa_column=enum_column(ActionStatus, name="action_status"))
    done_on: date | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE", index=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", ondelete="CASCADE",
                                     index=True)
    pledge_id: int | None = Field(default=None, foreign_key="pledge.id", ondelete="CASCADE", index=True)
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(sa_column=created_at_column())
    updated_at: datetime = Field(sa_column=created_at_column())


class ImportanceSet(SQLModel):
    importance: Importance
    reason: LongText = None


class OrganisationImportance(SQLModel, table=True):
    """An enterprise's importance, the reason given and who set it when (one row per enterprise)."""

    __tablename__ = "organisation_importance"
    __table_args__ = (sa.Index("ix_organisation_importance_importance", "importance"),)

    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", primary_key=True)
    importance: Importance = Field(sa_column=enum_column(Importance, name="importance"))
    reason: str | None = Field(default=None, sa_type=sa.Text)
    set_by: str = Field(max_length=100)
    set_at: datetime = Field(sa_column=created_at_column())


class ReminderSent(SQLModel, table=True):
    """One item of a user's digest e-mailed on one day: running the reminders again that day
    sends only what is not here."""

    __tablename__ = "reminder_sent"

    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    item: str = Field(max_length=60, primary_key=True)
    sent_at: datetime = Field(sa_column=created_at_column())
