"""The history panel every record page can show: that record's audit rows, before → after."""

from __future__ import annotations

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import cached_query
from tracker.queries.audit import entity_history


def show_history(entity_type: str, entity_id: int, *, expanded: bool = False) -> None:
    """An expander listing who changed this record, when, and what (as plain text)."""
    actor = require_actor()
    history = cached_query(entity_history, entity_type, int(entity_id), actor.clearance)
    with st.expander(f"History ({len(history)} change{'s' if len(history) != 1 else ''})",
                     expanded=expanded):
        if history.empty:
            st.text("No recorded changes.")
            return
        st.dataframe(history.drop(columns=["entity", "entity_id"]), hide_index=True,
                     width="stretch", key=f"history_{entity_type}_{entity_id}",
                     column_config={"changes": st.column_config.TextColumn("Before → after",
                                                                           width="large")})
