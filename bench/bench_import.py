"""Import speed: a 10,000-row register (foreign layout, follow-on rows, month-free dates) into a
fresh SQLite database, through ``tracker.importers.run.import_rows`` (issue 3: < 30 s); its
dry run first, which takes the same write path and rolls it back (issue 12, item 11)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from seed_data.import_sample import sample_csv
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows
from tracker.migrate import upgrade

ROWS = 10_000


def run(context) -> dict:
    data = sample_csv(ROWS)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'import.db'}")
        upgrade(engine)
        table = read_table(data, "register.csv")
        spec, missing = propose_mapping(table)
        assert not missing, missing
        dry_started = time.perf_counter()
        with session_scope(engine) as session:
            dry = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec, dry_run=True)
        dry_elapsed = time.perf_counter() - dry_started
        started = time.perf_counter()
        table = read_table(data, "register.csv")
        spec, missing = propose_mapping(table)
        with session_scope(engine) as session:
            result = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)
        elapsed = time.perf_counter() - started
        again_started = time.perf_counter()
        with session_scope(engine) as session:
            again = import_rows(session=session, actor=SYSTEM_ACTOR, table=table, mapping=spec)
        again_elapsed = time.perf_counter() - again_started
        engine.dispose()
    assert result.imported == ROWS and again.already_imported == ROWS
    assert (dry.imported, dry.created_organisations) == (result.imported, result.created_organisations)
    return {"import_10k_rows_s": round(elapsed, 2), "reimport_10k_rows_s": round(again_elapsed, 2),
            "import_rows_per_s": round(ROWS / elapsed, 1), "dry_run_10k_rows_s": round(dry_elapsed, 2)}
