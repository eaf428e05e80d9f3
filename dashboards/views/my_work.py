"""My work: the signed-in user's meetings coming up (with a link to each enterprise's briefing),
their actions overdue and due this week, and the silent pledges in their portfolio: the same
digest the daily reminder e-mails (``tracker.reminders``)."""

import pandas as pd
import streamlit as st

from dashboards.auth import default_filters, require_actor
from dashboards.database import cached_query
from dashboards.directory_widgets import flash, run_service
from dashboards.meeting_dates import date_column
from dashboards.record_links import record_link_column
from dashboards.safe import escape_markdown
from tracker.definitions import HELP, MY_MEETINGS_DAYS
from tracker.i18n import _, format_number, pgettext
from tracker.labels import EMPTY
from tracker.queries.my_work import my_meetings
from tracker.reminders import SECTIONS, digest_for, section_title
from tracker.services.actions import update_action

ERRORS = "my_work_errors"
# The record an item is on, where its actions are; an agreement has no page of its own.
ITEM_PAGES = {"meeting": "/meeting", "pledge": "/pledges"}

actor = require_actor()
filters = default_filters()
st.title(_("My work"))
flash(ERRORS)
if actor.user_id is None:
    st.info(_("My work lists the work of a signed-in user; this account has none."))
    st.stop()

meetings = cached_query(my_meetings, filters, user_id=actor.user_id)
digest = cached_query(digest_for, user_id=actor.user_id)
sections = {name: digest.section(name) for name in SECTIONS}
metrics = st.columns(4)
metrics[0].metric(_("My meetings"), format_number(len(meetings)), help=HELP["my_meetings"])
metrics[1].metric(_("Actions overdue"), format_number(len(sections["overdue"])), help=HELP["action_overdue"])
metrics[2].metric(_("Actions due this week"), format_number(len(sections["due"])), help=HELP["action_due"])
metrics[3].metric(_("Silent pledges"), format_number(len(sections["silent"])), help=HELP["my_silent"])

st.subheader(_("My meetings in the next {days} days").format(days=MY_MEETINGS_DAYS))
if meetings.empty:
    st.caption(_("No planned meeting of yours in the next {days} days.").format(days=MY_MEETINGS_DAYS))
else:
    shown = meetings.assign(
        open=[f"/meeting?id={int(i)}" for i in meetings["id"]],
        briefing=[f"/enterprise?id={int(i)}" if not pd.isna(i) else None for i in meetings["enterprise_id"]],
    )
    st.dataframe(
        shown[["date", "title", "enterprises", "place", "open", "briefing"]],
        hide_index=True,
        key="my_meetings",
        placeholder=EMPTY,
        column_config={
            "date": date_column(_("Date")),
            "title": _("Title"),
            "enterprises": _("Enterprises"),
            "place": _("Place"),
            "open": record_link_column(),
            "briefing": st.column_config.LinkColumn(_("Briefing"), display_text=_("Briefing")),
        },
    )

for name in SECTIONS:
    items = sections[name]
    st.subheader(section_title(name))
    if not items:
        st.caption(_("Nothing here."))
        continue
    frame = pd.DataFrame(
        {
            "text": [item.text for item in items],
            "on": [item.on for item in items],
            "open": [
                f"{ITEM_PAGES[item.about]}?id={item.about_id}" if item.about in ITEM_PAGES else None
                for item in items
            ],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        key=f"my_{name}",
        placeholder=EMPTY,
        column_config={
            "text": _("What"),
            "on": date_column(_("Due") if name != "silent" else _("Last news")),
            "open": record_link_column(),
        },
    )

open_actions = {item.id: item.text for item in sections["overdue"] + sections["due"]}
if open_actions and actor.can_write:
    with st.expander(_("Mark one of my actions done")):
        chosen = st.selectbox(
            pgettext("follow-up", "Action"),
            list(open_actions),
            format_func=lambda i: escape_markdown(open_actions[i]),
            key="my_pick",
        )
        if st.button(_("Mark done"), type="primary", key="my_done") and run_service(
            update_action,
            errors_key=ERRORS,
            success=_("Action updated."),
            action_id=chosen,
            data={"status": "done"},
        ):
            st.rerun()
