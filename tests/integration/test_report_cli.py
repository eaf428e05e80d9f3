"""`tracker export|report|brief|return`: files written, and bad input exits 2 with one line."""

from __future__ import annotations

import sys

import openpyxl
import pytest

from seed_data.reference import load_reference
from tests.report_helpers import docx_content
from tracker import cli


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["tracker", *args])
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def loaded(session):
    load_reference(session)
    return session


def test_commands_write_their_files(loaded, tmp_path, monkeypatch, capsys):
    out = tmp_path / "meetings.xlsx"
    code, stdout, _ = run(monkeypatch, capsys, "export", "meetings", "--format", "xlsx", "--out", str(out),
                          "--from", "2019-01-01", "--to", "2019-12-31", "--kind", "private_enterprise")
    assert code == 0 and "Wrote 1 meetings" in stdout
    assert openpyxl.load_workbook(out)["meetings"].max_row == 2
    code, stdout, _ = run(monkeypatch, capsys, "export", "pledges", "--out", str(tmp_path / "p.csv"),
                          "--area", "Smart city")
    assert code == 0 and "Wrote 1 pledges" in stdout
    report = tmp_path / "report.docx"
    code, _, _ = run(monkeypatch, capsys, "report", "--from", "2019-01-01", "--to", "2019-12-31",
                     "--format", "docx", "--no-charts", "--out", str(report))
    assert code == 0
    paragraphs, _ = docx_content(report.read_bytes())
    assert paragraphs[0][1] == "Engagement report, 2019-01-01 to 2019-12-31"
    code, _, _ = run(monkeypatch, capsys, "brief", "SenseTime", "--format", "docx",
                     "--out", str(tmp_path / "brief.docx"))
    assert code == 0
    code, stdout, _ = run(monkeypatch, capsys, "return", "--quarter", "2019Q2", "--out",
                          str(tmp_path / "return.csv"))
    assert code == 0 and "Wrote 3 rows" in stdout


@pytest.mark.parametrize("args, message", [
    (["export", "widgets", "--out", "x.csv"], "Unknown table"),
    (["export", "meetings", "--format", "pdf", "--out", "x.csv"], "--format must be one of"),
    (["export", "meetings", "--from", "2019-02-30", "--out", "x.csv"], "is not a date"),
    (["export", "meetings", "--kind", "pirates", "--out", "x.csv"], "Unknown --kind"),
    (["export", "pledges", "--area", "Space travel", "--out", "x.csv"], "No cooperation area"),
    (["report", "--from", "2019-12-31", "--to", "2019-01-01", "--out", "x.pdf"], "--to is before --from"),
    (["report", "--out", "x.pdf"], "Give the period"),
    (["brief", "Nobody Inc", "--out", "x.pdf"], "No organisation called"),
    (["return", "--quarter", "2019Q7", "--out", "x.csv"], "is not a quarter"),
    (["export", "meetings", "--out", "/no/such/folder/x.csv"], "does not exist"),
    (["export", "meetings", "--as", "ghost", "--out", "x.csv"], "No active user"),
])
def test_bad_input_exits_2_with_one_line(database_url, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run(monkeypatch, capsys, *args)
    assert code == 2
    assert message in stderr and len(stderr.strip().splitlines()) == 1
