"""PostgreSQL dropping the app's connections (a restart, ``pg_terminate_backend``): a pooled
connection is replaced before use (``pool_pre_ping``), a transaction caught in the middle ends as
``DatabaseUnavailable`` (the page's "try again"), never as the driver's ``OperationalError``, and
nothing of an interrupted write is left behind; a dashboard read past its time limit is stopped
as ``QueryTimedOut``."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.factories import make_organisation
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import limit_statement_time, make_engine, session_scope
from tracker.errors import DatabaseUnavailable, QueryTimedOut
from tracker.i18n import using_language
from tracker.models import Meeting, MeetingCreate
from tracker.services import meetings


@pytest.fixture
def pg_database_url(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("what a PostgreSQL restart does")
    return database_url


def _terminate_others(url: str) -> int:
    """End every other connection to this database, as a server restart would."""
    killer = make_engine(url, poolclass=sa.pool.NullPool)
    try:
        with killer.connect() as conn:
            ended = conn.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    finally:
        killer.dispose()
    return int(ended or 0)


def _create(session, title: str, organisation_id: int) -> Meeting:
    return meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title=title, date="2024-03-05", organisation_ids=[organisation_id]))


def _titles(url: str) -> list[str]:
    engine = make_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT title FROM meeting ORDER BY title")).scalars())
    finally:
        engine.dispose()


def test_pooled_connections_dropped_by_the_server_are_replaced_before_use(pg_database_url, session):
    company_id = make_organisation(session, name="SenseTime").id
    session.commit()
    engine = make_engine(pg_database_url)  # the app's pooled engine
    try:
        with session_scope(engine) as first:
            _create(first, "Before the restart", company_id)
        assert engine.pool.checkedin() >= 1  # a connection waits in the pool…
        assert _terminate_others(pg_database_url) >= 1  # …and the server drops it
        with session_scope(engine) as second:  # pre-ping notices and reconnects: no error at all
            _create(second, "After the restart", company_id)
    finally:
        engine.dispose()
    assert _titles(pg_database_url) == ["After the restart", "Before the restart"]


def test_a_write_and_a_read_caught_by_the_drop_say_try_again_and_leave_nothing(pg_database_url, session):
    company_id = make_organisation(session, name="SenseTime").id
    session.commit()
    engine = make_engine(pg_database_url)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            with session_scope(engine) as caught_session:
                caught_session.execute(sa.text("SELECT 1"))  # the page read: connection in use
                _terminate_others(pg_database_url)
                _create(caught_session, "Interrupted", company_id)
        assert isinstance(caught.value.__cause__, sa.exc.OperationalError)  # kept for the log
        assert "try again" in caught.value.message

        with pytest.raises(DatabaseUnavailable):
            with session_scope(engine) as reader:
                reader.execute(sa.text("SELECT 1"))
                _terminate_others(pg_database_url)
                reader.execute(sa.text("SELECT count(*) FROM meeting"))

        with session_scope(engine) as retry:  # the user's second try goes through
            _create(retry, "Second try", company_id)
    finally:
        engine.dispose()
    assert _titles(pg_database_url) == ["Second try"]


def test_a_dashboard_read_over_its_time_limit_is_stopped_as_a_domain_error(pg_database_url):
    engine = make_engine(pg_database_url)
    try:
        with pytest.raises(QueryTimedOut):
            with session_scope(engine) as reader:
                limit_statement_time(reader, 50)
                reader.execute(sa.text("SELECT pg_sleep(2)"))
        with session_scope(engine) as reader:  # the limit was the transaction's only
            assert reader.execute(sa.text("SHOW statement_timeout")).scalar() == "0"
    finally:
        engine.dispose()


def test_a_page_read_that_lost_its_connection_is_tried_once_more_then_told_in_the_users_language(
        database_url):
    from dashboards.database import run_query

    calls = []

    def flaky(session):
        calls.append(session)
        if len(calls) == 1:
            raise DatabaseUnavailable()
        return session.execute(sa.text("SELECT 1")).scalar()

    assert run_query(flaky) == 1 and len(calls) == 2  # the second try, on a fresh session

    def down(_session):
        raise DatabaseUnavailable()

    with using_language("zh_CN"), pytest.raises(DatabaseUnavailable) as caught:
        run_query(down)
    assert caught.value.message == "暂时无法连接数据库（可能正在重启），本次操作未完成。请稍后重试。"
