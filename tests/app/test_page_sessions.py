"""Pages reach the database only through ``dashboards/database.py``'s runners, and a rerun reads the
data version (which keys every cached query) once, not once per cached query."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import event

from seed_data.reference import load_reference
from tests.app.test_dashboards import open_page
from tests.dashboard_data import build_dataset
from tracker import db as tracker_db

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"
SESSION_FACTORIES = {"session", "session_scope", "new_session", "get_engine", "make_engine", "Session"}


def _database_reaches(path: Path) -> list[str]:
    """Imports of ``tracker.db`` or SQLAlchemy/SQLModel sessions, and calls of a session factory."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in {"tracker.db", "sqlalchemy.orm", "sqlmodel"}:
            found.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.ImportFrom) and node.module == "tracker" and any(
                alias.name == "db" for alias in node.names):
            found.append(f"line {node.lineno}: from tracker import db")
        elif isinstance(node, ast.Import) and any(alias.name == "tracker.db" for alias in node.names):
            found.append(f"line {node.lineno}: import tracker.db")
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in SESSION_FACTORIES:
                found.append(f"line {node.lineno}: {name}()")
    return found


def test_no_page_opens_a_database_session_of_its_own():
    offenders = {str(path.relative_to(DASHBOARDS)): reaches
                 for path in sorted(DASHBOARDS.rglob("*.py")) if path.name != "database.py"
                 if (reaches := _database_reaches(path))}
    assert offenders == {}


def test_the_runners_offer_no_session_to_pages():
    import dashboards.database as database

    assert not hasattr(database, "session")


@pytest.fixture
def demo(database_url, session):
    load_reference(session)
    return build_dataset(session)


def test_an_overview_rerun_reads_the_data_version_once(demo):
    at = open_page("views/overview.py", {"period": "all"})
    assert not at.exception, at.exception
    reads = []

    def count_version_reads(conn, cursor, statement, parameters, context, executemany):
        if "FROM app_state" in statement:
            reads.append(statement)

    engine = tracker_db.get_engine()
    event.listen(engine, "before_cursor_execute", count_version_reads)
    try:
        at.run()
    finally:
        event.remove(engine, "before_cursor_execute", count_version_reads)
    assert not at.exception, at.exception
    assert len(reads) == 1
