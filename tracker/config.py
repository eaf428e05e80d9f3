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


def whole_number(name: str, default: int, *, low: int = 0, high: int | None = None) -> int:
    """The environment variable ``name`` as a whole number from ``low`` to ``high`` (``default``
    when unset); anything else stops the process with a message naming the variable."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bounds}, not {value}")
    return value


def database_pool_settings() -> dict[str, int]:
    """The connection pool of each app process on PostgreSQL, from the environment:
    ``TRACKER_DB_POOL_SIZE`` (connections kept open, default 5), ``TRACKER_DB_MAX_OVERFLOW`` (more
    opened at busy moments, default 10), ``TRACKER_DB_POOL_TIMEOUT`` (seconds to wait for a free
    one, default 30) and ``TRACKER_DB_POOL_RECYCLE`` (seconds before a connection is replaced,
    default 1800). Processes × (size + overflow) must stay under PostgreSQL's max_connections."""
    return {"pool_size": whole_number("TRACKER_DB_POOL_SIZE", 5, low=1),
            "max_overflow": whole_number("TRACKER_DB_MAX_OVERFLOW", 10),
            "pool_timeout": whole_number("TRACKER_DB_POOL_TIMEOUT", 30, low=1),
            "pool_recycle": whole_number("TRACKER_DB_POOL_RECYCLE", 1800, low=1)}


def dashboard_statement_timeout_ms() -> int:
    """``TRACKER_DB_STATEMENT_TIMEOUT_MS``: on PostgreSQL, a dashboard read running longer is
    stopped (default 30,000 ms; 0: no limit), so one heavy view cannot hold a connection for long."""
    return whole_number("TRACKER_DB_STATEMENT_TIMEOUT_MS", 30_000)


DEFAULT_SILENT_AFTER_DAYS = 90


def silent_after_days() -> int:
    """``TRACKER_SILENT_AFTER_DAYS``: after how many days without news an open pledge is silent
    (default ``DEFAULT_SILENT_AFTER_DAYS``; see ``tracker.definitions``). A whole number of at
    least one day, or the process refuses to start rather than count every pledge as silent."""
    return whole_number("TRACKER_SILENT_AFTER_DAYS", DEFAULT_SILENT_AFTER_DAYS, low=1)


DEFAULT_TIME_ZONE = "Asia/Shanghai"


def office_time_zone() -> str:
    """``TRACKER_TIME_ZONE``: the IANA zone a meeting's recorded time of day is in (calendar files
    carry it, so a subscriber elsewhere sees the right hour); the office's own, ``Asia/Shanghai``
    by default. An unknown zone stops the process rather than shift every meeting."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TRACKER_TIME_ZONE", "").strip() or DEFAULT_TIME_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"TRACKER_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, not {name!r}") from None
    return name
