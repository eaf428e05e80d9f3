"""Only ``tracker/queries/filter_sql.py`` turns a ``Filters`` value's fields into SQL.

A source scan: in every module of ``tracker/`` but the two below, reading a field of a value
typed ``Filters`` (a parameter or variable annotated ``Filters``, or named ``filters``) fails
this test. A new filter then has one place to become SQL, and means the same on every page.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from tracker.queries.filters import Filters

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
OWNERS = {
    "tracker/queries/filters.py": "defines Filters (URL parameters, describe, periods)",
    "tracker/queries/filter_sql.py": "the one module that turns Filters into SQL conditions",
}
# Fields any module may read, with the reason.
ALLOWED_FIELDS = {
    # The reader's level is not a narrowing the user picks but who is reading: every query
    # compares a row's confidentiality with it, and the visibility rules (issue 12) own that.
    "clearance",
}

FIELDS = {field.name for field in dataclasses.fields(Filters)} - ALLOWED_FIELDS


def _annotated_filters(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    return any(
        (isinstance(node, ast.Name) and node.id == "Filters")
        or (isinstance(node, ast.Constant) and isinstance(node.value, str) and "Filters" in node.value)
        for node in ast.walk(annotation)
    )


def filters_field_reads(source: str) -> list[tuple[int, str, str]]:
    """(line, variable, field) of every read of a Filters field in ``source``."""
    tree = ast.parse(source)
    typed = {"filters"}
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and _annotated_filters(node.annotation):
            typed.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if _annotated_filters(node.annotation):
                typed.add(node.target.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            called = node.value.func
            if isinstance(called, ast.Name) and called.id == "Filters":
                typed.update(t.id for t in node.targets if isinstance(t, ast.Name))
    reads = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in typed
            and node.attr in FIELDS
        ):
            reads.append((node.lineno, node.value.id, node.attr))
    return sorted(reads)


def test_the_scan_finds_a_field_read() -> None:
    source = (
        "def f(view: Filters, filters):\n"
        "    return view.area_ids, filters.start, view.clearance, view.describe()\n"
        "def g():\n"
        "    narrowed = Filters()\n"
        "    return narrowed.sectors\n"
    )
    assert filters_field_reads(source) == [
        (2, "filters", "start"), (2, "view", "area_ids"), (5, "narrowed", "sectors")
    ]


def test_only_filter_sql_reads_filters_fields() -> None:
    offending = []
    for path in sorted(TRACKER.rglob("*.py")):
        module = path.relative_to(TRACKER.parent).as_posix()
        if module in OWNERS:
            continue
        for line, variable, field in filters_field_reads(path.read_text(encoding="utf-8")):
            offending.append(f"{module}:{line}: {variable}.{field}")
    message = "read Filters fields through tracker/queries/filter_sql.py:\n" + "\n".join(offending)
    assert offending == [], message
