"""Schema management through Alembic: create or upgrade, and check models against migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import tracker.models  # noqa: F401
from tracker.search_index import outside_models

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply every migration not yet applied (creates the schema on an empty database)."""
    cfg = alembic_config(engine)
    with engine.connect() as connection, foreign_keys_suspended(connection):
        with connection.begin():
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
            check_foreign_keys(connection)


@contextmanager
def foreign_keys_suspended(connection: Connection) -> Iterator[None]:
    """On SQLite, run migrations with foreign keys off (no-op elsewhere).

    SQLite changes a constraint by rebuilding the table (Alembic's batch mode), and with foreign
    keys on, dropping the old table cascades: every participation of every meeting would go.
    The pragma only takes effect outside a transaction, hence before ``begin``.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def check_foreign_keys(connection: Connection) -> None:
    """Refuse (roll back) a SQLite migration that left a row pointing nowhere."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} rows with broken references: {broken[:5]}")


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def schema_differences(engine: Engine) -> list:
    """What autogenerate would change: empty when the migrations and the models agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, type_, parents: not outside_models(name, type_)})
        return compare_metadata(context, SQLModel.metadata)
