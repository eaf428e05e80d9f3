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
        "Overview": [page("home.py", "Home", ":material/home:", default=True, url_path="home")],
        "Take away": [page("reports.py", "Reports", ":material/summarize:", url_path="reports")],
    }
    return sections
