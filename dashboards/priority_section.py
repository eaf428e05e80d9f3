"""On an enterprise's profile: its importance (set by editors, with a reason) and the briefing's
points to raise, each of which an editor can turn into a follow-up action on its pledge."""

from __future__ import annotations

import streamlit as st

from dashboards.action_section import add_form
from dashboards.auth import signed_in_actor
from dashboards.database import cached_query
from dashboards.directory_widgets import field_error, flash, run_service
from dashboards.safe import escape_markdown
from tracker.i18n import _, format_date
from tracker.models import Importance
from tracker.queries.filters import Filters
from tracker.queries.priorities import importance_label, importance_of
from tracker.reports.briefing import points_to_raise
from tracker.services.importance import set_importance

ERRORS = "importance_errors"
LEVELS = [level.value for level in Importance]


def importance_section(filters: Filters, organisation_id: int) -> None:
    """The enterprise's importance and why; editors change it."""
    actor = signed_in_actor()
    flash(ERRORS)
    current = cached_query(importance_of, filters, organisation_id)
    if current is None:
        st.caption(_("Importance: not set."))
    else:
        st.markdown(escape_markdown(_("Importance: {importance}. {reason}").format(
            importance=importance_label(current["importance"]), reason=current["reason"] or "")))
        st.caption(escape_markdown(_("Set by {user} on {date}.").format(
            user=current["set_by"], date=format_date(current["set_at"]))))
    if actor is None or not actor.can_write:
        return
    with st.expander(_("Set the importance")):
        errors = st.session_state.get(ERRORS, {})
        index = LEVELS.index(current["importance"]) if current else len(LEVELS) - 1
        level = st.radio(_("Importance"), LEVELS, index=index, format_func=importance_label, horizontal=True,
                         key=f"importance_{organisation_id}")
        reason = st.text_area(_("Why"), value=(current or {}).get("reason") or "",
                              key=f"importance_reason_{organisation_id}")
        field_error(errors, "reason")
        if st.button(_("Save importance"), type="primary", key=f"importance_save_{organisation_id}") and \
                run_service(set_importance, errors_key=ERRORS, success=_("Importance saved."),
                            organisation_id=organisation_id, data={"importance": level, "reason": reason}):
            st.rerun()


def points_section(filters: Filters, organisation_id: int) -> None:
    """The briefing's points to raise; an editor adds any of them as an action on its pledge."""
    actor = signed_in_actor()
    points = cached_query(points_to_raise, filters, organisation_id)
    st.subheader(_("Points to raise next time"))
    if points.empty:
        st.caption(_("No overdue, stalled or silent pledge."))
        return
    for row in points.itertuples():
        st.markdown("- " + escape_markdown(row.point))
    if actor is None or not actor.can_write:
        return
    with st.expander(_("Add a point as a follow-up action"), icon=":material/add_task:"):
        choices = {int(r.pledge_id): r for r in points.itertuples()}
        chosen = st.selectbox(_("Point"), list(choices), format_func=lambda i: choices[i].point[:120],
                              key=f"points_pick_{organisation_id}")
        row = choices[chosen]
        add_form({"pledge_id": chosen}, row.confidentiality, key=f"points_{organisation_id}_{chosen}",
                 what=row.point[:300])
