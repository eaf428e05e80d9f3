"""Alembic environment: runs on the engine ``tracker.migrate`` hands over, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers every table)
from tracker.db import make_engine
from tracker.migrate import check_foreign_keys, foreign_keys_suspended
from tracker.search_index import outside_models

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn, foreign_keys_suspended(conn):
        _run(conn)
        check_foreign_keys(conn)
        conn.commit()
    engine.dispose()


def _described_by_models(name, type_, parent_names) -> bool:
    """Autogenerate ignores the SQLite search index (a virtual table the models do not hold)."""
    return not outside_models(name, type_)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
