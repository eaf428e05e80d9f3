"""`tracker restore FILE --as NAME` into a brand-new database (no tables, no users): the usual
way to rebuild a server. The named user cannot exist there yet, so the restore runs as the
built-in system actor and the audit row names the user when the restored data holds them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.cli_helpers import run_cli
from tests.factories import make_organisation
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.models import AuditEvent, Meeting, MeetingCreate, Role, UserCreate
from tracker.services.meetings import create_meeting
from tracker.services.users import create_user


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it (not even the schema), of the same kind as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = sa.engine.make_url(database_url)
    name = f"{url.database}_empty_restore"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def use_database(monkeypatch, url: str) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    tracker_db.get_engine.cache_clear()


def test_restore_into_an_empty_database(database_url, session, empty_database_url, tmp_path,
                                        monkeypatch, capsys):
    create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="admin", role=Role.ADMIN, clearance="secret", password="long-enough-pw"))
    create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title="Talks", date="2024-03-05", organisation_ids=[make_organisation(session).id]))
    backup_file = tmp_path / "backup.bin"
    code, out, err = run_cli(monkeypatch, capsys, "backup", str(backup_file), "--as", "admin")
    assert code == 0, err

    use_database(monkeypatch, empty_database_url)
    code, out, err = run_cli(monkeypatch, capsys, "restore", str(backup_file), "--as", "admin")
    tracker_db.get_engine.cache_clear()
    assert code == 0, err + out
    assert "Restored" in out
    engine = make_engine(empty_database_url)
    try:
        with session_scope(engine) as restored:
            assert restored.exec(select(Meeting.title)).all() == ["Talks"]
            audit = restored.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
            assert audit.entity_type == "database" and "restored" in audit.summary
            assert audit.actor_username == "admin"
    finally:
        engine.dispose()


def test_restore_into_an_empty_database_names_a_missing_user(database_url, session, empty_database_url,
                                                             tmp_path, monkeypatch, capsys):
    backup_file = tmp_path / "backup.bin"
    code, _out, err = run_cli(monkeypatch, capsys, "backup", str(backup_file))
    assert code == 0, err
    use_database(monkeypatch, empty_database_url)
    code, out, err = run_cli(monkeypatch, capsys, "restore", str(backup_file), "--as", "ghost")
    tracker_db.get_engine.cache_clear()
    assert code == 0, err + out
    assert "ghost" in out and "system" in out  # said plainly who the restore was recorded as
