"""Server-side sessions: what resolving the session costs on every page run (one indexed query
joined to the user), with 20,000 session rows of 500 users in the table, with and without the
once-a-minute last-seen write."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.harness import BenchContext, p50, timings_ms

USERS = 500
SESSIONS = 20_000


def run(context: BenchContext) -> dict:
    import sqlalchemy as sa

    from tracker.auth.actor import Actor
    from tracker.auth.sessions import TOUCH_EVERY, resolve_session, start_session, token_hash
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade
    from tracker.models import Role, User, UserSession, utcnow

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'sessions.db'}")
        upgrade(engine)
        now = utcnow()
        with engine.begin() as conn:
            conn.execute(sa.insert(User), [
                {"username": f"user{i}", "role": Role.EDITOR, "clearance": 2, "password_hash": "x",
                 "is_active": True, "failed_logins": 0, "created_at": now} for i in range(USERS)])
            conn.execute(sa.insert(UserSession), [
                {"token_hash": token_hash(f"token-{i}"), "user_id": 1 + i % USERS, "created_at": now,
                 "last_seen_at": now, "expires_at": now + dt.timedelta(minutes=30),
                 "absolute_expires_at": now + dt.timedelta(hours=12)} for i in range(SESSIONS)])
        with session_scope(engine) as session:
            actor = Actor.from_user(session.get(User, 7))
            token = start_session(session=session, actor=actor, now=now)
            resolve_ms = p50(timings_ms(lambda: resolve_session(session=session, token=token, now=now),
                                        repeat=200, warmup=5))
            later = iter(now + TOUCH_EVERY * (k + 1) for k in range(10_000))
            touch_ms = p50(timings_ms(lambda: resolve_session(session=session, token=token,
                                                              now=next(later)), repeat=50, warmup=2))
        engine.dispose()
    return {"session_resolve_ms": resolve_ms, "session_resolve_with_touch_ms": touch_ms,
            "session_rows_count": SESSIONS}
