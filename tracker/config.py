"""Settings read from the environment, so the same code runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SQLITE_PATH = Path("data") / "tracker.db"


def database_url() -> str:
    """``TRACKER_DATABASE_URL``, or an SQLite file ``./data/tracker.db`` (folder created)."""
    url = os.environ.get("TRACKER_DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"
