"""The app's pages by section. Add a page here (one file in dashboards/views/ each).

Hiding a page from a role is a convenience, not authorization: the services refuse whatever the
page shows. Record pages (``?id=N``) are registered hidden so links and ``st.switch_page`` reach them.
A page the actor may not open is replaced by a hidden stand-in at the same address, which names the
role it needs: a link to it must not silently land on Home.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tracker.i18n import N_, _

PAGES_DIR = Path(__file__).parent / "views"


def page(file: str, title: str, icon: str, *, default: bool = False, url_path: str | None = None):
    """A page whose ``title`` (English, marked) shows in the run's language."""
    return st.Page(str(PAGES_DIR / file), title=_(title), icon=icon, default=default, url_path=url_path)


def hidden(file: str, title: str, url_path: str):
    return st.Page(str(PAGES_DIR / file), title=_(title), url_path=url_path, visibility="hidden")


ROLE_NAMES = {"admin": N_("an administrator"), "editor": N_("an editor"), "viewer": N_("a viewer")}
NEEDED_ROLES = {"admin": N_("administrator"), "editor": N_("editor")}


def needs_role(title: str, url_path: str, role: str, actor):
    """A hidden page at ``url_path`` saying that ``title`` needs ``role`` (``editor``/``admin``)."""
    held = _(ROLE_NAMES[str(actor.role)])
    title = _(title)

    def stand_in() -> None:
        st.title(title)
        st.warning(_("This page needs the {needed} role; you are signed in as {held}.").format(
            needed=_(NEEDED_ROLES[role]), held=held), icon=":material/lock:")
        st.page_link(str(PAGES_DIR / "home.py"), label=_("Home"), icon=":material/home:")

    return st.Page(stand_in, title=title, url_path=url_path, visibility="hidden")


def build_pages(actor) -> dict[str, list]:
    """Sections → pages the actor may open (and stand-ins for those they may not)."""
    can_write = actor is not None and actor.can_write
    is_admin = actor is not None and actor.is_admin

    stand_ins: list = []  # hidden, so kept out of the sections: an empty section would show its header

    def for_role(role: str, file: str, title: str, icon: str, url_path: str) -> list:
        if is_admin if role == "admin" else can_write:
            return [page(file, title, icon, url_path=url_path)]
        stand_ins.append(needs_role(title, url_path, role, actor))
        return []

    sections: dict[str, list] = {
        _("Overview"): [
            page("home.py", N_("Home"), ":material/home:", default=True, url_path="home"),
            page("my_work.py", N_("My work"), ":material/checklist:", url_path="my-work"),
            page("overview.py", N_("Overview"), ":material/dashboard:", url_path="overview"),
            page("relationships.py", N_("Relationships"), ":material/handshake:", url_path="relationships"),
            page("enterprise_profile.py", N_("Enterprise profile"), ":material/business:",
                 url_path="enterprise"),
            page("official_profile.py", N_("Official profile"), ":material/person:", url_path="official"),
        ],
        _("Log"): [
            *for_role("editor", "log_meeting.py", N_("Log a meeting"), ":material/edit_note:", "log-meeting"),
            *for_role("editor", "ingest.py", N_("From an article"), ":material/article:", "from-article"),
            *for_role("editor", "import.py", N_("Import a spreadsheet"), ":material/upload_file:", "import"),
            *for_role("editor", "invitation.py", N_("Import an invitation"), ":material/event_upcoming:",
                      "import-invitation"),
            page("meetings.py", N_("Meetings"), ":material/event_note:", url_path="meetings"),
            page("calendar.py", N_("Calendar"), ":material/calendar_month:", url_path="calendar"),
            hidden("meeting_record.py", N_("Meeting record"), "meeting"),
        ],
        _("Directory"): [
            page("organisations.py", N_("Organisations"), ":material/domain:", url_path="organisations"),
            page("people.py", N_("People"), ":material/group:", url_path="people"),
            hidden("organisation_profile.py", N_("Organisation record"), "organisation_profile"),
            hidden("person_profile.py", N_("Person record"), "person_profile"),
            *for_role("editor", "duplicates.py", N_("Possible duplicates"), ":material/merge:", "duplicates"),
        ],
        _("Follow-up"): [page("pledges.py", N_("Pledges"), ":material/task_alt:", url_path="pledges")],
        _("Take away"): [
            page("reports.py", N_("Reports"), ":material/summarize:", url_path="reports"),
            page("calendar_feed.py", N_("Your calendar feed"), ":material/rss_feed:",
                 url_path="calendar-feed"),
        ],
    }
    administration = [
        *for_role("admin", "audit.py", N_("Audit trail"), ":material/history:", "audit"),
        *for_role("admin", "users.py", N_("Users"), ":material/manage_accounts:", "users"),
        *for_role("admin", "archive.py", N_("Archive"), ":material/inventory_2:", "archive"),
    ]
    if administration:
        sections[_("Administration")] = administration
    sections[_("Overview")].extend(stand_ins)
    return sections
