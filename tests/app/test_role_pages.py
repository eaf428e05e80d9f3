"""Issue 14 item 12: a viewer is not offered what a viewer cannot do. The log forms are out of a
viewer's navigation, and a link to a page the reader's role may not open says which role it needs
(instead of the "page not found" dialog and Home)."""

from __future__ import annotations

import pytest

from tests.app.helpers import app_at_address, signed_in_app

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

EDITOR_PAGES = {"log-meeting": "Log a meeting", "from-article": "From an article",
                "import": "Import a spreadsheet", "duplicates": "Possible duplicates"}
ADMIN_PAGES = {"audit": "Audit trail", "users": "Users", "archive": "Archive"}


@pytest.mark.parametrize("url_path", [*EDITOR_PAGES, *ADMIN_PAGES])
def test_a_viewer_opening_an_editors_or_admins_page_is_told_the_role(database_url, url_path):
    at = app_at_address("viewer", url_path)
    assert not at.exception
    needed = "editor" if url_path in EDITOR_PAGES else "administrator"
    assert at.title[0].value == {**EDITOR_PAGES, **ADMIN_PAGES}[url_path]
    assert [w.value for w in at.warning] == [
        f"This page needs the {needed} role; you are signed in as a viewer."]
    assert not at.text_input and not at.file_uploader and not at.dataframe  # no form, no records


@pytest.mark.parametrize("url_path", list(ADMIN_PAGES))
def test_an_editor_opening_an_admins_page_is_told_the_role(database_url, url_path):
    at = app_at_address("editor", url_path)
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "This page needs the administrator role; you are signed in as an editor."]


def test_an_editor_still_opens_the_log_form_at_its_address(database_url):
    at = app_at_address("editor", "log-meeting")
    assert not at.exception
    assert at.title[0].value == "Log a meeting" and not at.warning
    assert not at.button(key="lm_save").disabled


def test_the_log_forms_are_not_in_a_viewers_navigation(database_url):
    at = signed_in_app("viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/log_meeting.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/ingest.py")
