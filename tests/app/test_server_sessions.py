"""The app signs in from a server-side session and re-reads the user on every run: a token signs
in without the form, and an administrator's deactivation, demotion or ending of the session
applies on the user's next click."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboards.auth import SESSION_TOKEN_KEY
from tests.app.helpers import APP, ensure_user, sign_in, signed_in_app
from tests.conftest import assert_audited
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.auth.sessions import start_session
from tracker.db import get_engine, session_scope
from tracker.models import Role, UserUpdate
from tracker.services.users import update_user


def admin_changes(user_id: int, **changes) -> None:
    with session_scope(get_engine()) as session:
        update_user(session=session, actor=SYSTEM_ACTOR, user_id=user_id, data=UserUpdate(**changes))


def test_a_session_token_signs_in_and_deactivation_signs_out_at_the_next_run(database_url):
    at = AppTest.from_file(APP, default_timeout=30)
    editor = sign_in(at, ensure_user("editor", username="edith"))
    at.run()
    assert not at.exception
    assert not at.text_input  # no sign-in form
    assert any("Signed in as edith" in t.value for t in at.sidebar.text)
    assert any(m.label == "Meetings held" for m in at.metric)

    admin_changes(editor.user_id, is_active=False)
    at.run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Sign in"]
    assert not at.metric
    assert any("account deactivated" in i.value for i in at.info)
    assert SESSION_TOKEN_KEY not in at.session_state


def test_demotion_applies_at_the_next_run(database_url):
    at = signed_in_app("editor", username="edith")
    at.switch_page("views/import.py").run()
    assert not at.exception and at.file_uploader
    editor = ensure_user("editor", username="edith")
    admin_changes(editor.user_id, role=Role.VIEWER, clearance="public")
    at.run()
    assert not at.exception
    assert not at.file_uploader
    assert any("viewer, Public clearance" in t.value for t in at.sidebar.text)


def test_admin_lists_and_ends_a_session_on_the_users_page(database_url, session):
    editor = ensure_user("editor", username="edith")
    with session_scope(get_engine()) as s:
        editor_token = start_session(session=s, actor=editor, user_agent="Mozilla/5.0 (X11; Linux)")
    at = signed_in_app("admin", page="views/users.py")
    assert not at.exception
    sessions = next(df.value for df in at.dataframe if "user_agent" in df.value.columns)
    assert set(sessions["user"]) == {"edith", "admin_secret"}
    assert editor_token not in sessions.to_string()

    at.selectbox(key="session_end_which").select(
        next(o for o in at.selectbox(key="session_end_which").options if o.startswith("edith"))).run()
    next(b for b in at.button if b.label == "End session").click().run()
    assert not at.exception
    assert any("Ended" in s.value for s in at.success)
    sessions = next(df.value for df in at.dataframe if "user_agent" in df.value.columns)
    assert list(sessions["user"]) == ["admin_secret"]
    assert_audited(session, entity="user_session", entity_id=None, action="update", actor="admin_secret")

    tab = AppTest.from_file(APP, default_timeout=30)
    tab.session_state[SESSION_TOKEN_KEY] = editor_token
    tab.run()
    assert [s.value for s in tab.subheader] == ["Sign in"]
    assert any("ended by an administrator" in i.value for i in tab.info)
