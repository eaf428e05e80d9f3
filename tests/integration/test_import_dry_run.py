"""`--dry-run` reports exactly what the real import does, including the rows only the write
rejects (model constraints checked after cleaning, clearance), and writes nothing."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from sqlmodel import select

from tests.conftest import count_rows
from tracker.cli import main
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows
from tracker.models import AuditEvent, Meeting, Organisation, Person

HEADER = ["Date", "Title", "Place", "Official", "Official title", "Organisations", "People met",
          "Summary", "Confidentiality"]
GOOD = ["2019-05-06", "Talks", "Fuzhou", "Tang Dengjie", "Governor", "Tencent", "Ma Huateng", "", ""]


def row(**changes: str) -> list[str]:
    values = dict(zip(HEADER, GOOD, strict=True)) | changes
    return [values[name] for name in HEADER]


# Each row passes the preview's checks but breaks a rule the write applies to the cleaned value.
WRITE_TIME_ROWS = {
    "place": row(Place="P" * 301),
    "official title": row(**{"Official title": "G" * 301}),
    "organisation name": row(Organisations="㍿" * 60),       # NFKC: 株式会社 × 60 = 240 characters
    "person name": row(**{"People met": "Ma ㍿" + "㍿" * 55}),
    "summary": row(Summary="S" * 20_001),
    "clearance": row(Confidentiality="secret"),
}


def register(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def file_rows() -> list[list[str]]:
    return [row(), *WRITE_TIME_ROWS.values(), row(Title="A" * 400, Organisations="Alibaba")]


def test_dry_run_reports_the_real_runs_counts_and_errors(session, editor):
    table = read_table(register(file_rows()), "register.csv")
    mapping, missing = propose_mapping(table)
    assert not missing
    audit_rows = count_rows(session, AuditEvent)
    dry = import_rows(session=session, actor=editor, table=table, mapping=mapping, dry_run=True)
    assert (count_rows(session, Meeting), count_rows(session, Organisation),
            count_rows(session, Person), count_rows(session, AuditEvent)) == (0, 0, 0, audit_rows)
    real = import_rows(session=session, actor=editor, table=table, mapping=mapping)
    assert (dry.imported, dry.already_imported, dry.rejected, dry.errors) == \
           (real.imported, real.already_imported, real.rejected, real.errors)
    assert (dry.meetings_created, dry.created_organisations, dry.created_people) == \
           (real.meetings_created, real.created_organisations, real.created_people)
    # The rows the write rejects are exactly the rows built to fail at write time.
    assert [error["row"] for error in real.errors] == list(range(3, 3 + len(WRITE_TIME_ROWS)))
    assert (real.imported, real.rejected) == (2, len(WRITE_TIME_ROWS))


def test_an_over_long_title_is_cut_to_fit_and_kept_in_the_summary(session, admin):
    table = read_table(register([row(Title="A" * 400)]), "register.csv")
    mapping, _missing = propose_mapping(table)
    result = import_rows(session=session, actor=admin, table=table, mapping=mapping)
    assert (result.imported, result.rejected) == (1, 0), result.errors
    meeting = session.exec(select(Meeting)).one()
    assert len(meeting.title) <= 300 and meeting.title.startswith("A" * 290)
    assert "A" * 400 in meeting.summary


@pytest.fixture
def tracker(capsys, monkeypatch):
    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["tracker", *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_cli_dry_run_says_what_the_import_then_does(database_url, session, tracker, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(register(file_rows()))
    keys = ("imported", "already_imported", "rejected", "created_organisations", "created_people",
            "errors")
    code, out, err = tracker("import", str(path), "--dry-run", "--json")
    assert code == 0, err
    dry = json.loads(out)
    assert count_rows(session, Meeting) == 0
    code, out, err = tracker("import", str(path), "--json")
    assert code == 0, err
    real = json.loads(out)
    assert {key: dry[key] for key in keys} == {key: real[key] for key in keys}
    assert real["rejected"] == len(WRITE_TIME_ROWS) - 1   # the system actor may write secret rows
