"""Administrators end a session (a lost laptop, a shared desk); who is signed in where is
``tracker.queries.users``."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_admin
from tracker.auth.sessions import ENDED_BY_ADMIN, end_where
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import AuditAction, User, UserSession, utcnow


def end_session_by_id(*, session: Session, actor: Actor, session_id: int,
                      now: dt.datetime | None = None) -> None:
    """End one live session (administrators only); audited. ``NotFound`` if it is not live."""
    require_admin(actor, N_("end sessions"))
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
