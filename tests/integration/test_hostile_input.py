"""Hostile names stay text: `<script>`, `**bold**` and a spreadsheet formula are shown literally
in the app, exported as text (never a formula), and uploads are size- and type-checked."""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboards.safe import escape_markdown
from tests.app.helpers import signed_in_app
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import ValidationError
from tracker.models import (
    Confidentiality,
    MeetingCreate,
    OrganisationCreate,
    OrganisationKind,
    ParticipantIn,
    PersonCreate,
    Side,
)
from tracker.queries.filters import Filters
from tracker.services import meetings, organisations, people
from tracker.uploads import check_upload

SCRIPT = "<script>alert('x')</script>"
BOLD = "**bold**"
FORMULA = "=cmd|' /C calc'!A0"
HOSTILE = (SCRIPT, BOLD, FORMULA)
MARKUP = (SCRIPT, BOLD)  # what Markdown would act on; a formula is harmless there (see exports)
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "title",
                     "header", "subheader")


def hostile_meeting(session):
    org = organisations.create_organisation(session=session, actor=SYSTEM_ACTOR, data=OrganisationCreate(
        name=SCRIPT, kind=OrganisationKind.PRIVATE_ENTERPRISE))
    person = people.create_person(session=session, actor=SYSTEM_ACTOR, data=PersonCreate(name=FORMULA))
    return meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
        title=BOLD, date=dt.date(2024, 5, 1), place=FORMULA, confidentiality="public",
        participants=[ParticipantIn(person_id=person.id, organisation_id=org.id,
                                    side=Side.ENTERPRISE)]))


def markdown_texts(at) -> list[str]:
    return [element.value for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]


def test_names_stored_exactly(session):
    meeting = hostile_meeting(session)
    assert (meeting.title, meeting.place) == (BOLD, FORMULA)


@pytest.mark.parametrize("page", [None, "views/audit.py"])
def test_pages_show_hostile_names_as_text(database_url, session, page):
    hostile_meeting(session)
    at = signed_in_app("admin", page=page)
    assert not at.exception
    cells = " ".join(str(v) for frame in at.dataframe for v in frame.value.astype(str).values.ravel())
    for text in HOSTILE:
        assert text in cells, f"{text!r} is not shown as it was typed"
    for shown in markdown_texts(at):
        assert not any(text in shown for text in MARKUP), f"raw hostile text in Markdown: {shown!r}"


def test_no_page_puts_hostile_names_into_markdown(database_url, session, request):
    """Every page an administrator can open, with hostile names in the database: none of them
    may reach a Markdown element unescaped (use st.text/st.dataframe, or dashboards.safe.escape_markdown)."""
    if "postgresql" in request.node.name:
        pytest.skip("rendering does not depend on the database; SQLite run covers it")
    meeting = hostile_meeting(session)
    # In a fresh database the hostile meeting, organisation and person all have id 1, so one
    # ?id= opens each record page (meeting, organisation, person profiles) on hostile data.
    assert meeting.id == 1
    pages_dir = Path(__file__).resolve().parents[2] / "dashboards" / "views"
    paths = [f"views/{f.name}" for f in sorted(pages_dir.glob("*.py")) if not f.name.startswith("_")]
    at = signed_in_app("admin")
    failures = []
    for path in paths:
        try:
            at.switch_page(path)
        except ValueError:  # not in an administrator's navigation
            continue
        at.query_params["id"] = "1"
        at.run()
        if at.exception:
            failures.append(f"{path}: {at.exception[0].message}")
        failures += [f"{path}: {shown!r}" for shown in markdown_texts(at)
                     if any(text in shown for text in MARKUP)]
    assert paths and not failures, "\n".join(failures)


def test_exports_keep_formulas_as_text(session):
    from tracker.queries.table_views import meeting_rows
    from tracker.reports.table_export import frame_to_bytes

    hostile_meeting(session)
    frame = meeting_rows(session, Filters(clearance=Confidentiality.SECRET)).as_frame()
    rows = list(csv.reader(io.StringIO(frame_to_bytes(frame, "csv").decode("utf-8-sig"))))
    flat = [cell for row in rows for cell in row]
    assert BOLD in flat and any(SCRIPT in cell for cell in flat)
    assert all(not cell.startswith("=") for cell in flat), "a CSV cell would run as a formula"
    assert any(cell.endswith(FORMULA) and cell.startswith("'") for cell in flat)

    book = openpyxl.load_workbook(io.BytesIO(frame_to_bytes(frame, "xlsx")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "an Excel cell is a formula"
    assert any(isinstance(c.value, str) and FORMULA in c.value for c in cells)
    assert any(c.value == BOLD for c in cells)


def test_word_report_keeps_names_literal(session):
    from docx import Document as WordDocument

    from tracker.reports.period import build_period_report, render

    hostile_meeting(session)
    document = build_period_report(session, Filters(clearance=Confidentiality.SECRET),
                                   with_charts=False)
    word = WordDocument(io.BytesIO(render(document, "docx")))
    text = "\n".join([p.text for p in word.paragraphs] + [cell.text for table in word.tables
                                                            for row in table.rows
                                                            for cell in row.cells])
    assert BOLD in text and SCRIPT in text


def test_escape_markdown_escapes_markdown_and_html_but_not_ordinary_text():
    assert escape_markdown(BOLD) == r"\*\*bold\*\*"
    assert escape_markdown(SCRIPT).startswith(r"\<script>")
    assert escape_markdown(FORMULA).startswith(r"\=cmd")
    assert escape_markdown(":red[alarm] $x$") == r":red\[alarm\] \$x\$"
    assert escape_markdown("end_date: must not be empty") == "end_date: must not be empty"
    assert escape_markdown(None) == ""


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def test_uploads_are_size_limited_and_type_checked(monkeypatch):
    assert check_upload("../../etc/list.xlsx", xlsx_bytes(), allowed={"xlsx", "csv"}).name == "list.xlsx"
    assert check_upload("names.csv", "名字,title\n".encode(), allowed={"csv"}).kind == "csv"
    with pytest.raises(ValidationError, match="accepted types"):
        check_upload("payload.exe", b"MZ...", allowed={"xlsx", "csv"})
    with pytest.raises(ValidationError, match="does not contain"):
        check_upload("renamed.xlsx", b"MZ not a workbook", allowed={"xlsx"})
    fake_docx = io.BytesIO()
    with zipfile.ZipFile(fake_docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ValidationError, match="does not contain"):
        check_upload("sheet.xlsx", fake_docx.getvalue(), allowed={"xlsx"})
    with pytest.raises(ValidationError, match="does not contain"):
        check_upload("binary.csv", b"a,b\x00\x01\x02", allowed={"csv"})
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "1")
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        check_upload("big.csv", b"a" * (1024 * 1024 + 1), allowed={"csv"})
    with pytest.raises(ValidationError, match="empty"):
        check_upload("empty.csv", b"", allowed={"csv"})


IMPORT_PACKAGES = ("importers", "ingest", "imports", "import_")
USER_OR_AUDIT = __import__("re").compile(
    r"\b(User|UserCreate|UserUpdate)\b|services\.users|services import[^\n]*\busers\b|app_user"
    r"|(update|delete)\(\s*AuditEvent|UPDATE\s+audit_event|DELETE\s+FROM\s+audit_event")


def test_importers_cannot_touch_users_or_audit_rows():
    """Importers never name the user table, and never update or delete audit rows (they may
    append them, as the services do; the database refuses anything else anyway)."""
    root = Path(__file__).resolve().parents[2] / "tracker"
    modules = [path for path in root.rglob("*.py")
               if any(part.startswith(IMPORT_PACKAGES) for part in path.relative_to(root).parts)]
    assert modules, "no importer modules found"
    offenders = [f"{path.relative_to(root)}: {match.group(0)}" for path in modules
                 for match in USER_OR_AUDIT.finditer(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
