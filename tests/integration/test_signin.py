"""Signing in: success, wrong password, lockout with the time left, reset on success, expiry."""

import datetime as dt

import pytest
from sqlmodel import select

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.auth.oidc import actor_from_claims
from tracker.auth.signin import (
    AccountLocked,
    SignInFailed,
    authenticate,
    format_time_left,
    session_expired,
)
from tracker.auth.throttle import locked_names
from tracker.errors import PermissionDenied
from tracker.models import AuditEvent, Confidentiality, Role, SignInThrottle, UserCreate, UserUpdate
from tracker.services.users import create_user, update_user

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def mei(session):
    return create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="Mei", role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL,
        password="right-password"))


def test_success_returns_actor_and_audits(session, mei):
    actor = authenticate(session, "mei", "right-password", now=NOW)
    assert (actor.username, actor.role, actor.clearance) == ("mei", Role.EDITOR,
                                                             Confidentiality.CONFIDENTIAL)
    session.expire_all()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    assert event.actor_username == "mei" and event.entity_id == mei.id


@pytest.mark.parametrize("username,password", [("mei", "wrong"), ("nobody", "right-password"),
                                               ("", "")])
def test_failure_says_nothing_about_which_part(session, mei, username, password):
    with pytest.raises(SignInFailed) as raised:
        authenticate(session, username, password, now=NOW)
    assert raised.value.message == "Wrong username or password."


def test_inactive_user_cannot_sign_in(session, mei):
    update_user(session=session, actor=SYSTEM_ACTOR, user_id=mei.id, data=UserUpdate(is_active=False))
    with pytest.raises(SignInFailed):
        authenticate(session, "mei", "right-password", now=NOW)


def test_lockout_after_n_failures_shows_time_left_then_lifts(session, mei, monkeypatch):
    monkeypatch.setenv("TRACKER_LOGIN_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("TRACKER_LOCKOUT_MINUTES", "15")
    for _ in range(2):
        with pytest.raises(SignInFailed) as raised:
            authenticate(session, "mei", "wrong", now=NOW)
        assert not isinstance(raised.value, AccountLocked)
    with pytest.raises(AccountLocked) as raised:
        authenticate(session, "mei", "wrong", now=NOW)
    assert raised.value.seconds_left == 15 * 60
    # The right password does not help while locked; the message gives the time left.
    with pytest.raises(AccountLocked) as raised:
        authenticate(session, "mei", "right-password", now=NOW + dt.timedelta(minutes=5, seconds=30))
    assert raised.value.seconds_left == 9 * 60 + 30
    assert "9 min 30 s" in raised.value.message
    later = NOW + dt.timedelta(minutes=16)
    assert authenticate(session, "mei", "right-password", now=later).username == "mei"
    assert not locked_names(session, ["mei"], later)
    assert not session.exec(select(SignInThrottle)).all()  # a success clears the name's count
    locks = session.exec(select(AuditEvent).where(AuditEvent.summary.contains("locked out"))).all()
    assert len(locks) == 1


def test_success_resets_failed_counter(session, mei, monkeypatch):
    monkeypatch.setenv("TRACKER_LOGIN_MAX_ATTEMPTS", "3")
    for _ in range(2):
        with pytest.raises(SignInFailed):
            authenticate(session, "mei", "wrong", now=NOW)
    authenticate(session, "mei", "right-password", now=NOW)
    for _ in range(2):  # two more failures do not lock: the counter started again
        with pytest.raises(SignInFailed) as raised:
            authenticate(session, "mei", "wrong", now=NOW)
        assert not isinstance(raised.value, AccountLocked)


def test_password_reset_by_admin_unlocks(session, mei, monkeypatch):
    monkeypatch.setenv("TRACKER_LOGIN_MAX_ATTEMPTS", "1")
    with pytest.raises(AccountLocked):
        authenticate(session, "mei", "wrong")
    update_user(session=session, actor=SYSTEM_ACTOR, user_id=mei.id,
                data=UserUpdate(password="brand-new-password"))
    assert authenticate(session, "mei", "brand-new-password").username == "mei"


def test_session_expiry_is_inactivity_based():
    assert not session_expired(NOW, NOW + dt.timedelta(minutes=29), 30)
    assert session_expired(NOW, NOW + dt.timedelta(minutes=31), 30)
    assert session_expired(None, NOW, 30)
    naive = NOW.replace(tzinfo=None)  # SQLite gives naive UTC back
    assert not session_expired(naive, NOW + dt.timedelta(minutes=1), 30)


def test_session_minutes_from_environment(monkeypatch):
    from tracker.auth.signin import session_minutes

    monkeypatch.setenv("TRACKER_SESSION_MINUTES", "7")
    assert session_minutes() == 7
    monkeypatch.setenv("TRACKER_SESSION_MINUTES", "nonsense")
    assert session_minutes() == 30


def test_format_time_left():
    assert format_time_left(900) == "15 min"
    assert format_time_left(65) == "1 min 5 s"
    assert format_time_left(0.2) == "1 s"


def test_oidc_claims_map_to_strongest_role():
    env = {"TRACKER_OIDC_ROLE_MAP": "staff=viewer,tracker-admins=admin,editors=editor",
           "TRACKER_OIDC_CLEARANCE_MAP": "viewer=public"}
    admin = actor_from_claims({"email": "Li@Gov.cn", "groups": ["staff", "tracker-admins"]}, env)
    assert (admin.username, admin.role, admin.clearance) == ("li@gov.cn", Role.ADMIN,
                                                             Confidentiality.SECRET)
    viewer = actor_from_claims({"sub": "x1", "groups": "staff"}, env)
    assert (viewer.role, viewer.clearance) == (Role.VIEWER, Confidentiality.PUBLIC)
    with pytest.raises(PermissionDenied):
        actor_from_claims({"email": "a@b.c", "groups": ["others"]}, env)
    defaulted = actor_from_claims({"email": "a@b.c"}, {**env, "TRACKER_OIDC_DEFAULT_ROLE": "viewer"})
    assert defaulted.role is Role.VIEWER
