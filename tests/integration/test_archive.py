"""Nothing deleted for good: an archived record is in no read function's output (every query,
report and export, found as the clearance test finds them), comes back exactly on restore, is
purged only by an administrator who confirms; a merge is undone exactly."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.integration.queries_discovery import arguments_for, call, read_functions
from tests.integration.services_discovery import table_dump
from tests.integration.world import build_world, marker
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Agreement,
    AuditEvent,
    Confidentiality,
    MergeRecord,
    Organisation,
    Person,
    Pledge,
)
from tracker.queries.archive import list_archived, list_recent_merges
from tracker.services import merge_undo
from tracker.services.archive import archive_record, restore_record
from tracker.services.merge import merge_organisations, merge_people
from tracker.services.purge import purge_record

LEVEL = Confidentiality.INTERNAL
MARK = marker(LEVEL)
# Audit rows say what was archived (that is their job) and when: compared by the audit tests.
AUDITED = "tracker.queries.audit."
READERS = [Confidentiality.SECRET, Confidentiality.CONFIDENTIAL]  # sees everything; does not


def _id(session, model, column, value) -> int:
    return session.execute(sa.select(model.id).where(column == value)).scalar_one()


def _archive_the_level(session, world) -> list[tuple[str, int]]:
    """Archive everything the INTERNAL level holds: its meeting (with its agreement and pledge),
    its own agreement and pledge, then the organisations and people only those named."""
    items = [("meeting", world.meeting_ids[LEVEL]),
             ("agreement", _id(session, Agreement, Agreement.title, f"Accord {MARK}")),
             ("pledge", _id(session, Pledge, Pledge.text, f"Own pledge {MARK}")),
             ("organisation", world.org_ids[LEVEL]),
             ("organisation", _id(session, Organisation, Organisation.name, f"Signer Org {MARK}")),
             ("organisation", _id(session, Organisation, Organisation.name, f"Pledger Org {MARK}")),
             ("person", _id(session, Person, Person.name, f"Envoy {MARK}")),
             ("person", _id(session, Person, Person.name, f"Signatory {MARK}"))]
    for kind, record_id in items:
        archive_record(session=session, actor=SYSTEM_ACTOR, kind=kind, record_id=record_id)
    return items


ARCHIVED_NAMES = [f"{what} {MARK}" for what in (
    "Talks", "Hall", "Summary", "Agreement", "Pledge", "Action", "Accord", "Own pledge", "Org Internal",
    "Signer Org", "Pledger Org", "Envoy", "Signatory", "energy")]


@pytest.mark.slow
def test_archived_records_are_in_no_output_and_restore_brings_every_output_back(session, tmp_path):
    world = build_world(session)
    functions = [(name, func) for name, func in read_functions() if not name.startswith(AUDITED)]
    calls = {(name, level): arguments_for(func, level, world, tmp_path)
             for name, func in functions for level in READERS}
    before = {key: call(func, session, calls[key]) for name, func in functions
              for key in [(name, level) for level in READERS]}
    assert any(f"Talks {MARK}" in text for text in before.values())

    items = _archive_the_level(session, world)
    with pytest.raises(Conflict, match="still appears in meetings"):  # named by a live meeting
        archive_record(session=session, actor=SYSTEM_ACTOR, kind="organisation",
                       record_id=world.shared_org_id)
    for name, func in functions:
        for level in READERS:
            shown = call(func, session, calls[name, level])
            leaked = [archived for archived in ARCHIVED_NAMES if archived in shown]
            assert not leaked, f"{name} shows archived {leaked} to a {level.label} reader"

    listed = list_archived(session=session, actor=SYSTEM_ACTOR)
    assert len(listed) == len(items) + 2  # the meeting's agreement and pledge, archived with it
    assert set(listed.loc[listed["with_item"], "name"]) == {f"Agreement {MARK}", f"Pledge {MARK}"}
    assert set(listed["archived_by"]) == {"system"}
    with pytest.raises(Conflict, match="restore the meeting"):
        restore_record(session=session, actor=SYSTEM_ACTOR, kind="pledge",
                       record_id=_id(session, Pledge, Pledge.text, f"Pledge {MARK}"))

    for kind, record_id in items:
        restore_record(session=session, actor=SYSTEM_ACTOR, kind=kind, record_id=record_id)
    assert list_archived(session=session, actor=SYSTEM_ACTOR).empty
    for name, func in functions:
        for level in READERS:
            assert call(func, session, calls[name, level]) == before[name, level], (
                f"{name}: restoring did not bring back what a {level.label} reader saw")


def test_purge_is_for_an_administrator_who_confirms_and_deletes_for_good(session, editor):
    world = build_world(session, levels=[LEVEL])
    pledge_id = _id(session, Pledge, Pledge.text, f"Own pledge {MARK}")
    with pytest.raises(Conflict, match="not archived"):
        purge_record(session=session, actor=SYSTEM_ACTOR, kind="pledge", record_id=pledge_id, confirm=True)
    archive_record(session=session, actor=editor, kind="pledge", record_id=pledge_id)
    with pytest.raises(PermissionDenied):
        purge_record(session=session, actor=editor, kind="pledge", record_id=pledge_id, confirm=True)
    with pytest.raises(PermissionDenied):
        restore_record(session=session, actor=editor, kind="pledge", record_id=pledge_id)
    with pytest.raises(ValidationError):
        purge_record(session=session, actor=SYSTEM_ACTOR, kind="pledge", record_id=pledge_id)
    purge_record(session=session, actor=SYSTEM_ACTOR, kind="pledge", record_id=pledge_id, confirm=True)
    session.expire_all()
    assert session.get(Pledge, pledge_id) is None
    last = session.execute(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
    assert (last.action.value, last.entity_type, last.actor_username) == ("delete", "pledge", "system")
    with pytest.raises(NotFound):
        restore_record(session=session, actor=SYSTEM_ACTOR, kind="pledge", record_id=pledge_id)
    assert world.meeting_ids


IGNORED = {"audit_event", "audit_chain_head", "merge_record", "app_state"}  # the story, not the data


def _data(session) -> dict[str, list]:
    """Every row, but the story's tables; name keys (the read model's, rebuilt) without their ids."""
    data = {name: rows for name, rows in table_dump(session).items() if name not in IGNORED}
    data["name_key"] = sorted(row[1:] for row in data["name_key"])
    return data


@pytest.mark.parametrize("kind", ["organisation", "person"])
def test_undoing_a_merge_restores_every_row_exactly(session, kind):
    world = build_world(session)
    if kind == "organisation":  # Org Public: participations, a meeting; into the shared company
        survivor_id, merged_id = world.shared_org_id, world.org_ids[Confidentiality.PUBLIC]
        merge = merge_organisations
    else:  # the Secret envoy into the official who met everyone: a shared meeting folds away
        survivor_id = world.person_id
        merged_id = _id(session, Person, Person.name, f"Envoy {marker(Confidentiality.SECRET)}")
        merge = merge_people
    before = _data(session)
    merge(session=session, actor=SYSTEM_ACTOR, survivor_id=survivor_id, merged_id=merged_id)
    assert _data(session) != before
    record_id = list_recent_merges(session=session, actor=SYSTEM_ACTOR)["id"].iloc[0]
    merge_undo.undo_merge(session=session, actor=SYSTEM_ACTOR, merge_id=int(record_id))
    assert _data(session) == before
    with pytest.raises(Conflict, match="already undone"):
        merge_undo.undo_merge(session=session, actor=SYSTEM_ACTOR, merge_id=int(record_id))


def test_a_merge_is_not_undone_after_30_days_or_over_later_changes(session, editor):
    from tracker.models import OrganisationUpdate
    from tracker.services.organisations import update_organisation

    world = build_world(session, levels=[Confidentiality.PUBLIC])
    merge_organisations(session=session, actor=SYSTEM_ACTOR, survivor_id=world.shared_org_id,
                        merged_id=world.org_ids[Confidentiality.PUBLIC])
    record = session.execute(sa.select(MergeRecord)).scalars().one()
    with pytest.raises(PermissionDenied):
        merge_undo.undo_merge(session=session, actor=editor, merge_id=record.id)
    with pytest.raises(Conflict, match="30 days"):
        merge_undo.check_undoable(session, record, today=record.at + dt.timedelta(days=31))
    update_organisation(session=session, actor=SYSTEM_ACTOR, organisation_id=world.shared_org_id,
                        data=OrganisationUpdate(aliases=[]))  # drops the names the merge kept
    with pytest.raises(Conflict, match="changed after the merge"):
        merge_undo.undo_merge(session=session, actor=SYSTEM_ACTOR, merge_id=record.id)
