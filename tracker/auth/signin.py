"""Signing in with a local password: lockout after repeated failures, and inactivity expiry.

The page (``dashboards/auth.py``) is thin: it calls ``authenticate`` and the pure expiry
functions here, so every rule is tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from functools import lru_cache

from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth import throttle
from tracker.auth.actor import Actor
from tracker.auth.passwords import hash_password, verify_password
from tracker.auth.throttle import as_utc
from tracker.auth.users import get_by_username
from tracker.db import write_transaction
from tracker.errors import DomainError
from tracker.models import AuditAction, User, utcnow

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


def format_time_left(seconds: float) -> str:
    """'14 min 5 s', '40 s': what a person reads on the lockout message."""
    seconds = max(1, math.ceil(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


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

    Every attempt is counted against its name before the password is checked, in its own
    committed transaction (``throttle.reserve_attempt``), so parallel guesses cannot outrun the
    count: at most N passwords are checked per lock window, and the attempt that takes the N-th
    place and fails starts an M-minute lock (both configurable). Unknown and inactive names go
    through the same steps against a dummy hash, so answers and timing do not tell whether an
    account exists. A success clears the name's count. Successes and lockouts of real accounts
    are audited; attempts on names that do not exist are not (they would let anyone fill the trail).
    """
    now = now or utcnow()
    username = (username or "").strip().lower()
    limit, lock_minutes = max_attempts(), lockout_minutes()
    with write_transaction(session):
        reservation = throttle.reserve_attempt(session, username, now, limit=limit,
                                               lock_for=dt.timedelta(minutes=lock_minutes))
    if reservation.number is None:
        raise AccountLocked(reservation.seconds_locked)
    user = get_by_username(session=session, username=username)
    known = user is not None and user.is_active
    # Checked even for unknown names (against a dummy hash): the same time as a real check.
    matches = verify_password(user.password_hash if known else _dummy_hash(), password or "")
    if known and matches:
        return _signed_in(session, user, now)
    if reservation.number < limit:
        raise SignInFailed(WRONG_CREDENTIALS)
    if known:
        with write_transaction(session):
            record_audit(session, actor=Actor.from_user(user), action=AuditAction.SIGN_IN,
                         entity="app_user", entity_id=user.id,
                         summary=f"{user.username} locked out after {limit} failed attempts")
    raise AccountLocked(lock_minutes * 60)


def _signed_in(session: Session, user: User, now: dt.datetime) -> Actor:
    # A write transaction of its own, not a unit of work: a sign-in changes no record a page
    # shows, so it must not bump the data version and empty every cache.
    with write_transaction(session):
        throttle.clear(session, user.username)
        user.last_login_at = now
        session.add(user)
        actor = Actor.from_user(user)
        record_audit(session, actor=actor, action=AuditAction.SIGN_IN, entity="app_user",
                     entity_id=user.id, summary=f"{user.username} signed in")
    return actor


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
