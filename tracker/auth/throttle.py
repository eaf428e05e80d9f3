"""Counting sign-in attempts per name, atomically and before any password is checked.

Each attempt first reserves a place in its name's window with one upsert (``INSERT … ON
CONFLICT DO UPDATE … WHERE … RETURNING``): the row is locked by the statement itself, so however
many attempts arrive at once, only the first ``limit`` of a window get a number and the rest are
refused without their password being looked at. The attempt that takes the last place starts the
lock. Names are hashed, and unknown names are counted exactly like known ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from tracker.db import is_sqlite
from tracker.models import SignInThrottle

# Rows untouched this long (and not locked) are forgotten: they only keep the table small, since
# a success or a password reset clears a name's row anyway.
FORGET_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class Reservation:
    """An attempt's place in its window (1 = first), or the seconds its name stays locked."""

    number: int | None
    seconds_locked: int = 0


def name_hash(username: str) -> str:
    """The key of a name: the same normalisation as the username lookup, then SHA-256."""
    return hashlib.sha256((username or "").strip().lower().encode()).hexdigest()


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC, so say so."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def reserve_attempt(session: Session, username: str, now: dt.datetime, *, limit: int,
                    lock_for: dt.timedelta) -> Reservation:
    """Count an attempt on ``username`` inside the caller's write transaction."""
    table = SignInThrottle.__table__
    session.execute(sa.delete(table).where(
        table.c.last_attempt_at < now - FORGET_AFTER,
        sa.or_(table.c.locked_until.is_(None), table.c.locked_until <= now)))
    key = name_hash(username)
    insert = (sqlite.insert if is_sqlite(session) else postgresql.insert)(table).values(
        name_hash=key, attempts=1, last_attempt_at=now,
        locked_until=now + lock_for if limit <= 1 else None)
    lock_expired = sa.and_(table.c.locked_until.is_not(None), table.c.locked_until <= now)
    attempts = sa.case((lock_expired, 1), else_=table.c.attempts + 1)
    upsert = insert.on_conflict_do_update(
        index_elements=[table.c.name_hash],
        set_={"attempts": attempts, "last_attempt_at": now,
              "locked_until": sa.case((attempts >= limit, now + lock_for), else_=None)},
        where=sa.or_(table.c.attempts < limit, lock_expired),
    ).returning(table.c.attempts)
    number = session.execute(upsert).scalar()
    if number is not None:
        return Reservation(number)
    until = as_utc(session.execute(sa.select(table.c.locked_until).where(
        table.c.name_hash == key)).scalar())
    return Reservation(None, max(1, math.ceil((until - now).total_seconds())))


def clear(session: Session, username: str) -> None:
    """Forget a name's attempts (after a success or a password reset), in the caller's transaction."""
    session.execute(sa.delete(SignInThrottle).where(SignInThrottle.name_hash == name_hash(username)))


def locked_names(session: Session, usernames: list[str], now: dt.datetime) -> set[str]:
    """Which of ``usernames`` are locked now."""
    by_hash = {name_hash(name): name for name in usernames}
    rows = session.execute(sa.select(SignInThrottle.name_hash, SignInThrottle.locked_until).where(
        SignInThrottle.name_hash.in_(list(by_hash))))
    return {by_hash[key] for key, until in rows if until is not None and as_utc(until) > now}
