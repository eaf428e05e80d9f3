"""The demo data (`tracker seed --demo`) for tests that read or extend it: built once per worker
and backend, then copied for each module that uses it, so no module pays for generating it.

SQLite: a template file, copied. PostgreSQL: a template database next to the worker's own, cloned
with ``CREATE DATABASE … TEMPLATE``; both live apart from the per-test database, which each test
truncates, so a module's copy survives the tests around it that use ``database_url``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from seed_data.demo import seed_demo
from tracker import db as tracker_db
from tracker.migrate import upgrade


def build_sqlite_demo(schema_template: Path, path: Path) -> Path:
    shutil.copy(schema_template, path)
    engine = tracker_db.make_engine(f"sqlite:///{path}")
    _seed(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def copy_sqlite_demo(template: Path, path: Path) -> Engine:
    shutil.copy(template, path)
    return tracker_db.make_engine(f"sqlite:///{path}")


def _recreate_database(admin: Engine, name: str, template: str | None = None) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')


def _admin(worker_url: str) -> Engine:
    return sa.create_engine(sa.engine.make_url(worker_url), isolation_level="AUTOCOMMIT")


def _named(worker_url: str, name: str) -> str:
    url = sa.engine.make_url(worker_url)
    return url.set(database=name).render_as_string(hide_password=False)


def build_postgres_demo(worker_url: str) -> str:
    """Builds ``<worker database>_demo`` afresh; returns its name. No connection is left open on
    it: PostgreSQL copies a template only while nobody is connected to it."""
    name = f"{sa.engine.make_url(worker_url).database}_demo"
    admin = _admin(worker_url)
    _recreate_database(admin, name)
    admin.dispose()
    engine = tracker_db.make_engine(_named(worker_url, name))
    upgrade(engine)
    _seed(engine)
    engine.dispose()
    return name


def copy_postgres_demo(worker_url: str, template: str) -> Engine:
    name = f"{template}_copy"
    admin = _admin(worker_url)
    _recreate_database(admin, name, template)
    admin.dispose()
    return tracker_db.make_engine(_named(worker_url, name))


def _seed(engine: Engine) -> None:
    with tracker_db.session_scope(engine) as session:
        seed_demo(session)
