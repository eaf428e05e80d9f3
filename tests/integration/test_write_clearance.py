"""Writes respect clearance too (issue 12, item 5): a write may not read or change anything above
the writer's clearance. Generic over ``tracker.services``: an editor cleared to Confidential calls
every write service, once on a Secret-only record (the meeting, its agreement and pledge, and the
organisation, person, event and position known only from it) and once with an input that refers
to one; each is refused exactly as if the record did not exist (same error, same message but for
the id), and the database is unchanged."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.integration.services_discovery import (
    arguments_for,
    examples,
    existing_ids,
    is_write,
    needs_admin,
    service_functions,
    table_dump,
)
from tests.integration.world import build_world, marker
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Agreement,
    Confidentiality,
    Event,
    Person,
    Pledge,
    PositionCreate,
    Role,
)
from tracker.services import people

EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.CONFIDENTIAL)
SECRET = Confidentiality.SECRET
WRITES = [(name, func) for name, func in service_functions() if is_write(func) and not needs_admin(func)]
ID_NAMES = {"organisation_id", "person_id", "event_id", "meeting_id", "agreement_id", "pledge_id",
            "position_id", "survivor_id", "merged_id"}


@pytest.fixture
def world(session):
    world = build_world(session)
    world.hidden = _hidden_ids(world, session)
    return world


def _hidden_ids(world, session) -> dict[str, int]:
    """Ids of records a Confidential reader may not know of: the secret meeting's own."""
    mark = marker(SECRET)
    meeting_id = world.meeting_ids[SECRET]

    def one(query):
        return session.execute(query).scalar_one()

    envoy = one(sa.select(Person.id).where(Person.name == f"Envoy {mark}"))
    position = people.create_position(session=session, actor=SYSTEM_ACTOR, person_id=envoy, data=
                                      PositionCreate(organisation_id=world.org_ids[SECRET], title="Envoy"))
    return {"organisation_id": world.org_ids[SECRET], "person_id": envoy,
            "event_id": one(sa.select(Event.id).where(Event.name == f"Summit {mark}")),
            "meeting_id": meeting_id, "position_id": position.id,
            "agreement_id": one(sa.select(Agreement.id).where(Agreement.meeting_id == meeting_id)),
            "pledge_id": one(sa.select(Pledge.id).where(Pledge.meeting_id == meeting_id))}


MISSING = 999_999


def _hidden_inputs(world, session, hidden: dict[str, int]) -> dict[str, list[dict]]:
    """Per input model, valid inputs that each refer to one of ``hidden``'s records."""
    normal = examples(world, session)
    org, person, event = hidden["organisation_id"], hidden["person_id"], hidden["event_id"]
    meeting = {**normal["MeetingCreate"], "confidentiality": "confidential"}
    visible_party = {"organisation_id": world.shared_org_id}
    agreement = {"title": "Side letter", "confidentiality": "confidential", "parties": [visible_party]}
    pledge = {"organisation_id": world.shared_org_id, "area_id": world.area_id, "text": "More",
              "made_on": "2024-04-01", "confidentiality": "confidential"}
    return {
        "MeetingCreate": [
            {**meeting, "organisation_ids": [org]}, {**meeting, "event_id": event},
            {**meeting, "participants": [{"person_id": person, "side": "enterprise"}]},
            {**meeting, "pledges": [{"organisation_id": org, "area_id": world.area_id}]},
            {**meeting, "agreements": [{**agreement, "parties": [{"organisation_id": org}]}]}],
        "MeetingUpdate": [
            {**normal["MeetingUpdate"], "organisation_ids": [org]},
            {**normal["MeetingUpdate"], "event_id": event},
            {**normal["MeetingUpdate"], "participants": [{"person_id": person, "side": "enterprise"}]}],
        "AgreementCreate": [
            {**agreement, "meeting_id": hidden["meeting_id"]},
            {**agreement, "parties": [{"organisation_id": org}]},
            {**agreement, "parties": [{**visible_party, "signatory_person_id": person}]}],
        "AgreementUpdate": [{"parties": [{"organisation_id": org}]},
                            {"parties": [{**visible_party, "signatory_person_id": person}]}],
        "PledgeCreate": [{**pledge, "meeting_id": hidden["meeting_id"]},
                         {**pledge, "agreement_id": hidden["agreement_id"]},
                         {**pledge, "organisation_id": org}],
        "PledgeUpdate": [{"organisation_id": org}],
        "PositionCreate": [{"organisation_id": org, "title": "Adviser"}],
        "PositionUpdate": [{"organisation_id": org}],
        "OrganisationCreate": [{**normal["OrganisationCreate"], "parent_id": org}],
        "OrganisationUpdate": [{"parent_id": org}],
        "PersonCreate": [{"name": "Fresh Person",
                          "positions": [{"organisation_id": org, "title": "Adviser"}]}],
    }


def _outcome(session, func, kwargs) -> str:
    """The refusal (type and message, ids masked) or "allowed"."""
    try:
        func(session=session, actor=EDITOR, **kwargs)
    except (NotFound, PermissionDenied, ValidationError) as exc:
        session.rollback()
        return f"{type(exc).__name__}: {re.sub(r'[0-9]+', 'N', str(exc))}"
    except Exception as exc:  # noqa: BLE001 - any other outcome is a failure to refuse
        session.rollback()
        return f"{type(exc).__name__}: {exc}"
    session.rollback()
    return "allowed"


def _refused(session, name, func, hidden_kwargs, missing_kwargs) -> str | None:
    """None when the call on a hidden record is refused exactly as on a missing one."""
    seen, missing = _outcome(session, func, hidden_kwargs), _outcome(session, func, missing_kwargs)
    return None if seen == missing and seen != "allowed" else f"{name}: {seen} (missing: {missing})"


def test_a_write_on_a_record_above_clearance_is_refused_and_changes_nothing(session, world):
    before = table_dump(session)
    failures, tried = [], []
    for name, func in WRITES:
        kwargs = arguments_for(func, world, session)
        targets = ID_NAMES & set(kwargs or {})
        if not targets:
            continue
        if {"survivor_id", "merged_id"} & targets:
            kind = "person_id" if "people" in name else "organisation_id"
            hidden, missing = {"merged_id": world.hidden[kind]}, {"merged_id": MISSING}
        else:
            hidden = {key: world.hidden[key] for key in targets}
            missing = dict.fromkeys(targets, MISSING)
        tried.append(name)
        failures.append(_refused(session, name, func, {**kwargs, **hidden}, {**kwargs, **missing}))
    assert {"pledges.update_pledge", "organisations.update_organisation", "merge.merge_people",
            "people.update_position"} <= set(tried)
    assert not [f for f in failures if f], [f for f in failures if f]
    assert table_dump(session) == before, "a refused call changed the database"


def test_a_write_referring_to_a_record_above_clearance_is_refused_and_changes_nothing(session, world):
    import typing

    from sqlmodel import SQLModel

    inputs = _hidden_inputs(world, session, world.hidden)
    missing = _hidden_inputs(world, session, dict.fromkeys(world.hidden, MISSING))
    visible = existing_ids(world, session)
    before = table_dump(session)
    failures, covered = [], set()
    for name, func in WRITES:
        kwargs = arguments_for(func, world, session)
        for param, hint in typing.get_type_hints(func).items():
            if not (kwargs and param in kwargs and isinstance(hint, type) and issubclass(hint, SQLModel)):
                continue
            for variant, absent in zip(inputs.get(hint.__name__, []), missing.get(hint.__name__, []),
                                       strict=True):
                covered.add(hint.__name__)
                call = {**kwargs, **{k: visible[k] for k in ID_NAMES & set(kwargs) if k in visible}}
                failures.append(_refused(session, f"{name} {variant}", func,
                                         {**call, param: hint.model_validate(variant)},
                                         {**call, param: hint.model_validate(absent)}))
    assert covered == set(inputs), f"no service takes {set(inputs) - covered}"
    assert not [f for f in failures if f], [f for f in failures if f]
    assert table_dump(session) == before, "a refused call changed the database"


def _add_editor(runner, app) -> None:
    added = runner.invoke(app, ["user", "add", "edith", "--role", "editor", "--clearance", "confidential",
                                "--password-stdin"], input="editor-password\n")
    assert added.exit_code == 0, added.output


def test_generated_data_never_exceeds_the_actors_clearance(database_url, session):
    from typer.testing import CliRunner

    from tracker.cli import app
    from tracker.models import Meeting

    runner = CliRunner()
    _add_editor(runner, app)
    result = runner.invoke(app, ["seed", "--meetings", "200", "--as", "edith"])
    assert result.exit_code == 0, result.output
    session.rollback()
    levels = {model.__tablename__: set(session.execute(sa.select(model.confidentiality).distinct()).scalars())
              for model in (Meeting, Agreement, Pledge)}
    assert session.execute(sa.select(sa.func.count()).select_from(Meeting)).scalar_one() == 200
    assert all(levels.values()) and max(max(found) for found in levels.values()) <= EDITOR.clearance, levels


def test_an_editors_failed_demo_writes_nothing(database_url, session):
    from typer.testing import CliRunner

    from tracker.cli import app

    runner = CliRunner()
    _add_editor(runner, app)
    before = table_dump(session)
    result = runner.invoke(app, ["seed", "--demo", "--as", "edith"])
    assert result.exit_code == 2, result.output
    after = table_dump(session)
    grown = {table: len(after[table]) - len(before[table]) for table in after
             if after[table] != before[table]}
    assert not grown, f"rows left behind by the failed demo: {grown}"


def test_a_merge_that_would_rewrite_items_above_clearance_is_refused(session, world):
    """Lin Hua took part in the secret meeting too: merging a duplicate into them as a Confidential
    editor would rewrite it, so it is refused without naming it; a fully cleared user may."""
    from tracker.services.merge import merge_people

    envoy = session.execute(sa.select(Person.id).where(
        Person.name == f"Envoy {marker(Confidentiality.PUBLIC)}")).scalar_one()
    before = table_dump(session)
    with pytest.raises(PermissionDenied) as refused:
        merge_people(session=session, actor=EDITOR, survivor_id=world.person_id, merged_id=envoy)
    assert "secret" not in str(refused.value).lower()
    session.rollback()
    assert table_dump(session) == before
    merge_people(session=session, actor=SYSTEM_ACTOR, survivor_id=world.person_id, merged_id=envoy)
