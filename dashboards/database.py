"""The only two ways from a page to the database: ``run_query`` (and its cached form) and ``run_write``.

Pages never build SQL, commit or open a session: each runner opens and closes a session of its
own. This module knows nothing of who is signed in (``dashboards/auth.py`` uses it to sign in), so a
write names its actor.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

import streamlit as st

from tracker.config import dashboard_statement_timeout_ms
from tracker.db import data_version, get_engine, limit_statement_time, session_scope
from tracker.errors import DatabaseUnavailable
from tracker.i18n import current_language, using_language

# The data version read in this run of the app, per database; None outside a run (a widget's
# callback, a fragment's rerun), where every cached query reads it afresh.
_run_data_versions: ContextVar[dict[str, int] | None] = ContextVar("tracker_run_data_versions",
                                                                   default=None)


@contextmanager
def one_data_version_per_run() -> Iterator[None]:
    """Within this block (one run of ``app.py``), cached queries share one read of the data version."""
    previous = _run_data_versions.set({})
    try:
        yield
    finally:
        _run_data_versions.reset(previous)


def _database_key() -> str:
    return get_engine().url.render_as_string()


def current_data_version() -> int:
    """The data version, read once per run (a write in the run through ``run_write`` re-reads it)."""
    versions = _run_data_versions.get()
    if versions is None:
        return data_version(get_engine())
    key = _database_key()
    if key not in versions:
        versions[key] = data_version(get_engine())
    return versions[key]


@cache
def _parameters(func: Callable) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(func).parameters)


def _call(func: Callable, session, args: tuple, kwargs: dict) -> Any:
    # Queries take the session first, services and a few readers as the keyword ``session=``.
    session_parameter = _parameters(func).get("session")
    if session_parameter is not None and session_parameter.kind is inspect.Parameter.KEYWORD_ONLY:
        return func(*args, session=session, **kwargs)
    return func(session, *args, **kwargs)


def run_query(func: Callable, *args, **kwargs) -> Any:
    """Run the tracker function ``func`` with a session of its own (first argument, or ``session=``
    where ``func`` takes it by keyword), now and uncached: for work done once, on a click (files,
    reports, briefings) or what must be current (users, sessions, the form's searches).

    A read that lost its connection (the database restarted under it) is run once more on a fresh
    one; if that fails too, ``DatabaseUnavailable`` reaches the page, which shows its message."""
    return _read(func, args, kwargs, timeout_ms=0)


def _read(func: Callable, args: tuple, kwargs: dict, *, timeout_ms: int) -> Any:
    for attempt in (1, 2):
        try:
            with session_scope(get_engine()) as session:
                limit_statement_time(session, timeout_ms)
                return _call(func, session, args, kwargs)
        except DatabaseUnavailable:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run_write(service: Callable, **kwargs) -> Any:
    """Run the write ``service(session=…, **kwargs)`` in a session of its own and return what it
    returns (pass ``actor=`` to a service that takes one).

    A ``DomainError`` is the caller's to show (each page its own way, see
    ``dashboards.incidents.show_domain_error``). The run's data version is forgotten, so reads
    after the write see it."""
    try:
        with session_scope(get_engine()) as session:
            return service(session=session, **kwargs)
    finally:
        versions = _run_data_versions.get()
        if versions is not None:
            versions.pop(_database_key(), None)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, database: str, version: int, language: str, _func: Callable, args: tuple,
            kwargs: tuple) -> Any:
    # ``name`` stands for the function in the cache key (a leading underscore skips hashing it);
    # ``database`` keeps two databases' results apart even when their data versions coincide;
    # ``language``: a query may return words (labels, "Several sectors") in the reader's language.
    # A dashboard figure has a time limit on PostgreSQL (``TRACKER_DB_STATEMENT_TIMEOUT_MS``).
    with using_language(language):
        return _read(_func, args, dict(kwargs), timeout_ms=dashboard_statement_timeout_ms())


def cached_query(func: Callable, *args, **kwargs) -> Any:
    """Run ``func(session, *args, **kwargs)`` once per database, data version (every write bumps
    it) and language."""
    return _cached(f"{func.__module__}.{func.__qualname__}", _database_key(),
                   current_data_version(), current_language(), func, args, tuple(sorted(kwargs.items())))
