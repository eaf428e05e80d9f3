"""Who may sign in and who is signed in: the reads behind the Users page and ``tracker user``
(administrators only: the lists name who may see what). The writes are ``tracker.services.users``
and ``tracker.services.sessions``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.auth.actor import Actor, require_admin
from tracker.auth.sessions import live_condition
from tracker.auth.throttle import as_utc
from tracker.auth.users import get_by_username
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import User, UserSession, utcnow


def list_users(*, session: Session, actor: Actor) -> list[User]:
    """Every user, by username (administrators only)."""
    require_admin(actor, N_("list users"))
    return list(session.exec(select(User).order_by(User.username)).all())


def get_user_or_raise(*, session: Session, username: str) -> User:
    """The user with this username, or ``NotFound``."""
    user = get_by_username(session=session, username=username)
    if user is None:
        raise NotFound(f"No user called “{username}”.")
    return user


@dataclass(frozen=True)
class ActiveSession:
    """A live session as the Users page lists it (never its token or hash)."""

    id: int
    username: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str | None


def list_active_sessions(*, session: Session, actor: Actor,
                         now: dt.datetime | None = None) -> list[ActiveSession]:
    """Every live session, most recently seen first (administrators only)."""
    require_admin(actor, N_("list sessions"))
    now = now or utcnow()
    rows = session.execute(
        sa.select(UserSession.id, User.username, UserSession.created_at, UserSession.last_seen_at,
                  UserSession.expires_at, UserSession.absolute_expires_at, UserSession.user_agent)
        .join(User, User.id == UserSession.user_id)
        .where(live_condition(now), User.is_active.is_(True))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())).all()
    session.rollback()
    return [ActiveSession(id=row.id, username=row.username, created_at=as_utc(row.created_at),
                          last_seen_at=as_utc(row.last_seen_at),
                          expires_at=min(as_utc(row.expires_at), as_utc(row.absolute_expires_at)),
                          user_agent=row.user_agent) for row in rows]
