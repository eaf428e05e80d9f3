"""The indexed name keys a search resolves people and organisations by stay in step with the
records: after a rename, an alias change, a merge, an import, a delete, writes that call no
service, the generator and a restored dump, the stored keys are exactly those built from what is
stored, and the search names the record by its new names only."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from seed_data.generator import generate
from tests.factories import make_organisation, make_person
from tests.integration.test_import_messy import csv_bytes, run
from tracker import db as tracker_db
from tracker.backup import import_all
from tracker.dump import export_all
from tracker.models import NameKey, OrganisationUpdate, Person, PersonAlias, PersonUpdate
from tracker.queries.meeting_search import named_records
from tracker.read_model.names import built_name_keys
from tracker.services import merge, organisations, people

KEY_COLUMNS = ("person_id", "organisation_id", "key_kind", "key", "source")


def stored_keys(session) -> set[tuple]:
    table = NameKey.__table__
    return {tuple(row) for row in session.execute(sa.select(*[table.c[c] for c in KEY_COLUMNS]))}


def built_keys(session) -> set[tuple]:
    return {tuple(row.get(c) for c in KEY_COLUMNS)
            for person in (True, False) for row in built_name_keys(session.connection(), person=person)}


def assert_in_step(session) -> None:
    session.expire_all()
    assert stored_keys(session) == built_keys(session)
    session.commit()


def named(session, text: str) -> list[tuple[str, int, str]]:
    return sorted((r.kind, r.id, r.how) for r in named_records(session, text))


def test_new_records_have_every_kind_of_key(session):
    person = make_person(session, name="Ma Huateng", local_name="马化腾", aliases=["Pony Ma"])
    org = make_organisation(session, name="Tencent Holdings Ltd", local_name="腾讯",
                            aliases=["Tengxun Group"])
    kinds = {(row[0] or row[1], row[2]) for row in stored_keys(session)}
    assert kinds == {(person.id, "name"), (person.id, "local"), (person.id, "alias"), (person.id, "pinyin"),
                     (org.id, "name"), (org.id, "local"), (org.id, "alias"), (org.id, "pinyin"),
                     (org.id, "legal")}
    assert named(session, "pony ma") == [("person", person.id, "alias Pony Ma")]
    assert named(session, "mahuateng") == [("person", person.id, "pinyin of 马化腾")]
    assert named(session, "Tencent") == [("organisation", org.id, "legal name Tencent")]
    assert_in_step(session)


def test_a_rename_and_an_alias_change_replace_the_keys(session, editor):
    person = make_person(session, name="Zhao Lei", aliases=["Leo Zhao"])
    org = make_organisation(session, name="Westlake Robotics")
    people.update_person(session=session, actor=editor, person_id=person.id,
                         data=PersonUpdate(name="Zhao Leiming", local_name="赵雷鸣", aliases=["Lei Ming"]))
    organisations.update_organisation(session=session, actor=editor, organisation_id=org.id,
                                      data=OrganisationUpdate(name="Westlake Automation", aliases=["WLA"]))
    assert named(session, "Zhao Lei") == [] and named(session, "Leo Zhao") == []
    assert named(session, "Zhao Leiming") == [("person", person.id, "")]
    assert named(session, "赵雷鸣") == [("person", person.id, "")]  # its pinyin is the name
    assert named(session, "lei ming") == [("person", person.id, "alias Lei Ming")]
    assert named(session, "Westlake Robotics") == []
    assert named(session, "wla") == [("organisation", org.id, "alias WLA")]
    assert_in_step(session)


def test_writes_that_call_no_service_still_replace_the_keys(session):
    person = make_person(session, name="Qian Wen", aliases=["Wendy Qian"])
    with tracker_db.write_transaction(session):
        session.execute(sa.update(Person).where(Person.id == person.id).values(name="Qian Wenjun",
                                                                               name_key="qian wenjun"))
        session.execute(sa.delete(PersonAlias).where(PersonAlias.person_id == person.id))
        session.add(PersonAlias(person_id=person.id, alias="QWJ", alias_key="qwj"))
    assert named(session, "Wendy Qian") == [] and named(session, "Qian Wen") == []
    assert named(session, "Qian Wenjun") == [("person", person.id, "")]
    assert named(session, "qwj") == [("person", person.id, "alias QWJ")]
    assert_in_step(session)


def test_a_merge_leaves_the_merged_names_on_the_survivor(session, admin):
    kept, gone = make_person(session, name="Lin Ping"), make_person(session, name="Ping Lin Jr")
    survivor = make_organisation(session, name="Harbour Board")
    merged = make_organisation(session, name="Port Authority", local_name="港务局")
    merge.merge_people(session=session, actor=admin, survivor_id=kept.id, merged_id=gone.id)
    merge.merge_organisations(session=session, actor=admin, survivor_id=survivor.id, merged_id=merged.id)
    assert named(session, "Ping Lin Jr") == [("person", kept.id, "alias Ping Lin Jr")]
    assert named(session, "Port Authority") == [("organisation", survivor.id, "alias Port Authority")]
    assert named(session, "港务局") == [("organisation", survivor.id, "Chinese name 港务局")]
    assert session.execute(sa.select(sa.func.count()).select_from(NameKey).where(sa.or_(
        NameKey.person_id == gone.id, NameKey.organisation_id == merged.id))).scalar() == 0
    assert_in_step(session)


def test_a_purge_takes_the_keys_with_it(session, admin):
    person = make_person(session, name="Sun Li", aliases=["Lily Sun"])
    org = make_organisation(session, name="Minjiang Textiles", local_name="闽江纺织")
    # A delete archives (restorable, so its keys stay); a purge deletes for good, keys and all.
    people.delete_person(session=session, actor=admin, person_id=person.id)
    organisations.delete_organisation(session=session, actor=admin, organisation_id=org.id)
    people.purge_person(session=session, actor=admin, person_id=person.id, confirm=True)
    organisations.purge_organisation(session=session, actor=admin, organisation_id=org.id, confirm=True)
    assert named(session, "Lily Sun") == [] and named(session, "闽江纺织") == []
    assert stored_keys(session) == set()
    assert_in_step(session)


def test_import_generator_and_a_restored_dump_write_the_keys(engine, session, admin, tmp_path):
    result = run(session, admin, csv_bytes([
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Guan Hongjian", "2021-06-01", "Jialong Food", "Factory visit"]]))
    assert result.imported == 1
    assert [kind for kind, _, how in named(session, "guan hongjian")] == ["person"]
    assert [kind for kind, _, how in named(session, "Jialong Food")] == ["organisation"]
    assert_in_step(session)

    generate(engine, meetings=30, seed=5, today=dt.date(2025, 6, 30))
    assert_in_step(session)
    before = stored_keys(session)
    session.close()

    with engine.begin() as connection:
        connection.execute(sa.delete(NameKey))  # so the dump is as one from before the keys
    dump = tmp_path / "tracker.json.gz"
    export_all(engine, dump)
    import_all(engine, dump, force=True)
    with tracker_db.session_scope(engine) as fresh:
        assert stored_keys(fresh) == before
        assert_in_step(fresh)
