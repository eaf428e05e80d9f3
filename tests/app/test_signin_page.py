"""The sign-in page stands in front of every page: success, wrong password, lockout, sign-out."""

from streamlit.testing.v1 import AppTest

from dashboards.auth import SESSION_TOKEN_KEY
from tests.app.helpers import APP, TEST_PASSWORD, ensure_user
from tracker.auth.sessions import resolve_session, start_session
from tracker.db import get_engine, session_scope


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    return at.run()


def test_only_sign_in_page_until_signed_in(database_url):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Engagement Tracker"
    assert [s.value for s in at.subheader] == ["Sign in"]
    assert not at.metric  # nothing of the home page shows


def test_sign_in_then_sign_out(database_url):
    ensure_user("editor", username="edith")
    at = sign_in(AppTest.from_file(APP, default_timeout=30).run(), "edith", TEST_PASSWORD)
    assert not at.exception
    token = at.session_state[SESSION_TOKEN_KEY]
    with session_scope(get_engine()) as session:
        assert resolve_session(session=session, token=token).username == "edith"
    assert any(m.label == "Meetings held" for m in at.metric)
    assert any("Signed in as edith" in t.value for t in at.sidebar.text)
    at.sidebar.button(key="sign_out").click().run()
    assert SESSION_TOKEN_KEY not in at.session_state
    assert any("signed out" in i.value for i in at.info)
    assert not at.metric
    with session_scope(get_engine()) as session:  # ended in the database, not only in the tab
        assert resolve_session(session=session, token=token) is None


def test_wrong_password_and_lockout_with_time_left(database_url, monkeypatch):
    monkeypatch.setenv("TRACKER_LOGIN_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("TRACKER_LOCKOUT_MINUTES", "10")
    ensure_user("viewer", username="vera")
    at = AppTest.from_file(APP, default_timeout=30).run()
    sign_in(at, "vera", "wrong-password")
    assert [e.value for e in at.error] == ["Wrong username or password."]
    sign_in(at, "vera", "wrong-again")
    sign_in(at, "vera", "still-wrong")
    assert "locked for 10 min" in at.error[0].value
    sign_in(at, "vera", TEST_PASSWORD)  # right password, but locked
    assert "locked for" in at.error[0].value
    assert SESSION_TOKEN_KEY not in at.session_state


def test_expired_session_returns_to_sign_in(database_url, monkeypatch):
    import datetime as dt

    monkeypatch.setenv("TRACKER_SESSION_MINUTES", "5")
    actor = ensure_user("viewer", username="sleepy")
    at = AppTest.from_file(APP, default_timeout=30)
    with session_scope(get_engine()) as session:
        at.session_state[SESSION_TOKEN_KEY] = start_session(
            session=session, actor=actor, now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6))
    at.run()
    assert not at.exception
    assert SESSION_TOKEN_KEY not in at.session_state
    assert [s.value for s in at.subheader] == ["Sign in"]
    assert any("5 minutes without activity" in i.value for i in at.info)


def test_a_page_run_alone_shows_sign_in(database_url):
    """Whatever runs a page file on its own (a deep link, a test), the page asks for sign-in."""
    from pathlib import Path

    page = AppTest.from_file(str(Path(APP).parent / "views" / "audit.py"), default_timeout=30).run()
    assert not page.exception
    assert [s.value for s in page.subheader] == ["Sign in"]
    assert not page.dataframe
