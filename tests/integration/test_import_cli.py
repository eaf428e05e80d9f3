"""`tracker import`: JSON summary keys, exit codes, the proposal, --dry-run and a long file."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from seed_data.import_sample import sample_csv, sample_rows
from tests.conftest import count_rows
from tracker.cli import main
from tracker.models import Meeting, Participation

REPO = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = {"rows_read", "imported", "already_imported", "rejected", "matched_organisations",
                "matched_people", "created_organisations", "created_people", "errors"}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def tracker(capsys, monkeypatch):
    """Run the ``tracker`` console entry point in-process (as the shell would), capturing output."""
    def run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["tracker", *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out = capsys.readouterr()
        return Run(code, out.out, out.err)
    return run


def test_json_summary_and_reimport(database_url, tracker, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("Minister,Date,Name of Organisation,Purpose of meeting,Notes\n"
                    "\"Minister for Trade, The Rt Hon Ann Lee MP\",2019-05-06,Acme; Beta,Talks,x\n"
                    ",2019-05-07,Gamma,Visit,\n"
                    ",not a date,Delta,Bad,\n", encoding="utf-8")
    first = tracker("import", str(path), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert SUMMARY_KEYS <= set(summary)
    assert (summary["rows_read"], summary["imported"], summary["rejected"]) == (3, 2, 1)
    assert (summary["created_organisations"], summary["created_people"]) == (3, 1)
    assert summary["errors"][0]["row"] == 4 and "not a date" in summary["errors"][0]["reason"]
    again = json.loads(tracker("import", str(path), "--json").stdout)
    assert (again["imported"], again["already_imported"], again["rejected"]) == (0, 2, 1)
    assert (again["matched_organisations"], again["created_organisations"]) == (0, 0)


def test_unmappable_file_exits_2_naming_the_fields(database_url, tracker, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Colour,Size\nred,3\n", encoding="utf-8")
    result = tracker("import", str(path))
    assert result.returncode == 2
    assert "date" in result.stderr and "organisations" in result.stderr
    assert tracker("import", str(tmp_path / "missing.csv")).returncode == 2
    bad_mapping = tmp_path / "bad.yaml"
    bad_mapping.write_text("fields:\n  colour: Colour\n", encoding="utf-8")
    result = tracker("import", str(path), "--mapping", str(bad_mapping))
    assert result.returncode == 2 and "unknown field" in result.stderr


def test_mapping_file_dry_run_and_errors_file(database_url, tracker, session, tmp_path):
    path = tmp_path / "pmmeetingsjulsept13.csv"
    path.write_bytes("Minister,Date,Name of External Organisation,Purpose of meeting\r\n"
                     "\"Prime Minister, The Rt Hon David Cameron MP\",July,\"Siemens, Dong\",Opening\r\n"
                     ",Sept,Airbus,General discussion\r\n"
                     "Note,,,\r\n".encode("cp1252"))
    mapping = REPO / "tracker" / "data" / "mappings" / "uk-cabinet-office-ministers-meetings.yaml"
    dry = json.loads(tracker("import", str(path), "--mapping", str(mapping), "--dry-run", "--json").stdout)
    assert (dry["imported"], dry["rejected"], dry["created_organisations"]) == (2, 1, 4)
    assert count_rows(session, Meeting) == 0
    session.rollback()            # end the read transaction, to see what the command writes next
    errors = tmp_path / "errors.csv"
    result = tracker("import", str(path), "--mapping", str(mapping), "--errors", str(errors))
    assert result.returncode == 0 and "Imported 2 of 3 rows" in result.stdout
    assert "note or heading" in errors.read_text(encoding="utf-8-sig")
    titles = set(session.exec(select(Participation.title)))
    assert titles == {"Prime Minister"}


@pytest.mark.slow
def test_a_large_file_imports_whole(database_url, tracker, session, tmp_path):
    # 10,000 rows on SQLite; 2,000 on PostgreSQL, where the same batches cost five times the time
    # in round trips and a tenth of the suite's budget went on this one test. (Import speed at
    # scale is measured by `make bench`.)
    rows = 10_000 if database_url.startswith("sqlite") else 2_000
    path = tmp_path / "big.csv"
    path.write_bytes(sample_csv(rows))
    result = tracker("import", str(path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["rows_read"], summary["imported"], summary["rejected"]) == (rows, rows, 0)
    # A row with no date only adds an organisation to the meeting above it.
    meetings = sum(1 for row in sample_rows(rows) if row[1])
    assert count_rows(session, Meeting) == meetings and meetings > rows * 0.8


def test_year_option_dates_month_only_rows(database_url, tracker, tmp_path):
    path = tmp_path / "pmmeetingsjanmar.csv"          # a return whose name states no year
    path.write_text("Minister,Date,Name of Organisation,Purpose of meeting\n"
                    "\"Prime Minister, The Rt Hon David Cameron MP\",January,BBC,General discussion\n",
                    encoding="utf-8")
    without = json.loads(tracker("import", str(path), "--json", "--dry-run").stdout)
    assert without["rejected"] == 1 and "no year" in without["errors"][0]["reason"]
    with_year = json.loads(tracker("import", str(path), "--json", "--year", "2013").stdout)
    assert (with_year["imported"], with_year["rejected"]) == (1, 0)


def test_mapping_saved_on_the_page_is_usable_by_name(database_url, tracker, session, admin, tmp_path):
    from tracker.importers import load_mapping
    from tracker.importers.saved_mappings import save_mapping

    save_mapping(session=session, actor=admin, name="Odd layout", mapping=load_mapping(
        {"fields": {"date": "When", "organisations": "Who"}, "fixed": {"government_body": "Treasury"}}))
    path = tmp_path / "odd.csv"
    path.write_text("When,Who\n2019-05-06,Acme\n", encoding="utf-8")
    result = json.loads(tracker("import", str(path), "--mapping", "Odd layout", "--json").stdout)
    assert (result["imported"], result["created_organisations"]) == (1, 2)
    assert tracker("import", str(path), "--mapping", "No such layout").returncode == 2
