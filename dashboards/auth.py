"""The sign-in gate in front of every page: local passwords (or OIDC), sign-out, expiry.

Who is signed in is decided on every run from a server-side session (``tracker.auth.sessions``):
the tab's token in ``st.session_state["session_token"]``, else the browser's HttpOnly cookie
``tracker_session`` (read from ``st.context.cookies``; a refresh or a new tab starts with no
session state). The token resolves to a fresh ``Actor`` (one indexed query), so a deactivation,
role or clearance change applies on the user's next click. The cookie is set by an HTTP response
(``dashboards/server.py``), never by the page: see ``dashboards/cookie_grants.py``.

Test seam: ``AppTest`` cannot send cookies, so tests put a token from ``start_session`` in
``st.session_state["session_token"]`` (``tests/app/helpers.py``), the same path a signed-in tab takes.

Two gates, so that no page depends on how it was reached: ``ensure_signed_in`` in ``app.py``,
and ``require_actor`` (below), which every page calls and which shows the same
sign-in form when nobody is signed in; within one run of ``app.py`` the page reuses the actor the
gate resolved (``signed_in_run``). (Pages live in ``dashboards/views/``, not ``pages/``: Streamlit
would run a ``pages/`` folder's files on their own for a deep link to a fresh server.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from dashboards.cookie_grants import issue_grant
from dashboards.database import run_query, run_write
from dashboards.language import language_switch
from dashboards.safe import escape_markdown
from tracker.auth.actor import Actor
from tracker.auth.oidc import actor_from_claims, oidc_enabled
from tracker.auth.sessions import end_session, resolve_session, start_session, why_not_live
from tracker.auth.signin import authenticate, session_expired, session_minutes
from tracker.errors import DomainError
from tracker.i18n import _, current_language
from tracker.labels import label
from tracker.models import Confidentiality, Role, utcnow
from tracker.queries.filters import Filters

SESSION_TOKEN_KEY = "session_token"
COOKIE_NAME = "tracker_session"
COOKIE_ENDPOINT = "_tracker/session"  # relative: works under server.baseUrlPath too
COOKIE_GRANT_KEY = "session_cookie_grant"
CLEAR_COOKIE_KEY = "session_cookie_clear"
LAST_SEEN_KEY = "actor_last_seen"  # single sign-on only: Streamlit's own cookie holds that session
NOTICE_KEY = "sign_in_notice"
# While signed out every page's address shows the sign-in form (so a deep link or the page open at
# sign-out is never "not found", and after signing in the user lands on the page asked for).
_PAGE_REGISTRY_ACTOR = Actor(username="sign-in", role=Role.ADMIN, clearance=Confidentiality.SECRET)
_run_actor: ContextVar[Actor | None] = ContextVar("tracker_run_actor", default=None)


@contextmanager
def signed_in_run(actor: Actor) -> Iterator[None]:
    """Within this block (one run of ``app.py``), pages reuse ``actor`` instead of resolving again."""
    previous = _run_actor.set(actor)
    try:
        yield
    finally:
        _run_actor.reset(previous)


def _cookie_token() -> str | None:
    value = st.context.cookies.get(COOKIE_NAME)
    # Only text counts: under AppTest the cookie jar is a mock whose lookups return mocks.
    return value if isinstance(value, str) and value else None


def _ended_notice(reason: str | None) -> str:
    if not reason:
        return _("Your session has ended. Please sign in again.")
    if reason[0].isdigit():
        return _("Your session ended after {reason}. Please sign in again.").format(reason=reason)
    return _("Your session ended ({reason}). Please sign in again.").format(reason=reason)


def signed_in_actor() -> Actor | None:
    """The signed-in user as the database holds them now, or None (then the sign-in form shows).
    Also right in a widget's callback, which runs before the page: a user demoted since the last
    run acts with the new role."""
    actor = _run_actor.get()
    if actor is not None:
        return actor
    if oidc_enabled():
        return _oidc_signed_in_actor()
    tab_token = st.session_state.get(SESSION_TOKEN_KEY)
    tokens = list(dict.fromkeys(token for token in (tab_token, _cookie_token()) if token))
    for token in tokens:
        actor = run_query(resolve_session, token=token)
        if actor is not None:
            st.session_state[SESSION_TOKEN_KEY] = token  # a new tab adopts the cookie's session
            return actor
    if tab_token:
        st.session_state.pop(SESSION_TOKEN_KEY, None)
        st.session_state[NOTICE_KEY] = _ended_notice(run_query(why_not_live, token=tab_token))
    return None


def sign_out(notice: str | None = None) -> None:
    """End this tab's session (and the browser cookie's) in the database; the next run signs in."""
    tokens = {st.session_state.pop(SESSION_TOKEN_KEY, None), _cookie_token()} - {None}
    for token in tokens:
        run_write(end_session, token=token)
    st.session_state[CLEAR_COOKIE_KEY] = True
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _oidc_actor() -> Actor | None:
    """The OIDC-signed-in user: a matching local user wins (a deactivated one is refused), else
    the claim → role mapping. Read on every run, so an administrator's change applies at once."""
    from tracker.auth.users import get_by_username

    actor = actor_from_claims(st.user.to_dict())
    user = run_query(get_by_username, username=actor.username)
    if user is not None:
        return Actor.from_user(user) if user.is_active else None
    return actor


def _oidc_signed_in_actor() -> Actor | None:
    if not st.user.is_logged_in:
        return None
    now = utcnow()
    last_seen = st.session_state.get(LAST_SEEN_KEY)
    if last_seen is not None and session_expired(last_seen, now, session_minutes()):
        st.session_state.pop(LAST_SEEN_KEY, None)
        st.session_state[NOTICE_KEY] = _ended_notice(f"{session_minutes()} minutes without activity")
        st.logout()  # else the identity provider's session signs straight back in
        return None
    try:
        actor = _oidc_actor()
    except DomainError as exc:
        st.error(escape_markdown(exc.message))
        return None
    st.session_state[LAST_SEEN_KEY] = now
    return actor


def _post_to_cookie_endpoint(body: dict) -> None:
    """Have the browser post ``body`` to the cookie endpoint (its response sets or clears the
    HttpOnly cookie). Where the app runs without that endpoint (``streamlit run dashboards/app.py``)
    the post fails quietly and only this tab stays signed in."""
    st.html(f"<script>fetch({json.dumps(COOKIE_ENDPOINT)}, {{method: 'POST', "
            f"credentials: 'same-origin', headers: {{'Content-Type': 'application/json'}}, "
            f"body: {json.dumps(json.dumps(body))}}}).catch(() => {{}});</script>",
            unsafe_allow_javascript=True, width="content")


def _sign_in(*, session, username: str, password: str, user_agent: str | None) -> str:
    """Check the password and start a server-side session: the new session's token."""
    actor = authenticate(session, username, password)
    return start_session(session=session, actor=actor, user_agent=user_agent)


def show_sign_in() -> None:
    """The sign-in form (or the single sign-on button); signs in and reruns on success."""
    st.title(_("Engagement Tracker"))
    st.subheader(_("Sign in"))
    if st.session_state.pop(CLEAR_COOKIE_KEY, False):
        _post_to_cookie_endpoint({"end": True})
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    if oidc_enabled():
        if st.user.is_logged_in:
            st.button(_("Sign out of single sign-on"), on_click=st.logout)
        else:
            st.button(_("Sign in with single sign-on"), type="primary", on_click=st.login)
        return
    with st.form("sign_in"):
        username = st.text_input(_("Username"), key="sign_in_username", autocomplete="username")
        password = st.text_input(_("Password"), type="password", key="sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if not submitted:
        return
    try:
        token = run_write(_sign_in, username=username.strip(), password=password,
                          user_agent=st.context.headers.get("User-Agent"))
    except DomainError as exc:
        st.error(escape_markdown(exc.message))
        return
    st.session_state[SESSION_TOKEN_KEY] = token
    st.session_state[COOKIE_GRANT_KEY] = issue_grant(token)
    st.session_state.pop(CLEAR_COOKIE_KEY, None)
    st.rerun()


def show_account_sidebar(actor: Actor) -> None:
    """Who is signed in, and the sign-out button; drawn once per run by whichever gate runs first.
    The run right after a sign-in also has the browser fetch its session cookie."""
    logout = st.logout if oidc_enabled() else sign_out
    try:
        st.sidebar.button(_("Sign out"), key="sign_out", icon=":material/logout:", on_click=logout,
                          args=() if oidc_enabled() else (_("You have signed out."),))
    except StreamlitDuplicateElementKey:
        return  # app.py's gate drew it already in this run
    language_switch(actor, current_language())
    st.sidebar.text(_("Signed in as {username}\n{role}, {clearance} clearance").format(
        username=actor.username, role=role_word(actor.role), clearance=label(actor.clearance.name)))
    grant = st.session_state.pop(COOKIE_GRANT_KEY, None)
    if grant:
        with st.sidebar:
            _post_to_cookie_endpoint({"grant": grant})


def role_word(role: Role) -> str:
    """'admin' as the sidebar says it: in English the code itself, as before; else translated."""
    return role.value if current_language() == "en" else label(role)


def ensure_signed_in(actor: Actor | None) -> Actor | None:
    """The signed-in user (``signed_in_actor()``, resolved by the caller); when nobody is, shows
    the sign-in form instead of any page."""
    from dashboards.navigation import build_pages

    if actor is None:
        mirrors = [st.Page(show_sign_in, title=page.title, icon=page.icon, default=page._default,
                           url_path=getattr(page, "_url_path", None) or page.url_path)
                   for pages in build_pages(_PAGE_REGISTRY_ACTOR).values() for page in pages]
        st.navigation(mirrors, position="hidden").run()
        return None
    show_account_sidebar(actor)
    return actor


def require_actor() -> Actor:
    """The signed-in user (inactivity checked); shows the sign-in form and stops otherwise."""
    actor = signed_in_actor()
    if actor is None:
        show_sign_in()
        st.stop()
    show_account_sidebar(actor)
    return actor


def default_filters() -> Filters:
    """The filters a page starts from: everything the signed-in user may see."""
    return Filters.for_actor(require_actor())
