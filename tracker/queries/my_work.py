"""A user's own work (the My work page, the Home page's counts and the daily reminders): my
meetings coming up, my open actions overdue or due soon, the silent pledges in my portfolio, and
the actions on one meeting, agreement or pledge. What "mine" means is ``tracker.definitions``;
what a reader may see is ``tracker.auth.visibility``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import action_visible, cleared
from tracker.definitions import (
    ENTERPRISE_KIND_VALUES,
    action_due_soon,
    action_open,
    action_overdue,
    coming_up,
    in_portfolio,
    last_news,
    my_meeting_ids,
    silent,
)
from tracker.models import (
    Agreement,
    CooperationArea,
    FollowUpAction,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Pledge,
    User,
)
from tracker.queries.filters import Filters
from tracker.queries.frames import frame

MEETING_COLUMNS = ["id", "date", "time", "title", "place", "enterprise_id", "enterprise", "enterprises"]
ACTION_COLUMNS = [
    "id",
    "what",
    "due_on",
    "status",
    "done_on",
    "notes",
    "owner",
    "item_kind",
    "item_id",
    "item",
    "overdue",
]
PLEDGE_COLUMNS = [
    "id",
    "organisation_id",
    "organisation",
    "area",
    "text",
    "status",
    "target_date",
    "last_news",
]


@dataclass(frozen=True)
class Me:
    user_id: int
    username: str
    person_id: int | None


def me(session: Session, user_id: int | None) -> Me | None:
    """The user the lists are for (None: no such user, so every list is empty)."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        return None
    return Me(user_id=user.id, username=user.username, person_id=user.person_id)


def _visible_meeting(filters: Filters, meeting=Meeting) -> sa.ColumnElement[bool]:
    return cleared(meeting, int(filters.clearance))


def my_meetings(
    session: Session, filters: Filters, *, user_id: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """My planned meetings in the next two weeks, soonest first, each with its enterprises (the
    first by name is the one whose briefing the page links to)."""
    who = me(session, user_id)
    if who is None:
        return pd.DataFrame(columns=MEETING_COLUMNS)
    today = today or dt.date.today()
    meetings = frame(
        session,
        sa.select(Meeting.id, Meeting.date, Meeting.time, Meeting.title, Meeting.place)
        .where(
            Meeting.id.in_(my_meeting_ids(username=who.username, person_id=who.person_id)),
            *coming_up(today),
            _visible_meeting(filters),
        )
        .order_by(Meeting.date, Meeting.time.nulls_last(), Meeting.id),
        ["id", "date", "time", "title", "place"],
    )
    enterprises: dict[int, list[tuple[int, str]]] = {}
    if not meetings.empty:
        mo = MeetingOrganisation
        rows = session.execute(
            sa.select(mo.meeting_id, Organisation.id, Organisation.name)
            .join(Organisation, Organisation.id == mo.organisation_id)
            .where(
                mo.meeting_id.in_([int(i) for i in meetings["id"]]),
                mo.organisation_kind.in_(ENTERPRISE_KIND_VALUES),
            )
            .order_by(mo.meeting_id, Organisation.name)
        ).all()
        for meeting_id, organisation_id, name in rows:
            enterprises.setdefault(meeting_id, []).append((organisation_id, name))
    firsts = [enterprises.get(int(i), [(None, None)])[0] for i in meetings["id"]]
    return meetings.assign(
        enterprise_id=pd.array([f[0] for f in firsts], dtype="Int64"),
        enterprise=[f[1] for f in firsts],
        enterprises=[", ".join(name for _, name in enterprises.get(int(i), [])) for i in meetings["id"]],
    )[MEETING_COLUMNS]


def _item_columns():
    """What an action hangs on, in words: the meeting's or agreement's title, or the pledge's
    organisation and text."""
    pledge_organisation = sa.orm.aliased(Organisation)
    kind = sa.case(
        (FollowUpAction.meeting_id.is_not(None), "meeting"),
        (FollowUpAction.agreement_id.is_not(None), "agreement"),
        else_="pledge",
    )
    item_id = sa.func.coalesce(
        FollowUpAction.meeting_id, FollowUpAction.agreement_id, FollowUpAction.pledge_id
    )
    pledge_words = pledge_organisation.name + ": " + sa.func.coalesce(Pledge.text, CooperationArea.name)
    item = sa.func.coalesce(Meeting.title, Agreement.title, pledge_words)
    joins = [
        (Meeting, Meeting.id == FollowUpAction.meeting_id),
        (Agreement, Agreement.id == FollowUpAction.agreement_id),
        (Pledge, Pledge.id == FollowUpAction.pledge_id),
        (pledge_organisation, pledge_organisation.id == Pledge.organisation_id),
        (CooperationArea, CooperationArea.id == Pledge.area_id),
    ]
    return kind, item_id, item, joins


def _actions(session: Session, filters: Filters, conditions: list, today: dt.date, order) -> pd.DataFrame:
    kind, item_id, item, joins = _item_columns()
    owner = sa.func.coalesce(User.display_name, User.username)
    statement = sa.select(
        FollowUpAction.id,
        FollowUpAction.what,
        FollowUpAction.due_on,
        FollowUpAction.status,
        FollowUpAction.done_on,
        FollowUpAction.notes,
        owner,
        kind,
        item_id,
        item,
    ).join(User, User.id == FollowUpAction.owner_id)
    for table, on in joins:
        statement = statement.outerjoin(table, on)
    statement = statement.where(action_visible(filters.clearance), *conditions).order_by(*order)
    rows = frame(session, statement, ACTION_COLUMNS[:-1])
    overdue = [
        status == "open" and due is not None and not pd.isna(due) and due < today
        for status, due in zip(rows["status"], rows["due_on"], strict=True)
    ]
    return rows.assign(overdue=overdue)


def my_actions(
    session: Session, filters: Filters, *, user_id: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """My open actions that are overdue or due in the next seven days, most overdue first."""
    today = today or dt.date.today()
    if user_id is None:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    return _actions(
        session,
        filters,
        [FollowUpAction.owner_id == user_id, sa.or_(action_overdue(today), action_due_soon(today))],
        today,
        [FollowUpAction.due_on, FollowUpAction.id],
    )


def actions_on(
    session: Session,
    filters: Filters,
    *,
    meeting_id: int | None = None,
    agreement_id: int | None = None,
    pledge_id: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The actions on one meeting, agreement or pledge: open ones first, by due date."""
    today = today or dt.date.today()
    given = [
        (FollowUpAction.meeting_id, meeting_id),
        (FollowUpAction.agreement_id, agreement_id),
        (FollowUpAction.pledge_id, pledge_id),
    ]
    conditions = [column == value for column, value in given if value is not None]
    if not conditions:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    return _actions(
        session,
        filters,
        conditions,
        today,
        [sa.case((action_open(), 0), else_=1), FollowUpAction.due_on.nulls_last(), FollowUpAction.id],
    )


def my_silent_pledges(
    session: Session, filters: Filters, *, user_id: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """The silent pledges in my portfolio, longest silent first."""
    who = me(session, user_id)
    if who is None:
        return pd.DataFrame(columns=PLEDGE_COLUMNS)
    today = today or dt.date.today()
    news = last_news().label("last_news")
    return frame(
        session,
        sa.select(
            Pledge.id,
            Organisation.id,
            Organisation.name,
            CooperationArea.name,
            Pledge.text,
            Pledge.status,
            Pledge.target_date,
            news,
        )
        .join(Organisation, Organisation.id == Pledge.organisation_id)
        .join(CooperationArea, CooperationArea.id == Pledge.area_id)
        .where(
            cleared(Pledge, int(filters.clearance)),
            silent(today),
            in_portfolio(user_id=who.user_id, username=who.username, person_id=who.person_id),
        )
        .order_by(news, Pledge.id),
        PLEDGE_COLUMNS,
    )


def my_work_counts(
    session: Session, filters: Filters, *, user_id: int | None = None, today: dt.date | None = None
) -> dict[str, int]:
    """How many of my meetings, overdue and due-soon actions and silent pledges (Home)."""
    today = today or dt.date.today()
    actions = my_actions(session, filters, user_id=user_id, today=today)
    overdue = int(actions["overdue"].sum()) if not actions.empty else 0
    return {
        "meetings": len(my_meetings(session, filters, user_id=user_id, today=today)),
        "overdue_actions": overdue,
        "due_actions": len(actions) - overdue,
        "silent_pledges": len(my_silent_pledges(session, filters, user_id=user_id, today=today)),
    }


def owner_choices(session: Session, *, level) -> pd.DataFrame:
    """Active users cleared for an item at ``level``: who may own an action on it."""
    name = sa.func.coalesce(User.display_name, User.username)
    return frame(
        session,
        sa.select(User.id, User.username, name)
        .where(User.is_active.is_(True), User.clearance >= int(level))
        .order_by(name, User.id),
        ["id", "username", "name"],
    )
