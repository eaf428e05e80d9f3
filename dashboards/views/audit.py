"""Audit trail (administrators): who did what to which record and when, before → after, filtered
and paged. Sign-ins are hidden unless asked for: a busy office signs in more than it changes."""

import datetime as dt
import math

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import cached_query, run_query
from dashboards.history import audit_columns
from dashboards.language import choose_placeholder
from tracker.i18n import _, format_number, ngettext
from tracker.labels import EMPTY, label
from tracker.labels import action as action_word
from tracker.queries.audit import (
    AuditQuery,
    audit_chain_state,
    audit_facets,
    count_audit_events,
    list_audit_events,
)

PAGE_SIZE = 50
ANY = "(any)"  # the filters' "no choice" code, shown in the reader's language


def any_or(word):
    """A filter choice's words: the code's own word, or "(any)" in the reader's language."""
    return lambda code: _("(any)") if code == ANY else word(code)


actor = require_actor()
st.title(_("Audit trail"))
if not actor.is_admin:
    st.error(_("Only an administrator may read the audit trail."))
    st.stop()
st.caption(_("Every change and import, newest first (sign-ins on request). Audit rows are never "
             "edited or deleted."))
# Cached per data version, which a tamperer editing the database directly does not bump:
# the button walks the chain again, now.
fresh = st.button(_("Verify the chain now"), key="audit_verify",
                  help=_("Recompute every row's hash (a few seconds on a large trail)."))
chain = run_query(audit_chain_state) if fresh else cached_query(audit_chain_state)
# Material icons, not emoji: a machine without an emoji font shows an empty box.
(st.success if chain["intact"] else st.error)(
    chain["message"], icon=":material/link:" if chain["intact"] else ":material/warning:")

facets = cached_query(audit_facets)
columns = st.columns([1, 1, 1, 1, 2])
user = columns[0].selectbox(_("User"), [ANY, *facets["users"]], key="audit_user",
                            format_func=any_or(str), placeholder=choose_placeholder(False))
entity = columns[1].selectbox(_("Record type"), [ANY, *facets["entities"]], key="audit_entity",
                              format_func=any_or(label), placeholder=choose_placeholder(False))
action = columns[2].selectbox(_("Action"), [ANY, *facets["actions"]], key="audit_action",
                              format_func=any_or(action_word), placeholder=choose_placeholder(False))
entity_id = columns[3].number_input(_("Record ID"), min_value=0, step=1, value=0, key="audit_entity_id",
                                    help=_("0 for any record"))
period = columns[4].date_input(_("Between"), value=(), key="audit_period", max_value=dt.date.today())
start, end = (tuple(period) + (None, None))[:2] if isinstance(period, (tuple, list)) else (period, None)
sign_ins = st.toggle(_("Show sign-ins and sessions"), value=False, key="audit_sign_ins",
                     help=_("Shown anyway when the action chosen is “Signed in”."))

query = AuditQuery(clearance=actor.clearance, username=None if user == ANY else user,
                   entity_type=None if entity == ANY else entity,
                   action=None if action == ANY else action,
                   entity_id=int(entity_id) or None, start=start, end=end or start, sign_ins=sign_ins)
total = cached_query(count_audit_events, query)
pages = max(1, math.ceil(total / PAGE_SIZE))
page = st.number_input(_("Page (of {pages})").format(pages=format_number(pages)), min_value=1,
                       max_value=pages, value=1, step=1, key="audit_page")
st.text(ngettext("{count} audit event matches.", "{count} audit events match.", total).format(
    count=format_number(total)))
events = cached_query(list_audit_events, query, page=int(page), page_size=PAGE_SIZE)
st.dataframe(events.assign(action=events["action"].map(action_word)), hide_index=True, width="stretch",
             key="audit_events", column_order=["at", "event", "changes", "summary"],
             column_config=audit_columns(), placeholder=EMPTY)
