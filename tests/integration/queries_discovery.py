"""Finds every read function in ``tracker.queries`` (and reports/exports when present) and calls it
as a reader with a given clearance, filling required arguments from a ``World``.

Used by the clearance test: a function it cannot call is listed, so a new query with an unusual
signature is noticed rather than silently skipped.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import tracker
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Confidentiality
from tracker.queries.filters import Filters

READ_PACKAGES = ["tracker.queries", "tracker.reports", "tracker.exports"]
SEARCH_WORDS = {"text", "query_text", "q", "term", "search", "needle", "words"}


def read_functions() -> list[tuple[str, Callable]]:
    """(qualified name, function) for every public function taking a session and a clearance."""
    found = []
    root = Path(tracker.__file__).parent.parent
    for package_name in READ_PACKAGES:
        if not (root / package_name.replace(".", "/")).is_dir():
            continue  # not in this checkout (an editable install elsewhere may still resolve it)
        package = importlib.import_module(package_name)
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{module_info.name}")
            for name, func in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("_") or func.__module__ != module.__name__:
                    continue
                params = list(inspect.signature(func).parameters)
                if params and params[0] == "session" and (
                        {"filters", "clearance", "query"} & set(params)):
                    found.append((f"{module.__name__}.{name}", func))
    return found


def arguments_for(func: Callable, clearance: Confidentiality, world) -> dict | None:
    """Keyword arguments for ``func`` as a reader at ``clearance``; None when one cannot be filled."""
    from tracker.queries.audit import AuditQuery

    kwargs = {}
    top_meeting = world.meeting_ids[Confidentiality.SECRET]
    by_name = {"organisation_id": world.shared_org_id, "person_id": world.person_id,
               "area_id": world.area_id, "event_id": world.event_id, "meeting_id": top_meeting,
               "entity_type": "meeting", "entity_id": top_meeting}
    for name, param in list(inspect.signature(func).parameters.items())[1:]:
        annotation = str(param.annotation)
        if name == "filters" or "Filters" in annotation:
            kwargs[name] = Filters(clearance=clearance)
        elif name == "clearance":
            kwargs[name] = clearance
        elif name == "query" and "AuditQuery" in annotation:
            kwargs[name] = AuditQuery(clearance=clearance)
        elif name in by_name:
            kwargs[name] = by_name[name]
        elif name in SEARCH_WORDS:
            kwargs[name] = "zq"
        elif param.default is not inspect.Parameter.empty or param.kind in (
                inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        else:
            return None
    return kwargs


def normalise(value) -> str:
    """A comparable text form of any query result (frames, dicts, numbers, bytes)."""
    if isinstance(value, pd.DataFrame):
        return value.reset_index(drop=True).to_csv(index=False)
    if isinstance(value, pd.Series):
        return value.to_csv()
    if isinstance(value, tuple):
        return "\n".join(normalise(v) for v in value)
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    return repr(value)


def call(func: Callable, session, kwargs: dict) -> str:
    """The normalised result, or the error's type and message (equal errors compare equal)."""
    try:
        return normalise(func(session, **kwargs))
    except (NotFound, PermissionDenied) as exc:  # a refusal is an outcome to compare
        session.rollback()
        return f"{type(exc).__name__}: {exc}"
