"""Formats are registered once (tracker/reports/formats.py): no list of formats, MIME type or test of
a format key is written anywhere else in tracker/ and dashboards/, and docs/reports.md shows the
registry as it is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import generated_docs
from tracker.reports.formats import FORMATS, DocumentKind, format_for, keys_for, markdown_tables, or_list

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = Path("tracker/reports/formats.py")
KEYS = {fmt.key for fmt in FORMATS}
WORDS = KEYS | {fmt.label for fmt in FORMATS} | {fmt.suffix for fmt in FORMATS}
MIMES = {fmt.mime for fmt in FORMATS}
KEY = "|".join(sorted(KEYS))
# "csv or xlsx", "pdf, docx or xlsx", "pdf|docx": a choice of formats written out in a string.
CHOICE_TEXT = re.compile(rf"\b(?:{KEY})\b(?:\s*(?:,|\bor\b|\|)\s*\b(?:{KEY})\b)+")
# What the import page's file uploader accepts is the importer's input, not a file the tracker writes.
ALLOWED = {("dashboards/views/import.py", "list", ("csv", "xlsx"))}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _string_items(node: ast.AST) -> tuple[str, ...] | None:
    """The strings of a tuple, list or set literal, or a dict's keys, when they are all strings."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = node.keys
    else:
        return None
    if len(items) < 2 or not all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
        return None
    return tuple(i.value for i in items)


def source_findings(source: str, path: str) -> list[tuple[str, str, object, int]]:
    """(path, what, value, line) for each format list, format test, MIME type or choice text."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        items = _string_items(node)
        if items and set(items) <= WORDS:
            found.append((path, "list", items, node.lineno))
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Constant) and side.value in KEYS:
                    found.append((path, "compare", side.value, node.lineno))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found += [(path, "mime", mime, node.lineno) for mime in MIMES if mime in node.value]
            if CHOICE_TEXT.search(node.value):
                found.append((path, "choice text", node.value, node.lineno))
    return found


def findings(root: Path) -> list[str]:
    """Every place outside the registry that lists formats, tests a format key or spells a MIME type."""
    paths = sorted(p for folder in ("tracker", "dashboards") for p in (root / folder).rglob("*.py")
                   if "migrations" not in p.parts and p.relative_to(root) != REGISTRY)
    out = []
    for path in paths:
        relative = path.relative_to(root).as_posix()
        for where, what, value, line in source_findings(path.read_text(encoding="utf-8"), relative):
            if (where, what, value) not in ALLOWED:
                out.append(f"{where}:{line}: {what} {value!r}")
    return out


def test_formats_are_listed_only_in_the_registry():
    assert findings(ROOT) == []


@pytest.mark.parametrize("source, what", [
    ('FORMATS = ("csv", "xlsx")', "list"),
    ('LABELS = {"pdf": "PDF", "docx": "Word"}', "list"),
    ('if fmt == "pdf":\n    pass', "compare"),
    ('MIME = "application/pdf"', "mime"),
    ('help = "pdf, docx or xlsx."', "choice text"),
])
def test_the_scan_finds_each_kind_of_listing(source, what):
    assert [f[1] for f in source_findings(source, "x.py")] == [what]


def test_the_scan_leaves_prose_and_other_file_types_alone():
    source = ('"""Write the report as PDF or Word: pdf, docx or xlsx."""\n'
              'TEXT_TYPES = {"csv", "txt"}\nSUFFIXES = (".csv", ".xlsx", ".txt")\nname = "report.pdf"\n')
    assert source_findings(source, "x.py") == []


def test_docs_show_the_registry_as_it_is():
    formats = generated_docs.block("docs/reports.md", "formats")
    page = formats.read()
    block = formats.find(page)
    assert block is not None, "docs/reports.md lost its formats block"
    assert block.group(1) == markdown_tables(), "run `make docs` to rewrite it"
    outside = page[:block.start()] + page[block.end():]
    assert CHOICE_TEXT.findall(outside) == []


def test_each_kind_is_offered_in_the_formats_it_was_offered_in_before_the_registry():
    assert {kind: keys_for(kind) for kind in DocumentKind} == {
        DocumentKind.TABLE_EXPORT: ("csv", "xlsx"),
        DocumentKind.PERIOD_REPORT: ("pdf", "docx", "xlsx"),
        DocumentKind.BRIEFING: ("pdf", "docx"),
        DocumentKind.TRANSPARENCY_RETURN: ("csv", "xlsx"),
        DocumentKind.CALENDAR: ("ics",),
    }


def test_a_format_a_kind_is_not_offered_in_is_refused():
    with pytest.raises(ValueError, match="unknown briefing format 'xlsx'"):
        format_for(DocumentKind.BRIEFING, "xlsx")
    assert or_list(["pdf"]) == "pdf" and or_list(["pdf", "docx", "xlsx"]) == "pdf, docx or xlsx"
