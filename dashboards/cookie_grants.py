"""One-time grants that let the browser exchange a fresh sign-in for an HttpOnly session cookie.

A Streamlit page cannot set a cookie the browser's scripts cannot read: only an HTTP response can
set ``HttpOnly``. So after a sign-in the page hands the browser a grant (random, single use, valid
for ``GRANT_SECONDS``), and the browser posts it to ``/_tracker/session`` (``dashboards/server.py``),
whose response sets the cookie. The session token itself never reaches the page's scripts.

Grants live in this process's memory, shared by the page runs and the HTTP routes: Streamlit
serves a browser's session from one process, and behind nginx (``deploy/nginx``) the routing
cookie sends that browser's post to the same process; a grant outlives neither it nor a minute.
The session the grant stands for is in the database, so every process knows the cookie after.
"""

from __future__ import annotations

import secrets
import threading
import time

GRANT_SECONDS = 60

_lock = threading.Lock()
_grants: dict[str, tuple[str, float]] = {}


def issue_grant(token: str, *, now: float | None = None) -> str:
    """A new single-use grant for ``token``."""
    now = time.monotonic() if now is None else now
    grant = secrets.token_urlsafe(24)
    with _lock:
        for stale in [key for key, (_, until) in _grants.items() if until <= now]:
            del _grants[stale]
        _grants[grant] = (token, now + GRANT_SECONDS)
    return grant


def redeem_grant(grant: str, *, now: float | None = None) -> str | None:
    """The token the grant stands for, once; None when unknown, used or expired."""
    now = time.monotonic() if now is None else now
    with _lock:
        token, until = _grants.pop(grant, (None, 0.0))
    return token if token is not None and until > now else None
