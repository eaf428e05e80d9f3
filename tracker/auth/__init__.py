"""Users, password hashing and roles; the ``Actor`` every service and query is called with."""

from tracker.auth.actor import SYSTEM_ACTOR, Actor, require_admin, require_clearance, require_write

__all__ = ["Actor", "SYSTEM_ACTOR", "require_write", "require_admin", "require_clearance"]
