"""What every command shares: the database session and the acting user (``--as NAME``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.db import get_engine, session_scope
from tracker.errors import DomainError, NotFound

AS_OPTION = typer.Option(None, "--as", help="Act as this user (their role and clearance apply); "
                                            "default: the built-in system actor.")


@contextmanager
def cli_session() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session


def resolve_actor(session: Session, username: str | None) -> Actor:
    """The named user as an actor, or the system actor when no name is given."""
    if not username:
        return SYSTEM_ACTOR
    from tracker.services.users import get_by_username

    user = get_by_username(session=session, username=username)
    if user is None or not user.is_active:
        raise NotFound(f"No active user called “{username}”.")
    return Actor.from_user(user)


def fail(message: str) -> None:
    """Stop with one clear line and exit code 2."""
    raise DomainError(message)
