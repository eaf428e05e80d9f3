"""The real app, entered as an editor: signs the tab in through a real server-side session (the
sign-in contract of ``dashboards/auth.py``) and then runs ``dashboards/app.py`` unchanged. Used by
browser tests only; the editor is created in the test database on first use."""

import os
import runpy
from pathlib import Path

import streamlit as st

from dashboards.auth import SESSION_TOKEN_KEY
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.auth.sessions import start_session
from tracker.auth.users import get_by_username
from tracker.db import get_engine, session_scope
from tracker.models import Confidentiality, Role, UserCreate
from tracker.services.users import create_user

if SESSION_TOKEN_KEY not in st.session_state:
    username = os.environ.get("E2E_USERNAME", "edith")
    with session_scope(get_engine()) as session:
        user = get_by_username(session=session, username=username) or create_user(
            session=session, actor=SYSTEM_ACTOR, data=UserCreate(
                username=username, role=Role.EDITOR, clearance=Confidentiality.SECRET,
                password="e2e-editor-password"))
        st.session_state[SESSION_TOKEN_KEY] = start_session(session=session, actor=Actor.from_user(user))
runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py"), run_name="__main__")
