"""The audit trail: one row for every write (naming who, what, before and after), none for reads,
and the database itself refuses to change or delete an audit row."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.integration import queries_discovery
from tests.integration.services_discovery import (
    arguments_for,
    created_id_name,
    is_write,
    service_functions,
    write_order,
)
from tests.integration.world import build_world
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import AuditEvent, Confidentiality
from tracker.models.archivable import ARCHIVABLE
from tracker.queries.audit import AuditQuery, count_audit_events, entity_history

# purge.purge_record only hands a kind's purge to its service (each purge_… runs here on what was
# deleted); called here it would find nothing archived left to purge.
WRITES = sorted([(n, f) for n, f in service_functions() if is_write(f) and n != "purge.purge_record"],
                key=write_order)


def audit_count(session) -> int:
    session.expire_all()
    return session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar_one()


def test_every_write_appends_an_audit_row_naming_the_actor(session):
    world = build_world(session)
    created: dict[str, int] = {}
    unfilled = []
    for name, func in WRITES:
        kwargs = arguments_for(func, world, session, created)
        if kwargs is None:
            unfilled.append(name)
            continue
        before = audit_count(session)
        result = func(session=session, actor=SYSTEM_ACTOR, **kwargs)
        assert audit_count(session) > before, f"{name} wrote without an audit row"
        newest = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert newest.actor_username == "system"
        if name.split(".")[1].startswith(("delete_", "purge_")):
            archived = name.split(".")[1].startswith("delete_") and newest.entity_type in ARCHIVABLE
            assert newest.action.value == "delete" and newest.before
            # archived ("deleted") says when in "after", so it can be restored; purged is gone
            assert newest.after["archived_at"] if archived else newest.after is None, name
        if (key := created_id_name(result)) and name.split(".")[1].startswith("create_"):
            created[key] = result.id
            assert (newest.action.value, newest.entity_id) == ("create", result.id), name
            assert newest.after, f"{name} recorded no state after the create"
    assert not unfilled, f"add an example input in services_discovery for: {unfilled}"


def test_reads_write_no_audit_row(session, tmp_path):
    world = build_world(session)
    before = audit_count(session)
    for level in Confidentiality:
        for _name, func in queries_discovery.read_functions():
            queries_discovery.call(func, session,
                                   queries_discovery.arguments_for(func, level, world, tmp_path))
    for _name, func in service_functions():
        if func.__name__.startswith("get"):
            kwargs = arguments_for(func, world, session)
            if kwargs is not None:
                func(session=session, actor=SYSTEM_ACTOR, **kwargs)
    assert audit_count(session) == before


REFUSED = ["UPDATE audit_event SET summary = 'forged'",
           "UPDATE audit_event SET actor_username = 'nobody' WHERE id = 1",
           "DELETE FROM audit_event", "DELETE FROM audit_event WHERE id = 1"]


def _one_audited_write(session):
    from tracker.models import EventCreate
    from tracker.services.events import create_event

    create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name="Audited"))


def test_database_refuses_to_change_audit_rows(session):
    _one_audited_write(session)
    for statement in REFUSED:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            session.execute(sa.text(statement))
            session.commit()
        session.rollback()
    assert audit_count(session) == 1
    assert session.execute(sa.text("SELECT count(*) FROM audit_event WHERE summary = 'forged' "
                                   "OR actor_username = 'nobody'")).scalar_one() == 0


def test_orm_cannot_edit_or_delete_audit_rows(session):
    _one_audited_write(session)
    event = session.exec(select(AuditEvent)).first()
    event.summary = "forged"
    with pytest.raises(sa.exc.DBAPIError):
        session.commit()
    session.rollback()
    session.delete(session.exec(select(AuditEvent)).first())
    with pytest.raises(sa.exc.DBAPIError):
        session.commit()
    session.rollback()


def test_no_library_code_updates_or_deletes_audit_rows():
    root = Path(__file__).resolve().parents[2] / "tracker"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in ("update(AuditEvent", "delete(AuditEvent", "UPDATE audit_event",
                        "DELETE FROM audit_event"):
            if pattern in text and "migrations" not in path.parts:
                offenders.append(f"{path.relative_to(root)}: {pattern}")
    assert not offenders


def test_history_shows_before_and_after(session):
    from tracker.models import MeetingUpdate
    from tracker.services.meetings import update_meeting

    world = build_world(session)
    meeting_id = world.meeting_ids[Confidentiality.PUBLIC]
    update_meeting(session=session, actor=SYSTEM_ACTOR, meeting_id=meeting_id,
                   data=MeetingUpdate(version=1, place="Fuzhou Strait Hall"))
    history = entity_history(session, "meeting", meeting_id, Confidentiality.PUBLIC)
    assert list(history["action"]) == ["update", "create"]
    assert "place: Hall zqpublicmark → Fuzhou Strait Hall" in history.iloc[0]["changes"]
    secret_id = world.meeting_ids[Confidentiality.SECRET]
    assert entity_history(session, "meeting", secret_id, Confidentiality.CONFIDENTIAL).empty
    assert count_audit_events(session, AuditQuery(clearance=Confidentiality.SECRET,
                                                  username="system", action="update")) == 1
