"""Finds every service function (``tracker.services`` and the importers' entry points: keyword-only
``session`` and ``actor``) and builds valid arguments for it from a ``World``, so permission and
audit tests cover new services without being edited. A service whose input model has no example
here is reported, not skipped silently: add one line to ``EXAMPLES``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable

import pydantic
import sqlalchemy as sa
from sqlmodel import SQLModel

import tracker.importers
import tracker.services
from tracker.models import Agreement, FollowUpAction, Meeting, MergeRecord, Pledge, Position, User

WRITE_VERB = re.compile(r"^(create|update|delete|merge|import|add|set|reset|remove|record|sign|"
                        r"bulk|apply|restore|undo|link|unlink|replace|rename|move|split|mark|"
                        r"close|reopen|approve|confirm|dismiss|save|upsert|resolve|archive|purge)_")
PLAIN_VALUES = {"source": "nightly.db", "username": "someone", "name": "Shared Cloud Co", "language": "zh_CN",
                "confirm": True}
WRITE_PACKAGES = [tracker.services, tracker.importers]
DELETE_ORDER = ["position", "pledge", "agreement", "meeting", "event", "person", "organisation",
                "area", "user"]


def service_functions() -> list[tuple[str, Callable]]:
    """(module.function, function) for every public service taking ``session`` and ``actor``,
    and every importer entry point of the same shape (``import_rows``, ``save_mapping``: the
    importers sit above the services and write as they do)."""
    modules = [importlib.import_module(f"{package.__name__}.{info.name}")
               for package in WRITE_PACKAGES for info in pkgutil.iter_modules(package.__path__)]
    found = []
    for module in modules:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            params = inspect.signature(func).parameters
            if "actor" in params and params.get("session") is not None and \
                    params["session"].kind is inspect.Parameter.KEYWORD_ONLY:
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", func))
    return sorted(found)


def is_write(func: Callable) -> bool:
    return bool(WRITE_VERB.match(func.__name__))


def needs_admin(func: Callable) -> bool:
    return "require_admin(" in inspect.getsource(func)


def write_order(item: tuple[str, Callable]) -> tuple[int, int, str]:
    """Creates, then updates and the rest, then deletes (children before parents), then purges
    of what was deleted (archived)."""
    name, func = item
    verb = func.__name__.split("_", 1)[0]
    if verb == "purge":
        return (3, 0, name)
    if verb == "delete":
        entity = func.__name__.removeprefix("delete_")
        rank = DELETE_ORDER.index(entity) if entity in DELETE_ORDER else len(DELETE_ORDER)
        return (2, rank, name)
    return (0 if verb == "create" else 1, 0, name)


def examples(world, session) -> dict[str, dict]:
    """A valid input per input-model class name (ids from the world)."""
    meeting_version = session.execute(sa.select(Meeting.version).where(
        Meeting.id == world.meeting_ids[min(world.meeting_ids)])).scalar()
    return {
        "OrganisationCreate": {"name": "Fresh Org", "kind": "private_enterprise"},
        "OrganisationUpdate": {"sector": "finance"},
        "PersonCreate": {"name": "Fresh Person"},
        "PersonUpdate": {"local_name": "新人"},
        "PositionCreate": {"organisation_id": world.shared_org_id, "title": "Director"},
        "PositionUpdate": {"title": "Chair"},
        "EventCreate": {"name": "Fresh Event"},
        "CooperationAreaCreate": {"name": "Fresh Area"},
        "MeetingCreate": {"title": "Fresh meeting", "date": "2024-04-01", "confidentiality": "public",
                          "organisation_ids": [world.shared_org_id]},
        "MeetingUpdate": {"version": meeting_version, "summary": "changed"},
        "AgreementCreate": {"title": "Fresh agreement", "confidentiality": "public",
                            "parties": [{"organisation_id": world.shared_org_id}]},
        "AgreementUpdate": {"status": "in_force"},
        "PledgeCreate": {"organisation_id": world.shared_org_id, "area_id": world.area_id,
                         "text": "Fresh pledge", "made_on": "2024-04-01", "confidentiality": "public"},
        "PledgeUpdate": {"status": "in_progress"},
        "PledgeProgressCreate": {"on": "2024-05-01", "note": "progress"},
        "UserCreate": {"username": "fresh.user", "role": "viewer", "password": "long-enough-pw"},
        "UserUpdate": {"display_name": "Changed"},
        "ReturnSignOffCreate": {"quarter": "2024Q1", "rows": 1},
        "InvitationDraft": {"title": "Fresh invitation", "date": "2024-04-01",
                            "attendees": [{"name": "Fresh Attendee"}]},
        "ActionCreate": {"what": "Fresh action", "meeting_id": world.meeting_ids[min(world.meeting_ids)],
                         "owner_id": _an_owner(session)},
        "ActionUpdate": {"status": "done", "notes": "called"},
        "ImportanceSet": {"importance": "strategic", "reason": "anchor investor"},
    }


def _an_owner(session) -> int:
    """A user to own the example action (the world's own owner)."""
    return session.execute(sa.select(User.id).order_by(User.id)).scalar()


def spreadsheet_examples() -> dict[str, object]:
    """A small register (as the importer reads it) and its proposed mapping, for import services."""
    try:
        from tracker.importers.proposal import propose_mapping
        from tracker.importers.reading import read_table
    except ImportError:
        return {}
    data = (b"Minister,Date,Name of Organisation,Purpose of meeting\r\n"
            b"\"Minister, Ann Lee\",2024-03-20,Acme Robotics,Smart city talks\r\n")
    table = read_table(data, "register.csv")
    mapping, _missing = propose_mapping(table)
    return {"table": table, "mapping": mapping}


def existing_ids(world, session) -> dict[str, int | None]:
    """An existing record per id parameter name."""
    def first(model):
        return session.execute(sa.select(model.id).order_by(model.id)).scalar()

    return {"organisation_id": world.shared_org_id, "person_id": world.person_id,
            "event_id": world.event_id, "area_id": world.area_id,
            "meeting_id": world.meeting_ids[min(world.meeting_ids)],
            "agreement_id": first(Agreement), "pledge_id": first(Pledge),
            "position_id": first(Position), "user_id": first(User),
            # Refusals come before the lookup, so an id that names no action yet serves them.
            "action_id": first(FollowUpAction) or 0,
            # The archive's services (kind "pledge"): a pledge; the latest merge (none yet: refusals).
            "record_id": first(Pledge),
            "merge_id": session.execute(sa.select(sa.func.max(MergeRecord.id))).scalar() or 0}


def arguments_for(func: Callable, world, session, created: dict[str, int] | None = None) -> dict | None:
    """Keyword arguments (without session/actor) for ``func``; None when one cannot be filled.

    ``created`` maps id names to records made earlier in the test, so deletes remove those.
    """
    hints = typing.get_type_hints(func)
    ids = {**existing_ids(world, session), **(created or {})}
    samples = examples(world, session)
    by_name = {**PLAIN_VALUES, **spreadsheet_examples()} if {"table", "mapping"} & set(
        inspect.signature(func).parameters) else PLAIN_VALUES
    kwargs = {}
    for name, param in inspect.signature(func).parameters.items():
        if name in ("session", "actor"):
            continue
        hint = hints.get(name)
        model = hint if inspect.isclass(hint) and issubclass(hint, pydantic.BaseModel) else None
        if model is not None and model.__name__ in samples:
            kwargs[name] = model.model_validate(samples[model.__name__])
        elif name in ids and ids[name] is not None:
            kwargs[name] = ids[name]
        elif name == "kind" and "record_id" in inspect.signature(func).parameters:
            kwargs[name] = "pledge"  # the archive's services: record_id is a pledge
        elif name in ("survivor_id", "merged_id", "first_id", "second_id"):
            kwargs[name] = _merge_pair(func, world, session)[name in ("merged_id", "second_id")]
        elif name in by_name:
            kwargs[name] = by_name[name]
        elif param.default is not inspect.Parameter.empty:
            continue
        else:
            return None
    return kwargs


def _merge_pair(func: Callable, world, session) -> tuple[int, int]:
    """(survivor, merged) for a merge service, (first, second) for a "not the same" one: two
    people or two organisations of the world."""
    from tracker.models import Person

    if "people" in func.__name__ or "person" in func.__name__:
        other = session.execute(sa.select(Person.id).where(Person.id != world.person_id)
                                .order_by(Person.id)).scalar()
        return world.person_id, other
    return world.shared_org_id, world.org_ids[min(world.org_ids)]


def created_id_name(result) -> str | None:
    """'meeting_id' for a created Meeting (so a later delete can remove it)."""
    table = getattr(result, "__tablename__", None)
    if table is None:
        return None
    return {"cooperation_area": "area_id", "app_user": "user_id",
            "follow_up_action": "action_id"}.get(table, f"{table}_id")


def table_dump(session) -> dict[str, list]:
    """Every row of every table, as sorted tuples of text: the whole database, to compare."""
    session.expire_all()
    dump = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.execute(sa.select(table)).all()
        dump[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    session.rollback()
    return dump
