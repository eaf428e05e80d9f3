"""Real registers nobody tuned the importer on (``../shared/realdata``), each imported with the
mapping the importer proposes plus at most a value mapping a person would make on the page
(issue 16): the share of each file's non-blank meeting rows imported, and a re-import that adds
nothing. Skipped when the folder is absent.

A row is a meeting row unless the importer shows it is none: a nil return, a note or heading
(one cell filled), or a row a value mapping drops ("skipped by rule", e.g. an e-mail in a
lobbying-contact log).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.importers import propose_mapping, read_path
from tracker.importers.run import import_rows
from tracker.migrate import upgrade

REPO = Path(__file__).resolve().parents[1]
REALDATA = next((p / "shared" / "realdata" for p in REPO.parents if (p / "shared" / "realdata").is_dir()),
                REPO.parent / "shared" / "realdata")
NOT_MEETINGS = ("a note or heading, not a meeting", "“nil", "a nil return")
# Two UK returns state no year in their name or cells: the page asks for it (the "Year" box),
# as a person who knows the return's quarter would answer it.
YEAR_ASKED = {"comeetingsjulysep.csv": 2012, "pmmeetingsjanmar.csv": 2013}
# What a person picks on the page for the Portland log's contact types: only meetings are meetings.
CONTACT_TYPES_NOT_MEETINGS = ("email", "indirect lobbying", "meeting preparation", "goodwill building",
                              "written correspondence", "social media", "text message", "letter")


def register_files() -> list[Path]:
    return sorted(p for p in REALDATA.rglob("*.csv"))


def page_value_mapping(spec) -> None:
    """The one value mapping the bench allows: contact types that are not meetings are skipped."""
    rule = spec.fields.get("kind")
    if rule is None or not hasattr(rule, "values"):
        return
    for value in list(rule.values):
        if any(value.casefold().startswith(word) for word in CONTACT_TYPES_NOT_MEETINGS):
            rule.values[value] = "skip"


def import_file(engine, path: Path) -> dict:
    table = read_path(path)
    spec, missing = propose_mapping(table)
    if missing:
        return {"file": path.name, "register": path.parent.name if path.parent != REALDATA else path.stem,
                "rows": len(table.rows), "imported": 0, "skipped": 0,
                "rejected": len(table.rows), "not_meetings": 0, "again": 0,
                "why": {f"no column proposed for {', '.join(missing)}": len(table.rows)}}
    page_value_mapping(spec)
    if path.name in YEAR_ASKED and "date" in spec.fields:
        spec.fields["date"].year = YEAR_ASKED[path.name]
    with session_scope(engine) as session:
        result = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)
    with session_scope(engine) as session:
        again = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)
    why: dict[str, int] = {}
    not_meetings = 0
    for error in result.errors:
        reason = error["reason"]
        if reason.startswith(NOT_MEETINGS) or "nil return" in reason:
            not_meetings += 1
        short = reason.split("“")[0].strip() or reason[:60]
        why[short] = why.get(short, 0) + 1
    return {"file": path.name, "register": path.parent.name if path.parent != REALDATA else path.stem,
            "rows": result.rows_read, "imported": result.imported,
            "skipped": getattr(result, "skipped_by_rule", 0), "rejected": result.rejected,
            "not_meetings": not_meetings, "again": again.imported, "why": why}


def measure() -> list[dict]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'realdata.db'}")
        upgrade(engine)
        for path in register_files():
            figures.append(import_file(engine, path))
        engine.dispose()
    return figures


def ratio(item: dict) -> float:
    meeting_rows = item["rows"] - item["skipped"] - item["not_meetings"]
    return item["imported"] / meeting_rows if meeting_rows else 1.0


def run(context) -> dict:
    if not REALDATA.is_dir():
        print("   ../shared/realdata is absent: skipped")
        return {}
    figures = measure()
    registers: dict[str, dict] = {}
    for item in figures:
        total = registers.setdefault(item["register"], {"files": 0, "rows": 0, "imported": 0, "skipped": 0,
                                                        "rejected": 0, "not_meetings": 0})
        total["files"] += 1
        for key in ("rows", "imported", "skipped", "rejected", "not_meetings"):
            total[key] += item[key]
    for name, total in registers.items():
        print(f"   {name}: {total}")
    for item in figures:
        print(f"   {item['file']:<48} rows {item['rows']:>5} imported {item['imported']:>5} "
              f"skipped {item['skipped']:>4} rejected {item['rejected']:>4} "
              f"ratio {ratio(item):.3f} again {item['again']} {item['why'] or ''}")
    return {"import_realdata_min_ratio": round(min(ratio(i) for i in figures), 3),
            "import_realdata_reimport_added_rows": sum(i["again"] for i in figures),
            "import_realdata_files_count": len(figures)}
