"""The users page: an administrator adds a user and changes a role; others are turned away."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in, signed_in_app
from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import Actor
from tracker.auth.signin import authenticate
from tracker.auth.users import get_by_username
from tracker.errors import ValidationError
from tracker.models import Confidentiality, Role
from tracker.services.users import update_user


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


def test_admin_sets_contact_details_within_their_clearance(database_url, session):
    org = make_organisation(session, name="Harbour Robotics")
    known = make_person(session, name="Lin Hai", organisation=org)
    secret = make_person(session, name="Lin Shan")  # named only in a secret meeting
    make_meeting(session, people_and_orgs=[(secret, org, "enterprise")],
                 confidentiality=Confidentiality.SECRET)
    clerk = ensure_user("editor", username="clerk")
    admin = ensure_user("admin", clearance="internal", username="admin_internal")
    at = signed_in_app("admin", clearance="internal", username="admin_internal", page="views/users.py")
    at.selectbox(key="user_change_which").select("clerk").run()
    key = f"user_contact_{clerk.user_id}"
    at.text_input(key=f"{key}_person_search").input("Lin").run()
    assert at.selectbox(key=f"{key}_person_choice").options == ["—", "Lin Hai"]  # not Lin Shan

    at.text_input(key=f"{key}_email").input("clerk at example")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert any("address" in e.value for e in at.error)  # next to the field; nothing saved
    session.rollback()
    assert get_by_username(session=session, username="clerk").email is None

    at.text_input(key=f"{key}_email").input(" clerk@example.gov.cn ")
    at.selectbox(key=f"{key}_person_choice").select("Lin Hai")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    session.rollback()
    user = get_by_username(session=session, username="clerk")
    assert (user.email, user.person_id) == ("clerk@example.gov.cn", known.id)
    event = assert_audited(session, entity="app_user", entity_id=user.id, action="update",
                           actor="admin_internal")
    assert event.after["email"] == "clerk@example.gov.cn"
    row = at.dataframe[0].value.set_index("username").loc["clerk"]
    assert (row["email"], row["person"]) == ("clerk@example.gov.cn", "Lin Hai")
    # The service refuses a person above the administrator's clearance, as the CLI would.
    with pytest.raises(ValidationError):
        update_user(session=session, actor=Actor(username=admin.username, role=Role.ADMIN,
                                                 clearance=Confidentiality.INTERNAL, user_id=admin.user_id),
                    user_id=user.id, data={"person_id": secret.id})
