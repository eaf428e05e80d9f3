"""Helpers every ``AppTest`` uses: an app already signed in as a real user of a given role.

``signed_in_app(role="editor")`` creates (or reuses) the user in the test database, starts a real
server-side session for it and puts the token in session state, where a signed-in tab keeps it
(``dashboards/auth.py``; ``AppTest`` cannot send the session cookie), so the sign-in page is
skipped and every run resolves the user afresh. ``sign_in(at, actor)`` does the same for an
``AppTest`` made elsewhere. Needs the ``database_url`` fixture (it points ``TRACKER_DATABASE_URL``
at the test database).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboards.auth import SESSION_TOKEN_KEY
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.auth.sessions import start_session
from tracker.auth.users import get_by_username
from tracker.db import get_engine, session_scope
from tracker.models import Confidentiality, Role, UserCreate
from tracker.services.users import create_user

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
TEST_PASSWORD = "correct-horse-battery"
DEFAULT_CLEARANCE = {Role.ADMIN: Confidentiality.SECRET, Role.EDITOR: Confidentiality.CONFIDENTIAL,
                     Role.VIEWER: Confidentiality.INTERNAL}


def ensure_user(role: str | Role = "editor", *, clearance: str | Confidentiality | None = None,
                username: str | None = None, password: str = TEST_PASSWORD) -> Actor:
    """The actor of a real user in the test database (created on first use)."""
    role = Role(role)
    level = Confidentiality.parse(clearance) if clearance is not None else DEFAULT_CLEARANCE[role]
    username = (username or f"{role.value}_{level.name.lower()}").lower()
    with session_scope(get_engine()) as session:
        user = get_by_username(session=session, username=username)
        if user is None:
            user = create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
                username=username, role=role, clearance=level, password=password))
        return Actor.from_user(user)


def sign_in(at: AppTest, actor: Actor) -> Actor:
    """Sign ``at`` in as ``actor`` through a real session (a stored user of the same name, role
    and clearance is created when ``actor`` is not one); returns the stored user's actor."""
    if actor.user_id is None:
        actor = ensure_user(actor.role, clearance=actor.clearance, username=actor.username)
    with session_scope(get_engine()) as session:
        at.session_state[SESSION_TOKEN_KEY] = start_session(session=session, actor=actor)
    return actor


def signed_in_app(role: str | Role = "editor", *, clearance: str | Confidentiality | None = None,
                  username: str | None = None, page: str | None = None, run: bool = True,
                  timeout: float = 30) -> AppTest:
    """An ``AppTest`` of the whole app, signed in as a user with ``role`` (and ``clearance``).

    ``page`` (e.g. ``"views/audit.py"``) runs the app once (home), then switches to and runs that
    page (Streamlit needs one run to register the navigation). ``run=False`` returns it unrun.
    """
    actor = ensure_user(role, clearance=clearance, username=username)
    at = AppTest.from_file(APP, default_timeout=timeout)
    sign_in(at, actor)
    if not run:
        return at
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def app_on_page(actor: Actor, page: str, *, timeout: float = 60, **query) -> AppTest:
    """An ``AppTest`` signed in as ``actor``, run on ``page`` with ``query`` as URL parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    sign_in(at, actor)
    at.run()
    at.switch_page(page)
    at.query_params.update({k: str(v) for k, v in query.items()})
    return at.run()


def app_at_address(role: str | Role, url_path: str, *, clearance: str | Confidentiality | None = None,
                   timeout: float = 60) -> AppTest:
    """An ``AppTest`` signed in as ``role`` and run on the page registered at ``/url_path``, as a
    link typed or pasted into the address bar opens it. ``AppTest.switch_page`` finds pages by their
    file only, and a stand-in page (a function, ``dashboards/navigation.py``) has none, so the page
    is looked up in the navigation the first run registered."""
    at = signed_in_app(role, clearance=clearance, timeout=timeout)
    hashes = [h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path]
    assert len(hashes) == 1, f"no page at /{url_path}"
    at._page_hash = hashes[0]
    return at.run()
