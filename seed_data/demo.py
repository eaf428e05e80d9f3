"""The demo: the reference scenario, 2,000 generated meetings around it, and demo accounts.

Runs once: a marker in ``app_state`` makes a second run add nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.auth.users import get_by_username
from tracker.db import bump_data_version
from tracker.i18n import _, format_number
from tracker.labels import label
from tracker.models import AppState, Confidentiality, Meeting, Role, UserCreate
from tracker.services.users import create_user
from tracker.taxonomy import ensure_default_taxonomy

DEMO_MEETINGS = 2_000
DEMO_MARKER = "demo_seeded"
DEMO_ACCOUNTS = [
    # username, role, clearance, password (demo only: printed by `make run`)
    ("admin", Role.ADMIN, Confidentiality.SECRET, "admin-demo-pass"),
    ("editor", Role.EDITOR, Confidentiality.CONFIDENTIAL, "editor-demo-pass"),
    ("viewer", Role.VIEWER, Confidentiality.INTERNAL, "viewer-demo-pass"),
]


def demo_accounts_help() -> str:
    """How to sign in with the demo accounts, in the reader's language."""
    lines = [_("Sign in with a demo account:")]
    lines += [_("  {username:<7} password {password:<17} ({role}, {clearance} clearance)").format(
        username=name, password=password, role=label(role.value), clearance=_(level.label))
        for name, role, level, password in DEMO_ACCOUNTS]
    return "\n".join(lines)


@contextmanager
def all_or_nothing(engine: Engine) -> Iterator[Session]:
    """A session whose services' commits are savepoints inside one outer transaction, committed
    at the end or rolled back whole (SQLAlchemy's "join a session into an external transaction")."""
    with engine.connect() as connection:
        outer = connection.begin()
        work = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield work
            work.flush()
            work.close()
            outer.commit()
        except BaseException:
            work.close()
            outer.rollback()
            raise


def seed_demo(session: Session, *, actor: Actor = SYSTEM_ACTOR, only_if_empty: bool = False,
              meetings: int = DEMO_MEETINGS, seed: int = 42) -> str:
    """Load the demo once; returns a line saying what happened (and how to sign in)."""
    from seed_data.generator import generate
    from seed_data.reference import load_reference

    if session.get(AppState, DEMO_MARKER) is not None:
        return _("The demo data is already loaded.") + "\n" + demo_accounts_help()
    has_meetings = session.execute(sa.select(sa.func.count()).select_from(Meeting)).scalar_one() > 0
    if only_if_empty and has_meetings:
        return _("The database already holds meetings; demo not loaded.")
    session.rollback()  # end the read: the demo is written on a connection of its own
    # Everything commits together: a failed run (an editor may not create the accounts) leaves
    # nothing behind, and a finished one is never loaded again.
    with all_or_nothing(session.get_bind()) as work:
        ensure_default_taxonomy(work, actor)
        load_reference(work, actor)
        counts = generate(work, meetings=meetings, seed=seed, actor=actor)
        work.add(AppState(key=DEMO_MARKER, value=1))
        work.flush()
        for username, role, clearance, password in DEMO_ACCOUNTS:
            if get_by_username(session=work, username=username) is None:
                create_user(session=work, actor=actor, data=UserCreate(
                    username=username, role=role, clearance=clearance, password=password,
                    display_name=f"Demo {role.value}"))
        bump_data_version(work)
    return (_("Demo loaded: the reference meeting and {count} generated meetings.").format(
        count=format_number(counts.get("meeting", 0))) + "\n" + demo_accounts_help())
