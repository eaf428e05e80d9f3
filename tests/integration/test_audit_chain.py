"""The audit trail's hash chain: every write path leaves a chain that verifies, and a row forged,
altered or deleted behind the tracker's back is reported at the first broken link."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from seed_data.generator import generate
from tests.cli_helpers import run_cli
from tests.integration.test_import_messy import csv_bytes, run
from tracker import backup as backups
from tracker.audit.chain import row_hash
from tracker.audit.verify import ALTERED, DELETED, INSERTED, verify_chain
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.models import EventCreate
from tracker.services import events


def write_events(session, count: int, prefix: str = "Event") -> None:
    for number in range(count):
        events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name=f"{prefix} {number}"))


def audit_ids(engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT id FROM audit_event ORDER BY id")).scalars())


@contextmanager
def guard_lifted(engine):
    """As the table's owner, switch the append-only triggers off (what a tamperer would do)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
            saved = []
        else:
            saved = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'audit_event'").all()
            for name, _sql in saved:
                conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
            for _name, sql in saved:
                conn.exec_driver_sql(sql)


def assert_intact(engine, rows: int | None = None):
    report = verify_chain(engine)
    assert report.intact, report.describe()
    ids = audit_ids(engine)
    assert report.rows == len(ids) and report.last_id == ids[-1]
    if rows is not None:
        assert report.rows == rows
    return report


def test_many_service_writes_leave_a_chain_that_verifies(engine, session):
    write_events(session, 40)
    report = assert_intact(engine, rows=40)
    assert report.describe().startswith(f"Audit chain intact up to row {report.last_id}")


def test_a_row_inserted_directly_is_reported(engine, session):
    write_events(session, 5)
    with engine.begin() as conn:
        forged = conn.execute(sa.text(
            "INSERT INTO audit_event (at, actor_username, action, entity_type, summary) "
            "VALUES (CURRENT_TIMESTAMP, 'alice', 'delete', 'meeting', 'nothing happened') RETURNING id"
        )).scalar_one()
    report = verify_chain(engine)
    assert (report.broken_id, report.problem, report.last_id) == (forged, INSERTED, audit_ids(engine)[-2])
    assert f"broken at row {forged}" in report.describe()


def test_a_forged_row_with_a_correct_link_is_reported_beyond_the_head(engine, session):
    """Whoever knows the algorithm can link a row, but the head row did not move with it."""
    write_events(session, 3)
    with engine.begin() as conn:
        last = conn.execute(sa.text("SELECT chain_seq, row_hash, at FROM audit_event "
                                    "ORDER BY id DESC LIMIT 1")).one()
        row = {"chain_seq": last.chain_seq + 1, "at": last.at, "actor_id": None,
               "actor_username": "mallory", "action": "delete", "entity_type": "meeting",
               "entity_id": 1, "summary": "forged", "before": None, "after": None}
        forged = conn.execute(sa.text(
            "INSERT INTO audit_event (at, actor_username, action, entity_type, entity_id, summary, "
            "chain_seq, prev_hash, row_hash) VALUES (:at, 'mallory', 'delete', 'meeting', 1, "
            "'forged', :seq, :prev, :hash) RETURNING id"),
            {"at": last.at, "seq": row["chain_seq"], "prev": last.row_hash,
             "hash": row_hash(row, last.row_hash)}).scalar_one()
    report = verify_chain(engine)
    assert (report.broken_id, report.problem) == (forged, INSERTED)
    assert "beyond the chain's head" in report.detail


def test_an_altered_row_is_reported(engine, session):
    write_events(session, 6)
    target = audit_ids(engine)[2]
    with guard_lifted(engine), engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET actor_username = 'someone else' WHERE id = :id"),
                     {"id": target})
    report = verify_chain(engine)
    assert (report.broken_id, report.problem, report.last_id) == (target, ALTERED, audit_ids(engine)[1])
    assert "altered" in report.describe()


def test_an_altered_row_with_a_recomputed_hash_is_reported(engine, session):
    write_events(session, 6)
    target = audit_ids(engine)[2]
    with guard_lifted(engine), engine.begin() as conn:
        row = dict(conn.execute(sa.text("SELECT * FROM audit_event WHERE id = :id"),
                                {"id": target}).mappings().one())
        row["summary"] = "rewritten"
        conn.execute(sa.text("UPDATE audit_event SET summary = 'rewritten', row_hash = :hash "
                             "WHERE id = :id"), {"id": target, "hash": row_hash(row, row["prev_hash"])})
    report = verify_chain(engine)
    assert (report.broken_id, report.problem) == (target, ALTERED)


def test_a_deleted_row_is_reported_at_the_next_link(engine, session):
    write_events(session, 6)
    ids = audit_ids(engine)
    with guard_lifted(engine), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[3]})
    report = verify_chain(engine)
    assert (report.broken_id, report.problem, report.last_id) == (ids[4], DELETED, ids[2])
    assert "1 row deleted just before" in report.detail


def test_deleting_the_last_rows_is_reported(engine, session):
    write_events(session, 4)
    ids = audit_ids(engine)
    with guard_lifted(engine), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event WHERE id >= :id"), {"id": ids[2]})
    report = verify_chain(engine)
    assert (report.broken_id, report.problem) == (None, DELETED)
    assert f"the last 2 row(s) after row {ids[1]} were deleted" in report.detail


def test_the_cli_exits_non_zero_on_a_broken_chain(database_url, engine, session, monkeypatch, capsys):
    write_events(session, 3)
    code, out, err = run_cli(monkeypatch, capsys, "audit", "verify")
    assert (code, err) == (0, "") and "intact up to row" in out
    with guard_lifted(engine), engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET summary = 'edited' WHERE id = :id"),
                     {"id": audit_ids(engine)[1]})
    code, out, err = run_cli(monkeypatch, capsys, "audit", "verify")
    assert code == 1 and f"broken at row {audit_ids(engine)[1]} (altered)" in err


def test_a_restore_keeps_the_chain_and_says_so(database_url, engine, session, tmp_path, monkeypatch,
                                              capsys):
    write_events(session, 4)
    target = tmp_path / "backup.file"
    assert run_cli(monkeypatch, capsys, "backup", str(target))[0] == 0
    code, out, _err = run_cli(monkeypatch, capsys, "restore", str(target), "--force")
    assert code == 0
    report = assert_intact(engine, rows=5)  # the four, and the restore's own row after them
    assert report.describe() in out


def test_an_import_keeps_the_chain(engine, session, admin):
    rows = [["Date", "Company", "Subject"], *([f"2019-05-{day:02d}", f"Company {day}", "Talks"]
                                              for day in range(1, 21))]
    result = run(session, admin, csv_bytes(rows))
    assert result.imported == 20
    write_events(session, 2)  # and service writes after the bulk path link to it
    assert_intact(engine)


def test_the_generator_keeps_the_chain(engine, session):
    write_events(session, 2)
    generate(engine, meetings=30, seed=7)
    write_events(session, 2, prefix="After")
    assert_intact(engine)


def test_a_dump_round_trip_keeps_a_chain_that_verifies(engine, session, tmp_path, sqlite_template):
    write_events(session, 10)
    before = assert_intact(engine)
    path = tmp_path / "dump.json"
    backups.export_all(engine, path)
    target = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        backups.import_all(target, path)
        after = assert_intact(target, rows=before.rows)
        assert after.head_hash == before.head_hash
        with session_scope(target) as other:
            write_events(other, 2, prefix="Restored")
        assert_intact(target, rows=before.rows + 2)
    finally:
        target.dispose()


def test_a_dump_with_an_edited_audit_row_is_refused(engine, session, tmp_path):
    write_events(session, 3)
    path = tmp_path / "dump.json"
    backups.export_all(engine, path)
    text = path.read_text(encoding="utf-8")
    audit_part = text.index('"audit_event": ')  # the audit row's summary, not the event itself
    assert '"Event 1"' in text[audit_part:]
    path.write_text(text[:audit_part] + text[audit_part:].replace('"Event 1"', '"Event one"', 1),
                    encoding="utf-8")
    target = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        with pytest.raises(backups.BackupError, match="does not verify"):
            backups.import_all(target, path)
        assert backups.non_empty_tables(target) == []
    finally:
        target.dispose()


def test_a_dump_from_before_the_chain_is_linked_on_import(engine, session, tmp_path):
    """An export written before the chain has no link columns: its rows are linked as they load."""
    import json

    write_events(session, 4)
    path = tmp_path / "dump.json"
    backups.export_all(engine, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    audit = data["tables"]["audit_event"]
    links = ("chain_seq", "prev_hash", "row_hash")
    keep = [i for i, name in enumerate(audit["columns"]) if name not in links]
    audit["columns"] = [audit["columns"][i] for i in keep]
    audit["rows"] = [[row[i] for i in keep] for row in audit["rows"]]
    del data["tables"]["audit_chain_head"]
    path.write_text(json.dumps(data), encoding="utf-8")
    target = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        backups.import_all(target, path)
        assert_intact(target, rows=4)
    finally:
        target.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_parallel_writers_on_postgresql_build_one_chain(engine):
    threads, writes, failures = 8, 20, []
    # One write first: it creates the data-version row, which concurrent first writers would
    # all try to insert (bump_data_version's insert-if-missing is not an upsert).
    with session_scope(engine) as session:
        write_events(session, 1, prefix="First")
    start = threading.Barrier(threads)

    def writer(number: int) -> None:
        try:
            with session_scope(engine) as session:
                start.wait()
                write_events(session, writes, prefix=f"Writer {number}")
        except Exception as exc:  # noqa: BLE001  (reported below, with the thread's error)
            failures.append(repr(exc))

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert_intact(engine, rows=1 + threads * writes)


BEFORE_CHAIN = "0007_organisation_listing_index"


@contextmanager
def scratch_engine(backend: str, tmp_path):
    """An empty database of its own (the upgrade under test starts from an older revision)."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    from tests.conftest import PG_URL

    if not PG_URL:
        pytest.skip("TRACKER_TEST_DATABASE_URL is not set: PostgreSQL run skipped")
    schema = f"audit_chain_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_upgrade_links_existing_rows_and_keeps_the_guard(backend, tmp_path):
    with scratch_engine(backend, tmp_path) as engine:
        upgrade(engine, BEFORE_CHAIN)
        with engine.begin() as conn:
            for number in range(25):
                conn.execute(sa.text(
                    "INSERT INTO audit_event (at, actor_username, action, entity_type, entity_id, "
                    "summary, after) VALUES (:at, 'alice', 'update', 'meeting', :n, :summary, :after)"),
                    {"at": dt.datetime(2024, 1, 1, 9, number, tzinfo=dt.UTC), "n": number,
                     "summary": f"change {number}", "after": f'{{"n": {number}, "title": "Ünïcode"}}'})
        upgrade(engine)
        assert_intact(engine, rows=25)
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text("UPDATE audit_event SET summary = 'edited'"))
        with session_scope(engine) as session:  # new writes continue the upgraded chain
            write_events(session, 2)
        assert_intact(engine, rows=27)
