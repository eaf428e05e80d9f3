"""Generated spreadsheets for the import fuzz test (tests/integration/test_import_fuzz.py) and its
longer run in ``make bench`` (bench/bench_hostile.py).

Each case is the bytes of a CSV (UTF-8 with or without BOM, UTF-16, GB18030, Latin-1, Windows-1252;
comma, semicolon, tab or bar; LF or CRLF; sometimes truncated or with stray bytes) or an XLSX
workbook, holding a register-like header and ragged rows whose cells are names, odd dates,
control characters, huge or empty text. ``check_import`` runs it through the path ``tracker
import`` takes and says what went wrong, if anything: an exception other than a domain error, or
a database that does not hold exactly what the result reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import DomainError
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows
from tracker.models import AuditEvent, Meeting

HEADERS = ["Minister", "Date", "Name of Organisation", "Purpose of meeting", "Attendees", "Location",
           "Status", "Topics", "Notes", "Confidentiality", "Meeting ID", "Time", "Kind", "日期",
           "企业名称", "Type of meeting", "Government body", "Official title", "", "Date²"]
NAMES = ["Acme Ltd", "Fuzhou No. 2 Hospital", "Fuzhou No. 1 Hospital", "SenseTime 商汤科技",
         "ITV: Geoff Hill, Tom Bradby",
         "Prime Minister, The Rt Hon David Cameron MP", "马化腾 董事长", "Roundtable with: CBI, TUC",
         "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "Branch 12", "Branch 21", "n/a", "Nil return"]
ODD_DATES = ["2019-05-06", "06/05/2019", "5/13/2019", "July", "Jan-14", "Jul-2013", "Jan/Feb/Mar", "Q2 2019",
             "2019年5月6日", "2019年第二季度", "43592", "43592.5", "99999", "-2019-01-01", "+2019-01-01",
             "9999-12-31", "31/12/9999", "0001-01-01", "1899-12-31", "2100-12-31", "2101-01-01",
             "2019年13月1日", "2019-02-30", "2019-05-06 25:00", "2019-05-06 14:30", "December 9999",
             "6 May 2019 2:30 pm", "Tuesday, 7 May 2019", "yesterday", "0", "-1", "1e308", "NaN",
             "2030-01-01", "Q5 2019", "2019-W19", "2019/05/06", "06.05.19"]
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u200b\u202e\ufeff\r\n\t"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1", "cp1252"]
DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class Case:
    filename: str
    data: bytes

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example
        more = "…" if len(self.data) > 2000 else ""
        return f"Case(filename={self.filename!r}, data={self.data[:2000]!r}{more})"


text_cells = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(CONTROLS), max_size=40)
huge_cells = st.sampled_from([300, 1_000, 20_001, 140_000]).map(lambda n: ("Talks " * n)[:n])
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).flatmap(
    lambda day: st.sampled_from([day.isoformat(), f"{day.day}/{day.month}/{day.year}",
                                 f"{day.year}年{day.month}月{day.day}日", f"{day:%B} {day.year}"]))
cells = st.one_of(st.sampled_from(NAMES), st.sampled_from(ODD_DATES), dates, text_cells,
                  st.just(""), huge_cells,
                  st.builds(lambda a, c, b: a + c + b, st.sampled_from(NAMES), st.sampled_from(CONTROLS),
                            st.sampled_from(NAMES)))


@st.composite
def tables(draw) -> list[list[str]]:
    """A header (mostly register-like) and up to 25 ragged rows."""
    width = draw(st.integers(1, 8))
    known = draw(st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width))
    if draw(st.booleans()):  # most files name a date and an organisation column
        known[:2] = ["Date", "Name of Organisation"][:width]
    header = [draw(text_cells) if draw(st.integers(0, 9)) == 0 else name for name in known]
    rows = draw(st.lists(st.lists(cells, max_size=width + 2), max_size=25))
    title_rows = draw(st.lists(st.lists(text_cells, max_size=3), max_size=2))
    return [*title_rows, header, *rows]


def _csv_bytes(rows: list[list[str]], encoding: str, delimiter: str, crlf: bool, quote_all: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    for row in rows:
        # openpyxl refuses to write control characters; the reader's tests feed them as XML.
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


xlsx_values = st.one_of(cells, st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                        st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)))


@st.composite
def cases(draw) -> Case:
    """One generated file: CSV bytes in some encoding and dialect, or an XLSX workbook."""
    rows = draw(tables())
    stem = draw(st.sampled_from(["register", "meetings_2019", "pmmeetingsjulsept13", "登记"]))
    if draw(st.integers(0, 3)) == 0:
        rows = [[draw(xlsx_values) if draw(st.integers(0, 4)) == 0 else cell for cell in row] for row in rows]
        return Case(f"{stem}.xlsx", _xlsx_bytes(rows))
    data = _csv_bytes(rows, draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(DELIMITERS)),
                      draw(st.booleans()), draw(st.booleans()))
    damage = draw(st.integers(0, 9))
    if damage == 0 and data:  # cut short, perhaps inside a multi-byte character
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif damage == 1:  # stray bytes somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    suffix = draw(st.sampled_from([".csv", ".csv", ".txt", ".CSV", ""]))
    return Case(stem + suffix, data)


def _meetings(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Meeting)).one()


def _import_audits(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity_type == "import")).one()


def check_import(session: Session, case: Case) -> str | None:
    """What went wrong importing ``case`` as ``tracker import`` does (None: nothing).

    A domain error (a file refused, no date column...) is a proper outcome when it leaves the
    database as it was; otherwise the meetings written must be exactly those the result reports,
    and every row read must be imported, found already imported or rejected.
    """
    before, audits = _meetings(session), _import_audits(session)
    try:
        table = read_table(case.data, case.filename)
        spec, missing = propose_mapping(table)
        if missing:  # the CLI stops here with "Could not map the required field(s)…"
            return None
        result = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)
    except DomainError:
        session.rollback()
        if _meetings(session) != before or _import_audits(session) != audits:
            return "a refused import left meetings or an audit row behind"
        return None
    written = _meetings(session) - before
    if written != result.meetings_created:
        return f"the result reports {result.meetings_created} meetings created; {written} were written"
    if result.imported + result.already_imported + result.rejected != result.rows_read:
        return (f"rows do not add up: {result.imported} imported + {result.already_imported} already "
                f"+ {result.rejected} rejected != {result.rows_read} read")
    if _import_audits(session) != audits + 1:
        return "the import wrote no audit row"
    return None
