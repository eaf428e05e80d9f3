"""Sign-in under parallel guessing: 40 attempts at once, each on its own connection, check at
most the configured number of passwords; the right password sent after the limit is refused;
an unknown name is throttled the same way and answers with the same messages."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.pool import NullPool

from tracker.auth import signin
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.models import Role, UserCreate
from tracker.services.users import create_user

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
GUESSES = 40
# A guard against a hung run, not a measurement.
WAIT_S = 30


class CountingVerifier:
    """Wraps ``verify_password``: counts the passwords actually checked, and tells when
    ``limit`` of them have been (so the right password can be sent after the limit)."""

    def __init__(self, verify, limit: int):
        self.verify = verify
        self.limit = limit
        self.checked = 0
        self.lock = threading.Lock()
        self.limit_reached = threading.Event()

    def __call__(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.checked += 1
            if self.checked >= self.limit:
                self.limit_reached.set()
        return self.verify(password_hash, password)


def guess_in_parallel(database_url: str, username: str, verifier: CountingVerifier) -> list:
    """39 wrong guesses and the right password (sent once ``limit`` checks were made), all at
    once, each on its own connection; returns each attempt's outcome (Actor or exception)."""
    engine = make_engine(database_url, poolclass=NullPool)
    start = threading.Barrier(GUESSES)

    def attempt(index: int):
        start.wait()
        if index == GUESSES - 1:
            verifier.limit_reached.wait(WAIT_S)
        password = "right-password" if index == GUESSES - 1 else f"wrong-{index}"
        with session_scope(engine) as session:
            try:
                return signin.authenticate(session, username, password, now=NOW)
            except Exception as exc:  # noqa: BLE001 — the test reports what it got
                return exc

    try:
        with ThreadPoolExecutor(GUESSES) as pool:
            return list(pool.map(attempt, range(GUESSES)))
    finally:
        engine.dispose()


def expected_messages(limit: int) -> Counter:
    locked = signin.AccountLocked(signin.lockout_minutes() * 60).message
    return Counter({signin.WRONG_CREDENTIALS: limit - 1, locked: GUESSES - limit + 1})


@pytest.fixture
def verifier(monkeypatch):
    counting = CountingVerifier(signin.verify_password, signin.max_attempts())
    monkeypatch.setattr(signin, "verify_password", counting)
    return counting


@pytest.mark.parametrize("username", ["mei", "nobody"])
def test_forty_parallel_guesses_check_at_most_the_limit(database_url, session, verifier, username):
    create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="mei", role=Role.EDITOR, password="right-password"))
    outcomes = guess_in_parallel(database_url, username, verifier)
    unexpected = [o for o in outcomes if not isinstance(o, signin.SignInFailed)]
    assert not unexpected, unexpected[:3]  # no success, no "database is locked"
    assert verifier.checked <= signin.max_attempts()
    assert isinstance(outcomes[-1], signin.AccountLocked)  # the right password, after the limit
    # A known and an unknown name get the same answers: names cannot be probed.
    assert Counter(o.message for o in outcomes) == expected_messages(signin.max_attempts())
