"""Users (administrators): who may sign in, with which role and clearance; add, change, reset."""

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.directory_widgets import date_text, field_error, person_picker, run_service
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.meeting_dates import datetime_column
from tracker.errors import DomainError
from tracker.i18n import _, format_short_time, pgettext
from tracker.labels import EMPTY, label
from tracker.models import Confidentiality, Role
from tracker.queries.directory import person_choices
from tracker.queries.users import list_active_sessions, list_users
from tracker.services.sessions import end_session_by_id
from tracker.services.users import create_user, update_user

LEVELS = [level.name.lower() for level in Confidentiality]
ROLES = [role.value for role in Role]
CONTACT_ERRORS = "user_contact_errors"

actor = require_actor()
st.title(_("Users"))
if not actor.is_admin:
    st.error(_("Only an administrator may manage users."))
    st.stop()
st.caption(_("Roles: admin (users, settings, everything), editor (log and change records, import, "
             "merge), viewer (read and export). Clearance: the highest confidentiality a user sees."))

users = run_query(list_users, actor=actor)
# The people users are linked to, as far as this administrator may know of them.
linked = run_query(person_choices, clearance=actor.clearance, limit=0,
                   include_ids=tuple(sorted({u.person_id for u in users if u.person_id})))
person_names = dict(zip((int(i) for i in linked["id"]), linked["name"], strict=True))
st.dataframe(pd.DataFrame(
    [{"username": u.username, "name": u.display_name or EMPTY, "role": label(u.role),
      "clearance": label(Confidentiality.parse(u.clearance).label),
      "state": _("Active") if u.is_active else _("Deactivated"),
      "email": u.email or EMPTY, "person": person_names.get(u.person_id, EMPTY),
      "last_sign_in": u.last_login_at} for u in users],
    columns=["username", "name", "role", "clearance", "state", "email", "person", "last_sign_in"]
    ).assign(last_sign_in=lambda f: date_text(f["last_sign_in"], time=True)),
    hide_index=True, width="stretch", key="users_table", placeholder=EMPTY,
    column_config={"username": _("Username"), "name": _("Name"), "role": _("Role"),
                   "clearance": _("Clearance"), "state": _("State"), "email": _("E-mail"),
                   "person": _("Is in the directory as"), "last_sign_in": _("Last sign-in (UTC)")})

add, change = st.tabs([_("Add a user"), _("Change a user")])
with add, st.form("user_add", clear_on_submit=True):
    username = st.text_input(_("Username"), key="user_add_username")
    display_name = st.text_input(_("Display name"), key="user_add_display")
    role = st.selectbox(_("Role"), ROLES, index=ROLES.index("viewer"), key="user_add_role", format_func=label,
                        placeholder=choose_placeholder(False))
    clearance = st.selectbox(_("Clearance"), LEVELS, index=1, key="user_add_clearance", format_func=label,
                             placeholder=choose_placeholder(False))
    password = st.text_input(_("Initial password (8+ characters)"), type="password",
                             key="user_add_password")
    if st.form_submit_button(_("Add user"), type="primary"):
        try:
            user = run_write(create_user, actor=actor, data={
                "username": username, "display_name": display_name or None, "role": role,
                "clearance": clearance, "password": password})
            st.session_state["users_notice"] = _("Added {username}.").format(username=user.username)
            st.rerun()
        except DomainError as exc:
            show_domain_error(exc)

with change:
    if not users:
        st.text(_("No users yet."))
    else:
        by_name = {u.username: u for u in users}
        chosen = by_name[st.selectbox(_("User"), list(by_name), key="user_change_which",
                                      placeholder=choose_placeholder(False))]
        with st.form("user_change"):
            new_role = st.selectbox(_("Role"), ROLES, index=ROLES.index(chosen.role.value),
                                    key="user_change_role", format_func=label,
                                    placeholder=choose_placeholder(False))
            new_level = st.selectbox(_("Clearance"), LEVELS,
                                     index=int(Confidentiality.parse(chosen.clearance)),
                                     key="user_change_clearance", format_func=label,
                                     placeholder=choose_placeholder(False))
            active = st.checkbox(_("May sign in"), value=chosen.is_active, key="user_change_active")
            new_password = st.text_input(_("New password (leave empty to keep)"), type="password",
                                         key="user_change_password")
            if st.form_submit_button(_("Save changes"), type="primary"):
                changes = {"role": new_role, "clearance": new_level, "is_active": active}
                if new_password:
                    changes["password"] = new_password
                try:
                    run_write(update_user, actor=actor, user_id=chosen.id, data=changes)
                    st.session_state["users_notice"] = _("Saved {username}.").format(
                        username=chosen.username)
                    st.rerun()
                except DomainError as exc:
                    show_domain_error(exc)

        st.markdown("**" + _("Contact details") + "**")
        st.caption(_("The e-mail address gets the daily reminders; the person in the directory makes "
                     "that person's planned meetings this user's own in My work."))
        errors = st.session_state.get(CONTACT_ERRORS, {})
        contact_key = f"user_contact_{chosen.id}"
        email = st.text_input(_("E-mail"), value=chosen.email or "", key=f"{contact_key}_email",
                              placeholder="name@example.gov.cn")
        field_error(errors, "email")
        person_id = person_picker(_("Is in the directory as"), key=f"{contact_key}_person",
                                  current_id=chosen.person_id)
        field_error(errors, "person_id")
        if st.button(_("Save contact details"), key=f"{contact_key}_save", type="primary") and run_service(
                update_user, errors_key=CONTACT_ERRORS, user_id=chosen.id,
                data={"email": email.strip() or None, "person_id": person_id}):
            st.session_state["users_notice"] = _("Saved {username}.").format(username=chosen.username)
            st.rerun()

st.subheader(_("Signed-in sessions"))
st.caption(_("Each browser signed in, until it signs out, stays inactive too long or reaches its time "
             "limit. Deactivating a user or changing their password ends all of theirs; end one here "
             "for a lost laptop or a shared desk."))
live = run_query(list_active_sessions, actor=actor)
st.dataframe(pd.DataFrame(
    [{"user": x.username, "signed_in": x.created_at, "last_seen": x.last_seen_at,
      "ends": x.expires_at, "user_agent": x.user_agent or EMPTY} for x in live],
    columns=["user", "signed_in", "last_seen", "ends", "user_agent"]),
    hide_index=True, width="stretch", key="sessions_table", placeholder=EMPTY,
    column_config={"user": _("User"),
                   "signed_in": datetime_column(pgettext("a session's start", "Signed in")),
                   "last_seen": datetime_column(_("Last seen")),
                   "ends": datetime_column(_("Ends at the latest")),
                   "user_agent": _("Browser")})
if live:
    labels = {_("{username} · signed in {when} UTC · #{id}").format(
        username=x.username, when=format_short_time(x.created_at), id=x.id): x for x in live}
    chosen_session = labels[st.selectbox(_("Session"), list(labels), key="session_end_which",
                                         placeholder=choose_placeholder(False))]
    if st.button(_("End session"), key="session_end"):
        try:
            run_write(end_session_by_id, actor=actor, session_id=chosen_session.id)
            st.session_state["users_notice"] = _("Ended a session of {username}.").format(
                username=chosen_session.username)
            st.rerun()
        except DomainError as exc:
            show_domain_error(exc)

notice = st.session_state.pop("users_notice", None)
if notice:
    st.success(notice)
