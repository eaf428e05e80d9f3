"""The real app, entered as an editor: sets the session's ``actor`` (the sign-in contract of
``dashboards/auth.py``) and then runs ``dashboards/app.py`` unchanged. Used by browser tests only."""

import os
import runpy
from pathlib import Path

import streamlit as st

from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Role

if "actor" not in st.session_state:
    st.session_state["actor"] = Actor(username=os.environ.get("E2E_USERNAME", "edith"), role=Role.EDITOR,
                                      clearance=Confidentiality.SECRET)
runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py"), run_name="__main__")
