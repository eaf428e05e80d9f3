"""Each kind of document, built from the reference scenario by the function the CLI calls, in every
format the registry offers it in: the file opens and names what it should."""

from __future__ import annotations

import datetime as dt

import pytest

from seed_data.reference import load_reference
from tests.unit.test_format_renderers import OPENERS
from tracker.models import Confidentiality
from tracker.queries.briefing_data import find_organisation_id
from tracker.queries.calendar import calendar_meetings
from tracker.queries.filters import Filters
from tracker.reports.briefing import write_briefing
from tracker.reports.formats import DocumentKind, formats_for, render_bytes
from tracker.reports.ics import CalendarContent
from tracker.reports.period import write_period_report
from tracker.reports.table_export import export_table
from tracker.reports.transparency import write_return

# How a document is laid out cannot depend on the database; the queries that fill it are tested
# on both (test_clearance, test_dashboard_queries, test_reports), so these run on SQLite only.
pytestmark = pytest.mark.sqlite_only

INTERNAL = Filters(clearance=Confidentiality.INTERNAL, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))


def write_export(session, fmt, path):
    export_table(session, INTERNAL, "meetings", fmt, path, generated_by="tester")


def write_report(session, fmt, path):
    write_period_report(session, INTERNAL, fmt, path, with_charts=False, generated_by="tester")


def write_brief(session, fmt, path):
    sensetime = find_organisation_id(session, "SenseTime", clearance=INTERNAL.clearance)
    write_briefing(session, INTERNAL, sensetime, fmt, path)


def write_quarter(session, fmt, path):
    write_return(session, INTERNAL, "2019Q2", fmt, path, generated_by="tester")


def write_calendar(session, fmt, path):
    meetings = calendar_meetings(session, INTERNAL, INTERNAL.start, INTERNAL.end)
    path.write_bytes(render_bytes(DocumentKind.CALENDAR, fmt, CalendarContent(meetings, "2019")))


WRITERS = {DocumentKind.TABLE_EXPORT: write_export, DocumentKind.PERIOD_REPORT: write_report,
           DocumentKind.BRIEFING: write_brief, DocumentKind.TRANSPARENCY_RETURN: write_quarter,
           DocumentKind.CALENDAR: write_calendar}
CASES = [(kind, fmt) for kind in DocumentKind for fmt in formats_for(kind)]


@pytest.mark.parametrize("kind, fmt", CASES, ids=[f"{k.name.lower()}-{f.key}" for k, f in CASES])
def test_document_in_each_registered_format_opens_and_names_sensetime(session, tmp_path, kind, fmt):
    load_reference(session)
    path = tmp_path / f"document{fmt.suffix}"
    WRITERS[kind](session, fmt.key, path)
    assert "SenseTime" in " ".join(OPENERS[fmt.key](path.read_bytes()))
