"""Two editors saving the same meeting at the same moment, each in their own process-like
thread and connection: the second waits for the first and then gets the ordinary ``Conflict``
(on SQLite a write transaction that started as a read used to fail with "database is locked")."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.factories import make_organisation
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import data_version, make_engine, session_scope, unit_of_work
from tracker.errors import Conflict
from tracker.models import Meeting, MeetingCreate, MeetingUpdate
from tracker.services import meetings

# A guard against a hung thread, not a measurement: the hand-over normally takes milliseconds.
WAIT_S = 5
WRITERS = 8


def test_second_of_two_simultaneous_saves_gets_a_conflict(database_url, session, editor, admin):
    company = make_organisation(session, name="SenseTime")
    meeting = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title="Talks", date="2024-03-05", organisation_ids=[company.id]))
    first_engine, second_engine = make_engine(database_url), make_engine(database_url)
    first_has_written, second_has_read = threading.Event(), threading.Event()

    @sa.event.listens_for(first_engine, "after_cursor_execute")
    def _note_write(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE MEETING"):
            first_has_written.set()

    @sa.event.listens_for(second_engine, "after_cursor_execute")
    def _note_read(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            second_has_read.set()

    outcomes: dict[str, object] = {}

    def first_save() -> None:
        with session_scope(first_engine) as first:
            # Hold the first save open until the second one is under way (with the fix, the
            # second waits at BEGIN and never reads first: the guard's time-out lets it go on).
            sa.event.listen(first, "before_commit", lambda _s: second_has_read.wait(WAIT_S))
            outcomes["first"] = meetings.update_meeting(
                session=first, actor=admin, meeting_id=meeting.id,
                data=MeetingUpdate(version=1, place="Fuzhou"))

    def second_save() -> None:
        with session_scope(second_engine) as second:
            try:
                meetings.update_meeting(session=second, actor=editor, meeting_id=meeting.id,
                                        data=MeetingUpdate(version=1, title="My edit"))
                outcomes["second"] = "saved"
            except Exception as exc:  # noqa: BLE001 — the test reports what it got
                outcomes["second"] = exc

    first_thread = threading.Thread(target=first_save)
    first_thread.start()
    first_has_written.wait(WAIT_S)
    second_thread = threading.Thread(target=second_save)
    second_thread.start()
    first_thread.join()
    second_thread.join()
    first_engine.dispose()
    second_engine.dispose()

    assert isinstance(outcomes["second"], Conflict), outcomes["second"]
    assert "saved this meeting after you opened it" in outcomes["second"].message
    session.expire_all()
    stored = session.get(Meeting, meeting.id)
    assert (stored.version, stored.place, stored.title) == (2, "Fuzhou", "Talks")


def test_first_writers_at_once_each_bump_the_data_version(database_url, session):
    """On a new database the data version's row does not exist yet: the first writers create it."""
    session.execute(sa.text("DELETE FROM app_state"))
    session.commit()
    engine = make_engine(database_url, poolclass=NullPool)
    start = threading.Barrier(WRITERS)

    def write(_index: int):
        start.wait()
        with session_scope(engine) as own:
            try:
                with unit_of_work(own):
                    pass
            except Exception as exc:  # noqa: BLE001 — the test reports what it got
                return exc

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            failures = [r for r in pool.map(write, range(WRITERS)) if r is not None]
    finally:
        engine.dispose()
    assert not failures, failures
    assert data_version(session) == WRITERS
