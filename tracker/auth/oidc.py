"""Single sign-on (OIDC through Streamlit's ``st.login``): which role and clearance a claim gives.

Switched on with ``TRACKER_AUTH=oidc``. The identity provider is configured in Streamlit's
``.streamlit/secrets.toml`` (``[auth]`` section); the tracker only maps the signed-in user's claims:

- ``TRACKER_OIDC_ROLE_CLAIM`` (default ``groups``): the claim holding a group or role name
  (a string or a list of strings);
- ``TRACKER_OIDC_ROLE_MAP``: ``value=role`` pairs, comma-separated, e.g.
  ``tracker-admins=admin,tracker-editors=editor``; the strongest matching role wins;
- ``TRACKER_OIDC_DEFAULT_ROLE``: role for a user no pair matches (default: none, refused);
- ``TRACKER_OIDC_CLEARANCE_MAP``: ``role=level`` pairs (default admin=secret, editor=confidential,
  viewer=internal).

A local user with the same username (the ``email`` claim, else ``sub``) overrides the mapping, so
an administrator can still raise or lower one person's rights. Pure functions; no Streamlit here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from tracker.auth.actor import Actor
from tracker.errors import PermissionDenied
from tracker.models.enums import Confidentiality, Role

ROLE_STRENGTH = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}
DEFAULT_CLEARANCE = {Role.ADMIN: Confidentiality.SECRET, Role.EDITOR: Confidentiality.CONFIDENTIAL,
                     Role.VIEWER: Confidentiality.INTERNAL}


def oidc_enabled() -> bool:
    return os.environ.get("TRACKER_AUTH", "").strip().lower() == "oidc"


def parse_pairs(text: str) -> dict[str, str]:
    """``a=b, c=d`` → {'a': 'b', 'c': 'd'} (blank items ignored)."""
    pairs: dict[str, str] = {}
    for item in (text or "").split(","):
        if "=" in item:
            key, value = item.split("=", 1)
            if key.strip():
                pairs[key.strip()] = value.strip()
    return pairs


def role_for_claims(claims: Mapping, *, claim: str, role_map: Mapping[str, str],
                    default_role: str | None) -> Role:
    """The strongest role any claim value maps to; ``PermissionDenied`` when none does."""
    raw = claims.get(claim)
    values = [raw] if isinstance(raw, str) else list(raw or [])
    roles = [Role(role_map[str(v)]) for v in values if str(v) in role_map]
    if roles:
        return max(roles, key=ROLE_STRENGTH.__getitem__)
    if default_role:
        return Role(default_role)
    raise PermissionDenied("Your single sign-on account has no role in the tracker; "
                           "ask an administrator to grant one.")


def actor_from_claims(claims: Mapping, env: Mapping[str, str] | None = None) -> Actor:
    """The ``Actor`` for an OIDC-signed-in user, from the mapping configured in ``env``."""
    env = os.environ if env is None else env
    role = role_for_claims(claims, claim=env.get("TRACKER_OIDC_ROLE_CLAIM", "groups"),
                           role_map=parse_pairs(env.get("TRACKER_OIDC_ROLE_MAP", "")),
                           default_role=env.get("TRACKER_OIDC_DEFAULT_ROLE") or None)
    clearances = {Role(k): Confidentiality.parse(v)
                  for k, v in parse_pairs(env.get("TRACKER_OIDC_CLEARANCE_MAP", "")).items()}
    clearance = clearances.get(role, DEFAULT_CLEARANCE[role])
    username = str(claims.get("email") or claims.get("sub") or "").strip().lower()
    if not username:
        raise PermissionDenied("The identity provider sent neither an email nor a subject.")
    return Actor(username=username, role=role, clearance=clearance)
