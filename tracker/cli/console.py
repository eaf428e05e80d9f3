"""What every command shares: the database session, the acting user (``--as NAME``), and
printing text that came from a file or the database without letting it drive the terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.db import get_engine, session_scope
from tracker.errors import DomainError, NotFound
from tracker.i18n import gettext

AS_OPTION = typer.Option(None, "--as", metavar="NAME",
                         help="Act as this user (their role and clearance apply); default: the "
                              "built-in system actor.")


@contextmanager
def cli_session() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session


def resolve_actor(session: Session, username: str | None) -> Actor:
    """The named user as an actor, or the system actor when no name is given."""
    if not username:
        return SYSTEM_ACTOR
    from tracker.auth.users import get_by_username

    user = get_by_username(session=session, username=username)
    if user is None or not user.is_active:
        raise NotFound(gettext("No active user called “{name}”.").format(name=username))
    return Actor.from_user(user)


def fail(message: str) -> None:
    """Stop with one clear line and exit code 2."""
    raise DomainError(message)


# C0 and C1 control characters but line feed and tab (ESC starts CSI/OSC sequences that clear
# the screen, retitle the window or rewrite a line; 0x9b is CSI on its own), and the bidirectional
# overrides that make a terminal show text in another order than it is.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with its control characters written out ("\\x1b]0;…\\x07"), so that a file's
    header or a stored name is printed as it is and never acts on the terminal."""
    return _HIDDEN.sub(lambda found: _shown(found[0]), str(text))


def echo(message: object = "", *, err: bool = False) -> None:
    """Print one message (stdout, or stderr with ``err``) with its control characters visible;
    every command prints through this."""
    typer.echo(visible(message), err=err)


def echo_json(value: object, **dumps) -> None:
    """Print ``value`` as JSON: readable non-ASCII text, control characters as JSON escapes."""
    text = json.dumps(value, ensure_ascii=False, **dumps)
    typer.echo(_HIDDEN.sub(lambda found: f"\\u{ord(found[0]):04x}", text))
