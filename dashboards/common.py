"""What every page shares: the session, the acting user, cached reads keyed on the data version.

Pages never build SQL or commit: they call ``tracker`` functions through these helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from tracker.auth.actor import Actor
from tracker.db import data_version, get_engine, new_session
from tracker.errors import DomainError, ValidationError
from tracker.queries.filters import Filters


def current_actor() -> Actor | None:
    """The signed-in user as the database holds them now (see ``dashboards/auth.py``), or None.

    Also right in a widget's callback, which runs before the page: a user demoted since the
    last run acts with the new role."""
    from dashboards.auth import signed_in_actor

    return signed_in_actor()


def require_actor() -> Actor:
    """The signed-in user (inactivity checked); shows the sign-in form and stops otherwise."""
    from dashboards.auth import show_account_sidebar, show_sign_in, signed_in_actor

    actor = signed_in_actor()
    if actor is None:
        show_sign_in()
        st.stop()
    show_account_sidebar(actor)
    return actor


def session():
    """A new database session for one page run (close it with ``with``)."""
    return new_session(get_engine())


def current_data_version() -> int:
    return data_version(get_engine())


def run_query(func: Callable, *args, **kwargs) -> Any:
    """Run the tracker function ``func(session, *args, **kwargs)`` now, in a session of its own and
    uncached: for work done once, on a click (files, reports, briefings)."""
    with session() as s:
        return func(s, *args, **kwargs)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, database: str, version: int, _func: Callable, args: tuple, kwargs: tuple) -> Any:
    # ``name`` stands for the function in the cache key (a leading underscore skips hashing it);
    # ``database`` keeps two databases' results apart even when their data versions coincide.
    return run_query(_func, *args, **dict(kwargs))


def cached_query(func: Callable, *args, **kwargs) -> Any:
    """Run ``func(session, *args, **kwargs)`` once per database and data version (every write bumps it)."""
    return _cached(f"{func.__module__}.{func.__qualname__}", get_engine().url.render_as_string(),
                   current_data_version(), func, args, tuple(sorted(kwargs.items())))


def default_filters() -> Filters:
    actor = require_actor()
    return Filters.for_actor(actor)


def show_domain_error(exc: DomainError) -> None:
    """Show a domain error as text (never a traceback); field errors listed one per line."""
    from dashboards.safe import plain

    if isinstance(exc, ValidationError) and exc.errors:
        st.error("Please correct the following:\n\n" + "\n".join(
            f"- **{plain(field)}**: {plain(message)}" if field != "__all__" else f"- {plain(message)}"
            for field, message in exc.errors.items()))
    else:
        st.error(plain(exc.message))
