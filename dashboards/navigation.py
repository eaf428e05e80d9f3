"""The app's pages by section. Add a page here (one file in dashboards/views/ each).

Hiding a page from a role is a convenience, not authorization: the services refuse whatever the
page shows. Record pages (``?id=N``) are registered hidden so links and ``st.switch_page`` reach them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).parent / "views"


def page(file: str, title: str, icon: str, *, default: bool = False, url_path: str | None = None):
    return st.Page(str(PAGES_DIR / file), title=title, icon=icon, default=default, url_path=url_path)


def hidden(file: str, title: str, url_path: str):
    return st.Page(str(PAGES_DIR / file), title=title, url_path=url_path, visibility="hidden")


def build_pages(actor) -> dict[str, list]:
    """Sections → pages the actor may open."""
    can_write = actor is not None and actor.can_write
    is_admin = actor is not None and actor.is_admin
    sections: dict[str, list] = {
        "Overview": [
            page("home.py", "Home", ":material/home:", default=True, url_path="home"),
            page("overview.py", "Overview", ":material/dashboard:", url_path="overview"),
            page("relationships.py", "Relationships", ":material/handshake:", url_path="relationships"),
            page("enterprise_profile.py", "Enterprise profile", ":material/business:", url_path="enterprise"),
            page("official_profile.py", "Official profile", ":material/person:", url_path="official"),
        ],
        "Log": [
            page("log_meeting.py", "Log a meeting", ":material/edit_note:", url_path="log-meeting"),
            page("ingest.py", "From an article", ":material/article:", url_path="from-article"),
            *([page("import.py", "Import a spreadsheet", ":material/upload_file:", url_path="import")]
              if can_write else []),
            page("meetings.py", "Meetings", ":material/event_note:", url_path="meetings"),
            hidden("meeting_record.py", "Meeting record", "meeting"),
        ],
        "Directory": [
            page("organisations.py", "Organisations", ":material/domain:", url_path="organisations"),
            page("people.py", "People", ":material/group:", url_path="people"),
            hidden("organisation_profile.py", "Organisation record", "organisation_profile"),
            hidden("person_profile.py", "Person record", "person_profile"),
            *([page("duplicates.py", "Possible duplicates", ":material/merge:", url_path="duplicates")]
              if can_write else []),
        ],
        "Follow-up": [page("pledges.py", "Pledges", ":material/task_alt:", url_path="pledges")],
        "Take away": [page("reports.py", "Reports", ":material/summarize:", url_path="reports")],
    }
    if is_admin:
        sections["Administration"] = [
            page("audit.py", "Audit trail", ":material/history:", url_path="audit"),
            page("users.py", "Users", ":material/manage_accounts:", url_path="users"),
        ]
    return sections
