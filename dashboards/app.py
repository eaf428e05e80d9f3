"""Entry point of the Streamlit app: sign-in gate, then multipage navigation (``st.navigation``)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run` from any folder

from dashboards.auth import ensure_signed_in, signed_in_actor, signed_in_run  # noqa: E402
from dashboards.database import one_data_version_per_run  # noqa: E402
from dashboards.incidents import incident_guard  # noqa: E402
from dashboards.language import page_language  # noqa: E402
from dashboards.navigation import build_pages  # noqa: E402
from tracker.i18n import using_language  # noqa: E402

st.set_page_config(page_title="Engagement Tracker", page_icon="🤝", layout="wide")

# One guard around everything a visitor can reach, the sign-in form included: no traceback, however
# a page fails, only an incident id (the traceback goes to the server log).
# The run is drawn in the user's language (the sign-in form in the default's): every page, label
# and cached query below reads it from the context.
with incident_guard():
    actor = signed_in_actor()
    with using_language(page_language(actor)):
        actor = ensure_signed_in(actor)
        if actor is not None:
            with signed_in_run(actor), one_data_version_per_run():
                # Every page listed: a collapsed menu ends in Streamlit's own "View N more", which no
                # catalogue can translate.
                st.navigation(build_pages(actor), expanded=True).run()
