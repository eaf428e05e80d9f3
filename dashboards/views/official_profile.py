"""Official profile (?id=N): one official's whole history — meetings, the organisations and people
they met with titles then, agreements, pledges made in their meetings, topics over time."""

import streamlit as st

from dashboards import charts
from dashboards.auth import require_actor
from dashboards.database import cached_query
from dashboards.directory_widgets import meeting_count, readable
from dashboards.meeting_dates import date_column
from dashboards.profile_parts import pick_entity, show_card, show_history
from tracker.i18n import _, display_name
from tracker.labels import EMPTY
from tracker.queries import profiles
from tracker.queries.filters import Filters

actor = require_actor()
filters = Filters(clearance=actor.clearance)
st.title(_("Official profile"))

person_id = pick_entity(
    "Official",
    lambda: cached_query(profiles.most_met, filters, "person"),
    "person_id",
    "name",
    search=lambda text: cached_query(profiles.find_people, filters, text),
)
if person_id is None:
    st.stop()
row = show_card(
    cached_query(profiles.person_card, filters, person_id),
    _("There is no person with id {id}. Pick one from the list above.").format(id=person_id),
    lambda row: _("{title}, {organisation}").format(title=row["title"], organisation=row["organisation"])
    if row["title"] else None,
)

st.subheader(_("Which organisations has this official met?"))
met = cached_query(profiles.organisations_met, filters, person_id)
if met.empty:
    st.caption(_("No organisations recorded at this official's meetings."))
else:
    st.dataframe(
        readable(met.drop(columns=["organisation_id"]), blanks=False),
        hide_index=True,
        width="stretch",
        key="prof_orgs",
        placeholder=EMPTY,
        column_config={
            "name": _("Organisation"),
            "kind": _("Kind"),
            "meetings": meeting_count(),
            "last_met": date_column(_("Last met")),
        },
    )
show_history(filters, "person", person_id, name=display_name(row["name"], row["local_name"]), charts=charts)
