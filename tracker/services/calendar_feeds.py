"""Each user's calendar feed address: issue a new secret one (the old one stops working) or revoke it.

Only the user themself issues or revokes their feed (an administrator may revoke anyone's): the
address carries their clearance to whoever holds it. Both are audited; the token is shown once.
Any role may have a feed (a viewer reads meetings too), so these are not "writes" a viewer is
refused: hence ``issue_`` rather than ``create_``, which the permission tests take as one.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlmodel import Session

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor
from tracker.auth.sessions import TOKEN_BYTES, token_hash
from tracker.db import unit_of_work
from tracker.errors import PermissionDenied
from tracker.models import AuditAction, CalendarFeedToken, utcnow


def _revoke_live(session: Session, user_id: int) -> list[int]:
    return list(session.execute(
        sa.update(CalendarFeedToken)
        .where(CalendarFeedToken.user_id == user_id, CalendarFeedToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).returning(CalendarFeedToken.id)).scalars())


def issue_feed_token(*, session: Session, actor: Actor) -> str:
    """A new feed token for the actor (any earlier one is revoked); returns the token, shown once."""
    if actor.user_id is None:
        raise PermissionDenied(f"{actor.username} is not a stored user; only stored users have feeds.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with unit_of_work(session):
        revoked = _revoke_live(session, actor.user_id)
        feed = CalendarFeedToken(token_hash=token_hash(token), user_id=actor.user_id, created_at=utcnow())
        session.add(feed)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="calendar_feed_token",
                     entity_id=feed.id, after={"user_id": actor.user_id, "replaces": revoked},
                     summary=f"{actor.username}'s calendar feed address issued")
    return token


def revoke_feed_token(*, session: Session, actor: Actor, user_id: int | None = None) -> int:
    """Revoke the live feed token of ``user_id`` (default: the actor's own); returns how many."""
    user_id = actor.user_id if user_id is None else user_id
    if user_id is None or (user_id != actor.user_id and not actor.is_admin):
        raise PermissionDenied(f"{actor.username} may revoke only their own calendar feed.")
    with unit_of_work(session):
        revoked = _revoke_live(session, user_id)
        for feed_id in revoked:
            record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="calendar_feed_token",
                         entity_id=feed_id, after={"user_id": user_id, "revoked": True},
                         summary=f"calendar feed of user {user_id} revoked by {actor.username}")
    return len(revoked)
