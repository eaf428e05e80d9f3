"""Backups at working scale: how long an online backup, a full JSON export and an import into an
empty database take on the 100,000-meeting SQLite file, and how a sign-in costs (argon2)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.harness import BenchContext, p50, timings_ms


def _timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def run(context: BenchContext) -> dict[str, float]:
    from tracker import backup
    from tracker.db import make_engine

    source_path = context.sqlite_100k()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        working = folder / "working.db"
        shutil.copy(source_path, working)
        engine = make_engine(f"sqlite:///{working}")
        backup_s = _timed(lambda: backup.backup(engine, folder / "backup.db"))
        export_s = _timed(lambda: backup.export_all(engine, folder / "all.json"))
        target = make_engine(f"sqlite:///{folder / 'target.db'}")
        import_s = _timed(lambda: backup.import_all(target, folder / "all.json"))
        restore_s = _timed(lambda: backup.restore(make_engine(f"sqlite:///{folder / 'r.db'}"),
                                                  folder / "backup.db"))
        figures = {"backup_online_s": backup_s, "export_all_s": export_s,
                   "import_all_s": import_s, "restore_s": restore_s,
                   "export_all_mb": (folder / "all.json").stat().st_size / 1_048_576}
        engine.dispose()
        target.dispose()
    figures["sign_in_argon2_ms"] = p50(timings_ms(_sign_in_once(), repeat=5))
    return figures


def _sign_in_once():
    from tracker.auth.passwords import hash_password, verify_password

    stored = hash_password("correct-horse-battery")
    return lambda: verify_password(stored, "correct-horse-battery")
