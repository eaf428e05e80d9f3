"""Entry point of the Streamlit app: sign-in gate, then multipage navigation (``st.navigation``)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run` from any folder

from dashboards.auth import ensure_signed_in  # noqa: E402
from dashboards.common import current_actor  # noqa: E402
from dashboards.navigation import build_pages  # noqa: E402

st.set_page_config(page_title="Engagement Tracker", page_icon="🤝", layout="wide")

if ensure_signed_in():
    navigation = st.navigation(build_pages(current_actor()))
    navigation.run()
