"""An unexpected error never shows internals: the page says "something went wrong" with an
incident id, and the server log holds the traceback under that id."""

from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, TEST_PASSWORD, ensure_user, signed_in_app
from tracker.errors import DatabaseUnavailable

SQL = "SELECT password_hash FROM app_user WHERE username = %(username)s"
INCIDENT = re.compile(r"incident id \*\*([0-9a-f]{8})\*\*")


def locked(*_args, **_kwargs):
    raise sa.exc.OperationalError(SQL, {"username": "edith-secret-parameter"},
                                  Exception("database is locked"))


def everything_shown(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "text", "info", "error", "warning",
             "exception", "code", "json")
    return "\n".join(str(getattr(element, "value", element)) for kind in kinds
                     for element in getattr(at, kind))


def assert_incident_shown_and_logged(at: AppTest, caplog) -> None:
    assert not at.exception
    shown = everything_shown(at)
    for internal in ("SELECT", "password_hash", "edith-secret-parameter", "Traceback",
                     "OperationalError", ".py"):
        assert internal not in shown, internal
    [incident] = [match.group(1) for error in at.error for match in [INCIDENT.search(error.value)]
                  if match]
    [record] = [r for r in caplog.records if r.name == "tracker.incidents" and incident in r.getMessage()]
    assert record.exc_info is not None
    logged = logging.Formatter().formatException(record.exc_info)
    assert "Traceback" in logged and "database is locked" in logged and "edith-secret-parameter" in logged


def test_a_failing_page_shows_an_incident_id_and_logs_the_traceback(database_url, monkeypatch, caplog):
    caplog.set_level(logging.ERROR, logger="tracker.incidents")
    monkeypatch.setattr("tracker.queries.home.headline_counts", locked)
    at = signed_in_app("viewer")
    assert_incident_shown_and_logged(at, caplog)
    assert any("Signed in as" in t.value for t in at.sidebar.text)  # the rest of the app still works


def test_a_failing_sign_in_shows_an_incident_id_not_the_sql(database_url, monkeypatch, caplog):
    caplog.set_level(logging.ERROR, logger="tracker.incidents")
    ensure_user("editor", username="edith")
    monkeypatch.setattr("dashboards.auth.authenticate", locked)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="sign_in_username").input("edith")
    at.text_input(key="sign_in_password").input(TEST_PASSWORD)
    at.button[0].click().run()
    assert_incident_shown_and_logged(at, caplog)


def test_a_database_restart_mid_page_asks_to_try_again_instead_of_an_incident(request, database_url,
                                                                              monkeypatch, caplog):
    if "postgresql" in request.node.name:
        pytest.skip("what the page says does not depend on the database; the SQLite run covers it")
    caplog.set_level(logging.WARNING, logger="tracker.incidents")

    def unreachable(*_args, **_kwargs):
        raise DatabaseUnavailable()

    monkeypatch.setattr("tracker.queries.home.headline_counts", unreachable)
    at = signed_in_app("viewer")
    assert not at.exception and not at.error  # no incident id: nothing for the administrator
    [warning] = at.warning
    assert warning.value == ("The database could not be reached just now (it may be restarting), "
                             "so this was not done. Please try again in a moment.")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
