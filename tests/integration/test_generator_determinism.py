"""The generator is deterministic for a seed and refuses bad requests."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from seed_data.generator import generate
from seed_data.generator.writer import TABLES
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
