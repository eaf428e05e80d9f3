"""Errors as the user sees them. A refusal the user can act on (``DomainError``: a form field, a
rule) is shown as text, field by field. An unexpected error shows a short message with an incident
id, and the log gets the traceback.

A traceback on the page would show internals (SQL with its parameters, file paths) to whoever is
looking, signed in or not. ``client.showErrorDetails = "none"`` (``dashboards/.streamlit/config.toml``)
hides Streamlit's own display; this module replaces it with something a person can act on: tell
the administrator the id, who finds the full traceback in the server log under that id.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboards.safe import escape_markdown
from tracker.errors import DatabaseUnavailable, DomainError, QueryTimedOut, ValidationError
from tracker.i18n import _
from tracker.labels import label

logger = logging.getLogger("tracker.incidents")


def new_incident_id() -> str:
    """Eight hex characters: short enough to read out on the phone, unique enough for a log."""
    return secrets.token_hex(4)


def report_incident(exc: BaseException) -> bool:
    """Log ``exc`` with its traceback under a new incident id and show the user only the id.

    Returns True, so it also serves as ``st.App``'s ``on_script_error`` (True: Streamlit shows
    nothing more), which covers widget callbacks that run outside ``app.py``'s guard.

    The database out of reach (a restart) or a view over its time limit is no incident: the page
    says so and the user tries again."""
    if isinstance(exc, DatabaseUnavailable | QueryTimedOut):
        logger.warning("%s: %s", type(exc).__name__, exc.__cause__ or exc)
        st.warning(escape_markdown(exc.message), icon=":material/sync_problem:")
        return True
    incident = new_incident_id()
    logger.error("Incident %s: unexpected %s in a page", incident, type(exc).__name__,
                 exc_info=(type(exc), exc, exc.__traceback__))
    st.error(_("Something went wrong on our side, and it has been logged. If it happens again, "
               "tell your administrator the incident id **{incident}**.").format(incident=incident),
             icon=":material/error:")
    return True


@contextmanager
def incident_guard() -> Iterator[None]:
    """Run a page; an unexpected exception becomes an incident message. Streamlit's own control
    flow (``st.rerun``, ``st.stop``, page switches) derives from ``BaseException`` and passes."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - every unexpected error, by design
        report_incident(exc)


def field_word(field: str) -> str:
    """A form field's name in the reader's language ('username' → 用户名); a nested one
    ('participants.0.person_id') as it is."""
    return label(field) if field.isidentifier() else field


def show_domain_error(exc: DomainError) -> None:
    """Show a domain error as text (never a traceback); field errors listed one per line."""
    if isinstance(exc, ValidationError) and exc.errors:
        st.error(_("Please correct the following:") + "\n\n" + "\n".join(
            _("- **{field}**: {message}").format(field=escape_markdown(field_word(field)),
                                                message=escape_markdown(message)) if field != "__all__"
            else f"- {escape_markdown(message)}"
            for field, message in exc.errors.items()))
    else:
        st.error(escape_markdown(exc.message))
