"""Entry point of the Streamlit app: sign-in gate, then multipage navigation (``st.navigation``)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run` from any folder

from dashboards.auth import ensure_signed_in, signed_in_run  # noqa: E402
from dashboards.database import one_data_version_per_run  # noqa: E402
from dashboards.incidents import incident_guard  # noqa: E402
from dashboards.navigation import build_pages  # noqa: E402

st.set_page_config(page_title="Engagement Tracker", page_icon="🤝", layout="wide")

# One guard around everything a visitor can reach, the sign-in form included: no traceback, however
# a page fails, only an incident id (the traceback goes to the server log).
with incident_guard():
    actor = ensure_signed_in()
    if actor is not None:
        with signed_in_run(actor), one_data_version_per_run():
            st.navigation(build_pages(actor)).run()
