"""The SQLite full-text index behind meeting search (FTS5, trigram tokenizer).

A trigram index answers ``search_text LIKE '%word%'`` for words of three or more characters
without scanning every meeting, which keeps the meeting list's search fast on a large database.
It is an external-content table over ``meeting.search_text``, kept in step by triggers, so bulk
inserts that bypass the services are indexed too. On PostgreSQL the same LIKE runs on a ``pg_trgm``
GIN index over ``search_text`` when the extension can be created (else it scans, still correct).
"""

from __future__ import annotations

import sqlalchemy as sa

FTS_TABLE = "meeting_fts"
PG_TRGM_INDEX = "ix_meeting_search_trgm"

CREATE_STATEMENTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, content='meeting', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON meeting BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON meeting BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_text ON meeting BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

DROP_STATEMENTS = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


def create_search_index(connection) -> None:
    """Create (or complete) the SQLite index and its triggers, then index every meeting."""
    if connection.dialect.name != "sqlite":
        return
    for statement in CREATE_STATEMENTS:
        connection.exec_driver_sql(statement)


def create_pg_trigram_index(connection) -> None:
    """PostgreSQL: a GIN trigram index for LIKE on ``search_text``. pg_trgm is a trusted extension
    (a database owner may create it); where it cannot be created, searches scan, still correct."""
    if connection.dialect.name != "postgresql":
        return
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_TRGM_INDEX} ON meeting USING gin (search_text gin_trgm_ops)"
        )
    except sa.exc.DBAPIError:
        savepoint.rollback()
    else:
        savepoint.commit()


def drop_pg_trigram_index(connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_TRGM_INDEX}")


def drop_search_index(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    for statement in DROP_STATEMENTS:
        connection.exec_driver_sql(statement)


def is_search_index_table(name: str | None) -> bool:
    """True for the FTS table and its shadow tables, which the models do not describe."""
    return bool(name) and (name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_"))


def outside_models(name: str | None, type_: str) -> bool:
    """True for the search-index objects autogenerate must not compare with the models."""
    return (type_ == "table" and is_search_index_table(name)) or (type_ == "index" and name == PG_TRGM_INDEX)


def has_search_index(session_or_connection) -> bool:
    """Whether this (SQLite) database has the index with its insert trigger."""
    bind = (
        session_or_connection.get_bind()
        if hasattr(session_or_connection, "get_bind")
        else session_or_connection
    )
    if bind.dialect.name != "sqlite":
        return False
    found = session_or_connection.execute(
        sa.text("SELECT count(*) FROM sqlite_master WHERE name IN (:table, :trigger)"),
        {"table": FTS_TABLE, "trigger": f"{FTS_TABLE}_ai"},
    ).scalar()
    return found == 2


def fts_phrase_query(words: list[str]) -> str:
    """An FTS5 MATCH expression requiring every word (each of 3+ characters) as a substring."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
