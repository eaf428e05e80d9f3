"""The sign-in gate in front of every page: local passwords (or OIDC), sign-out, inactivity expiry.

Contract for every page and test: ``st.session_state["actor"]`` holds the signed-in ``Actor``
(``dashboards.common.ACTOR_KEY``) and ``st.session_state["actor_last_seen"]`` the time of the
last interaction. An ``AppTest`` signs in by setting the actor (see ``tests/app/helpers.py``);
a missing last-seen time counts as "just now". The rules themselves (lockout, expiry, claim →
role) live in ``tracker.auth``; this module only draws them.

Two gates, so that no page depends on how it was reached: ``ensure_signed_in`` in ``app.py``,
and ``require_actor`` (``dashboards/common.py``), which every page calls and which shows the same
sign-in form when nobody is signed in. (Pages live in ``dashboards/views/``, not ``pages/``:
Streamlit would run a ``pages/`` folder's files on their own for a deep link to a fresh server.)
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from dashboards.common import ACTOR_KEY
from dashboards.safe import plain
from tracker.auth.actor import Actor
from tracker.auth.oidc import actor_from_claims, oidc_enabled
from tracker.auth.signin import authenticate, session_expired, session_minutes
from tracker.db import get_engine, session_scope
from tracker.errors import DomainError
from tracker.models import Confidentiality, Role, utcnow

LAST_SEEN_KEY = "actor_last_seen"
NOTICE_KEY = "sign_in_notice"
# While signed out every page's address shows the sign-in form (so a deep link or the page open at
# sign-out is never "not found", and after signing in the user lands on the page asked for).
_PAGE_REGISTRY_ACTOR = Actor(username="sign-in", role=Role.ADMIN, clearance=Confidentiality.SECRET)


def sign_out(notice: str | None = None) -> None:
    """Forget the signed-in user (the next run shows the sign-in form)."""
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop(LAST_SEEN_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _oidc_actor() -> Actor:
    """The OIDC-signed-in user: a matching local user wins, else the claim → role mapping."""
    from tracker.services.users import get_by_username

    actor = actor_from_claims(st.user.to_dict())
    with session_scope(get_engine()) as session:
        user = get_by_username(session=session, username=actor.username)
        if user is not None and user.is_active:
            return Actor.from_user(user)
    return actor


def signed_in_actor() -> Actor | None:
    """The signed-in user after the inactivity check (which refreshes the last-seen time)."""
    actor = st.session_state.get(ACTOR_KEY)
    now = utcnow()
    if actor is not None:
        last_seen = st.session_state.get(LAST_SEEN_KEY) or now
        if session_expired(last_seen, now, session_minutes()):
            sign_out(f"Your session ended after {session_minutes()} minutes without activity. "
                     "Please sign in again.")
            if oidc_enabled():
                st.logout()  # else the identity provider's session signs straight back in
            return None
    elif oidc_enabled() and st.user.is_logged_in:
        try:
            actor = _oidc_actor()
        except DomainError as exc:
            st.error(plain(exc.message))
            return None
        st.session_state[ACTOR_KEY] = actor
    if actor is not None:
        st.session_state[LAST_SEEN_KEY] = now
    return actor


def show_sign_in() -> None:
    """The sign-in form (or the single sign-on button); signs in and reruns on success."""
    st.title("Engagement Tracker")
    st.subheader("Sign in")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    if oidc_enabled():
        if st.user.is_logged_in:
            st.button("Sign out of single sign-on", on_click=st.logout)
        else:
            st.button("Sign in with single sign-on", type="primary", on_click=st.login)
        return
    with st.form("sign_in"):
        username = st.text_input("Username", key="sign_in_username", autocomplete="username")
        password = st.text_input("Password", type="password", key="sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    try:
        with session_scope(get_engine()) as session:
            actor = authenticate(session, username.strip(), password)
    except DomainError as exc:
        st.error(plain(exc.message))
        return
    st.session_state[ACTOR_KEY] = actor
    st.session_state[LAST_SEEN_KEY] = utcnow()
    st.rerun()


def show_account_sidebar(actor: Actor) -> None:
    """Who is signed in, and the sign-out button; drawn once per run by whichever gate runs first."""
    logout = st.logout if oidc_enabled() else sign_out
    try:
        st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:", on_click=logout,
                          args=() if oidc_enabled() else ("You have signed out.",))
    except StreamlitDuplicateElementKey:
        return  # app.py's gate drew it already in this run
    st.sidebar.text(f"Signed in as {actor.username}\n{actor.role.value}, "
                    f"{actor.clearance.label} clearance")


def ensure_signed_in() -> bool:
    """True when someone is signed in; otherwise shows the sign-in form instead of any page."""
    from dashboards.navigation import build_pages

    actor = signed_in_actor()
    if actor is None:
        mirrors = [st.Page(show_sign_in, title=page.title, icon=page.icon, default=page._default,
                           url_path=getattr(page, "_url_path", None) or page.url_path)
                   for pages in build_pages(_PAGE_REGISTRY_ACTOR).values() for page in pages]
        st.navigation(mirrors, position="hidden").run()
        return False
    show_account_sidebar(actor)
    return True
