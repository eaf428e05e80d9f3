"""Administrators see who is signed in where, and end a session (a lost laptop, a shared desk)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import Actor, require_admin
from tracker.auth.sessions import ENDED_BY_ADMIN, end_where, live_condition
from tracker.auth.signin import as_utc
from tracker.errors import NotFound
from tracker.models import AuditAction, User, UserSession, utcnow
from tracker.services.common import record_audit


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
    require_admin(actor, "list sessions")
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


def end_session_by_id(*, session: Session, actor: Actor, session_id: int,
                      now: dt.datetime | None = None) -> None:
    """End one live session (administrators only); audited. ``NotFound`` if it is not live."""
    require_admin(actor, "end sessions")
    now = now or utcnow()
    try:
        username = session.execute(
            sa.select(User.username).join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.id == session_id)).scalar()
        if not end_where(session, UserSession.id == session_id, ENDED_BY_ADMIN, now):
            raise NotFound(f"No signed-in session with id {session_id} (it may have ended already).")
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="user_session",
                     entity_id=session_id, summary=f"{username}'s session ended by {actor.username}")
        # Committed directly (no data-version bump): no record a page shows has changed.
        session.commit()
    except BaseException:
        session.rollback()
        raise
