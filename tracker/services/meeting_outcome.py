""""Log what happened": a planned meeting becomes a held one in place.

The record keeps its id, people, organisations and history (links, the feed and the audit trail
still point at it); only what the planning could not know is added: the day it took place, what
was said, the topics. The change goes through ``update_meeting``, so the same rules, optimistic
locking, read-model projection and audit row apply.
"""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator
from sqlmodel import Field, Session, SQLModel

from tracker.auth.actor import Actor, require_write
from tracker.errors import Conflict, ValidationError, validate
from tracker.i18n import N_, _
from tracker.labels import label
from tracker.models import Meeting, MeetingStatus, MeetingUpdate
from tracker.models.dates import OptionalRecordDate
from tracker.models.meeting import clean_topic_list
from tracker.models.text import LongText
from tracker.services.lookups import get_known
from tracker.services.meetings import update_meeting


class MeetingOutcome(SQLModel):
    """What happened at a planned meeting; ``version`` is the one it was read at."""

    version: int
    held_on: OptionalRecordDate = Field(default=None, description="blank: the planned day")
    summary: LongText = None
    topics: list[str] | None = None

    @field_validator("topics")
    @classmethod
    def _clean_topics(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_topic_list(value)


def log_meeting_held(*, session: Session, actor: Actor, meeting_id: int, data: MeetingOutcome) -> Meeting:
    """Turn the planned meeting ``meeting_id`` into a held one, keeping its id, people and organisations."""
    data = validate(MeetingOutcome, data)
    require_write(actor, N_("log what happened at meetings"))
    meeting = get_known(session, actor, Meeting, meeting_id)
    if meeting.status is not MeetingStatus.PLANNED:
        raise Conflict(_("This meeting is not planned (it is {status}); edit it instead.").format(
            status=label(meeting.status)), current_version=meeting.version)
    held_on = data.held_on or meeting.date
    if held_on > dt.date.today():
        raise ValidationError({"held_on": _("a meeting is logged as held once it has taken place")})
    changes = {"version": data.version, "status": MeetingStatus.HELD, "date": held_on}
    if data.summary is not None:
        changes["summary"] = data.summary
    if data.topics is not None:
        changes["topics"] = data.topics
    return update_meeting(session=session, actor=actor, meeting_id=meeting_id, data=MeetingUpdate(**changes))
