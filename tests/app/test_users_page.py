"""The users page: an administrator adds a user and changes a role; others are turned away."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in, signed_in_app
from tracker.auth.signin import authenticate
from tracker.auth.users import get_by_username
from tracker.models import Confidentiality, Role


def test_admin_adds_and_changes_a_user(database_url, session):
    at = signed_in_app("admin", page="views/users.py")
    assert not at.exception
    at.text_input(key="user_add_username").input("new.clerk")
    at.selectbox(key="user_add_role").select("editor")
    at.selectbox(key="user_add_clearance").select("confidential")
    at.text_input(key="user_add_password").input("clerk-password")
    next(b for b in at.button if b.label == "Add user").click().run()
    assert not at.exception
    assert "new.clerk" in list(at.dataframe[0].value["username"])
    assert authenticate(session, "new.clerk", "clerk-password").clearance is Confidentiality.CONFIDENTIAL

    at.selectbox(key="user_change_which").select("new.clerk").run()
    at.selectbox(key="user_change_role").select("viewer")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception
    session.rollback()
    assert get_by_username(session=session, username="new.clerk").role is Role.VIEWER


def test_bad_input_is_shown_next_to_the_form(database_url):
    at = signed_in_app("admin", page="views/users.py")
    at.text_input(key="user_add_username").input("bad name")
    at.text_input(key="user_add_password").input("short")
    next(b for b in at.button if b.label == "Add user").click().run()
    assert not at.exception
    assert "Please correct" in at.error[0].value


def test_editor_is_turned_away(database_url):
    page = AppTest.from_file(str(Path(APP).parent / "views" / "users.py"), default_timeout=30)
    sign_in(page, ensure_user("editor"))
    page.run()
    assert "Only an administrator" in page.error[0].value
    assert not page.dataframe
