"""Prepared downloads (a report, a briefing, every row of a long table) as temporary files with a
time limit, not in an app process's memory.

A page keeps only a prepared file's key (``prepared_key``: a digest of who asked, for what, on
which data version, in which language); the bytes are in ``TRACKER_DOWNLOAD_DIR`` (default a
private folder in the system's temporary folder), named by that key, and removed
``TRACKER_DOWNLOAD_MINUTES`` (default 30) after they were written. The name says everything the
file is for, so nothing else about it needs keeping: a file older than the limit, or missing, is
simply prepared again. The reader's name is part of the digest, so no one is handed a file built
with another user's clearance.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

DEFAULT_MINUTES = 30
_PART = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def download_dir() -> Path:
    """The folder of prepared files (created, owner-only)."""
    configured = os.environ.get("TRACKER_DOWNLOAD_DIR", "").strip()
    default = Path(tempfile.gettempdir()) / f"tracker-downloads-{os.getuid()}"
    folder = Path(configured) if configured else default
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def lifetime_seconds() -> float:
    """``TRACKER_DOWNLOAD_MINUTES``: how long a prepared file is kept, in seconds."""
    text = os.environ.get("TRACKER_DOWNLOAD_MINUTES", "").strip()
    try:
        minutes = float(text) if text else DEFAULT_MINUTES
    except ValueError:
        raise ValueError(f"TRACKER_DOWNLOAD_MINUTES must be a number of minutes, not {text!r}") from None
    if minutes <= 0:
        raise ValueError(f"TRACKER_DOWNLOAD_MINUTES must be more than 0, not {text!r}")
    return minutes * 60


def prepared_key(*parts: object) -> str:
    """The key of the file prepared for ``parts`` (user, what, inputs, data version, language)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:40]


def _path(folder: Path, key: str, part: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{40}", key) or not _PART.match(part):
        raise ValueError(f"not a prepared file's name: {key}.{part}")
    return folder / f"{key}.{part}"


def store(key: str, files: Mapping[str, bytes], *, now: float | None = None) -> None:
    """Keep ``files`` (part name → bytes) under ``key``; expired files of anyone are removed first."""
    folder = download_dir()
    sweep(now=now)
    for part, data in files.items():
        target = _path(folder, key, part)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".partial-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, target)
        if now is not None:
            os.utime(target, (now, now))


def load(key: str, parts: Iterable[str], *, now: float | None = None) -> dict[str, bytes] | None:
    """The files stored under ``key``, or None when any of them is missing or past its time."""
    folder, now = download_dir(), time.time() if now is None else now
    limit = now - lifetime_seconds()
    found = {}
    for part in parts:
        path = _path(folder, key, part)
        try:
            if path.stat().st_mtime < limit:
                return None
            found[part] = path.read_bytes()
        except FileNotFoundError:
            return None
    return found


def sweep(*, now: float | None = None) -> int:
    """Remove prepared files past their time (and partial writes as old); returns how many."""
    folder, now = download_dir(), time.time() if now is None else now
    limit, removed = now - lifetime_seconds(), 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another process removed it first
            continue
    return removed
