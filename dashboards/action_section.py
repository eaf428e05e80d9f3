"""Follow-up actions on one meeting, agreement or pledge: the list, an add form and "done" /
"dropped" for editors. One call from a record page: ``action_section(meeting_id=…, level=…)``."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboards.auth import default_filters, signed_in_actor
from dashboards.database import cached_query, run_query
from dashboards.directory_widgets import field_error, flash, label, run_service
from dashboards.language import choose_placeholder
from dashboards.meeting_dates import date_column
from dashboards.safe import escape_markdown
from tracker.definitions import DUE_SOON_DAYS, HELP
from tracker.i18n import _, pgettext
from tracker.labels import EMPTY
from tracker.queries.my_work import actions_on, owner_choices
from tracker.services.actions import create_action, update_action

ERRORS = "action_errors"
COLUMNS = {"what": pgettext("follow-up", "Action"), "owner": _("Owner"),
           "due_on": date_column(_("Due")),
           "status": _("Status"), "done_on": date_column(_("Done on")),
           "notes": _("Notes"),
           "overdue": st.column_config.CheckboxColumn(_("Overdue"), help=HELP["action_overdue"])}


def owner_picker(level, *, key: str) -> int | None:
    """Active users cleared for the item; the signed-in user first."""
    actor = signed_in_actor()
    owners = run_query(owner_choices, level=level)
    ids = [int(i) for i in owners["id"]]
    names = dict(zip(ids, owners["name"], strict=True))
    if actor is not None and actor.user_id in names:
        ids.remove(actor.user_id)
        ids.insert(0, actor.user_id)
    if not ids:
        st.caption(_("No active user is cleared for this item."))
        return None
    return st.selectbox(_("Owner"), ids, format_func=names.get, key=key,
                        placeholder=choose_placeholder(False))


def add_form(item: dict, level, *, key: str, what: str = "") -> None:
    """What, owner, due date and notes; saved as an action on ``item`` (e.g. ``{"meeting_id": 3}``)."""
    errors = st.session_state.get(ERRORS, {})
    with st.form(key=f"{key}_form", clear_on_submit=True):
        text = st.text_input(_("What is to be done"), value=what, key=f"{key}_what")
        field_error(errors, "what")
        owner = owner_picker(level, key=f"{key}_owner")
        field_error(errors, "owner_id")
        # A week's time by default, the last day My work still counts as "due this week".
        due = st.date_input(_("Due"), value=dt.date.today() + dt.timedelta(days=DUE_SOON_DAYS - 1),
                            key=f"{key}_due")
        notes = st.text_area(_("Notes"), key=f"{key}_notes")
        if st.form_submit_button(_("Add action"), type="primary", icon=":material/add_task:") and \
                run_service(create_action, errors_key=ERRORS, success=_("Action added."),
                            data={**item, "what": text, "owner_id": owner, "due_on": due, "notes": notes}):
            st.rerun()


def action_section(*, meeting_id: int | None = None, agreement_id: int | None = None,
                   pledge_id: int | None = None, level=None, key: str = "actions") -> None:
    """The item's actions, and for editors a form to add one and buttons to close one."""
    actor = signed_in_actor()
    item = {name: value for name, value in (("meeting_id", meeting_id), ("agreement_id", agreement_id),
                                             ("pledge_id", pledge_id)) if value is not None}
    st.subheader(_("Follow-up actions"))
    flash(ERRORS)
    rows = cached_query(actions_on, default_filters(), **item)
    if rows.empty:
        st.caption(_("No follow-up action yet."))
    else:
        shown = rows.assign(status=rows["status"].map(label))
        st.dataframe(shown[list(COLUMNS)], hide_index=True, key=f"{key}_table", placeholder=EMPTY,
                     column_config=COLUMNS)
    if actor is None or not actor.can_write:
        return
    with st.expander(_("Add an action"), icon=":material/add_task:"):
        add_form(item, level, key=f"{key}_add")
    open_rows = rows[rows["status"] == "open"] if not rows.empty else rows
    if not open_rows.empty:
        with st.expander(_("Close an action")):
            whats = dict(zip((int(i) for i in open_rows["id"]), open_rows["what"], strict=True))
            chosen = st.selectbox(pgettext("follow-up", "Action"), list(whats),
                                  format_func=lambda i: escape_markdown(whats[i]),
                                  placeholder=choose_placeholder(False), key=f"{key}_pick")
            buttons = st.columns(2)
            for column, status, text in ((buttons[0], "done", _("Mark done")),
                                         (buttons[1], "dropped", _("Drop it"))):
                if column.button(text, key=f"{key}_{status}") and run_service(
                        update_action, errors_key=ERRORS, success=_("Action updated."), action_id=chosen,
                        data={"status": status}):
                    st.rerun()


def agreement_actions(agreements, *, key: str, id_column: str = "id") -> None:
    """The follow-up actions on one of these agreements (rows with ``id_column``, title and
    confidentiality): a picker of the agreement, then ``action_section`` for the one chosen."""
    if agreements.empty:
        return
    ids = [int(i) for i in agreements[id_column]]
    titles = dict(zip(ids, agreements["title"], strict=True))
    levels = dict(zip(ids, agreements["confidentiality"], strict=True))
    with st.container(border=True):
        # A picker even for one agreement: it names the agreement the actions below are on.
        chosen = st.selectbox(_("On the agreement"), ids, key=f"{key}_agreement",
                              format_func=lambda i: escape_markdown(titles[i]),
                              placeholder=choose_placeholder(False))
        action_section(agreement_id=chosen, level=int(levels[chosen]), key=f"{key}_{chosen}")
