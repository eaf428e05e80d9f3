"""User administration: list users, change a role or clearance, reset a password, (de)activate.

``tracker user add`` lives in ``cmd_base``; these join it under ``tracker user``. All need an
administrator (the built-in system actor, or ``--as`` an admin).
"""

from __future__ import annotations

import sys
import unicodedata

import typer

from tracker.auth.actor import role_word
from tracker.cli.cmd_base import user_app
from tracker.cli.console import AS_OPTION, cli_session, echo, fail, resolve_actor
from tracker.i18n import _
from tracker.models import Confidentiality, Role, UserUpdate, utcnow

USERNAME = typer.Argument(..., metavar="USERNAME", help="The user's sign-in name.")
LEVEL = typer.Argument(..., metavar="LEVEL", help="The highest confidentiality the user may see: "
                                                  "public, internal, confidential or secret.")


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - cells(text))


def _level(text: str) -> Confidentiality:
    try:
        return Confidentiality.parse(text)
    except (KeyError, ValueError):
        fail(_("Unknown clearance “{level}”: use public, internal, confidential or secret.").format(
            level=text))


def _update(username: str, as_user: str | None, **changes) -> str:
    from tracker.queries.users import get_user_or_raise
    from tracker.services.users import update_user

    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        user = get_user_or_raise(session=session, username=username)
        user = update_user(session=session, actor=actor, user_id=user.id, data=UserUpdate(**changes))
        state = _("active") if user.is_active else _("deactivated")
        return _("{name}: {role}, {level} clearance, {state}.").format(
            name=user.username, role=role_word(user.role),
            level=_(Confidentiality.parse(user.clearance).label), state=state)


@user_app.command("list")
def user_list(as_user: str | None = AS_OPTION) -> None:
    """List every user with role, clearance, state and last sign-in."""
    from tracker.auth.throttle import locked_names
    from tracker.queries.users import list_users

    with cli_session() as session:
        users = list_users(session=session, actor=resolve_actor(session, as_user))
        locked = locked_names(session, [user.username for user in users], utcnow())
    if not users:
        echo(_("No users yet: create the first admin with `tracker user add NAME --role admin`."))
        return
    rows = [(_("username"), _("role"), _("clearance"), _("state"), _("last sign-in"))]
    for user in users:
        state = _("active") if user.is_active else _("deactivated")
        if user.username in locked and user.is_active:
            state = _("locked")
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else _("never")
        rows.append((user.username, role_word(user.role), _(Confidentiality.parse(user.clearance).label),
                     state, last))
    # Columns padded by display width: a Chinese character takes two cells of the terminal.
    widths = [max(least, *(cells(row[column]) for row in rows))
              for column, least in enumerate((24, 7, 13, 12))]
    for row in rows:
        echo(" ".join(pad(text, width) for text, width in zip(row, widths, strict=False)) + " " + row[4])


@user_app.command("set-role")
def user_set_role(username: str = USERNAME,
                  role: Role = typer.Argument(..., metavar="ROLE", help="admin, editor or viewer."),
                  as_user: str | None = AS_OPTION) -> None:
    """Change a user's role."""
    echo(_update(username, as_user, role=role))


@user_app.command("set-clearance")
def user_set_clearance(username: str = USERNAME, clearance: str = LEVEL,
                       as_user: str | None = AS_OPTION) -> None:
    """Change the highest confidentiality a user may see."""
    echo(_update(username, as_user, clearance=_level(clearance)))


@user_app.command("set-contact")
def user_set_contact(
    username: str = USERNAME,
    email: str = typer.Option(None, "--email", help="Where the daily reminders go ('' for none)."),
    person: int = typer.Option(None, "--person", metavar="PERSON_ID",
                               help="The person in the directory this user is (their meetings are "
                                    "'my meetings'; 0 for none)."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Set a user's e-mail address for reminders and the person in the directory they are."""
    changes = {}
    if email is not None:
        changes["email"] = email or None
    if person is not None:
        changes["person_id"] = person or None
    if not changes:
        fail("give --email, --person or both.")
    echo(_update(username, as_user, **changes))


@user_app.command("reset-password")
def user_reset_password(
    username: str = USERNAME,
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the new password "
                                                                        "from standard input."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Set a new password (also lifts a lockout)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(_("New password"), hide_input=True, confirmation_prompt=True)
    echo(_update(username, as_user, password=password))


@user_app.command("deactivate")
def user_deactivate(username: str = USERNAME, as_user: str | None = AS_OPTION) -> None:
    """Stop a user from signing in (their audit history stays)."""
    echo(_update(username, as_user, is_active=False))


@user_app.command("activate")
def user_activate(username: str = USERNAME, as_user: str | None = AS_OPTION) -> None:
    """Let a deactivated user sign in again."""
    echo(_update(username, as_user, is_active=True))
