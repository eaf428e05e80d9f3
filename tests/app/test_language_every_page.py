"""中文 as a whole: every page the navigation registers, opened by an administrator (so none is a
stand-in) in Chinese on the demo data, runs without an exception and shows no English the catalogue
knows — neither in its labels and notices nor in the cells of its tables' label-like columns — and
no date written the ISO way (2019-05-07): a date a person reads is 2019年5月7日 in Chinese, in
text, in a table cell, or by the format of a table's date column."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

import dashboards.navigation as navigation
from tests.app.helpers import APP, ensure_user, sign_in
from tests.app.test_language import (  # noqa: F401 (the demo-data fixture)
    demo,
    english_leftovers,
    visible_strings,
)
from tracker.i18n import catalogue_path
from tracker.matching import fold
from tracker.taxonomy import chinese_area_names, chinese_sector_names

# Columns whose cells are words of the application (a kind, a status), not data or names.
LABEL_COLUMNS = re.compile(r"(^|_)(kind|status|role|side|area|sector|action)s?($|_)")

# A record page (``?id=N``) opened on which record of the demo data; the others open as listed.
RECORD_OF = {"meeting": "M1", "organisation_profile": "A", "enterprise": "A", "person_profile": "a1",
             "official": "g1", "pledges": "pledge_A"}


def registered_pages() -> list[tuple[str, str]]:
    """(file under views/, url path) of every page ``build_pages`` registers for an administrator."""
    made: list[tuple[str, str]] = []

    def record(page, *, url_path=None, **_):
        if isinstance(page, str):
            made.append((f"views/{Path(page).name}", url_path or Path(page).stem))
        return page

    class Admin:
        role, can_write, is_admin = "admin", True, True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(navigation.st, "Page", record)
        navigation.build_pages(Admin())
    return made


PAGES = registered_pages()


def english_msgids() -> set[str]:
    with catalogue_path("en").open("rb") as source:
        return {m.id for m in read_po(source) if isinstance(m.id, str) and m.id}


def english_cells(at: AppTest) -> list[tuple[str, str]]:
    """(column, cell) of the label-like columns of every table that hold an English msgid, or a
    sector's or area's English name that the taxonomy writes in Chinese."""
    ids = english_msgids()
    named = {"sector": chinese_sector_names(), "area": chinese_area_names()}
    found = []
    for table in at.dataframe:
        frame = table.value
        for column in frame.columns:
            if LABEL_COLUMNS.search(str(column).lower()):
                chinese = next((names for word, names in named.items() if word in str(column).lower()), {})
                found += [(str(column), cell) for cell in frame[column].dropna().unique()
                          if isinstance(cell, str) and (cell in ids or fold(cell.strip()) in chinese)]
    return found


def english_placeholders(at: AppTest) -> list[str]:
    """Choice widgets left with Streamlit's own placeholder (English in every language: an empty
    one in the message) or with an English one: each passes ``choose_placeholder()``."""
    ids = english_msgids()
    return [widget.label for kind in ("multiselect", "selectbox") for widget in getattr(at, kind)
            if not widget.proto.placeholder.strip() or widget.proto.placeholder in ids]


# A date written the ISO way where the page writes a value: a whole text, or after a label's
# colon, an arrow or a list's separator ("至 2019-05-07" too). Free text that quotes one (an
# article's "Fuzhou Daily, 2019-05-08") is data, not a date the page wrote.
ISO_DATE = re.compile(r"(^|[：:→；至]\s*)\d{4}-\d{2}-\d{2}(?!\d)")


def _holds_dates(values) -> bool:
    present = values.dropna()
    return str(values.dtype).startswith("datetime64") or (
        not present.empty and present.map(lambda v: isinstance(v, dt.date)).all())


def iso_dates(at: AppTest) -> list[str]:
    """Dates a person reads written the ISO way: in text (labels, captions, metrics, choices), in a
    table's text cells, or in a shown date column whose format is not the Chinese one."""
    texts = visible_strings(at) + [str(m.value) for m in at.metric]
    texts += [str(option) for kind in ("selectbox", "multiselect", "radio") for widget in getattr(at, kind)
              for option in widget.options]
    found = [text for text in texts if ISO_DATE.search(text)]
    for table in at.dataframe:
        frame, config = table.value, json.loads(table.proto.columns or "{}")
        shown = list(table.proto.column_order) or [str(c) for c in frame.columns]
        for column in frame.columns:
            settings = config.get(str(column)) or {}
            if str(column) not in shown or settings.get("hidden"):
                continue
            if _holds_dates(frame[column]):
                pattern = (settings.get("type_config") or {}).get("format", "")
                if "年" not in pattern:
                    found.append(f"{table.key}: date column {column} formatted {pattern or 'by default'}")
            else:
                found += [f"{table.key}: {column}: {cell}" for cell in frame[column].dropna().unique()
                          if isinstance(cell, str) and ISO_DATE.search(cell)]
    return found


@pytest.fixture
def admin(demo, monkeypatch):  # noqa: F811 (the fixture imported above)
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    return ensure_user("admin", clearance="secret", username="li.ming")


def test_the_navigation_registers_pages():
    assert len(PAGES) > 15 and ("views/overview.py", "overview") in PAGES


@pytest.mark.sqlite_only  # the words a page shows do not depend on the database
@pytest.mark.parametrize(("page", "url_path"), PAGES, ids=[url for _, url in PAGES])
def test_every_page_speaks_chinese(admin, demo, page, url_path):  # noqa: F811
    at = AppTest.from_file(APP, default_timeout=90)
    sign_in(at, admin)
    at.run()
    at.switch_page(page)
    at.query_params["period"] = "all"
    if url_path in RECORD_OF:
        at.query_params["id"] = str(demo[RECORD_OF[url_path]])
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="language_switch").value == "zh_CN"
    assert english_leftovers(at) == []
    assert english_cells(at) == []
    assert english_placeholders(at) == []
    assert iso_dates(at) == []


def test_a_file_prepared_in_english_is_not_offered_after_switching_to_chinese(demo, monkeypatch):  # noqa: F811
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "en")
    officer = ensure_user("editor", clearance="secret", username="zhao.lei")
    at = AppTest.from_file(APP, default_timeout=90)
    sign_in(at, officer)
    at.run()
    at.switch_page("views/overview.py")
    at.query_params["period"] = "all"
    at.run()
    at.checkbox(key="overview_report_charts").uncheck().run()  # no browser needed for charts
    at.button(key="overview_report_docx_prepare").click().run()
    assert not at.exception, at.exception
    assert "overview_report_docx_download" in {button.key for button in at.download_button}

    at.radio(key="language_switch").set_value("zh_CN").run()
    assert not at.exception, at.exception
    assert at.button(key="overview_report_docx_prepare").label == "生成报告（Word）"
    assert "overview_report_docx_download" not in {button.key for button in at.download_button}
