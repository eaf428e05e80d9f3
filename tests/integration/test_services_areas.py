"""Cooperation-area writes: users extend the taxonomy; names are unique."""

from __future__ import annotations

import pytest

from tests.conftest import assert_audited
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import CooperationArea, CooperationAreaCreate
from tracker.services import areas
from tracker.taxonomy import default_taxonomy, ensure_default_taxonomy


def make_area(session, name: str, parent: CooperationArea | None = None) -> CooperationArea:
    return areas.create_area(session=session, actor=SYSTEM_ACTOR, data=CooperationAreaCreate(
        name=name, parent_id=parent.id if parent else None))


def test_create_under_a_parent_is_audited(session, editor):
    parent = make_area(session, "Digital economy")
    area = areas.create_area(session=session, actor=editor, data=CooperationAreaCreate(
        name=" Blockchain ", parent_id=parent.id, description="Distributed ledgers."))
    assert areas.get_by_name(session=session, name="BLOCKCHAIN").id == area.id
    audit = assert_audited(session, entity="cooperation_area", entity_id=area.id, action="create",
                           actor="edith")
    assert audit.after == {"id": area.id, "name": "Blockchain", "parent_id": parent.id,
                           "description": "Distributed ledgers."}


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"name": " "}, "name", "must not be empty"),
    ({"name": "smart CITY"}, "name", "already exists"),
    ({"parent_id": 999}, "parent_id", "does not exist"),
    ({"description": "d" * 20_001}, "description", "at most 20000"),
])
def test_create_refuses_invalid_input(session, editor, fields, field, fragment):
    make_area(session, "Smart city")
    with nothing_changes(session, CooperationArea), pytest.raises(ValidationError) as caught:
        areas.create_area(session=session, actor=editor, data={"name": "Fintech", **fields})
    assert fragment in caught.value.errors[field]


def test_default_taxonomy_loads_once(session):
    expected = sum(1 + len(root.get("children", [])) for root in default_taxonomy())
    assert ensure_default_taxonomy(session) == expected
    assert ensure_default_taxonomy(session) == 0


def test_viewer_may_not_create(session, viewer):
    with nothing_changes(session, CooperationArea), pytest.raises(PermissionDenied):
        areas.create_area(session=session, actor=viewer, data=CooperationAreaCreate(name="Fintech"))
