"""The "From an article" page: paste, draft, correct, save; nothing written before Save."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from tests.app.helpers import app_at_address, signed_in_app
from tracker.db import get_engine, session_scope
from tracker.models import Meeting, Organisation, Person
from tracker.taxonomy import ensure_default_taxonomy

# The page hands what a person typed to services that validate and write; those services, and the
# duplicate and import rules behind them, are tested on both databases, so the page runs on SQLite.
pytestmark = pytest.mark.sqlite_only

ARTICLE = (Path(__file__).resolve().parents[1] / "ingest_articles" / "en_two_meetings.txt").read_text("utf-8")
PAGE = "views/ingest.py"


def counts() -> tuple[int, int, int]:
    with session_scope(get_engine()) as s:
        return tuple(len(s.exec(select(m.id)).all()) for m in (Meeting, Person, Organisation))


def test_paste_draft_correct_and_save(database_url):
    with session_scope(get_engine()) as s:
        ensure_default_taxonomy(s)
    at = signed_in_app("editor", page=PAGE)
    assert not at.exception
    at.text_area(key="ingest_text").set_value(ARTICLE).run()
    at.button(key="ingest_extract").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="ingest_title_0").value == "Chen Mingyuan meets Liu Jiahui of Lanting Robotics"
    assert counts() == (0, 0, 0)  # drafting writes nothing
    at.text_input(key="ingest_title_0").set_value("Governor Chen meets Lanting Robotics").run()
    at.button(key="ingest_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Saved “Governor Chen meets Lanting Robotics”" in at.success[0].value
    # Regression: the record was only named by its raw id ("Saved meeting #12"); now a link opens it.
    assert at.get("page_link")[0].proto.label == "Open the new record"
    # Regression: raw enum values in the kind box and raw column names in the tables.
    assert at.selectbox(key="ingest_kind_0").format_func("signing_ceremony") == "Signing ceremony"
    with session_scope(get_engine()) as s:
        meeting = s.exec(select(Meeting)).one()
        assert meeting.title == "Governor Chen meets Lanting Robotics"
    assert counts()[1] == 2


def test_second_meeting_can_be_chosen_and_a_future_date_is_refused(database_url):
    with session_scope(get_engine()) as s:
        ensure_default_taxonomy(s)
    at = signed_in_app("editor", page=PAGE)
    at.text_area(key="ingest_text").set_value(ARTICLE).run()
    at.button(key="ingest_extract").click().run()
    at.radio(key="ingest_meeting").set_value(1).run()
    assert "Zhou Lan" in at.text_input(key="ingest_title_1").value
    import datetime as dt

    at.date_input(key="ingest_date_1").set_value(dt.date.today() + dt.timedelta(days=10)).run()
    at.button(key="ingest_save").click().run()
    assert at.error and "future" in at.error[0].value
    assert at.text_input(key="ingest_title_1").value  # the reviewer's input is still there
    assert counts() == (0, 0, 0)


def test_viewer_is_told_the_role_instead_of_the_form(database_url):
    """Issue 14 item 12: a viewer is not offered the article form at all, only told the role."""
    at = app_at_address("viewer", "from-article")
    assert not at.exception
    assert not at.text_area and not [b for b in at.button if b.key in ("ingest_extract", "ingest_save")]
    assert any("editor" in w.value for w in at.warning)
