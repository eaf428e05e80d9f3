"""Hostile files through the import service and the CLI, on both databases (issue 12, items 6-8):
a bomb is refused with a clear error, a megabyte cell or a date out of range is one row's error
(not a rolled-back file), a NUL byte is dropped alike on SQLite and PostgreSQL, and a database
SQLite accepted with a NUL in it moves to PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
import sqlalchemy as sa
from sqlmodel import select

from seed_data.hostile_files import xlsx_bomb
from tests.conftest import count_rows
from tracker import backup as backups
from tracker.audit.record import record_audit
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.errors import ValidationError
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows
from tracker.models import (
    AuditAction,
    Meeting,
    MeetingCreate,
    MeetingStatus,
    Organisation,
    OrganisationCreate,
    OrganisationKind,
    Person,
)
from tracker.services import meetings, organisations

HEADER = "Minister,Date,Name of Organisation,Purpose of meeting\n"


def an_organisation(session) -> Organisation:
    return organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data=OrganisationCreate(
        name="Acme Holdings", kind=OrganisationKind.PRIVATE_ENTERPRISE))


def run_import(session, text: str, encoding: str = "utf-8"):
    table = read_table(text.encode(encoding), "register.csv")
    spec, missing = propose_mapping(table)
    assert not missing
    return import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)


def test_a_date_out_of_range_is_its_rows_error_not_the_files(session):
    result = run_import(session, HEADER + "Ann Lee,2019-05-06,Acme,Talks\n"
                                          "Ann Lee,9999-12-31,Beta,Far future\n"
                                          "Ann Lee,31/12/9999,Beta,Far future again\n"
                                          "Ann Lee,0001-01-01,Gamma,Year one\n"
                                          "Ann Lee,-2019-01-01,Delta,Signed\n"
                                          "Ann Lee,2019年13月1日,Delta,No such month\n"
                                          "Ann Lee,2019-05-07 25:00,Delta,No such hour\n")
    assert (result.imported, result.rejected) == (1, 6)
    reasons = {error["row"]: error["reason"] for error in result.errors}
    assert "between 1900-01-01 and 2100-12-31" in reasons[3] and "1900-01-01" in reasons[5]
    assert "not a date" in reasons[6]
    assert count_rows(session, Meeting) == 1


def test_a_planned_meeting_in_december_9999_is_a_validation_error(session):
    """As the meeting form sends it: a dict the service validates."""
    company = an_organisation(session)
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
        meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data={
            "title": "Planned", "date": dt.date(9999, 12, 31), "status": MeetingStatus.PLANNED,
            "confidentiality": "public", "organisation_ids": [company.id]})
    assert count_rows(session, Meeting) == 0


def test_a_megabyte_cell_is_its_rows_error(session):
    result = run_import(session, HEADER + "Ann Lee,2019-05-06,Acme,Talks\n"
                                          f"Ann Lee,2019-05-07,Beta,{'x' * 1_000_000}\n"
                                          f"Ann Lee,2019-05-08,{'y' * 1_000_000},Talks\n")
    # A megabyte purpose is more than the summary holds; a megabyte name is cut to 200 characters
    # (nothing long is rejected for a name: issue 16 item 4).
    assert (result.imported, result.rejected) == (2, 1)
    assert [e["row"] for e in result.errors] == [3] and "summary" in result.errors[0]["reason"]
    assert count_rows(session, Meeting) == 2
    assert session.exec(select(Organisation.name).where(Organisation.name.startswith("yyy"))).one() \
        == "y" * 197 + "..."


# The reader takes a NUL in the first 4 KB for a binary file; later, or in UTF-16, it reached a cell.
PADDING = "".join(f"Ann Lee,2019-05-{day:02},Padding {n},Talks {n}\n"
                  for n, day in zip(range(200), [6] * 200, strict=True))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_nul_byte_is_dropped_alike_on_both_databases(session, encoding):
    result = run_import(session, HEADER + PADDING + "Ann\x00 Lee,2019-05-07,Acme\x00 Ltd,"
                                                    "Talks\x00 on\x1b[2J trade\n", encoding)
    assert (result.imported, result.rejected) == (201, 0)
    assert "Acme Ltd" in session.exec(select(Organisation.name)).all()
    assert session.exec(select(Person.name)).all() == ["Ann Lee"]
    assert "Talks on[2J trade" in session.exec(select(Meeting.title)).all()


def test_services_drop_control_characters(session):
    company = an_organisation(session)
    meeting = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title="Talks\x00", date=dt.date(2019, 5, 6), summary="line one\nline\x07 two\x00",
        confidentiality="public", organisation_ids=[company.id]))
    assert (meeting.title, meeting.summary) == ("Talks", "line one\nline two")


def test_the_cli_refuses_a_zip_bomb_with_a_clear_error(database_url, tmp_path, capsys, monkeypatch):
    from tracker.cli import main

    path = tmp_path / "register.xlsx"
    xlsx_bomb(path, 300 * 2**20)  # 300 MB of sheet in about 300 KB
    monkeypatch.setattr(sys, "argv", ["tracker", "import", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "refused" in error and "300 MB" in error and "Traceback" not in error


def _sqlite_with_a_nul(tmp_path, sqlite_template):
    """An SQLite database holding what SQLite accepted before: a NUL in text and in JSON."""
    import shutil

    path = tmp_path / "old.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        company = an_organisation(session)
        meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
            title="Talks", date=dt.date(2019, 5, 6), confidentiality="public",
            organisation_ids=[company.id]))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE meeting SET title = :t, summary = :s"),
                     {"t": "Talks\x00 on trade", "s": "kept\nlines\x00"})
    with session_scope(engine) as session:  # audit rows are append-only: a new one, chained
        record_audit(session, actor=SYSTEM_ACTOR, action=AuditAction.UPDATE, entity="meeting",
                     entity_id=None, after={"title": "Talks\x00 on trade"}, summary="Talks\x00")
        session.commit()
    return engine


@pytest.mark.parametrize("target_kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_export_all_from_sqlite_with_a_nul_imports_anywhere(tmp_path, sqlite_template, request,
                                                           target_kind):
    source = _sqlite_with_a_nul(tmp_path, sqlite_template)
    backups.export_all(source, tmp_path / "all.json")
    if target_kind == "postgresql":
        from tests.conftest import truncate_all

        target = request.getfixturevalue("pg_engine")
        truncate_all(target)
    else:
        import shutil

        shutil.copy(sqlite_template, tmp_path / "new.db")
        target = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    counts = backups.import_all(target, tmp_path / "all.json")
    assert counts["meeting"] == 1 and counts.cleaned == 4
    with target.connect() as conn:
        assert conn.execute(sa.text("SELECT title, summary FROM meeting")).one() == \
            ("Talks on trade", "kept\nlines")
    source.dispose()
    if target_kind == "sqlite":
        target.dispose()


def test_import_all_reports_the_cleaned_values(database_url, tmp_path, sqlite_template, capsys,
                                               monkeypatch):
    from tracker.cli import main

    source = _sqlite_with_a_nul(tmp_path, sqlite_template)
    backups.export_all(source, tmp_path / "all.json")
    source.dispose()
    monkeypatch.setattr(sys, "argv", ["tracker", "import-all", str(tmp_path / "all.json"), "--force"])
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    assert "4 text values had control characters removed" in capsys.readouterr().out


def test_a_name_whose_folded_key_overflows_is_refused_alike(session):
    """150 × "ß" fits the 200-character name but its key is "ss" × 150: PostgreSQL raised a
    DataError (a traceback), SQLite stored it. Found probing with the fuzz test's alphabet."""
    with pytest.raises(ValidationError, match="once letter case is folded"):
        organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data={
            "name": "ß" * 150, "kind": OrganisationKind.PRIVATE_ENTERPRISE})
    result = run_import(session, "Date,Name of Organisation,Topics\n"
                                 f"2019-05-06,{'ß' * 150},Trade\n"
                                 f"2019-05-07,Acme,{'ß' * 99}\n"
                                 "2019-05-08,Acme,Trade\n")
    assert (result.imported, result.rejected) == (1, 2)
    assert all("once letter case is folded" in error["reason"] for error in result.errors)
