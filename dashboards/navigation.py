"""The app's pages by section. Add a page here (one file in dashboards/pages/ each)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).parent / "pages"


def page(file: str, title: str, icon: str, *, default: bool = False, url_path: str | None = None):
    return st.Page(str(PAGES_DIR / file), title=title, icon=icon, default=default, url_path=url_path)


def build_pages(actor) -> dict[str, list]:
    """Sections → pages the actor may open (hiding is a convenience; services still refuse)."""
    sections: dict[str, list] = {
        "Overview": [page("home.py", "Home", ":material/home:", default=True, url_path="home"),
                     page("overview.py", "Overview", ":material/dashboard:", url_path="overview"),
                     page("relationships.py", "Relationships", ":material/handshake:",
                          url_path="relationships"),
                     page("enterprise_profile.py", "Enterprise profile", ":material/business:",
                          url_path="enterprise"),
                     page("official_profile.py", "Official profile", ":material/person:",
                          url_path="official")],
        "Log": [page("ingest.py", "From an article", ":material/article:", url_path="from-article")],
    }
    sections["Log"] = [  # issue 3a: log, list and record pages around the other Log pages
        page("log_meeting.py", "Log a meeting", ":material/edit_note:", url_path="log-meeting"),
        *sections.get("Log", []),
        page("meetings.py", "Meetings", ":material/event_note:", url_path="meetings"),
        st.Page(str(PAGES_DIR / "meeting_record.py"), title="Meeting record", icon=":material/description:",
                url_path="meeting", visibility="hidden"),
    ]
    sections.setdefault("Directory", []).extend([
        page("organisations.py", "Organisations", ":material/domain:", url_path="organisations"),
        page("people.py", "People", ":material/group:", url_path="people"),
        st.Page(str(PAGES_DIR / "organisation_profile.py"), title="Organisation record",
                url_path="organisation_profile", visibility="hidden"),
        st.Page(str(PAGES_DIR / "person_profile.py"), title="Person record", url_path="person_profile",
                visibility="hidden"),
        *([page("duplicates.py", "Possible duplicates", ":material/merge:", url_path="duplicates")]
          if actor is not None and actor.can_write else []),
    ])
    sections.setdefault("Follow-up", []).append(
        page("pledges.py", "Pledges", ":material/task_alt:", url_path="pledges"))
    if actor is not None and actor.can_write:
        sections.setdefault("Log", []).append(page("import.py", "Import a spreadsheet",
                                                   ":material/upload_file:", url_path="import"))
    return sections
