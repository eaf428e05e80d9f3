"""Each user's language: saved by the user through a service (any role, audited), read back on
every session's resolve, refused when it names a language the tracker does not have."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import Actor
from tracker.auth.sessions import resolve_session, start_session
from tracker.db import data_version
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import Role, User, UserCreate, UserUpdate
from tracker.services import users

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    monkeypatch.setattr("tracker.auth.passwords._hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def viewer_user(session, admin) -> Actor:
    user = users.create_user(session=session, actor=admin, data=UserCreate(
        username="wang.fang", password=PASSWORD, role=Role.VIEWER))
    return Actor.from_user(user)


def test_a_viewer_saves_their_language_and_the_next_session_reads_it(session, engine, viewer_user):
    assert viewer_user.language is None  # until chosen: the setting, the browser, or English
    version = data_version(engine)
    user = users.update_user_language(session=session, actor=viewer_user, user_id=viewer_user.user_id,
                                      language="zh-CN")
    assert user.language == "zh_CN"
    audit = assert_audited(session, entity="app_user", entity_id=user.id, action="update",
                           actor="wang.fang")
    assert (audit.before, audit.after) == ({"language": None}, {"language": "zh_CN"})
    # No record a page shows changed, so no cached figure is thrown away.
    assert data_version(engine) == version
    token = start_session(session=session, actor=viewer_user)
    assert resolve_session(session=session, token=token).language == "zh_CN"
    users.update_user_language(session=session, actor=viewer_user, user_id=viewer_user.user_id,
                               language="en")
    assert resolve_session(session=session, token=token).language == "en"


def test_choosing_the_same_language_again_writes_nothing(session, viewer_user):
    users.update_user_language(session=session, actor=viewer_user, user_id=viewer_user.user_id,
                               language="zh_CN")
    with nothing_changes(session, User):
        users.update_user_language(session=session, actor=viewer_user, user_id=viewer_user.user_id,
                                   language="zh-Hans")


@pytest.mark.parametrize("language", ["fr", "zh-TW", "", "中文"])
def test_an_unknown_language_is_refused(session, viewer_user, language):
    with nothing_changes(session, User), pytest.raises(ValidationError) as caught:
        users.update_user_language(session=session, actor=viewer_user, user_id=viewer_user.user_id,
                                   language=language)
    assert caught.value.errors == {"language": "choose one of zh_CN, en"}


def test_a_user_chooses_only_their_own_language_an_administrator_anyones(session, admin, viewer,
                                                                          viewer_user):
    editor = Actor.from_user(users.create_user(session=session, actor=admin, data=UserCreate(
        username="li.ming", password=PASSWORD, role=Role.EDITOR)))
    for someone_else in (viewer, editor):  # a viewer who is no stored user; another user
        with nothing_changes(session, User), pytest.raises(PermissionDenied):
            users.update_user_language(session=session, actor=someone_else, user_id=viewer_user.user_id,
                                       language="zh_CN")
    user = users.update_user_language(session=session, actor=admin, user_id=viewer_user.user_id,
                                      language="zh_CN")
    assert user.language == "zh_CN"
    assert_audited(session, entity="app_user", entity_id=user.id, action="update", actor="alice")


def test_an_administrator_sets_a_users_language_and_it_is_validated(session, admin, viewer_user):
    user = users.update_user(session=session, actor=admin, user_id=viewer_user.user_id,
                             data=UserUpdate(language="zh_CN"))
    assert user.language == "zh_CN"
    with pytest.raises(ValidationError) as caught:
        users.update_user(session=session, actor=admin, user_id=viewer_user.user_id,
                          data={"language": "de"})
    assert caught.value.errors == {"language": "choose one of zh_CN, en"}
