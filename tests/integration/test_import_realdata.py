"""Every real published register in ../shared/realdata imports with its mapping: nothing lost
but blank rows, and every rejected row explained (footnotes, nil returns, rows with no date).

Skipped when the folder is absent (it sits beside the repository, not in it).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import count_rows
from tracker.importers import load_mapping, read_path
from tracker.importers.run import import_rows
from tracker.models import DatePrecision, Meeting

REPO = Path(__file__).resolve().parents[2]
# ../shared/realdata beside the repository (a worktree may sit one folder deeper).
REALDATA = next((p / "shared" / "realdata" for p in REPO.parents if (p / "shared" / "realdata").is_dir()),
                REPO.parent / "shared" / "realdata")
MAPPINGS = REPO / "tracker" / "data" / "mappings"
UK_DIR = REALDATA / "uk-cabinet-office-ministers-meetings"
NSW_FILE = REALDATA / "au-nsw-ministerial-diaries-first2000.csv"
# The two returns whose name states no year; their neighbours in the series date them.
UK_YEARS = {"comeetingsjulysep.csv": 2012, "pmmeetingsjanmar.csv": 2013}
EXPLAINED = ("a note or heading, not a meeting", "a nil return, no meeting to record", "the date is empty")

pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")


def non_blank_rows(path: Path) -> int:
    """Rows under the header with any non-blank cell, counted independently of the importer."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for row in rows[1:] if any(cell.strip() for cell in row))


def uk_mapping(filename: str):
    spec = load_mapping((MAPPINGS / "uk-cabinet-office-ministers-meetings.yaml").read_text("utf-8"))
    if filename in UK_YEARS:
        spec.fields["date"].year = UK_YEARS[filename]
    return spec


@pytest.mark.slow
@pytest.mark.sqlite_only  # 55 files' parsing and mapping; the import's writes are tested on both databases
def test_every_uk_cabinet_office_return_imports(session, admin):
    files = sorted(UK_DIR.glob("*.csv"))
    assert len(files) == 55
    totals = {"rows": 0, "imported": 0, "rejected": 0}
    for path in files:
        table = read_path(path)
        result = import_rows(session=session, actor=admin, table=table, mapping=uk_mapping(path.name))
        assert result.rows_read == non_blank_rows(path), path.name
        assert result.imported + result.already_imported + result.rejected == result.rows_read, path.name
        for error in result.errors:
            assert error["reason"].startswith(EXPLAINED) or "nil return" in error["reason"], \
                (path.name, error)
        totals["rows"] += result.rows_read
        totals["imported"] += result.imported + result.already_imported
        totals["rejected"] += result.rejected
    # 2,579 non-blank rows: 80 footnotes or headings and 5 nil returns are rejected; the 4 rows
    # with no date are dated to the quarter their return's file name states.
    assert totals == {"rows": 2579, "imported": 2494, "rejected": 85}
    months = session.exec(select(Meeting).where(Meeting.date_precision == DatePrecision.MONTH)).all()
    assert len(months) > 2000 and all(m.date.day == 1 for m in months)
    assert session.exec(select(Meeting).where(Meeting.date_precision == DatePrecision.QUARTER)).all()
    again = import_rows(session=session, actor=admin, table=read_path(UK_DIR / "comeetingsjanmar.csv"),
                        mapping=uk_mapping("comeetingsjanmar.csv"))
    assert (again.imported, again.already_imported) == (0, 148)


def test_nsw_diaries_group_rows_into_meetings(session, admin):
    spec = load_mapping((MAPPINGS / "au-nsw-ministerial-diaries.yaml").read_text("utf-8"))
    result = import_rows(session=session, actor=admin, table=read_path(NSW_FILE), mapping=spec)
    assert (result.rows_read, result.imported, result.rejected) == (2000, 2000, 0)
    # One meeting per date, portfolio and purpose.
    assert result.meetings_created == count_rows(session, Meeting) == 1149
    assert result.created_organisations > 1000
