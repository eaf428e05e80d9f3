"""The generated database on PostgreSQL, for the benchmarks that run there too when
``TRACKER_TEST_DATABASE_URL`` is set: a database of its own beside the tests' one (``<name>_bench``,
and ``<name>_scale`` for ``make bench-scale``), built once and reused while it holds the meetings."""

from __future__ import annotations

import sqlalchemy as sa

from bench.generated_database import BENCH_MEETINGS, generate_into, upgrade_database


def postgres_100k(test_url: str) -> str:
    """URL of a PostgreSQL database holding BENCH_MEETINGS generated meetings (built if needed)."""
    return generated_postgres(test_url, "bench", BENCH_MEETINGS)


def generated_postgres(test_url: str, suffix: str, meetings: int) -> str:
    """URL of the database ``<name>_<suffix>`` beside the tests' one, holding ``meetings``
    generated meetings: built when it holds fewer, else brought up to date."""
    url = sa.engine.make_url(test_url)
    target = url.set(database=f"{url.database}_{suffix}").render_as_string(hide_password=False)
    if _meetings(target) >= meetings:
        upgrade_database(target)  # built by an earlier version: bring its schema and read model along
        return target
    seconds, _ = generate_into(empty_database(test_url, suffix), meetings)
    print(f"   PostgreSQL: {meetings:,} meetings generated in {seconds:.1f} s")
    return target


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
