"""Batch writes through SQLAlchemy Core's connection, in the caller's transaction: ids handed out
up front (after the largest already used, so existing records such as the reference scenario are
never touched), plain dicts written a chunk at a time, and PostgreSQL sequences moved past the new
ids at the end.

Values go through the column types' own bind processors (so they are stored exactly as the ORM
would store them). On SQLite the INSERT compiled by SQLAlchemy is handed to the driver's
``executemany`` (SQLAlchemy's per-row parameter bookkeeping cost more than the database itself at
a million rows); on PostgreSQL rows are streamed with COPY, since row-wise INSERTs wait on round
trips to the server.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from operator import itemgetter

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.models import (
    Agreement,
    AgreementParty,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    PledgeProgress,
    Position,
    Topic,
)
from tracker.models.base import ConfidentialityType
from tracker.search_index import FTS_TABLE

TABLES = {
    model.__tablename__: model.__table__
    for model in (
        Organisation,
        OrganisationAlias,
        Person,
        PersonAlias,
        Position,
        Event,
        Topic,
        Meeting,
        Participation,
        MeetingTopic,
        Agreement,
        AgreementParty,
        Pledge,
        PledgeProgress,
        MeetingOrganisation,
    )
}
ID_TABLES = [name for name, table in TABLES.items() if "id" in table.c]
SEARCH_TRIGGER = f"{FTS_TABLE}_ai"
DEFERRED_INDEX_TABLES = [
    "meeting",
    "participation",
    "meeting_organisation",
    "meeting_topic",
    "agreement",
    "agreement_party",
    "pledge",
    "pledge_update",
]
INSERT_ORDER = [
    "meeting",
    "participation",
    "meeting_topic",
    "agreement",
    "agreement_party",
    "pledge",
    "pledge_update",
    "meeting_organisation",
]


def _converters(table: sa.Table, sample: dict, dialect) -> list[tuple[str, object]]:
    """The column types' bind processors for ``sample``'s keys. Enum and confidentiality values are
    generated in their stored form already (text values, level numbers; the database's CHECK
    constraints still hold them to it), so only dates, times and numbers are converted."""
    result = []
    for key in sample:
        column_type = table.c[key].type
        if isinstance(column_type, sa.Enum | ConfidentialityType):
            continue
        if dialect.name == "sqlite" and type(column_type) is sa.Date:
            # SQLAlchemy stores an SQLite date as 'YYYY-MM-DD': the same text, from C.
            result.append((key, dt.date.isoformat))
            continue
        process = column_type._cached_bind_processor(dialect)
        if process is not None:
            result.append((key, process))
    return result


class BatchWriter:
    """Allocates ids per table and inserts rows in batches, counting what it wrote."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.counts: Counter[str] = Counter()
        self._next: dict[str, int] = {}
        for name in ID_TABLES:
            table = TABLES[name]
            largest = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
            self._next[name] = (largest or 0) + 1

    def __call__(self, table: str) -> int:
        """The next free id of ``table``."""
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def insert(self, table: str, rows: list[dict]) -> None:
        """Insert ``rows`` (dicts with the same keys; they are converted in place)."""
        if not rows:
            return
        dialect = self.connection.dialect
        for key, process in _converters(TABLES[table], rows[0], dialect):
            for row in rows:
                value = row[key]
                if value is not None:
                    row[key] = process(value)
        if dialect.name == "postgresql":
            self._copy(table, rows)
        else:
            compiled = TABLES[table].insert().compile(dialect=dialect, column_keys=list(rows[0]))
            params = list(map(itemgetter(*compiled.positiontup), rows)) if compiled.positional else rows
            self.connection.exec_driver_sql(compiled.string, params)
        self.counts[table] += len(rows)

    def _copy(self, table: str, rows: list[dict]) -> None:
        """PostgreSQL: COPY on the same connection and transaction (row-by-row INSERTs are bound by
        round trips to the server; COPY streams)."""
        columns = list(rows[0])
        quoted = ", ".join(f'"{name}"' for name in columns)
        driver = self.connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])

    def insert_all(self, rows: dict[str, list[dict]]) -> None:
        for table in INSERT_ORDER:
            self.insert(table, rows.get(table, []))

    @contextmanager
    def indexes_deferred(self, enabled: bool):
        """SQLite, large runs: drop the secondary indexes of the big link tables while inserting and
        build them again at the end (one sorted build beats a million random index inserts); index
        the new meetings for full-text search in one statement rather than a trigger call each."""
        if not enabled or self.connection.dialect.name != "sqlite":
            yield
            return
        dropped = [index for name in DEFERRED_INDEX_TABLES for index in TABLES[name].indexes]
        for index in dropped:
            index.drop(self.connection, checkfirst=True)
        search_trigger = self._suspend_search_trigger()
        first_meeting = self._next["meeting"]
        yield
        # Rebuilt on success only: on failure the transaction rolls back, and the drops with it.
        for index in dropped:
            index.create(self.connection, checkfirst=True)
        if search_trigger:
            self.connection.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                "SELECT id, search_text FROM meeting WHERE id >= ?",
                (first_meeting,),
            )
            self.connection.exec_driver_sql(search_trigger)

    def _suspend_search_trigger(self) -> str | None:
        """Drop the trigger that feeds each new meeting to the full-text search index (see
        ``tracker.search_index``); returns its SQL so the new meetings are indexed in one statement
        and the trigger restored afterwards."""
        sql = self.connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SEARCH_TRIGGER,)
        ).scalar()
        if sql:
            self.connection.exec_driver_sql(f'DROP TRIGGER "{SEARCH_TRIGGER}"')
        return sql

    def move_sequences(self) -> None:
        """PostgreSQL: make the id sequences continue after the ids written here."""
        if self.connection.dialect.name != "postgresql":
            return
        for name in ID_TABLES:
            self.connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f'GREATEST((SELECT COALESCE(MAX(id), 0) FROM "{name}"), 1))'
                )
            )
