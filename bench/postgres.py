"""The generated database on PostgreSQL, for the benchmarks that run there too when
``TRACKER_TEST_DATABASE_URL`` is set: a database of its own beside the tests' one
(``<name>_bench``), built once with BENCH_MEETINGS meetings and reused while it holds them."""

from __future__ import annotations

import time

import sqlalchemy as sa

from bench.generated_database import BENCH_MEETINGS, SEED, upgrade_database


def postgres_100k(test_url: str) -> str:
    """URL of a PostgreSQL database holding BENCH_MEETINGS generated meetings (built if needed)."""
    url = sa.engine.make_url(test_url)
    name = f"{url.database}_bench"
    bench_url = url.set(database=name).render_as_string(hide_password=False)
    if _meetings(bench_url) >= BENCH_MEETINGS:
        upgrade_database(bench_url)  # built by an earlier version: bring its schema and read model along
        return bench_url
    _build(empty_database(test_url, "bench"))
    return bench_url


def _administer(test_url: str, *statements: str) -> None:
    admin = sa.create_engine(sa.engine.make_url(test_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        admin.dispose()


def empty_database(test_url: str, suffix: str) -> str:
    """URL of a new, empty database ``<name>_<suffix>`` beside the tests' one (dropped first if there)."""
    url = sa.engine.make_url(test_url)
    name = f"{url.database}_{suffix}"
    _administer(test_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(test_url: str, url: str) -> None:
    """Drop the database at ``url`` (made by ``empty_database``), connected through the tests' one."""
    _administer(test_url, f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)')


def _meetings(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM meeting").scalar() or 0)
    except sa.exc.SQLAlchemyError:  # no such database or no schema yet
        return 0
    finally:
        engine.dispose()


def _build(url: str) -> None:
    from seed_data.generator import generate
    from seed_data.reference import load_reference
    from tracker.db import make_engine, session_scope
    from tracker.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            load_reference(session)
        started = time.perf_counter()
        generate(engine, meetings=BENCH_MEETINGS, seed=SEED)
        seconds = time.perf_counter() - started
        print(f"   PostgreSQL: {BENCH_MEETINGS:,} meetings generated in {seconds:.1f} s")
    finally:
        engine.dispose()
