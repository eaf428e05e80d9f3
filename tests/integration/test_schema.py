"""The schema: migrations build it from nothing and agree with the models, and the database
itself refuses what must never be stored, even when the services are bypassed."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from seed_data.reference import load_reference
from tests.conftest import PG_URL
from tests.dashboard_data import (
    organisation_summaries,
    recounted_organisation_summaries,
    recounted_summary,
    summary_rows,
)
from tests.factories import make_meeting
from tracker import db as tracker_db
from tracker.audit import chain as audit_chain
from tracker.audit.verify import verify_connection
from tracker.migrate import alembic_config, current_revisions, schema_differences, upgrade
from tracker.models import AuditEvent, Side
from tracker.read_model import names as name_keys
from tracker.read_model import summaries as read_model
from tracker.search_index import FTS_TABLE, has_search_index

ARCHIVE_REVISION = importlib.import_module("tracker.migrations.versions.0017_archive17_archived")
FIRST_REVISION = "0001"
SEARCH_INDEX_REVISION = "issue_3a_meeting_search"
# Revisions that add columns the models map: the ORM loader below needs them to populate.
COLUMN_REVISIONS = ("issue_3b_name_search_key", "issue_4p_read_model")


def archive_columns():
    return ARCHIVE_REVISION.new_columns()


def _insert_unlinked(conn, rows) -> None:
    """Audit rows as the tracker wrote them before the chain (no link columns in that schema)."""
    link_columns = ("chain_seq", "prev_hash", "row_hash")
    table = AuditEvent.__table__
    for row in rows:
        row["id"] = conn.execute(table.insert().values(
            {k: v for k, v in row.items() if k not in link_columns})).inserted_primary_key[0]
        row.update(dict.fromkeys(link_columns))


def head_revisions(engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def test_migrations_build_an_empty_sqlite_database_that_matches_the_models(tmp_path):
    engine = tracker_db.make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        upgrade(engine)
        assert current_revisions(engine) == head_revisions(engine)
        assert schema_differences(engine) == []
        upgrade(engine)  # a second run is a no-op, as `tracker init` on every start relies on
        assert current_revisions(engine) == head_revisions(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_migrations_build_an_empty_postgresql_schema_that_matches_the_models():
    if not PG_URL:
        pytest.skip("TRACKER_TEST_DATABASE_URL is not set: PostgreSQL run skipped")
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    admin = tracker_db.make_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = tracker_db.make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        assert current_revisions(engine) == head_revisions(engine)
        assert schema_differences(engine) == []
        assert set(sa.inspect(engine).get_table_names(schema=schema)) >= set(SQLModel.metadata.tables)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def test_upgrading_a_populated_sqlite_database_keeps_every_row(tmp_path, monkeypatch):
    """Later migrations rebuild tables on SQLite; with foreign keys on that would cascade-delete
    every participation and pledge, so the upgrade must run with them off and check afterwards.
    The monthly summary the old schema lacks is filled by its migration from the rows there."""
    engine = tracker_db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    tables = ["meeting", "participation", "meeting_organisation", "meeting_topic", "agreement",
              "agreement_party", "pledge", "person_alias", "audit_event"]

    def counts() -> dict[str, int]:
        with engine.connect() as conn:
            return {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in tables}

    try:
        upgrade(engine, FIRST_REVISION)
        for revision in COLUMN_REVISIONS:
            upgrade(engine, revision)
        with engine.begin() as conn:  # 0017's columns, which the ORM maps too (0017 keeps them)
            for table, column in archive_columns():
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column.name} "
                                     f"{column.type.compile(conn.dialect)}")
        with monkeypatch.context() as patched, tracker_db.session_scope(engine) as session:
            patched.setattr(read_model, "refresh_months", lambda *args, **kwargs: None)  # no tables yet
            patched.setattr(read_model, "refresh_organisations", lambda *args, **kwargs: None)
            patched.setattr(name_keys, "refresh_name_keys", lambda *args, **kwargs: None)
            patched.setattr(audit_chain, "append_rows", _insert_unlinked)
            load_reference(session)
        before = counts()
        upgrade(engine, SEARCH_INDEX_REVISION)  # the search index first: its triggers must survive
        upgrade(engine)
        assert counts() == before and before["participation"] == 7
        assert schema_differences(engine) == []
        with engine.connect() as conn:  # the upgrade linked the rows already there
            report = verify_connection(conn)
            assert report.intact, report.describe()
            assert report.rows == before["audit_event"] > 0
        with engine.connect() as conn:
            assert summary_rows(conn) == recounted_summary(conn) != []
            assert organisation_summaries(conn) == recounted_organisation_summaries(conn)
            assert organisation_summaries(conn)["meetings_by_official"] != []
            stored = conn.exec_driver_sql("SELECT count(*) FROM name_key").scalar()  # filled by 0013
            assert stored == sum(len(name_keys.built_name_keys(conn, person=p)) for p in (True, False)) > 0
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert has_search_index(conn)
            conn.exec_driver_sql("UPDATE meeting SET search_text = 'renamed westlake talk'")
            assert conn.exec_driver_sql(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH "
                                        "'westlake'").scalar() is not None
    finally:
        engine.dispose()


def test_the_test_database_matches_the_models(engine):
    assert schema_differences(engine) == []


@pytest.fixture
def rows(session, world):
    """Ids of valid rows to build raw statements on: a meeting with the official, an alias."""
    meeting = make_meeting(session, people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)])
    session.execute(sa.text("INSERT INTO organisation_alias (organisation_id, alias, alias_key) "
                            "VALUES (:org, 'SenseTime Group', 'sensetime group')"), {"org": world.company.id})
    session.commit()
    return {"meeting": meeting.id, "person": world.official.id, "other": world.executive.id,
            "org": world.company.id, "area": world.area.id, "day": dt.date(2019, 5, 7)}


NOW = "2019-05-07 10:00:00"


def insert(table: str, **values) -> str:
    """A raw INSERT; ``{name}`` placeholders are filled with ids from the ``rows`` fixture."""
    def literal(value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and not value.startswith("{"):
            return "'" + value + "'"
        return str(value)
    return f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(map(literal, values.values()))})"


def participation(person="{other}", meeting="{meeting}", role="guest", status="held", level=1) -> str:
    return insert("participation", meeting_id=meeting, person_id=person, role=role, side="government",
                  meeting_date="2019-05-07", meeting_status=status, confidentiality=level)


def meeting(precision="day", kind="talk", status="held", level=1) -> str:
    return insert("meeting", title="Raw", date="2019-05-07", date_precision=precision, kind=kind,
                  status=status, confidentiality=level, version=1, search_text="", created_at=NOW,
                  updated_at=NOW)


def pledge(area="{area}", status="pledged", level=1) -> str:
    return insert("pledge", organisation_id="{org}", area_id=area, status=status, made_on="2019-05-07",
                  confidentiality=level, created_at=NOW)


def user(role="viewer", clearance=1) -> str:
    return insert("app_user", username="x", role=role, clearance=clearance, password_hash="h",
                  is_active=True, failed_logins=0, created_at=NOW)


REFUSED = {
    "participation with a missing meeting": participation(meeting=999),
    "participation with a missing person": participation(person=999),
    "second participation of a person in a meeting": participation(person="{person}"),
    "duplicate organisation alias": insert("organisation_alias", organisation_id="{org}",
                                           alias="SENSETIME GROUP", alias_key="sensetime group"),
    "duplicate person alias": insert("person_alias", person_id="{person}", alias="X", alias_key="x")
    + ", ({person}, 'x', 'x')",
    "position ending before it starts": insert("position", person_id="{person}", organisation_id="{org}",
                                               title="Mayor", start_date="2020-01-01", end_date="2019-01-01"),
    "position at a missing organisation": insert("position", person_id="{person}", organisation_id=999,
                                                 title="Mayor"),
    "unknown participant role": participation(role="boss"),
    "unknown copied meeting status": participation(status="postponed"),
    "participation confidentiality out of range": participation(level=-1),
    "unknown meeting status": meeting(status="postponed"),
    "unknown meeting kind": meeting(kind="party"),
    "unknown date precision": meeting(precision="week"),
    "meeting confidentiality out of range": meeting(level=7),
    "unknown organisation kind": insert("organisation", name="X", kind="company", name_key="x",
                                        created_at=NOW),
    "unknown pledge status": pledge(status="forgotten"),
    "pledge confidentiality out of range": pledge(level=4),
    "pledge in a missing area": pledge(area=999),
    "unknown user role": user(role="root"),
    "user clearance out of range": user(clearance=9),
    "agreement term ending before it starts": insert(
        "agreement", title="A", kind="mou", status="signed", start_date="2020-01-01", end_date="2019-01-01",
        confidentiality=1, created_at=NOW),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_the_database_refuses_what_must_never_be_stored(engine, rows, case):
    statement = REFUSED[case].format(**rows)
    with engine.connect() as conn:
        with pytest.raises(IntegrityError):
            conn.exec_driver_sql(statement)
        conn.rollback()


def test_the_raw_statements_are_valid_when_the_value_is(engine, rows):
    """The refusals above come from the broken value, not from a broken statement."""
    valid = [participation(level=3), meeting(precision="quarter", status="planned", level=0), pledge(),
             user(), insert("position", person_id="{person}", organisation_id="{org}", title="Mayor",
                            start_date="2019-01-01", end_date="2019-01-01")]
    with engine.connect() as conn:
        for statement in valid:
            conn.exec_driver_sql(statement.format(**rows))
        conn.rollback()


REQUIRED_INDEXES = [
    ("meeting", ["date"]),
    ("meeting", ["status"]),
    ("meeting_organisation", ["organisation_id"]),
    ("meeting_organisation", ["meeting_date"]),
    ("participation", ["organisation_id"]),
    ("participation", ["person_id"]),
    ("pledge", ["area_id"]),
    ("pledge", ["organisation_id", "status"]),
    ("agreement_party", ["organisation_id"]),
    ("position", ["person_id"]),
]


def test_the_dashboard_reads_have_their_indexes(engine):
    inspector = sa.inspect(engine)
    missing = []
    for table, leading in REQUIRED_INDEXES:
        indexes = [index["column_names"] for index in inspector.get_indexes(table)]
        if not any(columns[:len(leading)] == leading for columns in indexes):
            missing.append((table, leading))
    assert missing == []
