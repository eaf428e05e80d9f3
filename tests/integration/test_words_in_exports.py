"""Exports and `tracker extract` speak in words (issue 14 item 11): every table view's headings are
headings ("Signed on", not "signed_on"), its cells hold no stored code and no "None" or "nan";
the article reader's text output names kinds, roles and sides in words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from seed_data.reference import load_reference
from tests.app.test_words_not_codes import CODES, EMPTY, SNAKE
from tests.cli_helpers import run_cli
from tests.dashboard_data import build_dataset
from tracker.models import Confidentiality
from tracker.queries.filters import Filters
from tracker.queries.table_views import TABLE_VIEWS
from tracker.reports.table_export import export_table

ARTICLES = Path(__file__).resolve().parents[1] / "ingest_articles"


def test_every_export_has_headings_and_words(session):
    load_reference(session)
    build_dataset(session)
    filters = Filters(clearance=Confidentiality.SECRET)
    found, rows_seen = [], 0
    for view in TABLE_VIEWS:
        out = io.BytesIO()
        export_table(session, filters, view, "csv", out)
        header, *rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
        rows_seen += len(rows)
        found += [f"{view}: heading {h!r}" for h in header
                  if not h or h in CODES or SNAKE.match(h) or h.islower()]
        found += [f"{view}: {h!r} cell {cell!r}" for row in rows for h, cell in zip(header, row, strict=True)
                  if cell in CODES or cell in EMPTY]
    assert rows_seen > 20
    assert not found, "\n".join(found)


def test_extract_prints_kinds_roles_and_sides_in_words(database_url, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "extract", str(ARTICLES / "en_signing.txt"))
    assert code == 0
    words = out.split()
    assert "Signing ceremony" in out and "(Strategic cooperation agreement)" in out, out
    assert {"Host", "Guest", "Government", "Enterprise", "New"} <= set(words), out
    assert not {"signing_ceremony", "host", "guest", "attendee", "government", "enterprise",
                "None", "nan"} & set(words), out
