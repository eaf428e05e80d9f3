"""Fixtures: a clean database per test, on SQLite and (when configured) PostgreSQL.

SQLite: the migrated schema is built once per session and copied per test (a file in tmp_path).
PostgreSQL (``TRACKER_TEST_DATABASE_URL``): migrated once per session, truncated before each test.
Each test also points ``TRACKER_DATABASE_URL`` at its database, so the CLI and pages see it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from tracker import db as tracker_db
from tracker.auth.actor import Actor
from tracker.migrate import upgrade
from tracker.models import AuditEvent, Confidentiality, Role


def _runs_on_postgresql(item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("database_url") == "postgresql"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``sqlite_only`` (what a page shows, which the database cannot change: services
    and queries are tested on both) lose their PostgreSQL half at collection, before any fixture
    builds data for it. Browser tests (mostly waiting on a server) and the few long ones start
    first, so that at the end no worker runs a long test alone while the other has finished."""
    dropped = {item for item in items if item.get_closest_marker("sqlite_only") and _runs_on_postgresql(item)}
    if dropped:
        config.hook.pytest_deselected(items=list(dropped))
        items[:] = [item for item in items if item not in dropped]
    items.sort(key=lambda item: not (item.get_closest_marker("e2e") or item.get_closest_marker("slow")))


PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = tracker_db.make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _worker_database_url(base_url: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database (``<name>_gw0``, …),
    created on first use, so parallel workers never truncate each other's rows."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return base_url
    url = sa.engine.make_url(base_url)
    name = f"{url.database}_{worker}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        # A throwaway database: commits need not wait for the WAL to reach the disk. (A crashed
        # server could lose the last commits; a killed client loses nothing it was told was saved.)
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url() -> str:
    if not PG_URL:
        pytest.skip("TRACKER_TEST_DATABASE_URL is not set: PostgreSQL run skipped")
    return _worker_database_url(PG_URL)


@pytest.fixture(scope="session")
def pg_engine(pg_url):
    engine = tracker_db.make_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    upgrade(engine)
    yield engine
    engine.dispose()


_RESTART_SEQUENCES = """DO $$DECLARE r record; BEGIN
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
    EXECUTE 'ALTER SEQUENCE ' || quote_ident(r.sequencename) || ' RESTART';
  END LOOP; END$$"""


def _emptying_sql() -> str:
    """Every table emptied and its ids restarted, as one statement list sent in one round trip.
    Replica mode skips triggers for this transaction only: the append-only trigger would refuse
    deleting audit rows, and the foreign-key triggers have nothing to check when every row goes."""
    deletes = [f'DELETE FROM "{table.name}"' for table in SQLModel.metadata.sorted_tables]
    return "; ".join(["SET LOCAL session_replication_role = replica", *deletes, _RESTART_SEQUENCES])


def truncate_all(engine) -> None:
    """Empty every table and restart ids. DELETE rather than TRUNCATE, in one round trip: on the
    few rows a test writes, TRUNCATE's new files and many round trips cost more than the rows."""
    with engine.begin() as conn:
        conn.exec_driver_sql(_emptying_sql())


def _forget_cached_pages() -> None:
    """Pages cache per database URL and data version; a truncated PostgreSQL database starts its
    data version again under the same URL, so each test starts with an empty page cache."""
    import streamlit as st

    st.cache_data.clear()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, sqlite_template, monkeypatch) -> str:
    """The URL of a clean, migrated database for this test (also exported to the environment)."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        engine = request.getfixturevalue("pg_engine")
        truncate_all(engine)
        url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DOWNLOAD_DIR", str(tmp_path / "downloads"))  # prepared files
    tracker_db.get_engine.cache_clear()
    _forget_cached_pages()
    yield url
    tracker_db.get_engine.cache_clear()


@pytest.fixture
def engine(database_url):
    engine = tracker_db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with tracker_db.session_scope(engine) as session:
        yield session


@pytest.fixture
def admin() -> Actor:
    return Actor(username="alice", role=Role.ADMIN, clearance=Confidentiality.SECRET)


@pytest.fixture
def editor() -> Actor:
    return Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL)


@pytest.fixture
def viewer() -> Actor:
    return Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.INTERNAL)


def assert_audited(session, *, entity: str, entity_id: int | None, action: str,
                   actor: str | None = None) -> AuditEvent:
    """The newest audit row for this entity has this action (and actor); returns it."""
    session.expire_all()
    query = select(AuditEvent).where(AuditEvent.entity_type == entity)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    event = session.exec(query.order_by(AuditEvent.id.desc())).first()
    assert event is not None, f"no audit row for {entity} {entity_id}"
    assert event.action.value == action, f"expected {action}, got {event.action.value}"
    if actor is not None:
        assert event.actor_username == actor
    return event


def count_rows(session, model) -> int:
    return session.exec(select(sa.func.count()).select_from(model)).one()


@pytest.fixture(autouse=True, scope="session")
def components_scanned_once():
    """Each ``AppTest``'s first run scans every installed distribution's metadata for Streamlit
    components (a quarter of a second, as long as most page runs); what is installed does not
    change during a run, so the scan is made once per worker."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    found = original()
    manifest_scanner.scan_component_manifests = lambda *args, **kwargs: list(found)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """argon2's cheapest parameters in tests: the same code path, a fraction of the CPU time."""
    from argon2 import PasswordHasher, profiles

    from tracker.auth import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    yield
    passwords._hasher = original


# Days that test modules compute once, at import: a suite that runs across midnight would
# otherwise compare yesterday's constants with the pages' and services' today.
SUITE_DAY = dt.date.today()
DAYS_FIXED_AT_IMPORT = ("TODAY", "TOMORROW", "NEXT_WEEK", "LAST_WEEK")


@pytest.fixture(autouse=True)
def days_follow_the_clock(request, monkeypatch):
    shift = dt.date.today() - SUITE_DAY
    if shift and request.module is not None:
        for name in DAYS_FIXED_AT_IMPORT:
            value = getattr(request.module, name, None)
            if isinstance(value, dt.date):
                monkeypatch.setattr(request.module, name, value + shift)
