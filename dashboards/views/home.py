"""Home: real figures, the meetings coming up and the latest held ones (the first start shows truth).

Planned meetings are listed apart (soonest first): mixed with the held ones, sorted newest first,
next year's plans filled the whole "latest meetings" table.
"""

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboards.auth import default_filters, require_actor
from dashboards.database import cached_query
from dashboards.meeting_dates import date_column
from dashboards.record_links import addresses, record_table
from tracker.definitions import HELP
from tracker.i18n import _, format_number
from tracker.queries.home import headline_counts
from tracker.queries.meetings import list_meetings
from tracker.queries.my_work import my_work_counts

LATEST = 15
COMING_UP = 5


def meeting_table(frame, key: str) -> None:
    """Meetings with readable headers; a click on a row opens the meeting in place."""
    shown = frame.assign(open=addresses("meeting", frame["id"]))
    record_table(shown, key=key, width="stretch", height=(len(shown) + 1) * 35 + 3,
                 column_order=["date", "title", "organisations", "place"],
                 column_config={"date": date_column(_("Date")),
                                "title": _("Title"), "organisations": _("Organisations"),
                                "place": _("Place")})


filters = default_filters()
st.title(_("Engagement Tracker"))
st.caption(_("How the office engages with enterprises: meetings, agreements and pledges."))

counts = cached_query(headline_counts, filters)
columns = st.columns(4)
columns[0].metric(_("Meetings held"), format_number(counts["meetings"]), help=HELP["meetings_held"])
columns[1].metric(_("Enterprises engaged"), format_number(counts["enterprises"]),
                  help=HELP["enterprises_engaged"])
columns[2].metric(_("Agreements"), format_number(counts["agreements"]))
columns[3].metric(_("Open pledges"), format_number(counts["open_pledges"]), help=HELP["open"])

actor = require_actor()
if actor.user_id is not None:
    mine = cached_query(my_work_counts, filters, user_id=actor.user_id)
    # The link is the block's heading: it says what the four figures are and leads to them.
    st.page_link("views/my_work.py", label=_("My work"), icon=":material/checklist:")
    columns = st.columns(4)
    columns[0].metric(_("My meetings"), format_number(mine["meetings"]), help=HELP["my_meetings"])
    columns[1].metric(_("Actions overdue"), format_number(mine["overdue_actions"]),
                      help=HELP["action_overdue"])
    columns[2].metric(_("Actions due this week"), format_number(mine["due_actions"]), help=HELP["action_due"])
    columns[3].metric(_("Silent pledges"), format_number(mine["silent_pledges"]), help=HELP["my_silent"])

coming = cached_query(list_meetings, replace(filters, start=dt.date.today()), statuses=("planned",),
                      page_size=COMING_UP, oldest_first=True)
if coming.total:
    st.subheader(_("Coming up"))
    meeting_table(coming.rows, "home_coming")
    if coming.total > COMING_UP:
        st.caption(_("{count} planned meetings in all; see Meetings, Coming up.").format(
            count=format_number(coming.total)))

st.subheader(_("Latest meetings"))
latest = cached_query(list_meetings, filters, statuses=("held",), page_size=LATEST)
if latest.total == 0:
    st.info(_("No meetings yet. Log the first one, or load the demo with `tracker seed --demo`."))
else:
    meeting_table(latest.rows, "home_latest")
