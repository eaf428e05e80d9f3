"""The history panel every record page can show: that record's audit rows, before → after."""

from __future__ import annotations

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import cached_query
from dashboards.meeting_dates import datetime_column
from tracker.i18n import _, format_number, ngettext
from tracker.labels import EMPTY, action
from tracker.queries.audit import entity_history


def audit_columns() -> dict:
    """How the audit page and the History panels show audit rows (who did what to which record,
    when), headed in the reader's language."""
    return {
        "at": datetime_column(_("When"), seconds=True),
        "event": st.column_config.TextColumn(_("What happened"), width="medium"),
        "changes": st.column_config.TextColumn(_("Before → after"), width="large"),
        "summary": st.column_config.TextColumn(_("Note")),
    }



def show_history(entity_type: str, entity_id: int, *, expanded: bool = False) -> None:
    """An expander listing who changed this record, when, and what (as plain text)."""
    actor = require_actor()
    history = cached_query(entity_history, entity_type, int(entity_id), actor.clearance)
    changes = ngettext("{count} change", "{count} changes", len(history)).format(
        count=format_number(len(history)))
    with st.expander(_("History ({changes})").format(changes=changes), expanded=expanded):
        if history.empty:
            st.text(_("No recorded changes."))
            return
        st.dataframe(history.assign(action=history["action"].map(action)), hide_index=True,
                     width="stretch", key=f"history_{entity_type}_{entity_id}",
                     column_order=["at", "event", "changes"], column_config=audit_columns(),
                     placeholder=EMPTY)
