"""User writes: only administrators create and change users; passwords never reach the audit trail."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tracker.auth.passwords import verify_password
from tracker.auth.users import get_by_username
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import Confidentiality, Role, User, UserCreate, UserUpdate
from tracker.services import users

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """Argon2 with minimal cost: the same code path, a fraction of the time (tests only)."""
    monkeypatch.setattr("tracker.auth.passwords._hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def make_user(session, admin, username="Policy.Staff", **fields) -> User:
    return users.create_user(session=session, actor=admin, data=UserCreate(
        username=username, password=PASSWORD, **{"role": Role.EDITOR, **fields}))


def test_create_hashes_the_password_and_audits_without_it(session, admin):
    user = make_user(session, admin, display_name=" Li  Wei ", clearance="confidential")
    assert (user.username, user.display_name, user.role) == ("policy.staff", "Li Wei", Role.EDITOR)
    assert user.clearance is Confidentiality.CONFIDENTIAL
    assert user.password_hash != PASSWORD and verify_password(user.password_hash, PASSWORD)
    assert get_by_username(session=session, username="POLICY.STAFF").id == user.id
    audit = assert_audited(session, entity="app_user", entity_id=user.id, action="create", actor="alice")
    assert audit.after["username"] == "policy.staff" and audit.after["clearance"] == 2
    assert "password_hash" not in audit.after and PASSWORD not in str(audit.after)


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"username": "li wei"}, "username", "letters, digits"),
    ({"username": "li/wei"}, "username", "no spaces"),
    ({"username": "u" * 101}, "username", "100"),
    ({"username": "POLICY.staff"}, "username", "is taken"),
    ({"username": "System"}, "username", "reserved"),
    ({"password": "short"}, "password", "8 characters"),
    ({"role": "superuser"}, "role", "admin"),
    ({"clearance": "top secret"}, "clearance", "public, internal, confidential or secret"),
])
def test_create_refuses_invalid_input(session, admin, fields, field, fragment):
    make_user(session, admin)
    with nothing_changes(session, User), pytest.raises(ValidationError) as caught:
        users.create_user(session=session, actor=admin, data={
            "username": "newcomer", "password": PASSWORD, **fields})
    assert fragment in caught.value.errors[field]


def test_update_role_and_password_is_audited_without_the_password(session, admin):
    user = make_user(session, admin)
    users.update_user(session=session, actor=admin, user_id=user.id,
                      data=UserUpdate(role=Role.VIEWER, password="a new long password"))
    session.expire_all()
    stored = session.get(User, user.id)
    assert stored.role is Role.VIEWER and verify_password(stored.password_hash, "a new long password")
    audit = assert_audited(session, entity="app_user", entity_id=user.id, action="update")
    assert (audit.before["role"], audit.after["role"]) == ("editor", "viewer")
    assert audit.after["password"] == "changed" and "a new long password" not in str(audit.after)


@pytest.mark.parametrize(("data", "field"), [({"role": None}, "role"), ({"password": "short"}, "password"),
                                             ({"is_active": None}, "is_active")])
def test_update_refuses_invalid_input(session, admin, data, field):
    user = make_user(session, admin)
    with nothing_changes(session, User), pytest.raises(ValidationError) as caught:
        users.update_user(session=session, actor=admin, user_id=user.id, data=data)
    assert field in caught.value.errors
    session.expire_all()
    assert session.get(User, user.id).role is Role.EDITOR


@pytest.mark.parametrize("actor_name", ["editor", "viewer"])
def test_only_an_administrator_manages_users(session, admin, request, actor_name):
    actor = request.getfixturevalue(actor_name)
    user = make_user(session, admin)
    with nothing_changes(session, User), pytest.raises(PermissionDenied, match="Only an administrator"):
        users.create_user(session=session, actor=actor, data=UserCreate(username="x", password=PASSWORD))
    with nothing_changes(session, User), pytest.raises(PermissionDenied, match="Only an administrator"):
        users.update_user(session=session, actor=actor, user_id=user.id, data=UserUpdate(role=Role.ADMIN))
    session.expire_all()
    assert session.get(User, user.id).role is Role.EDITOR


def test_missing_user_is_not_found(session, admin):
    with pytest.raises(NotFound, match="No user with id 404"):
        users.update_user(session=session, actor=admin, user_id=404, data=UserUpdate(role=Role.ADMIN))
