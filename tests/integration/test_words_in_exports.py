"""Exports and `tracker extract` speak in words (issue 14 item 11): every table view's headings are
headings ("Signed on", not "signed_on"), its cells hold no stored code and no "None" or "nan";
the article reader's text output names kinds, roles and sides in words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from seed_data.reference import load_reference
from tests.app.test_words_not_codes import CODES, EMPTY, SNAKE
from tests.cli_helpers import run_cli
from tests.dashboard_data import build_dataset
from tracker.i18n import current_language
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


@pytest.mark.parametrize(("args", "lang"), [(("--lang", "zh_CN"), None), ((), "zh_CN.UTF-8"),
                                            (("--lang", "zh-Hans"), "en_GB.UTF-8")])
def test_extract_prints_its_words_in_chinese_with_lang_or_LANG(database_url, monkeypatch, capsys, args,
                                                                lang):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    if lang:
        monkeypatch.setenv("LANG", lang)
    code, out, _ = run_cli(monkeypatch, capsys, *args, "extract", str(ARTICLES / "en_signing.txt"))
    assert code == 0
    assert "签约仪式" in out and "（战略合作协议）" in out, out  # the catalogue writes Chinese brackets
    assert {"主方", "客方", "政府方", "企业方"} <= set(out.split()), out
    # (The organisations' own names still say "Government": names are not translated.)
    assert "Signing ceremony" not in out and not {"Host", "Guest"} & set(out.split()), out
    assert current_language() == "en"  # the command's language ends with it


def test_extract_stays_in_english_without_lang(database_url, monkeypatch, capsys):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, out, _ = run_cli(monkeypatch, capsys, "extract", str(ARTICLES / "en_signing.txt"))
    assert code == 0 and "Signing ceremony" in out and "签约仪式" not in out, out
