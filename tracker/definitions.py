"""What each figure the pages, reports and exports share means, said once: held, engaged, new,
open, overdue, silent, due, delivered and the delivered share, pledges made, neglected; and for
each user (My work and the daily reminders): my meetings, my portfolio, my actions overdue or due.

Each comes as a SQL builder where a query needs one, a Python predicate where a row needs one,
and a one-sentence help text (``HELP``) that every page shows beside the figure, so a number
and its explanation cannot drift apart. The queries choose *which* rows (the filters, in
``tracker.queries.filter_sql``); these say *what counts*.

**Silent days** is one number, ``SILENT_AFTER_DAYS``, read once per process from
``TRACKER_SILENT_AFTER_DAYS`` (``tracker.config``), default 90. Pledges used 90 and the Overview
and briefings 180; 90 is kept because it is the page where pledges are chased: a quarter is the
rhythm of the office's reviews and of most progress reports an enterprise sends, so a pledge
nobody has heard of for a whole quarter is worth a call, while after half a year the question
comes too late to act on before the next review.

Every "has it passed" compares with ``today`` strictly: a pledge due today is not yet overdue,
nor yet counted as due for the delivered share, so both figures move on the same morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import sqlalchemy as sa

from tracker import config
from tracker.i18n import N_, gettext
from tracker.models import (
    ActionStatus,
    AuditAction,
    AuditEvent,
    FollowUpAction,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    Participation,
    Pledge,
    PledgeStatus,
)
from tracker.models.enums import ENTERPRISE_KINDS, OPEN_PLEDGE_STATUSES

# --- parameters --------------------------------------------------------------------------------

SILENT_AFTER_DAYS = config.silent_after_days()
# A relationship, not a pledge: an enterprise we owe attention to (open pledges) and have not met
# for half a year. Meetings are rarer than progress notes, so this is not the silent-days number.
NEGLECTED_AFTER_DAYS = 180
# My work looks two weeks ahead for meetings: far enough to prepare a briefing and a visit, near
# enough that the list is what to act on now. "Due this week" is the next seven days from today,
# not the calendar week, so the list is as long on a Friday as on a Monday.
MY_MEETINGS_DAYS = 14
DUE_SOON_DAYS = 7

HELD = MeetingStatus.HELD.value
ENTERPRISE_KIND_VALUES = tuple(k.value for k in ENTERPRISE_KINDS)
OPEN_STATUSES = OPEN_PLEDGE_STATUSES
OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)

# --- help texts: one sentence per figure, in plain words --------------------------------------

# Templates marked for translation; ``HELP[key]`` gives one in the reader's language with its
# numbers filled in, so a page or report never freezes the language it was first imported in.
HELP_TEMPLATES = {
    "meetings_held": N_("Meetings held: meetings that took place in the period; planned and cancelled "
                        "ones are not counted."),
    "enterprises_engaged": N_("Enterprises engaged: the different enterprises (state-owned, private or "
                              "foreign) at a meeting held in the period."),
    "new_enterprises": N_("New enterprises: enterprises whose first meeting held with us ever falls in "
                          "the period."),
    "agreements_signed": N_("Agreements signed: agreements with a signing date in the period."),
    "pledges_made": N_("Pledges made: pledges made in the period, by enterprises or by the government, "
                       "whatever their status now (withdrawn ones included)."),
    "open": N_("Open: a pledge still pledged, in progress or stalled (neither delivered nor withdrawn)."),
    "overdue": N_("Overdue: an open pledge whose target date has passed."),
    "silent": N_("Silent: an open pledge with no progress update for {days} days or more (counted from "
                 "the day it was made when it has none)."),
    "due": N_("Due: a pledge whose target date has passed, unless it was withdrawn."),
    "delivered": N_("Delivered: a pledge whose status is delivered."),
    "due_pledges_delivered": N_("Due pledges delivered: of the pledges whose target date has passed "
                                "(within the period, when one is chosen) and were not withdrawn, the "
                                "share delivered."),
    "neglected": N_("Neglected: an enterprise with open pledges and no meeting held for more than "
                    "{neglected_days} days."),
    "my_meetings": N_("My meetings: planned meetings in the next {my_days} days in which the person "
                      "linked to your user takes part, or which you logged."),
    "action_overdue": N_("Overdue action: an open action whose due date has passed."),
    "action_due": N_("Due this week: an open action due today or in the next {due_days} days."),
    "my_silent": N_("Silent in my portfolio: a silent pledge made at one of my meetings, or on which "
                    "I own an open action."),
}


class _Help(Mapping):
    """``HELP[key]``: the figure's definition in the current language."""

    def __getitem__(self, key: str) -> str:
        return gettext(HELP_TEMPLATES[key]).format(days=SILENT_AFTER_DAYS,
                                                   neglected_days=NEGLECTED_AFTER_DAYS,
                                                   my_days=MY_MEETINGS_DAYS, due_days=DUE_SOON_DAYS - 1)

    def __iter__(self):
        return iter(HELP_TEMPLATES)

    def __len__(self) -> int:
        return len(HELP_TEMPLATES)


HELP = _Help()


def silent_label() -> str:
    """The silent flag's short name, with its number of days, in the current language."""
    return gettext(N_("Silent {days}+ days")).format(days=SILENT_AFTER_DAYS)


# --- held, engaged, new --------------------------------------------------------------------------


def held(status_column):
    """A meeting counts when it took place (SQL, on any table carrying the meeting's status)."""
    return status_column == HELD


def is_held(status) -> bool:
    return str(getattr(status, "value", status)) == HELD


def engaged(mo=MeetingOrganisation) -> list:
    """A ``meeting_organisation`` row that engages an enterprise: a held meeting with one."""
    return [held(mo.meeting_status), mo.organisation_kind.in_(ENTERPRISE_KIND_VALUES)]


def is_new(first_held: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """An enterprise is new in a period when its first held meeting ever falls in it."""
    if first_held is None:
        return False
    return (start is None or first_held >= start) and (end is None or first_held <= end)


# --- pledges -------------------------------------------------------------------------------------


def _status(status) -> PledgeStatus:
    return PledgeStatus(getattr(status, "value", status))


def is_open(pledge=Pledge):
    return pledge.status.in_(OPEN_STATUSES)


def last_news(pledge=Pledge):
    """The day anything was last recorded about a pledge: its latest update, or its making."""
    return sa.func.coalesce(pledge.last_update_on, pledge.made_on)


def quiet_since(today: dt.date) -> dt.date:
    """A pledge whose last news is on or before this day is silent."""
    return today - dt.timedelta(days=SILENT_AFTER_DAYS)


def overdue(today, pledge=Pledge):
    """SQL: open and past its target date (``today``: a date or a bound date parameter)."""
    return sa.and_(is_open(pledge), pledge.target_date.is_not(None), pledge.target_date < today)


def is_overdue(status, target_date: dt.date | None, today: dt.date) -> bool:
    return _status(status).is_open and target_date is not None and target_date < today


def silent(today: dt.date, pledge=Pledge):
    """SQL: open with no news for ``SILENT_AFTER_DAYS`` days or more."""
    return sa.and_(is_open(pledge), last_news(pledge) <= quiet_since(today))


def is_silent(status, last_update_on: dt.date | None, made_on: dt.date, today: dt.date) -> bool:
    return _status(status).is_open and (last_update_on or made_on) <= quiet_since(today)


def due(today, pledge=Pledge):
    """SQL: target date passed and not withdrawn (what the delivered share is a share of)."""
    return sa.and_(pledge.target_date.is_not(None), pledge.target_date < today,
                   pledge.status != PledgeStatus.WITHDRAWN)


def is_due(status, target_date: dt.date | None, today: dt.date) -> bool:
    return target_date is not None and target_date < today and _status(status) != PledgeStatus.WITHDRAWN


def delivered(pledge=Pledge):
    return pledge.status == PledgeStatus.DELIVERED


def is_delivered(status) -> bool:
    return _status(status) == PledgeStatus.DELIVERED


def delivered_share(due_count, delivered_due_count) -> float | None:
    """Of the due pledges, the share delivered; None when none is due (no share to speak of)."""
    return None if not due_count else delivered_due_count / due_count


def neglected_since(today: dt.date) -> dt.date:
    """An enterprise last met before this day (or never) is neglected when it has open pledges."""
    return today - dt.timedelta(days=NEGLECTED_AFTER_DAYS)


# --- my work: a user's meetings, portfolio and actions -----------------------------------------
#
# Meetings carry no "owner", and a user is not a person in the directory unless an administrator
# links them (``app_user.person_id``). A meeting is *mine* when the person linked to my user takes
# part in it, or when I logged it (the audit trail's create event names me): the official who goes
# and the officer who organised it both need it in their list. A pledge is in *my portfolio* when
# it was made at one of my meetings, or when I own an open action on it.


def my_meeting_ids(*, username: str, person_id: int | None) -> sa.Select:
    """SQL: the ids of the meetings that are mine (any date or status)."""
    logged = (sa.select(AuditEvent.entity_id)
              .where(AuditEvent.actor_username == username, AuditEvent.entity_type == "meeting",
                     AuditEvent.action == AuditAction.CREATE, AuditEvent.entity_id.is_not(None)))
    if person_id is None:
        return logged
    taking_part = sa.select(Participation.meeting_id).where(Participation.person_id == person_id)
    return sa.union(taking_part, logged)


def coming_up(today: dt.date, meeting=Meeting) -> list:
    """SQL: a planned meeting dated from today to ``MY_MEETINGS_DAYS`` days ahead."""
    return [meeting.status == MeetingStatus.PLANNED.value, meeting.date >= today,
            meeting.date <= today + dt.timedelta(days=MY_MEETINGS_DAYS)]


def in_portfolio(*, user_id: int, username: str, person_id: int | None, pledge=Pledge):
    """SQL: the pledge is in the user's portfolio."""
    owned = (sa.select(FollowUpAction.pledge_id)
             .where(FollowUpAction.owner_id == user_id, FollowUpAction.status == ActionStatus.OPEN,
                    FollowUpAction.pledge_id.is_not(None)))
    return sa.or_(pledge.meeting_id.in_(my_meeting_ids(username=username, person_id=person_id)),
                  pledge.id.in_(owned))


def action_open(action=FollowUpAction):
    return action.status == ActionStatus.OPEN


def action_overdue(today, action=FollowUpAction):
    """SQL: an open action past its due date (strictly, like a pledge's target)."""
    return sa.and_(action_open(action), action.due_on.is_not(None), action.due_on < today)


def action_due_soon(today: dt.date, action=FollowUpAction):
    """SQL: an open action due today or within the next ``DUE_SOON_DAYS`` - 1 days."""
    return sa.and_(action_open(action), action.due_on >= today,
                   action.due_on < today + dt.timedelta(days=DUE_SOON_DAYS))


def is_action_overdue(status, due_on: dt.date | None, today: dt.date) -> bool:
    return str(getattr(status, "value", status)) == ActionStatus.OPEN.value and due_on is not None \
        and due_on < today
