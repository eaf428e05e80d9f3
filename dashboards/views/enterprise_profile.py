"""Enterprise profile (?id=N): one enterprise's whole history — meetings, people met with their
titles then, agreements, pledges and their updates, topics over time."""

import streamlit as st

from dashboards import charts
from dashboards.auth import require_actor
from dashboards.database import cached_query
from dashboards.downloads import briefing_button
from dashboards.priority_section import importance_section, points_section
from dashboards.profile_parts import pick_entity, show_card, show_history
from dashboards.safe import web_link
from tracker.i18n import _, display_name
from tracker.labels import label
from tracker.queries import profiles
from tracker.queries.filters import Filters
from tracker.taxonomy import region_label, sector_label

actor = require_actor()
filters = Filters(clearance=actor.clearance)
st.title(_("Enterprise profile"))

organisation_id = pick_entity(
    "Enterprise",
    lambda: cached_query(profiles.most_met, filters, "organisation"),
    "organisation_id",
    "name",
    search=lambda text: cached_query(profiles.find_organisations, filters, text),
)
if organisation_id is None:
    st.stop()
row = show_card(
    cached_query(profiles.organisation_card, filters, organisation_id),
    _("There is no organisation with id {id}. Pick one from the list above.").format(id=organisation_id),
    lambda row: " · ".join(
        str(v) for v in (label(row["kind"]), sector_label(row["sector"]), region_label(row["region"])) if v
    ),
)
web_link(row["website"], _("Website"))
importance_section(filters, organisation_id)
with st.expander(_("One-page briefing before the next meeting"), icon=":material/description:"):
    briefing_button(organisation_id, filters, name=f"briefing_{row['name']}")
points_section(filters, organisation_id)

show_history(filters, "organisation", organisation_id, name=display_name(row["name"], row["local_name"]),
             charts=charts)
