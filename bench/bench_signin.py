"""Sign-in under a parallel guessing attack: 40 wrong passwords sent at once for one account,
each on its own connection; how many passwords were actually checked (the lockout allows
``TRACKER_LOGIN_MAX_ATTEMPTS``, 5 by default). On SQLite, and on PostgreSQL when
``TRACKER_TEST_DATABASE_URL`` is set (in a small database of its own, ``<name>_signin``)."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.harness import BenchContext
from bench.postgres import empty_database

GUESSES = 40


def _guess_in_parallel(url: str) -> tuple[int, float]:
    """(passwords checked, seconds) for GUESSES wrong guesses at once on a fresh account."""
    from sqlalchemy.pool import NullPool

    from tracker.auth import signin
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade
    from tracker.models import Role, UserCreate
    from tracker.services.users import create_user

    engine = make_engine(url, poolclass=NullPool)
    upgrade(engine)
    with session_scope(engine) as session:
        create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
            username="target", role=Role.VIEWER, password="right-password"))
    checked = [0]
    lock = threading.Lock()
    verify = signin.verify_password

    def counting_verify(password_hash: str, password: str) -> bool:
        with lock:
            checked[0] += 1
        return verify(password_hash, password)

    start = threading.Barrier(GUESSES)

    def attempt(index: int) -> None:
        start.wait()
        with session_scope(engine) as session:
            try:
                signin.authenticate(session, "target", f"wrong-{index}")
            except signin.SignInFailed:
                pass

    signin.verify_password = counting_verify
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(GUESSES) as pool:
            list(pool.map(attempt, range(GUESSES)))
        seconds = time.perf_counter() - started
    finally:
        signin.verify_password = verify
        engine.dispose()
    return checked[0], seconds


def run(context: BenchContext) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        checked, seconds = _guess_in_parallel(f"sqlite:///{Path(folder) / 'signin.db'}")
    figures: dict[str, float] = {"signin_parallel_passwords_checked": checked,
                                 "signin_parallel_40_guesses_s": seconds}
    test_url = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
    if test_url:
        checked, seconds = _guess_in_parallel(empty_database(test_url, "signin"))
        figures |= {"pg_signin_parallel_passwords_checked": checked,
                    "pg_signin_parallel_40_guesses_s": seconds}
    return figures
