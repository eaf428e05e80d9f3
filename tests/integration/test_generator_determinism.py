"""The generator is deterministic for a seed and refuses bad requests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from seed_data.generator import generate
from seed_data.generator.writer import TABLES
from tests.planner import has_planner_statistics
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import Role

TODAY = dt.date(2025, 6, 30)


def _snapshot(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {name: [tuple(row) for row in connection.execute(
            sa.select(table).order_by(*table.primary_key.columns))] for name, table in TABLES.items()}


def _clear_generated(engine) -> None:
    with engine.begin() as connection:
        for table in reversed([t for t in SQLModel.metadata.sorted_tables if t.name in TABLES]):
            connection.execute(table.delete())


def test_same_seed_same_rows_other_seed_other_rows(engine):
    generate(engine, meetings=150, seed=5, today=TODAY)
    first = _snapshot(engine)
    _clear_generated(engine)
    generate(engine, meetings=150, seed=5, today=TODAY)
    assert _snapshot(engine) == first
    _clear_generated(engine)
    generate(engine, meetings=150, seed=6, today=TODAY)
    other = _snapshot(engine)
    assert other["meeting"] != first["meeting"] and other["person"] != first["person"]


def test_bad_requests_are_refused(engine):
    with pytest.raises(ValidationError):
        generate(engine, meetings=0)
    viewer = Actor(username="victor", role=Role.VIEWER, clearance=SYSTEM_ACTOR.clearance)
    with pytest.raises(PermissionDenied):
        generate(engine, meetings=10, actor=viewer)


def test_bulk_mode_restores_indexes_and_search(engine, monkeypatch):
    """Large runs drop indexes and the search trigger while writing: all come back, and the
    full-text index holds every new meeting."""
    import seed_data.generator as generator

    monkeypatch.setattr(generator, "DEFER_INDEXES_FROM", 0)
    before = _schema_objects(engine)
    generate(engine, meetings=120, seed=3, today=TODAY)
    assert _schema_objects(engine) == before
    assert has_planner_statistics(engine, "meeting_organisation")
    if engine.dialect.name == "sqlite" and "meeting_fts" in before:
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO meeting_fts(meeting_fts) VALUES ('integrity-check')")
            title = connection.exec_driver_sql("SELECT title FROM meeting LIMIT 1").scalar()
            word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
            found = connection.exec_driver_sql(
                "SELECT COUNT(*) FROM meeting_fts WHERE meeting_fts MATCH ?", (f'"{word.lower()}"',)).scalar()
            titled = connection.exec_driver_sql(
                "SELECT COUNT(*) FROM meeting WHERE search_text LIKE ?", (f"%{word.lower()}%",)).scalar()
        assert found == titled > 0


def _schema_objects(engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        # sqlite_stat1 is the planner's statistics (ANALYZE after the load), not schema.
        query = "SELECT type || ':' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
    else:
        query = "SELECT 'index:' || indexname FROM pg_indexes WHERE schemaname = current_schema()"
    with engine.connect() as connection:
        return set(connection.exec_driver_sql(query).scalars())

