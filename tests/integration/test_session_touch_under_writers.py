"""A page run's session check moves last-seen forward while editors save (found by the load test:
on SQLite the touch, written in the transaction that had just read the session, failed at once
with "database is locked" whenever a writer committed in between, and the page showed an error)."""

from __future__ import annotations

import datetime as dt
import threading

import sqlalchemy as sa

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.auth.sessions import TOUCH_EVERY, resolve_session, start_session
from tracker.db import begin_write, get_engine, new_session
from tracker.models import Confidentiality, Role, UserCreate, UserSession, utcnow
from tracker.services.users import create_user

CHECKS = 40


def test_session_checks_keep_working_while_another_connection_writes(database_url, session):
    user = create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="reader", password="correct horse battery", role=Role.VIEWER,
        clearance=Confidentiality.INTERNAL))
    token = start_session(session=session, actor=_actor(user))
    stop = threading.Event()
    writer_errors: list[Exception] = []

    def keep_writing() -> None:
        """An editor saving over and over: short write transactions on another connection."""
        with new_session(get_engine()) as writer:
            while not stop.is_set():
                try:
                    begin_write(writer)
                    writer.execute(sa.update(UserSession).where(UserSession.token_hash != "")
                                   .values(user_agent=sa.func.coalesce(UserSession.user_agent, "")))
                    writer.commit()
                except Exception as error:  # noqa: BLE001 - reported below, not hidden
                    writer_errors.append(error)
                    writer.rollback()

    thread = threading.Thread(target=keep_writing, daemon=True)
    thread.start()
    failures: list[str] = []
    try:
        now = utcnow()
        with new_session(get_engine()) as reader:
            for step in range(CHECKS):
                now += TOUCH_EVERY + dt.timedelta(seconds=1)  # every check touches the session
                try:
                    if resolve_session(session=reader, token=token, now=now) is None:
                        failures.append(f"check {step}: signed out (the touches before it were lost)")
                except sa.exc.OperationalError as error:
                    failures.append(f"check {step}: {error.orig}")
                    reader.rollback()
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not failures, f"{len(failures)} of {CHECKS} checks failed, first: {failures[0]}"
    assert not writer_errors, writer_errors[0]


def _actor(user) -> Actor:
    return Actor.from_user(user)
