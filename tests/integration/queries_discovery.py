"""Finds every read function in ``tracker.queries`` (and reports/exports when present) and calls it
as a reader with a given clearance, filling required arguments from a ``World``.

Used by the clearance test: a function it cannot call is listed, so a new query with an unusual
signature is noticed rather than silently skipped.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import tracker
from tests.integration.world import signer_alias
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Confidentiality
from tracker.queries.filters import Filters

READ_PACKAGES = ["tracker.queries", "tracker.reports", "tracker.exports"]
SEARCH_WORDS = {"text", "query_text", "q", "query", "term", "search", "needle", "words"}


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
                params = inspect.signature(func).parameters
                names = list(params)
                audit_query = "query" in params and "AuditQuery" in str(params["query"].annotation)
                if names and names[0] == "session" and (
                        {"filters", "clearance"} & set(names) or audit_query):
                    found.append((f"{module.__name__}.{name}", func))
    return found


def _top_level_ids(world) -> dict[str, int]:
    """Ids of the secret meeting's agreement and pledge (what a lower reader must not get)."""
    import sqlalchemy as sa

    from tracker.db import get_engine
    from tracker.models import Agreement, Pledge

    meeting_id = world.meeting_ids[Confidentiality.SECRET]
    with get_engine().connect() as conn:
        return {"pledge_id": conn.execute(sa.select(Pledge.id).where(
                    Pledge.meeting_id == meeting_id)).scalar(),
                "agreement_id": conn.execute(sa.select(Agreement.id).where(
                    Agreement.meeting_id == meeting_id)).scalar()}


def arguments_for(func: Callable, clearance: Confidentiality, world, tmp_dir: Path | None = None
                  ) -> dict | None:
    """Keyword arguments for ``func`` as a reader at ``clearance``; None when one cannot be filled."""
    from tracker.queries.audit import AuditQuery

    kwargs = {}
    params = inspect.signature(func).parameters
    top_meeting = world.meeting_ids[Confidentiality.SECRET]
    by_name = {"organisation_id": world.shared_org_id, "person_id": world.person_id,
               "area_id": world.area_id, "event_id": world.event_id, "meeting_id": top_meeting,
               "entity_type": "meeting", "entity_id": top_meeting,
               # profiles take (kind, entity_id): the organisation every meeting involves
               "kind": "organisation", "person": False, "fmt": "xlsx", "with_charts": False,
               "view": "meetings", "quarter": "2024Q1",
               # looked up by name: one known only from the secret level's agreement
               "name": signer_alias(Confidentiality.SECRET),
               "person_ids": [world.person_id], "on": _dt.date(2024, 6, 1),
               # a calendar window holding every level's meetings
               "start": _dt.date(2024, 1, 1), "end": _dt.date(2024, 12, 31),
               "domains": ["example.com", "gov.example"],
               "user_id": world.owner_id}
    if {"probe", "probes"} & set(params):  # a meeting about to be saved: the day before the
        from tracker.queries.meeting_duplicates import Probe  # secret one, naming its records

        probe = Probe.of(_dt.date(2024, 3, 7), [world.person_id], [world.shared_org_id])
        by_name.update(probe=probe, probes=[probe])
    if "kind" in params:
        by_name["entity_id"] = world.shared_org_id
    if {"pledge_id", "agreement_id"} & set(params):
        by_name.update(_top_level_ids(world))
    if "out" in params:
        by_name["out"] = (tmp_dir or Path(".")) / f"{func.__name__}.xlsx"
    for name, param in list(params.items())[1:]:
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


def _xlsx_text(source) -> str:
    import openpyxl

    book = openpyxl.load_workbook(source, read_only=True)
    return "\n".join(f"{sheet.title}: {row}" for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True))


def _docx_text(source) -> str:
    from docx import Document

    document = Document(source)
    return "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])


def _file_bytes_text(data: bytes) -> str:
    """A download's bytes: a workbook or Word file by its text (the zip around it stamps the time
    it was written), anything else as it is."""
    import io
    import zipfile

    if data.startswith(b"PK\x03\x04"):
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        if "xl/workbook.xml" in names:
            return _xlsx_text(io.BytesIO(data))
        if "word/document.xml" in names:
            return _docx_text(io.BytesIO(data))
    return data.decode("latin-1")


def _mask_now(text: str) -> str:
    """Reports stamp when they were generated; that is not data, so it is masked."""
    import datetime as dt
    import re

    for day in {dt.date.today(), dt.datetime.now(dt.UTC).date()}:
        text = re.sub(rf"{day:%Y-%m-%d}[ T]\d\d:\d\d(:\d\d(\.\d+)?)?", "<now>", text)
        text = re.sub(rf"datetime\.datetime\({day.year}, {day.month}, {day.day}, [^)]*\)", "<now>", text)
        text = text.replace(f"{day:%Y-%m-%d}", "<today>").replace(f"{day.day} {day:%B %Y}", "<today>")
    return text


def normalise(value) -> str:
    """A comparable text form of any read result (frames, pages, documents, files, numbers)."""
    import dataclasses

    if isinstance(value, pd.DataFrame):
        return value.reset_index(drop=True).to_csv(index=False)
    if isinstance(value, pd.Series):
        return value.to_csv()
    if hasattr(value, "as_frame") and hasattr(value, "rows"):  # a streamed TableView
        return normalise(value.as_frame())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "\n".join(f"{f.name}={normalise(getattr(value, f.name))}"
                         for f in dataclasses.fields(value))
    if isinstance(value, list | tuple):
        return "[" + "\n".join(normalise(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + "\n".join(f"{k}: {normalise(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Path) and value.suffix == ".xlsx":
        return _xlsx_text(value)
    if isinstance(value, Path) and value.suffix == ".docx":
        return _docx_text(value)
    if isinstance(value, Path) and value.suffix in (".csv", ".txt"):
        return value.read_text(encoding="utf-8-sig")
    if isinstance(value, bytes | bytearray):
        return _file_bytes_text(bytes(value))
    return repr(value)


def call(func: Callable, session, kwargs: dict) -> str:
    """The normalised result, or the error's type and message (equal errors compare equal)."""
    if "fmt" in kwargs:  # writers: the first format this one supports, compared by its text
        for fmt in ("xlsx", "csv", "docx"):
            attempt = {**kwargs, "fmt": fmt}
            if isinstance(kwargs.get("out"), Path):
                attempt["out"] = kwargs["out"].with_suffix(f".{fmt}")
            try:
                return _call(func, session, attempt)
            except ValueError as exc:
                if "format" not in str(exc):
                    raise
        raise AssertionError(f"{func.__name__}: none of xlsx, csv, docx is supported")
    return _call(func, session, kwargs)


def _call(func: Callable, session, kwargs: dict) -> str:
    try:
        result = normalise(func(session, **kwargs))
        out = kwargs.get("out")
        if isinstance(out, Path) and out.exists():  # a writer: what it wrote is the output
            result += "\n" + normalise(out)
        return _mask_now(result)
    except (NotFound, PermissionDenied) as exc:  # a refusal is an outcome to compare
        session.rollback()
        return f"{type(exc).__name__}: {exc}"
