"""Engine, sessions, the unit of work, and the data version every write bumps.

SQLite gets WAL, foreign keys, a busy timeout and ``synchronous=NORMAL`` on every connection;
PostgreSQL is used as configured. Both come from one URL (``TRACKER_DATABASE_URL``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import config
from tracker.errors import DatabaseUnavailable, QueryTimedOut

SQLITE_BUSY_TIMEOUT_MS = 10_000
DATA_VERSION_KEY = "data_version"
# The advisory lock (``lock_until_commit``) under which writers create organisations, people
# and events found by name, so that two at once do not both create one.
DIRECTORY_LOCK = "tracker:directory-writes"
# Execution option marking a connection whose next transaction will write (see ``begin_write``).
WRITE_TRANSACTION = "tracker_write_transaction"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for ``url`` (default: the configured one), with SQLite's pragmas applied."""
    url = url or config.database_url()
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False,
                                                     "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                                  **kwargs)
        sa.event.listen(engine, "connect", _set_sqlite_pragmas)
        # Let SQLAlchemy, not pysqlite, open transactions, so BEGIN covers reads too.
        sa.event.listen(engine, "connect", _disable_pysqlite_transactions)
        sa.event.listen(engine, "begin", _begin_sqlite)
        return engine
    # No JIT: the dashboards' aggregations are short, and on a misestimated plan (a CTE joined to
    # grouped rows) PostgreSQL spent far longer compiling one of them than running it.
    connect_args = {"options": "-c jit=off", **kwargs.pop("connect_args", {})}
    # Each process's pool sized from the environment; pre-ping replaces a connection the server
    # dropped (a PostgreSQL restart) before a request uses it.
    pool = {} if "poolclass" in kwargs else config.database_pool_settings()
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **{**pool, **kwargs})


def _disable_pysqlite_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None


def _begin_sqlite(connection) -> None:
    """BEGIN IMMEDIATE for a write transaction, so it takes the write lock first (waiting on the
    busy timeout). A deferred transaction that reads and then writes cannot wait: once another
    writer has committed since its read, SQLite fails it at once with "database is locked".
    Reads stay deferred, so they never queue behind writers."""
    write = connection.get_execution_options().get(WRITE_TRANSACTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process."""
    return make_engine(url)


def is_sqlite(bind) -> bool:
    """Whether ``bind`` (a session, engine, connection or dialect) is SQLite."""
    bind = bind.get_bind() if isinstance(bind, Session) else bind
    return getattr(bind, "dialect", bind).name == "sqlite"


def new_session(engine: Engine | None = None) -> Session:
    """A session whose objects stay readable after commit (pages show what a service returned)."""
    return Session(engine or get_engine(), expire_on_commit=False)


# PostgreSQL's SQLSTATEs for a server that went away or is not accepting connections yet
# (admin shutdown, crash shutdown, cannot connect now, the connection classes).
_CONNECTION_LOST_STATES = {"57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"}
_QUERY_CANCELED = "57014"


def connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the database server cannot be reached or dropped the connection
    (never SQLite's "database is locked")."""
    if not isinstance(exc, sa.exc.DBAPIError) or isinstance(exc.orig, sqlite3.Error):
        return False
    if exc.connection_invalidated:
        return True
    # Only the PostgreSQL driver's own errors: one without a SQLSTATE is a connection that
    # failed or broke (refused, reset, closed), which it reports before the server could answer.
    driver = type(exc.orig).__module__.split(".", 1)[0]
    if driver not in {"psycopg", "psycopg2"} or not isinstance(
            exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return state is None or state in _CONNECTION_LOST_STATES


def as_domain_error(exc: BaseException) -> Exception | None:
    """The domain error a user is shown for a database failure ``exc``: the server unreachable
    (``DatabaseUnavailable``) or a read over its time limit (``QueryTimedOut``); None for others."""
    if connection_lost(exc):
        return DatabaseUnavailable()
    if isinstance(exc, sa.exc.DBAPIError) and getattr(exc.orig, "sqlstate", None) == _QUERY_CANCELED:
        return QueryTimedOut()
    return None


@contextmanager
def database_errors_as_domain_errors() -> Iterator[None]:
    """Within this block, a lost connection or a read over its time limit is raised as the domain
    error a user is shown (``as_domain_error``), the driver's error kept as its cause for the log."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        translated = as_domain_error(exc)
        if translated is None:
            raise
        raise translated from exc


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session closed on exit; services commit inside it through ``unit_of_work``. A lost
    connection or a read over its time limit leaves it as a domain error (see ``as_domain_error``),
    never as the driver's."""
    session = new_session(engine)
    try:
        with database_errors_as_domain_errors():
            yield session
    finally:
        try:
            session.close()
        except sa.exc.DBAPIError:  # closing a connection the server already dropped
            pass


def limit_statement_time(session: Session, milliseconds: int) -> None:
    """On PostgreSQL, stop any statement of the session's current transaction that runs longer than
    ``milliseconds`` (0: no limit); SQLite has no such setting."""
    if milliseconds > 0 and not is_sqlite(session):
        session.execute(sa.text("SELECT set_config('statement_timeout', :value, true)"),
                        {"value": f"{int(milliseconds)}ms"})


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """One transaction: commits (with a bumped data version) on success, rolls back on any error.

    A transaction the caller left open with nothing pending (a page that read before saving) is
    committed first: on SQLite its old snapshot cannot become a write once another process has
    committed ("database is locked" instead of a clean ``Conflict``), and on both databases the
    unit of work should check versions against what is committed now.
    """
    with write_transaction(session):
        yield session
        session.flush()
        bump_data_version(session)


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """A write transaction that does not bump the data version, for bookkeeping no page shows
    (sign-in attempts); ``unit_of_work`` is this plus the bump. Opened as ``begin_write`` does,
    after committing a clean transaction the caller left open."""
    # The server gone before the commit (nothing was written) or during it (PostgreSQL committed
    # or not): the user is told to try again; a second try of an edit that did commit meets its
    # version check.
    with database_errors_as_domain_errors():
        try:
            if session.in_transaction() and not (session.new or session.dirty or session.deleted):
                session.commit()
            begin_write(session)
            yield session
            session.flush()
            session.commit()
        except BaseException:
            _roll_back(session)
            raise


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    except sa.exc.DBAPIError:  # the connection is gone; the server rolled the transaction back
        pass


def begin_write(session: Session) -> None:
    """Open the session's transaction as a write transaction (``BEGIN IMMEDIATE`` on SQLite),
    unless one is already open. On PostgreSQL it is an ordinary transaction."""
    if not session.in_transaction():
        session.connection(execution_options={WRITE_TRANSACTION: True})


def lock_until_commit(session: Session, name: str) -> None:
    """Make writers that check-then-create records with no unique key to stop duplicates (people,
    organisations) take turns: on PostgreSQL a transaction-level advisory lock called ``name``,
    released at commit or rollback; on SQLite the write transaction (``BEGIN IMMEDIATE``) already
    excludes every other writer. Check for the existing record after taking it."""
    if is_sqlite(session):
        return
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": int.from_bytes(digest, "big", signed=True)})


def bump_data_version(session: Session) -> None:
    """Increment the shared data version so every app process drops its cached figures.

    One upsert: an UPDATE that found no row then an INSERT let two first writers at once both
    insert, and the second failed on the key (PostgreSQL)."""
    session.execute(sa.text(
        "INSERT INTO app_state (key, value) VALUES (:key, 1) "
        "ON CONFLICT (key) DO UPDATE SET value = app_state.value + 1"), {"key": DATA_VERSION_KEY})


def refresh_statistics(connection) -> None:
    """Refresh the query planner's statistics after a bulk load (generator, restore, import).

    Without them SQLite guesses table sizes and runs the dashboards' network query as a nested
    loop. A full ANALYZE, not a sampled one (``analysis_limit``): sampling saves little and its
    estimates of rows per organisation lead the planner astray. PostgreSQL's autovacuum
    would get there too, but only after the first dashboards were drawn with no statistics."""
    connection.exec_driver_sql("ANALYZE")


def data_version(session_or_engine) -> int:
    """The current data version; caches key on it."""
    query = sa.text("SELECT value FROM app_state WHERE key = :key")
    if isinstance(session_or_engine, Session):
        value = session_or_engine.execute(query, {"key": DATA_VERSION_KEY}).scalar()
    else:
        # Read first on every page: an unreachable database must not be a traceback there.
        with database_errors_as_domain_errors(), session_or_engine.connect() as conn:
            value = conn.execute(query, {"key": DATA_VERSION_KEY}).scalar()
    return int(value or 0)
