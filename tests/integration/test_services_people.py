"""People, their aliases and positions: writes, refusals, and the title held on a date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assert_audited
from tests.factories import make_meeting, make_person
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Person,
    PersonAlias,
    PersonCreate,
    PersonUpdate,
    Position,
    PositionCreate,
    PositionUpdate,
    Side,
)
from tracker.services import people


def test_create_with_aliases_and_positions_is_audited(session, editor, world):
    person = people.create_person(session=session, actor=editor, data=PersonCreate(
        name=" Ma  Huateng ", local_name="马化腾", aliases=["Pony Ma", "pony  ma", "Ma Huateng"],
        positions=[PositionCreate(organisation_id=world.company.id, title="Chairman",
                                  start_date=dt.date(1998, 11, 1))]))
    assert person.name == "Ma Huateng"
    for name in ("PONY MA", "马化腾", "ma huateng"):
        assert people.get_by_name(session=session, name=name).id == person.id
    event = assert_audited(session, entity="person", entity_id=person.id, action="create", actor="edith")
    assert event.after["aliases"] == ["Pony Ma"]
    assert event.after["positions"][0]["title"] == "Chairman"
    assert event.after["positions"][0]["start_date"] == "1998-11-01"


def test_names_are_unicode_normalised(session, editor):
    decomposed = "Jose\u0301 Nu\u0301n\u0303ez"
    person = people.create_person(session=session, actor=editor, data=PersonCreate(name=decomposed))
    assert person.name == "José Núñez"
    assert people.get_by_name(session=session, name="josé núñez").id == person.id


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"name": " \t "}, "name", "must not be empty"),
    ({"name": "x" * 201}, "name", "200"),
    ({"local_name": "名" * 201}, "local_name", "at most 200"),
    ({"aliases": ["a" * 201]}, "aliases", "longer than 200"),
    ({"positions": [{"organisation_id": 0, "title": "Mayor", "start_date": "2020-01-01",
                     "end_date": "2019-01-01"}]}, "positions.0.end_date", "cannot end before it starts"),
    ({"positions": [{"organisation_id": 0, "title": ""}]}, "positions.0.title", "must not be empty"),
    ({"positions": [{"organisation_id": 999, "title": "Mayor"}]}, "positions.0.organisation_id",
     "does not exist"),
])
def test_create_refuses_invalid_input(session, editor, world, fields, field, fragment):
    for position in fields.get("positions", []):
        position["organisation_id"] = position["organisation_id"] or world.government.id
    with nothing_changes(session, Person, PersonAlias, Position), pytest.raises(ValidationError) as caught:
        people.create_person(session=session, actor=editor, data={"name": "Wang Ning", **fields})
    assert fragment in caught.value.errors[field]


def test_update_replaces_names_and_aliases(session, editor):
    person = make_person(session, name="Zhang Yiming", aliases=["Yiming Zhang"])
    people.update_person(session=session, actor=editor, person_id=person.id,
                         data=PersonUpdate(local_name="张一鸣", aliases=["Toutiao founder"]))
    assert people.get_by_name(session=session, name="Yiming Zhang") is None
    assert people.get_by_name(session=session, name="toutiao founder").id == person.id
    event = assert_audited(session, entity="person", entity_id=person.id, action="update")
    assert (event.before["local_name"], event.after["local_name"]) == (None, "张一鸣")
    assert (event.before["aliases"], event.after["aliases"]) == (["Yiming Zhang"], ["Toutiao founder"])


def test_update_refuses_a_blank_name(session, editor):
    person = make_person(session, name="Zhang Yiming")
    with nothing_changes(session, Person), pytest.raises(ValidationError) as caught:
        people.update_person(session=session, actor=editor, person_id=person.id,
                             data=PersonUpdate(name=None))
    assert caught.value.errors == {"name": "must not be empty"}
    session.expire_all()
    assert session.get(Person, person.id).name == "Zhang Yiming"


def test_delete_archives_and_purge_cascades_to_positions_and_aliases(session, editor, admin, world):
    person = make_person(session, name="Short Term", organisation=world.government, aliases=["ST"])
    people.delete_person(session=session, actor=editor, person_id=person.id)
    session.expire_all()
    assert session.get(Person, person.id).archived_at is not None
    people.purge_person(session=session, actor=admin, person_id=person.id, confirm=True)
    session.expire_all()
    assert session.get(Person, person.id) is None
    assert people.get_by_name(session=session, name="ST") is None
    event = assert_audited(session, entity="person", entity_id=person.id, action="delete")
    assert event.before["positions"][0]["organisation_id"] == world.government.id


def test_delete_refuses_someone_who_took_part_in_a_meeting(session, editor, world):
    make_meeting(session, people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)])
    with nothing_changes(session, Person, Position), pytest.raises(Conflict, match="merge"):
        people.delete_person(session=session, actor=editor, person_id=world.official.id)


def test_positions_create_update_delete_are_audited(session, editor, world):
    position = people.create_position(session=session, actor=editor, person_id=world.official.id,
                                      data=PositionCreate(organisation_id=world.government.id,
                                                          title="Vice Governor",
                                                          start_date=dt.date(2015, 1, 1),
                                                          end_date=dt.date(2017, 12, 31)))
    assert assert_audited(session, entity="position", entity_id=position.id,
                          action="create").after["title"] == "Vice Governor"
    people.update_position(session=session, actor=editor, position_id=position.id,
                           data=PositionUpdate(title="Executive Vice Governor"))
    event = assert_audited(session, entity="position", entity_id=position.id, action="update")
    assert (event.before["title"], event.after["title"]) == ("Vice Governor", "Executive Vice Governor")
    assert event.after["end_date"] == "2017-12-31"
    people.delete_position(session=session, actor=editor, position_id=position.id)
    assert session.get(Position, position.id) is None
    assert assert_audited(session, entity="position", entity_id=position.id,
                          action="delete").before["title"] == "Executive Vice Governor"


@pytest.mark.parametrize(("data", "field"), [
    ({"end_date": dt.date(2000, 1, 1)}, "end_date"),
    ({"organisation_id": 999}, "organisation_id"),
    ({"title": "  "}, "title"),
])
def test_position_update_refuses_invalid_input(session, editor, world, data, field):
    position = session.get(Position, people.person_snapshot(session, world.official)["positions"][0]["id"])
    with nothing_changes(session, Position), pytest.raises(ValidationError) as caught:
        people.update_position(session=session, actor=editor, position_id=position.id,
                               data=data)
    assert field in caught.value.errors
    session.expire_all()
    assert session.get(Position, position.id).title == "Governor of Fujian Province"


def test_position_on_picks_the_title_held_that_day(session, world):
    people.create_position(session=session, actor=SYSTEM_ACTOR, person_id=world.official.id,
                           data=PositionCreate(organisation_id=world.government.id, title="Vice Governor",
                                               start_date=dt.date(2015, 1, 1),
                                               end_date=dt.date(2017, 12, 31)))
    assert people.position_on(session, world.official.id, dt.date(2016, 6, 1)).title == "Vice Governor"
    assert people.position_on(session, world.official.id, dt.date(2019, 5, 7)).title == \
        "Governor of Fujian Province"
    assert people.position_on(session, world.official.id, dt.date(2010, 1, 1)) is None


@pytest.mark.parametrize("write", ["create", "update", "delete", "create_position", "update_position",
                                   "delete_position"])
def test_viewer_may_not_write(session, viewer, world, write):
    position_id = people.person_snapshot(session, world.official)["positions"][0]["id"]
    calls = {
        "create": lambda: people.create_person(session=session, actor=viewer,
                                               data=PersonCreate(name="Someone")),
        "update": lambda: people.update_person(session=session, actor=viewer, person_id=world.official.id,
                                               data=PersonUpdate(name="Someone")),
        "delete": lambda: people.delete_person(session=session, actor=viewer, person_id=world.official.id),
        "create_position": lambda: people.create_position(
            session=session, actor=viewer, person_id=world.official.id,
            data=PositionCreate(organisation_id=world.government.id, title="Mayor")),
        "update_position": lambda: people.update_position(
            session=session, actor=viewer, position_id=position_id, data=PositionUpdate(title="Mayor")),
        "delete_position": lambda: people.delete_position(session=session, actor=viewer,
                                                          position_id=position_id),
    }
    with nothing_changes(session, Person, Position), pytest.raises(PermissionDenied):
        calls[write]()
    session.expire_all()
    assert session.get(Person, world.official.id).name == "Tang Dengjie"
    assert session.get(Position, position_id).title == "Governor of Fujian Province"


@pytest.mark.parametrize(("write", "label"), [
    ("update", "person"), ("delete", "person"), ("create_position", "person"),
    ("update_position", "position"), ("delete_position", "position")])
def test_missing_records_are_not_found(session, editor, world, write, label):
    calls = {
        "update": lambda: people.update_person(session=session, actor=editor, person_id=404,
                                               data=PersonUpdate(name="X")),
        "delete": lambda: people.delete_person(session=session, actor=editor, person_id=404),
        "create_position": lambda: people.create_position(
            session=session, actor=editor, person_id=404,
            data=PositionCreate(organisation_id=world.government.id, title="Mayor")),
        "update_position": lambda: people.update_position(session=session, actor=editor, position_id=404,
                                                          data=PositionUpdate(title="Mayor")),
        "delete_position": lambda: people.delete_position(session=session, actor=editor, position_id=404),
    }
    with nothing_changes(session, Person, Position), pytest.raises(NotFound, match=f"No {label} with id 404"):
        calls[write]()
