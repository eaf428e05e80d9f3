"""Roles are enforced in the library: a viewer calling any write service is refused and nothing
changes; users and settings are for administrators only. Generic over ``tracker.services``."""

import pytest

from tests.integration.services_discovery import (
    arguments_for,
    is_write,
    needs_admin,
    service_functions,
    table_dump,
)
from tests.integration.world import build_world
from tracker.auth.actor import Actor
from tracker.errors import PermissionDenied
from tracker.models import Confidentiality, Role, UserCreate
from tracker.services.users import create_user

VIEWER = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.SECRET)
EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
SERVICES = service_functions()
WRITES = [(name, func) for name, func in SERVICES if is_write(func)]
ADMIN_ONLY = [(name, func) for name, func in WRITES if needs_admin(func)]


@pytest.fixture
def world(session):
    from tracker.auth.actor import SYSTEM_ACTOR

    world = build_world(session)
    create_user(session=session, actor=SYSTEM_ACTOR, data=UserCreate(
        username="someone", role=Role.EDITOR, password="long-enough-pw"))
    return world


def test_every_write_service_is_discovered():
    names = {name for name, _ in WRITES}
    assert {"meetings.create_meeting", "meetings.update_meeting", "meetings.delete_meeting",
            "users.create_user", "users.update_user", "pledges.create_pledge_update"} <= names
    assert {"users.create_user", "users.update_user"} <= {name for name, _ in ADMIN_ONLY}


def _refused(actor, functions, session, world):
    before = table_dump(session)
    unfilled, allowed = [], []
    for name, func in functions:
        kwargs = arguments_for(func, world, session)
        if kwargs is None:
            unfilled.append(name)
            continue
        try:
            func(session=session, actor=actor, **kwargs)
        except PermissionDenied:
            continue
        except Exception as exc:  # noqa: BLE001 - any other outcome is a failure to refuse
            allowed.append(f"{name}: {type(exc).__name__}: {exc}")
            session.rollback()
        else:
            allowed.append(name)
    assert not unfilled, f"add an example input in services_discovery for: {unfilled}"
    assert not allowed, f"{actor.role.value} was not refused by: {allowed}"
    assert table_dump(session) == before, "a refused call changed the database"


def test_viewer_is_refused_by_every_write_and_nothing_changes(session, world):
    _refused(VIEWER, WRITES, session, world)


def test_editor_is_refused_by_admin_only_services(session, world):
    _refused(EDITOR, ADMIN_ONLY, session, world)
