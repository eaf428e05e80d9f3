"""Sign-in gate. Foundation version: a read-only guest until the sign-in issue replaces it.

Contract for every page and test: ``st.session_state["actor"]`` holds the signed-in ``Actor``;
an ``AppTest`` may set it before ``run()`` to act as that user.
"""

from __future__ import annotations

import streamlit as st

from dashboards.common import ACTOR_KEY
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Role

GUEST = Actor(username="guest", role=Role.VIEWER, clearance=Confidentiality.PUBLIC)


def ensure_signed_in() -> bool:
    """True when a user is signed in (foundation: a public-only guest)."""
    if st.session_state.get(ACTOR_KEY) is None:
        st.session_state[ACTOR_KEY] = GUEST
    return True
