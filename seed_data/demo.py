"""The demo: the reference scenario, 2,000 generated meetings around it, and demo accounts.

Runs once: a marker in ``app_state`` makes a second run add nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.db import bump_data_version
from tracker.models import AppState, Confidentiality, Meeting, Role, UserCreate
from tracker.services.users import create_user, get_by_username
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
    lines = ["Sign in with a demo account:"]
    lines += [f"  {name:<7} password {password:<17} ({role.value}, {level.label} clearance)"
              for name, role, level, password in DEMO_ACCOUNTS]
    return "\n".join(lines)


def seed_demo(session: Session, *, actor: Actor = SYSTEM_ACTOR, only_if_empty: bool = False,
              meetings: int = DEMO_MEETINGS, seed: int = 42) -> str:
    """Load the demo once; returns a line saying what happened (and how to sign in)."""
    from seed_data.generator import generate
    from seed_data.reference import load_reference

    if session.get(AppState, DEMO_MARKER) is not None:
        return "The demo data is already loaded.\n" + demo_accounts_help()
    has_meetings = session.execute(sa.select(sa.func.count()).select_from(Meeting)).scalar_one() > 0
    if only_if_empty and has_meetings:
        return "The database already holds meetings; demo not loaded."
    ensure_default_taxonomy(session, actor)
    load_reference(session, actor)
    session.commit()
    # The generated rows, the marker and the accounts commit together: a failed run leaves no
    # half-loaded demo behind, and a finished one is never loaded again.
    counts = generate(session, meetings=meetings, seed=seed, actor=actor)
    session.add(AppState(key=DEMO_MARKER, value=1))
    session.flush()
    for username, role, clearance, password in DEMO_ACCOUNTS:
        if get_by_username(session=session, username=username) is None:
            create_user(session=session, actor=actor, data=UserCreate(
                username=username, role=role, clearance=clearance, password=password,
                display_name=f"Demo {role.value}"))
    bump_data_version(session)
    session.commit()
    return (f"Demo loaded: the reference meeting and {counts.get('meeting', 0):,} generated meetings.\n"
            + demo_accounts_help())
