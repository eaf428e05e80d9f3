"""Home: real figures, the meetings coming up and the latest held ones (the first start shows truth).

Planned meetings are listed apart (soonest first): mixed with the held ones, sorted newest first,
next year's plans filled the whole "latest meetings" table.
"""

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.record_links import addresses, record_table
from tracker.definitions import HELP
from tracker.queries.home import headline_counts
from tracker.queries.meetings import list_meetings

LATEST = 15
COMING_UP = 5


def meeting_table(frame, key: str) -> None:
    """Meetings with readable headers; a click on a row opens the meeting in place."""
    shown = frame.assign(open=addresses("meeting", frame["id"]))
    record_table(shown, key=key, width="stretch", height=(len(shown) + 1) * 35 + 3,
                 column_order=["date", "title", "organisations", "place"],
                 column_config={"date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                                "title": "Title", "organisations": "Organisations", "place": "Place"})


filters = default_filters()
st.title("Engagement Tracker")
st.caption("How the office engages with enterprises: meetings, agreements and pledges.")

counts = cached_query(headline_counts, filters)
columns = st.columns(4)
columns[0].metric("Meetings held", f"{counts['meetings']:,}", help=HELP["meetings_held"])
columns[1].metric("Enterprises engaged", f"{counts['enterprises']:,}", help=HELP["enterprises_engaged"])
columns[2].metric("Agreements", f"{counts['agreements']:,}")
columns[3].metric("Open pledges", f"{counts['open_pledges']:,}", help=HELP["open"])

coming = cached_query(list_meetings, replace(filters, start=dt.date.today()), statuses=("planned",),
                      page_size=COMING_UP, oldest_first=True)
if coming.total:
    st.subheader("Coming up")
    meeting_table(coming.rows, "home_coming")
    if coming.total > COMING_UP:
        st.caption(f"{coming.total:,} planned meetings in all; see Meetings, Coming up.")

st.subheader("Latest meetings")
latest = cached_query(list_meetings, filters, statuses=("held",), page_size=LATEST)
if latest.total == 0:
    st.info("No meetings yet. Log the first one, or load the demo with `tracker seed --demo`.")
else:
    meeting_table(latest.rows, "home_latest")
