"""Server-side sign-in sessions: start one after ``authenticate``, resolve its token on every page
run, end one or all of a user's.

The browser holds a random token (``secrets.token_urlsafe``); the database keeps only its SHA-256,
so a copy of the database (a backup) signs nobody in. Resolving a token reads the session and its
user in one indexed query and builds a fresh ``Actor`` from the user's current active flag, role
and clearance: an administrator's change applies on the user's next click, not at their next
sign-in.

Starting, touching and ending sessions commit directly rather than through ``unit_of_work``: they
change no record a page shows, so they must not bump the data version and empty every cache (the
same reason as ``authenticate``). ``end_user_sessions`` is the exception: it runs inside the
caller's unit of work (a user change), so the change and the ended sessions land together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

import sqlalchemy as sa
from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor
from tracker.auth.signin import as_utc, session_minutes
from tracker.db import begin_write
from tracker.labels import count
from tracker.models import AuditAction, Confidentiality, Role, User, UserSession, utcnow

DEFAULT_MAX_HOURS = 12
# last_seen (and with it the inactivity expiry) is written at most once a minute per session: a
# write per click would make every page run a write transaction. The cost: a session may end up
# to a minute before TRACKER_SESSION_MINUTES of true inactivity.
TOUCH_EVERY = dt.timedelta(seconds=60)
TOKEN_BYTES = 32  # 256 bits of randomness; the cookie carries 43 URL-safe characters
USER_AGENT_LENGTH = 300

ENDED_SIGNED_OUT = "signed out"
ENDED_BY_ADMIN = "ended by an administrator"
ENDED_DEACTIVATED = "account deactivated"
ENDED_PASSWORD = "password changed"


def session_max_hours() -> int:
    """Hours after sign-in when a session ends however active (``TRACKER_SESSION_MAX_HOURS``)."""
    try:
        value = int(os.environ.get("TRACKER_SESSION_MAX_HOURS", "").strip() or DEFAULT_MAX_HOURS)
    except ValueError:
        return DEFAULT_MAX_HOURS
    return value if value > 0 else DEFAULT_MAX_HOURS


def token_hash(token: str) -> str:
    """The hex SHA-256 of a token: what the database stores and looks up (the token has 256 bits
    of randomness, so a fast hash is enough; no salt or slow hash is needed as for passwords)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(*, session: Session, actor: Actor, user_agent: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """A new session for the signed-in ``actor`` (a real user); returns its token, shown once."""
    if actor.user_id is None:
        raise ValueError(f"{actor.username} is not a stored user; only stored users have sessions")
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(UserSession(
        token_hash=token_hash(token), user_id=actor.user_id, created_at=now, last_seen_at=now,
        expires_at=now + dt.timedelta(minutes=session_minutes()),
        absolute_expires_at=now + dt.timedelta(hours=session_max_hours()),
        user_agent=(user_agent or "")[:USER_AGENT_LENGTH] or None))
    session.commit()
    return token


def live_condition(now: dt.datetime):
    return sa.and_(UserSession.ended_at.is_(None), UserSession.expires_at > now,
                   UserSession.absolute_expires_at > now)


def resolve_session(*, session: Session, token: str | None,
                    now: dt.datetime | None = None) -> Actor | None:
    """The ``Actor`` of a live session's active user, read afresh; None for anything else.

    One query by the unique token-hash index, joined to the user. A hit more than ``TOUCH_EVERY``
    after the last one moves last-seen and the inactivity expiry forward.
    """
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        sa.select(UserSession.id, UserSession.last_seen_at, User.id, User.username, User.role,
                  User.clearance, User.language)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token), live_condition(now), User.is_active.is_(True))
    ).first()
    if row is None:
        session.rollback()  # end the read transaction: a page run must not hold a snapshot
        return None
    session_id, last_seen, user_id, username, role, clearance, language = row
    actor = Actor(username=username, role=Role(role), clearance=Confidentiality.parse(clearance),
                  user_id=user_id, language=language)
    session.commit()  # end the read before writing: see the touch below
    if now - as_utc(last_seen) >= TOUCH_EVERY:
        # Its own write transaction (BEGIN IMMEDIATE on SQLite), which waits its turn behind an
        # editor's save; written in the read's transaction, it failed at once whenever a save
        # committed in between ("database is locked").
        begin_write(session)
        session.execute(sa.update(UserSession).where(UserSession.id == session_id).values(
            last_seen_at=now, expires_at=now + dt.timedelta(minutes=session_minutes())))
        session.commit()
    return actor


def why_not_live(*, session: Session, token: str | None, now: dt.datetime | None = None) -> str | None:
    """Why a token no longer signs in, in words for the sign-in page (None if unknown or live)."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        sa.select(UserSession.ended_at, UserSession.end_reason, UserSession.expires_at,
                  UserSession.absolute_expires_at, User.is_active)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token))).first()
    session.rollback()
    if row is None:
        return None
    ended_at, reason, expires_at, absolute_expires_at, active = row
    if ended_at is not None:
        return reason or ENDED_SIGNED_OUT
    if not active:
        return ENDED_DEACTIVATED
    if as_utc(absolute_expires_at) <= now:
        return f"it reached its limit of {session_max_hours()} hours"
    if as_utc(expires_at) <= now:
        return f"{session_minutes()} minutes without activity"
    return None


def end_where(session: Session, condition, reason: str, now: dt.datetime) -> list[int]:
    """End the live sessions matching ``condition``; the ids of those ended (no commit)."""
    return list(session.execute(
        sa.update(UserSession).where(condition, live_condition(now))
        .values(ended_at=now, end_reason=reason[:100]).returning(UserSession.id)).scalars())


def end_session(*, session: Session, token: str | None, reason: str = ENDED_SIGNED_OUT,
                now: dt.datetime | None = None) -> bool:
    """End the session holding ``token`` (sign-out); audited as its user. True if one was live."""
    if not token:
        return False
    now = now or utcnow()
    row = session.execute(
        sa.select(UserSession.id, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token), live_condition(now))).first()
    if row is None:
        session.rollback()
        return False
    session_id, user = row
    end_where(session, UserSession.id == session_id, reason, now)
    record_audit(session, actor=Actor.from_user(user), action=AuditAction.UPDATE,
                 entity="user_session", entity_id=session_id,
                 summary=f"{user.username}'s session ended: {reason}")
    session.commit()
    return True


def end_user_sessions(session: Session, *, actor: Actor, user: User, reason: str,
                      now: dt.datetime | None = None) -> int:
    """End every live session of ``user`` in the caller's transaction, audited; how many ended."""
    ended = end_where(session, UserSession.user_id == user.id, reason, now or utcnow())
    if ended:
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="user_session",
                     entity_id=None, after={"user_id": user.id, "sessions_ended": sorted(ended)},
                     summary=f"{count(len(ended), 'session')} of {user.username} ended: {reason}")
    return len(ended)
