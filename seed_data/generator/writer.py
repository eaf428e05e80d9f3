"""Batch writes through SQLAlchemy Core: ids handed out up front (after the largest already used,
so existing records such as the reference scenario are never touched), executemany inserts of
plain dicts, and PostgreSQL sequences moved past the new ids at the end.

The INSERT is compiled by SQLAlchemy for the connection's dialect and each value goes through the
column type's own bind processor (so it is stored exactly as the ORM would store it), but rows are
handed to the driver's ``executemany`` directly: SQLAlchemy's per-row parameter bookkeeping cost
more than the database itself at a million rows."""

from __future__ import annotations

from collections import Counter

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
        if not rows:
            return
        dialect = self.connection.dialect
        columns = list(rows[0])
        compiled = TABLES[table].insert().compile(dialect=dialect, column_keys=columns)
        processors = {key: TABLES[table].c[key].type._cached_bind_processor(dialect) for key in columns}
        if compiled.positional:
            order = [(key, processors[key]) for key in compiled.positiontup]
            params = [tuple(proc(row[key]) if proc else row[key] for key, proc in order) for row in rows]
        else:
            active = [(key, proc) for key, proc in processors.items() if proc]
            params = []
            for row in rows:
                row = dict(row)
                for key, proc in active:
                    row[key] = proc(row[key])
                params.append(row)
        self.connection.exec_driver_sql(compiled.string, params)
        self.counts[table] += len(rows)

    def insert_all(self, rows: dict[str, list[dict]]) -> None:
        for table in INSERT_ORDER:
            self.insert(table, rows.get(table, []))
            rows[table] = []

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
