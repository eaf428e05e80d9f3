"""Backups and restores: a consistent copy while another thread writes, restore into an empty
database (and only with force into a non-empty one), and SQLite → JSON → PostgreSQL → JSON →
SQLite with every row and value intact."""

import datetime as dt
import shutil
import sqlite3
import threading
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.integration.world import build_world
from tracker import backup as backups
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.models import (
    AgreementCreate,
    EventCreate,
    ImportMapping,
    MeetingCreate,
    OrganisationCreate,
    OrganisationKind,
    UserCreate,
)
from tracker.services import agreements, events, meetings, organisations
from tracker.services.users import create_user


def add_awkward_values(session) -> None:
    """Unicode, times, decimals, JSON, a parent organisation: what a lossy copy would break."""
    parent = organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data=
        OrganisationCreate(name="Fujian Provincial Government", local_name="福建省人民政府",
                           kind=OrganisationKind.GOVERNMENT_BODY, aliases=["闽政府", "FPG 🏛️"]))
    organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data=OrganisationCreate(
        name="Digital Office", local_name="数字福建办", parent_id=parent.id,
        kind=OrganisationKind.GOVERNMENT_BODY))
    meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title="Évian “quoted” <b>talk</b> — 会谈 😀", date=dt.date(2019, 5, 7), time=dt.time(9, 30),
        organisation_ids=[parent.id], confidentiality="secret", summary="line one\nline two\t'x'"))
    agreements.create_agreement(session=session, actor=SYSTEM_ACTOR, data=AgreementCreate(
        title="Value agreement", value=Decimal("1234567.89"), currency="CNY",
        start_date=dt.date(2020, 1, 1), end_date=dt.date(2024, 12, 31)))
    create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="admin2", role="admin", clearance="secret", password="long-enough-pw"))
    session.add(ImportMapping(name="layout 1", mapping={"日期": "date", "nested": {"a": [1, 2.5]}},
                              created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)))
    session.commit()


def dump(engine) -> dict[str, list]:
    """Every row of every table as comparable Python values (datetimes as naive UTC)."""
    def norm(value):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    with engine.connect() as conn:
        return {t.name: [tuple(norm(v) for v in row)
                         for row in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in backups.tables()}


def fresh_sqlite(tmp_path, sqlite_template, name: str):
    path = tmp_path / name
    shutil.copy(sqlite_template, path)
    return make_engine(f"sqlite:///{path}")


@pytest.fixture
def world_engine(engine, session):
    build_world(session)
    add_awkward_values(session)
    return engine


def test_backup_while_another_thread_writes_is_consistent(world_engine, tmp_path, sqlite_template):
    stop, written = threading.Event(), []

    def writer():
        with session_scope(world_engine) as session:
            while not stop.is_set() and len(written) < 200:
                event = events.create_event(session=session, actor=SYSTEM_ACTOR,
                                            data=EventCreate(name=f"Concurrent {len(written)}"))
                written.append(event.id)

    thread = threading.Thread(target=writer)
    thread.start()
    while len(written) < 5:
        pass
    target = tmp_path / "backup.file"
    try:
        backups.backup(world_engine, target)
    finally:
        stop.set()
        thread.join()
    assert len(written) >= 5
    restored = fresh_sqlite(tmp_path, sqlite_template, "restored.db")
    backups.restore(restored, target)
    # Consistent: every event in the copy has its audit row, and no audit row lacks its event.
    with restored.connect() as conn:
        event_ids = set(conn.execute(sa.text("SELECT id FROM event")).scalars())
        audited = set(conn.execute(sa.text("SELECT entity_id FROM audit_event WHERE "
                                           "entity_type = 'event' AND action = 'create'")).scalars())
        meetings_copied = conn.execute(sa.text("SELECT count(*) FROM meeting")).scalar_one()
    assert event_ids == audited and len(event_ids) > 1
    assert meetings_copied == 5
    if target.read_bytes()[:6] == b"SQLite":
        check = sqlite3.connect(target)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
    restored.dispose()


def test_restore_equal_and_refuses_non_empty_without_force(world_engine, tmp_path, sqlite_template):
    target = tmp_path / "nightly.backup"
    backups.backup(world_engine, target)
    original = dump(world_engine)

    restored = fresh_sqlite(tmp_path, sqlite_template, "new.db")
    backups.restore(restored, target)
    assert dump(restored) == original

    with pytest.raises(backups.BackupError, match="not empty"):
        backups.restore(restored, target)
    with session_scope(restored) as session:
        events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name="Later"))
    backups.restore(restored, target, force=True)
    assert dump(restored) == original
    restored.dispose()


def test_restore_forced_over_the_live_database(world_engine, tmp_path):
    target = tmp_path / "before-mistake.backup"
    backups.backup(world_engine, target)
    original = dump(world_engine)
    with session_scope(world_engine) as session:
        events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name="Mistake"))
    backups.restore(world_engine, target, force=True)
    assert dump(world_engine) == original


@pytest.mark.postgres
def test_sqlite_json_postgresql_json_sqlite_round_trip(tmp_path, sqlite_template, request):
    pg = request.getfixturevalue("pg_engine")
    from tests.conftest import truncate_all

    truncate_all(pg)
    source = fresh_sqlite(tmp_path, sqlite_template, "source.db")
    with session_scope(source) as session:
        build_world(session)
        add_awkward_values(session)
    original = dump(source)

    backups.export_all(source, tmp_path / "one.json")
    backups.import_all(pg, tmp_path / "one.json")
    assert dump(pg) == original
    backups.export_all(pg, tmp_path / "two.json")
    final = fresh_sqlite(tmp_path, sqlite_template, "final.db")
    backups.import_all(final, tmp_path / "two.json")
    assert dump(final) == original
    # Sequences were reset: the next id follows the imported ones.
    with session_scope(pg) as session:
        event = events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name="Next"))
    with source.connect() as conn:
        assert event.id == conn.execute(sa.text("SELECT max(id) FROM event")).scalar_one() + 1
    # An SQLite backup file restores into PostgreSQL too (replacing what is there).
    backups.backup(source, tmp_path / "nightly.db")
    backups.restore(pg, tmp_path / "nightly.db", force=True)
    assert dump(pg) == original
    source.dispose()
    final.dispose()


def test_import_refuses_foreign_files(engine, tmp_path):
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(backups.BackupError, match="not a tracker export"):
        backups.import_all(engine, bogus)


def test_reformatted_export_still_imports(world_engine, tmp_path, sqlite_template):
    import json

    backups.export_all(world_engine, tmp_path / "all.json")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads((tmp_path / "all.json").read_text(encoding="utf-8")),
                                 indent=2, ensure_ascii=True), encoding="utf-8")
    target = fresh_sqlite(tmp_path, sqlite_template, "pretty.db")
    counts = backups.import_all(target, pretty)
    assert counts["meeting"] == 5 and dump(target) == dump(world_engine)
    target.dispose()
