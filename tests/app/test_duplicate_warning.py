"""Before a duplicate is saved (issue 14 item 2): logging the reference meeting a second time, by
hand or from its article, warns with a link to the one recorded; "Save as a separate meeting" saves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from seed_data.reference import load_reference
from tests.app.helpers import signed_in_app
from tests.app.meeting_pages import fresh_page_cache, open_page  # noqa: F401 (autouse fixture)
from tracker.auth.actor import Actor
from tracker.db import get_engine, session_scope
from tracker.models import Confidentiality, Meeting, Role

# The page hands what a person typed to services that validate and write; those services, and the
# duplicate and import rules behind them, are tested on both databases, so the page runs on SQLite.
pytestmark = pytest.mark.sqlite_only

EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
ARTICLE = (Path(__file__).resolve().parents[1] / "ingest_articles" / "zh_reference.txt").read_text("utf-8")
WARNING = "Not saved yet: this may be a meeting already recorded"


def meetings() -> list[tuple[int, str]]:
    with session_scope(get_engine()) as s:
        return [(m.id, m.title) for m in s.exec(select(Meeting).order_by(Meeting.id))]


@pytest.fixture
def reference(database_url, session, monkeypatch) -> tuple[int, dict]:
    """The reference meeting recorded, and its ``MeetingCreate`` as a form draft."""
    captured = {}
    with monkeypatch.context() as patched:
        patched.setattr("seed_data.reference.meetings.create_meeting",
                        lambda *, session, actor, data: captured.setdefault("data", data))
        load_reference(session)
    meeting = load_reference(session)
    draft = captured["data"].model_dump(mode="json", exclude={"import_key"})
    return meeting.id, draft


def _links(at) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.page) for link in at.get("page_link")]


def test_logging_the_reference_meeting_again_warns_then_saves_as_separate(reference):
    reference_id, draft = reference
    at = open_page(EDITOR, "views/log_meeting.py")
    at.session_state["meeting_draft"] = draft
    at.run()
    at.button(key="lm_save").click().run()
    assert not at.exception
    assert [w.value for w in at.warning if WARNING in w.value], [w.value for w in at.warning]
    title = meetings()[0][1]
    assert any(label == f"Open the existing one: 2019-05-07 · {title}" for label, _page in _links(at)), \
        _links(at)
    assert any("Ma Huateng" in c.value and "Tencent" in c.value for c in at.caption)
    assert meetings() == [(reference_id, title)]  # nothing saved
    assert not at.success
    at.button(key="lm.duplicates.separate").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success), at.session_state["lm.errors"]
    assert len(meetings()) == 2
    assert not [w for w in at.warning if WARNING in w.value]


def test_a_meeting_sharing_nobody_is_saved_without_a_warning(reference):
    _reference_id, draft = reference
    at = open_page(EDITOR, "views/log_meeting.py")
    at.session_state["meeting_draft"] = {**draft, "date": "2019-05-10"}  # three days later
    at.run()
    at.button(key="lm_save").click().run()
    assert not [w for w in at.warning if WARNING in w.value]
    assert any("Saved" in s.value for s in at.success), at.session_state["lm.errors"]


def test_the_article_page_says_already_recorded_before_saving(reference):
    reference_id, _draft = reference
    at = signed_in_app("editor", page="views/ingest.py")
    at.text_area(key="ingest_text").set_value(ARTICLE).run()
    at.button(key="ingest_extract").click().run()
    assert not at.exception
    assert any("already recorded" in w.value for w in at.warning), [w.value for w in at.warning]
    assert any(label.startswith("Open the existing one: 2019-05-07") for label, _ in _links(at))
    at.button(key="ingest_save").click().run()
    assert not at.exception and not at.success
    assert any(WARNING in w.value for w in at.warning)
    assert [m[0] for m in meetings()] == [reference_id]
    at.button(key="ingest_duplicates_0.separate").click().run()
    assert not at.exception, at.exception
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    assert len(meetings()) == 2


def test_an_edit_moving_a_meeting_onto_the_reference_day_warns(reference):
    reference_id, draft = reference
    at = open_page(EDITOR, "views/log_meeting.py")
    at.session_state["meeting_draft"] = {**draft, "date": "2019-05-03", "title": "Earlier talks"}
    at.run()
    at.button(key="lm_save").click().run()
    other_id = next(i for i, title in meetings() if title == "Earlier talks")
    at = open_page(EDITOR, "views/meeting_record.py", id=other_id)
    form = f"em{other_id}"
    at.date_input(key=f"{form}.date").set_value(dt.date(2019, 5, 8)).run()
    at.button(key=f"{form}.save").click().run()
    assert not at.exception
    assert any(WARNING in w.value for w in at.warning)
    assert any(f"id={reference_id}" in page or label.startswith("Open the existing one: 2019-05-07")
               for label, page in _links(at))
    at.button(key=f"{form}.duplicates.separate").click().run()
    assert any("Saved (version" in s.value for s in at.success), [e.value for e in at.error]
    with session_scope(get_engine()) as s:
        assert s.get(Meeting, other_id).date == dt.date(2019, 5, 8)
