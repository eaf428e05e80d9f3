"""Which language a page run speaks, and the sidebar switch (中文 / English) that changes it.

The signed-in user's saved choice wins; else ``TRACKER_DEFAULT_LANGUAGE``, else the browser's
language (``st.context.locale``), else English (``tracker.i18n.choose_language``). The switch
saves the choice through a service (audited), so it holds in every later session; a user the
database does not hold (single sign-on without a local account) keeps it for this tab only. The
language never goes into the URL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from dashboards.database import run_write
from tracker.auth.actor import Actor
from tracker.errors import DomainError
from tracker.i18n import LANGUAGES, N_, choose_language, gettext, normalise, using_language
from tracker.services.users import update_user_language

SWITCH_KEY = "language_switch"
TAB_CHOICE_KEY = "language_this_tab"  # the choice of a user with nowhere to save it
NOTICE_KEY = "language_notice"
SWITCH_LABEL = N_("Language")


CHOOSE_OPTIONS = N_("Choose options")
CHOOSE_AN_OPTION = N_("Choose an option")


def choose_placeholder(several: bool = True) -> str:
    """What an empty multiselect (``several``) or selectbox says, in the reader's language: passed
    as ``placeholder=``, since Streamlit's own ("Choose options") is English in every language."""
    return gettext(CHOOSE_OPTIONS if several else CHOOSE_AN_OPTION)


def browser_language() -> str | None:
    """The browser's primary language ('zh-CN', 'en-GB'), when Streamlit knows it."""
    try:
        locale = st.context.locale
    except (AttributeError, RuntimeError):
        return None
    # Only text counts: under AppTest the context is a mock whose attributes are mocks.
    return locale if isinstance(locale, str) else None


def page_language(actor: Actor | None) -> str:
    """The language this run is drawn in, for ``actor`` (None while signed out)."""
    chosen = actor.language if actor is not None else None
    return choose_language(chosen or st.session_state.get(TAB_CHOICE_KEY), browser_language())


def in_page_language(callback: Callable) -> Callable:
    """``callback`` run in the language of the user's pages. Streamlit runs a widget's callback
    before the page, outside ``app.py``'s ``using_language``: without this, the messages it keeps
    for the page (a service's validation errors, a conflict) and the sidebar it may draw first
    (``require_actor``) would be in the default language."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        from dashboards.auth import signed_in_actor  # auth draws the switch below: imported late

        with using_language(page_language(signed_in_actor())):
            return callback(*args, **kwargs)

    return run


# Keyed choice widgets whose options show translated words (the sidebar filters, the Overview's
# split). A widget reports its choice by its label ("Last 12 months"); drawn in the other language,
# no label would match and the choice would be lost. A page adding such a widget lists its key here.
TRANSLATED_CHOICES = ("flt_period", "flt_kinds", "flt_sectors", "flt_regions", "flt_areas",
                      "flt_officials", "flt_events", "stack_by", "ml.view", "ml.status", "ml.kind",
                      "pledge_statuses", "rel_health")


def _keep_choices() -> None:
    """Set each translated choice's value (a code, "12m") again, so that the run after a switch
    takes it from session state instead of matching the old language's label."""
    for key in TRANSLATED_CHOICES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _save_choice(actor: Actor) -> None:
    """The switch's callback: the choice is saved before the rerun draws the page in it."""
    chosen = normalise(st.session_state.get(SWITCH_KEY))
    if chosen is None:
        return
    _keep_choices()
    if actor.user_id is None:
        st.session_state[TAB_CHOICE_KEY] = chosen
        return
    try:
        run_write(update_user_language, actor=actor, user_id=actor.user_id, language=chosen)
    except DomainError as exc:
        st.session_state[NOTICE_KEY] = exc.message


def language_switch(actor: Actor, language: str) -> None:
    """中文 / English in the sidebar, showing ``language`` (the run's); a click applies at once."""
    st.session_state[SWITCH_KEY] = language  # also when the saved choice changed in another tab
    st.sidebar.radio(gettext(SWITCH_LABEL), list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True,
                     key=SWITCH_KEY, on_change=_save_choice, args=(actor,))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.sidebar.warning(notice)
