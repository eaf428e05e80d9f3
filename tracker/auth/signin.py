"""Signing in with a local password: lockout after repeated failures, and inactivity expiry.

The page (``dashboards/auth.py``) is thin: it calls ``authenticate`` and the pure expiry
functions here, so every rule is tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.auth.passwords import hash_password, verify_password
from tracker.errors import DomainError
from tracker.models import AuditAction, User, utcnow
from tracker.services.common import record_audit
from tracker.services.users import get_by_username

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 15
DEFAULT_SESSION_MINUTES = 30
WRONG_CREDENTIALS = "Wrong username or password."


class SignInFailed(DomainError):
    """The username or password is wrong (which one is not said, so names cannot be probed)."""


class AccountLocked(SignInFailed):
    """Too many failed attempts; ``seconds_left`` until another attempt is allowed."""

    def __init__(self, seconds_left: int):
        self.seconds_left = seconds_left
        super().__init__(f"Too many failed attempts: this account is locked for "
                         f"{format_time_left(seconds_left)}. Try again then, or ask an administrator "
                         f"to reset the password.")


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default
    return value if value > 0 else default


def max_attempts() -> int:
    """Failed attempts in a row that lock an account (``TRACKER_LOGIN_MAX_ATTEMPTS``, default 5)."""
    return _env_int("TRACKER_LOGIN_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)


def lockout_minutes() -> int:
    """How long a lock lasts (``TRACKER_LOCKOUT_MINUTES``, default 15)."""
    return _env_int("TRACKER_LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES)


def session_minutes() -> int:
    """Minutes of inactivity after which a signed-in session ends (``TRACKER_SESSION_MINUTES``)."""
    return _env_int("TRACKER_SESSION_MINUTES", DEFAULT_SESSION_MINUTES)


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC, so say so."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def format_time_left(seconds: float) -> str:
    """'14 min 5 s', '40 s': what a person reads on the lockout message."""
    seconds = max(1, math.ceil(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def seconds_locked(user: User, now: dt.datetime) -> int:
    """Seconds left on the user's lock (0 when not locked)."""
    until = as_utc(user.locked_until)
    if until is None or until <= now:
        return 0
    return math.ceil((until - now).total_seconds())


def session_expired(last_activity: dt.datetime | None, now: dt.datetime,
                    minutes: int | None = None) -> bool:
    """True when more than ``minutes`` of inactivity passed since ``last_activity``."""
    if last_activity is None:
        return True
    limit = dt.timedelta(minutes=minutes if minutes is not None else session_minutes())
    return now - as_utc(last_activity) > limit


def authenticate(session: Session, username: str, password: str,
                 now: dt.datetime | None = None) -> Actor:
    """The signed-in user as an ``Actor``; ``SignInFailed``/``AccountLocked`` otherwise.

    A wrong password counts a failure on that account; the N-th in a row locks it for M minutes
    (both configurable). A success resets the counter. Successes and lockouts are audited;
    attempts on names that do not exist are not (they would let anyone fill the trail).
    """
    now = now or utcnow()
    user = get_by_username(session=session, username=username or "")
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password or "")  # same time as a real check: names stay secret
        raise SignInFailed(WRONG_CREDENTIALS)
    locked = seconds_locked(user, now)
    if locked:
        raise AccountLocked(locked)
    if not verify_password(user.password_hash, password or ""):
        _record_failure(session, user, now)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    actor = Actor.from_user(user)
    record_audit(session, actor=actor, action=AuditAction.SIGN_IN, entity="app_user",
                 entity_id=user.id, summary=f"{user.username} signed in")
    # Committed directly, not through unit_of_work: a sign-in changes no record a page shows,
    # so it must not bump the data version and empty every cache.
    session.commit()
    return actor


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")


def _record_failure(session: Session, user: User, now: dt.datetime) -> None:
    # One UPDATE … RETURNING, so parallel wrong guesses cannot overwrite each other's count.
    failures = session.execute(
        sa.update(User).where(User.id == user.id)
        .values(failed_logins=sa.func.coalesce(User.failed_logins, 0) + 1)
        .returning(User.failed_logins)).scalar_one()
    locked = failures >= max_attempts()
    if locked:
        session.execute(sa.update(User).where(User.id == user.id).values(
            failed_logins=0, locked_until=now + dt.timedelta(minutes=lockout_minutes())))
        record_audit(session, actor=Actor.from_user(user), action=AuditAction.SIGN_IN,
                     entity="app_user", entity_id=user.id,
                     summary=f"{user.username} locked out after {max_attempts()} failed attempts")
    session.commit()
    session.expire(user)
    if locked:
        raise AccountLocked(lockout_minutes() * 60)
    raise SignInFailed(WRONG_CREDENTIALS)
