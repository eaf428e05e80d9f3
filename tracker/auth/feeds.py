"""Calendar feed tokens: the secret in a user's feed address resolves to that user, read afresh.

A calendar program fetches the feed without a browser session, so the address itself carries a
random token (``secrets.token_urlsafe``, 256 bits); the database keeps its SHA-256 only, as for
sign-in sessions. The actor is built from the user's current role and clearance on every fetch, so
a lowered clearance or a deactivation applies to the next refresh of the subscribed calendar.
Issuing and revoking are writes (``tracker.services.calendar_feeds``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.auth.sessions import token_hash
from tracker.auth.signin import as_utc
from tracker.models import CalendarFeedToken, Confidentiality, Role, User, utcnow

# A feed read is not a change to any record: last-used moves at most once an hour, so a calendar
# program polling every few minutes does not make every poll a write.
TOUCH_EVERY = dt.timedelta(hours=1)


def resolve_feed_token(*, session: Session, token: str | None,
                       now: dt.datetime | None = None) -> Actor | None:
    """The ``Actor`` whose live (unrevoked) feed token this is, if the user is active; else None."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        sa.select(CalendarFeedToken.id, CalendarFeedToken.last_used_at, User.id, User.username, User.role,
                  User.clearance, User.language)
        .join(User, User.id == CalendarFeedToken.user_id)
        .where(CalendarFeedToken.token_hash == token_hash(token), CalendarFeedToken.revoked_at.is_(None),
               User.is_active.is_(True))).first()
    if row is None:
        session.rollback()
        return None
    feed_id, last_used, user_id, username, role, clearance, language = row
    if last_used is None or now - as_utc(last_used) >= TOUCH_EVERY:
        session.execute(sa.update(CalendarFeedToken).where(CalendarFeedToken.id == feed_id)
                        .values(last_used_at=now))
    session.commit()
    return Actor(username=username, role=Role(role), clearance=Confidentiality.parse(clearance),
                 user_id=user_id, language=language)


def live_feed(session: Session, user_id: int) -> CalendarFeedToken | None:
    """The user's unrevoked feed token row (its hash and dates; the token itself is not kept)."""
    return session.execute(
        sa.select(CalendarFeedToken).where(CalendarFeedToken.user_id == user_id,
                                           CalendarFeedToken.revoked_at.is_(None))
        .order_by(CalendarFeedToken.id.desc())).scalars().first()

