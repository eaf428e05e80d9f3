"""Server-side sessions: a session resolves to the user as the database holds them now, so an
administrator's deactivation, demotion or lowered clearance applies at the next page run."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.conftest import assert_audited, count_rows
from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import Actor
from tracker.auth.sessions import (
    end_session,
    resolve_session,
    start_session,
    token_hash,
    why_not_live,
)
from tracker.auth.signin import authenticate
from tracker.errors import NotFound, PermissionDenied
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows
from tracker.models import Confidentiality, Meeting, Role, Side, UserCreate, UserSession, UserUpdate, utcnow
from tracker.queries.users import list_active_sessions
from tracker.services.sessions import end_session_by_id
from tracker.services.users import create_user, update_user

PASSWORD = "correct horse battery"
REGISTER = (b"Date,Title,Organisation,Person\r\n"
            b"2024-03-05,Harbour robotics talk,Acme Robotics,Li Wei\r\n")


@pytest.fixture
def admin_user(session) -> Actor:
    user = create_user(session=session, actor=_system(), data=UserCreate(
        username="alice", password=PASSWORD, role=Role.ADMIN, clearance=Confidentiality.SECRET))
    return Actor.from_user(user)


def _system() -> Actor:
    from tracker.auth.actor import SYSTEM_ACTOR

    return SYSTEM_ACTOR


def signed_in_editor(session) -> tuple[Actor, str]:
    """An editor with confidential clearance who signed in with a password: (actor, token)."""
    create_user(session=session, actor=_system(), data=UserCreate(
        username="edith", password=PASSWORD, role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL))
    actor = authenticate(session, "edith", PASSWORD)
    return actor, start_session(session=session, actor=actor, user_agent="Mozilla/5.0 test")


def import_register(session, actor):
    table = read_table(REGISTER, "register.csv")
    mapping, _ = propose_mapping(table)
    return import_rows(session=session, actor=actor, table=table, mapping=mapping)


def test_a_session_resolves_to_the_signed_in_user_and_stores_only_the_token_hash(session):
    actor, token = signed_in_editor(session)
    assert resolve_session(session=session, token=token) == actor
    stored = session.exec(select(UserSession)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() == token_hash(token)
    assert stored.user_agent == "Mozilla/5.0 test"
    assert token not in str([getattr(stored, c.key) for c in UserSession.__table__.columns])
    assert len(token) >= 43  # 256 random bits


def test_deactivated_editor_resolves_to_nobody_and_their_sessions_end(session, admin_user):
    _, token = signed_in_editor(session)
    editor_id = resolve_session(session=session, token=token).user_id
    update_user(session=session, actor=admin_user, user_id=editor_id, data=UserUpdate(is_active=False))
    assert resolve_session(session=session, token=token) is None
    stored = session.exec(select(UserSession)).one()
    assert stored.ended_at is not None and stored.end_reason == "account deactivated"
    event = assert_audited(session, entity="user_session", entity_id=None, action="update", actor="alice")
    assert event.after == {"user_id": editor_id, "sessions_ended": [stored.id]}
    assert why_not_live(session=session, token=token) == "account deactivated"


def test_demoted_editor_resolves_to_a_viewer_and_cannot_import(session, admin_user):
    _, token = signed_in_editor(session)
    editor_id = resolve_session(session=session, token=token).user_id
    update_user(session=session, actor=admin_user, user_id=editor_id, data=UserUpdate(role=Role.VIEWER))
    actor = resolve_session(session=session, token=token)
    assert actor.role is Role.VIEWER
    with pytest.raises(PermissionDenied):
        import_register(session, actor)
    assert count_rows(session, Meeting) == 0


def test_lowered_clearance_applies_at_once_to_a_confidential_meeting(session, admin_user):
    _, token = signed_in_editor(session)
    acme = make_organisation(session, name="Acme Robotics")
    people = [(make_person(session, name="Li Wei", organisation=acme), acme, Side.ENTERPRISE)]
    make_meeting(session, actor=resolve_session(session=session, token=token), people_and_orgs=people,
                 confidentiality=Confidentiality.CONFIDENTIAL, title="Before the change")
    editor_id = resolve_session(session=session, token=token).user_id
    update_user(session=session, actor=admin_user, user_id=editor_id,
                data=UserUpdate(clearance=Confidentiality.PUBLIC))
    actor = resolve_session(session=session, token=token)
    assert actor.clearance is Confidentiality.PUBLIC
    with pytest.raises(PermissionDenied):
        make_meeting(session, actor=actor, people_and_orgs=people,
                     confidentiality=Confidentiality.CONFIDENTIAL, title="After the change")
    assert [m.title for m in session.exec(select(Meeting)).all()] == ["Before the change"]


def test_password_change_ends_every_session_of_that_user_only(session, admin_user):
    _, first = signed_in_editor(session)
    second = start_session(session=session, actor=authenticate(session, "edith", PASSWORD))
    admins = start_session(session=session, actor=admin_user)
    editor_id = resolve_session(session=session, token=first).user_id
    update_user(session=session, actor=admin_user, user_id=editor_id,
                data=UserUpdate(password="a new secret 123"))
    assert resolve_session(session=session, token=first) is None
    assert resolve_session(session=session, token=second) is None
    assert resolve_session(session=session, token=admins) == admin_user
    assert why_not_live(session=session, token=first) == "password changed"


def test_sign_out_ends_the_session_audited(session):
    actor, token = signed_in_editor(session)
    assert end_session(session=session, token=token)
    assert resolve_session(session=session, token=token) is None
    assert not end_session(session=session, token=token)  # already ended
    stored = session.exec(select(UserSession)).one()
    assert_audited(session, entity="user_session", entity_id=stored.id, action="update", actor="edith")


def test_expired_sessions_resolve_to_nobody(session, monkeypatch):
    monkeypatch.setenv("TRACKER_SESSION_MINUTES", "30")
    monkeypatch.setenv("TRACKER_SESSION_MAX_HOURS", "2")
    actor, _ = signed_in_editor(session)
    start = utcnow() - dt.timedelta(hours=3)
    idle = start_session(session=session, actor=actor, now=start)
    assert resolve_session(session=session, token=idle, now=start + dt.timedelta(minutes=29)) == actor
    # Touched at +29 min, so alive until +59 min of inactivity; not at +60.
    assert resolve_session(session=session, token=idle, now=start + dt.timedelta(minutes=58)) == actor
    assert resolve_session(session=session, token=idle, now=start + dt.timedelta(minutes=89)) is None
    assert why_not_live(session=session, token=idle, now=start + dt.timedelta(minutes=89)) == \
        "30 minutes without activity"

    busy = start_session(session=session, actor=actor, now=start)
    for minutes in range(0, 120, 20):  # active every 20 minutes, still ended at the 2-hour cap
        assert resolve_session(session=session, token=busy, now=start + dt.timedelta(minutes=minutes))
    assert resolve_session(session=session, token=busy, now=start + dt.timedelta(minutes=121)) is None
    assert resolve_session(session=session, token="not-a-token") is None
    assert resolve_session(session=session, token="") is None


def test_last_seen_is_written_at_most_once_a_minute(session):
    actor, _ = signed_in_editor(session)
    start = utcnow()
    token = start_session(session=session, actor=actor, now=start)
    resolve_session(session=session, token=token, now=start + dt.timedelta(seconds=30))
    stored = session.exec(select(UserSession)).all()[-1]
    session.refresh(stored)
    assert abs((stored.last_seen_at.replace(tzinfo=dt.UTC) if stored.last_seen_at.tzinfo is None
                else stored.last_seen_at) - start) < dt.timedelta(seconds=1)
    resolve_session(session=session, token=token, now=start + dt.timedelta(seconds=90))
    session.refresh(stored)
    seen = stored.last_seen_at if stored.last_seen_at.tzinfo else stored.last_seen_at.replace(tzinfo=dt.UTC)
    assert abs(seen - (start + dt.timedelta(seconds=90))) < dt.timedelta(seconds=1)


def test_admins_list_and_end_sessions_audited_others_may_not(session, admin_user):
    editor, token = signed_in_editor(session)
    admins = start_session(session=session, actor=admin_user, user_agent="Firefox")
    listed = list_active_sessions(session=session, actor=admin_user)
    assert {s.username for s in listed} == {"edith", "alice"}
    assert all(token not in repr(s) and token_hash(token) not in repr(s) for s in listed)
    for actor in (editor, Actor(username="v", role=Role.VIEWER, clearance=Confidentiality.SECRET)):
        with pytest.raises(PermissionDenied):
            list_active_sessions(session=session, actor=actor)
        with pytest.raises(PermissionDenied):
            end_session_by_id(session=session, actor=actor, session_id=listed[0].id)

    edith_session = next(s for s in listed if s.username == "edith")
    end_session_by_id(session=session, actor=admin_user, session_id=edith_session.id)
    assert resolve_session(session=session, token=token) is None
    assert resolve_session(session=session, token=admins) == admin_user
    assert why_not_live(session=session, token=token) == "ended by an administrator"
    assert_audited(session, entity="user_session", entity_id=edith_session.id, action="update",
                   actor="alice")
    assert [s.username for s in list_active_sessions(session=session, actor=admin_user)] == ["alice"]
    with pytest.raises(NotFound):
        end_session_by_id(session=session, actor=admin_user, session_id=edith_session.id)


def test_only_stored_users_get_sessions(session):
    with pytest.raises(ValueError):
        start_session(session=session, actor=Actor(username="ghost", role=Role.ADMIN,
                                                   clearance=Confidentiality.SECRET))
    assert session.execute(sa.select(sa.func.count()).select_from(UserSession)).scalar() == 0
