"""The sign-in page stands in front of every page: success, wrong password, lockout, sign-out."""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, TEST_PASSWORD, ensure_user


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
    assert at.session_state["actor"].username == "edith"
    assert any(m.label == "Meetings held" for m in at.metric)
    assert any("Signed in as edith" in t.value for t in at.sidebar.text)
    at.sidebar.button(key="sign_out").click().run()
    assert "actor" not in at.session_state
    assert any("signed out" in i.value for i in at.info)
    assert not at.metric


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
    assert "actor" not in at.session_state


def test_expired_session_returns_to_sign_in(database_url, monkeypatch):
    import datetime as dt

    monkeypatch.setenv("TRACKER_SESSION_MINUTES", "5")
    actor = ensure_user("viewer", username="sleepy")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state["actor_last_seen"] = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    at.run()
    assert not at.exception
    assert "actor" not in at.session_state
    assert any("5 minutes without activity" in i.value for i in at.info)


def test_a_page_run_alone_shows_sign_in_and_leaves_pages_folder_mode(database_url):
    """A deep link on a fresh server runs the page file alone (Streamlit's pages-folder mode):
    the page itself must ask for sign-in, and switch that mode off for the next run."""
    from pathlib import Path

    from streamlit.runtime.pages_manager import PagesManager

    page = AppTest.from_file(str(Path(APP).parent / "pages" / "audit.py"), default_timeout=30).run()
    assert not page.exception
    assert [s.value for s in page.subheader] == ["Sign in"]
    assert not page.dataframe
    # Outside AppTest (which re-enters the mode before each run) the page switches it off.
    from dashboards.auth import leave_pages_folder_mode

    PagesManager.uses_pages_directory = True
    try:
        leave_pages_folder_mode()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = None
