"""Finding a user by name, the one way sign-in, the CLI's ``--as`` and the user service all do it
(usernames are kept lower-case, so the lookup is case-insensitive)."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.models import User


def get_by_username(*, session: Session, username: str) -> User | None:
    """The user with this username (case-insensitive), or None."""
    return session.exec(select(User).where(User.username == username.strip().lower())).first()
