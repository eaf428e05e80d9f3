"""The daily reminder for 200 users at 100,000 meetings: every user's digest (actions overdue and
due, silent pledges in their portfolio), as ``tracker remind`` builds them before sending.

Each user is one of the 200 government people in the most meetings (so "my meetings" and the
portfolio are as large as they get), has five actions on recent meetings and logged nothing
(the audit subquery still runs). Written into a copy of the generated database, so the shared one
stays as the generator left it."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from bench.harness import BenchContext

USERS = 200
ACTIONS_PER_USER = 5


def run(context: BenchContext) -> dict:
    import sqlalchemy as sa

    from tracker.db import make_engine, session_scope
    from tracker.models import FollowUpAction, Meeting, Participation, Role, User, utcnow
    from tracker.reminders import all_digests

    today = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reminders.db"
        shutil.copyfile(context.sqlite_100k(), path)
        engine = make_engine(f"sqlite:///{path}")
        now = utcnow()
        with engine.begin() as conn:
            busiest = (
                conn.execute(
                    sa.select(Participation.person_id)
                    .where(Participation.side == "government")
                    .group_by(Participation.person_id)
                    .order_by(sa.func.count().desc())
                    .limit(USERS)
                )
                .scalars()
                .all()
            )
            first_user = (conn.execute(sa.select(sa.func.max(User.id))).scalar() or 0) + 1
            conn.execute(
                sa.insert(User),
                [
                    {
                        "username": f"reminded{i}",
                        "role": Role.EDITOR,
                        "clearance": 2 + i % 2,
                        "password_hash": "x",
                        "is_active": True,
                        "failed_logins": 0,
                        "created_at": now,
                        "person_id": person_id,
                        "email": f"reminded{i}@example.gov.cn",
                    }
                    for i, person_id in enumerate(busiest)
                ],
            )
            recent = (
                conn.execute(
                    sa.select(Meeting.id)
                    .where(Meeting.confidentiality <= 2)
                    .order_by(Meeting.date.desc())
                    .limit(USERS * ACTIONS_PER_USER)
                )
                .scalars()
                .all()
            )
            conn.execute(
                sa.insert(FollowUpAction),
                [
                    {
                        "what": f"Follow up {k}",
                        "owner_id": first_user + k // ACTIONS_PER_USER,
                        "status": "open",
                        "due_on": today + dt.timedelta(days=k % 15 - 7),
                        "meeting_id": meeting_id,
                        "created_by": "bench",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for k, meeting_id in enumerate(recent)
                ],
            )
        with session_scope(engine) as session:
            all_digests(session, today=today, usernames=("reminded0",))  # warm the caches
            started = time.perf_counter()
            digests = all_digests(session, today=today)
            seconds = time.perf_counter() - started
        engine.dispose()
    reminded = [d for d in digests if d.username.startswith("reminded")]
    return {
        "reminder_digest_all_users_s": seconds,
        "reminder_digest_users_count": len(reminded),
        "reminder_digest_items_count": sum(len(d.items) for d in reminded),
    }
