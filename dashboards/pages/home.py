"""Home: real figures and the latest meetings, so the first start shows something true."""

import streamlit as st

from dashboards.common import cached_query, default_filters
from tracker.queries.home import headline_counts, latest_meetings

filters = default_filters()
st.title("Engagement Tracker")
st.caption("How the office engages with enterprises: meetings, agreements and pledges.")

counts = cached_query(headline_counts, filters)
columns = st.columns(4)
columns[0].metric("Meetings held", f"{counts['meetings']:,}")
columns[1].metric("Enterprises met", f"{counts['enterprises']:,}")
columns[2].metric("Agreements", f"{counts['agreements']:,}")
columns[3].metric("Open pledges", f"{counts['open_pledges']:,}")

st.subheader("Latest meetings")
latest = cached_query(latest_meetings, filters, limit=15)
if latest.empty:
    st.info("No meetings yet. Log the first one, or load the demo with `tracker seed --demo`.")
else:
    st.dataframe(latest.drop(columns=["id", "precision"]), hide_index=True, width="stretch",
                 key="home_latest")
