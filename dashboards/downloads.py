"""Download buttons any page can add: export a table view, or a company briefing.

Usage on a page: ``export_buttons(frame, "top_enterprises", filters)`` under a table, and
``briefing_button(organisation_id, filters)`` on a company profile. Files are built by
``tracker.reports``; a briefing is built only when asked for (it takes a second or two).
"""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from dashboards.common import current_actor, session
from tracker.errors import DomainError
from tracker.queries.filters import Filters
from tracker.queries.report_scope import describe_filters
from tracker.reports.exports import about_pairs, frame_to_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"csv": "text/csv", "xlsx": XLSX_MIME, "pdf": "application/pdf", "docx": DOCX_MIME}


def file_name(name: str, extension: str) -> str:
    """A safe file name: letters, digits, dashes and underscores."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "export"
    return f"{stem}.{extension}"


def _about(name: str, filters: Filters, rows: int) -> list:
    with session() as s:
        pairs = describe_filters(s, filters)
    actor = current_actor()
    return about_pairs(name, pairs, rows=rows, generated_by=actor.username if actor else None)


def export_buttons(frame: pd.DataFrame, name: str, filters: Filters, *, key: str | None = None) -> None:
    """CSV and Excel download buttons for ``frame`` (what the page shows, filtered as shown)."""
    key = key or f"export_{name}"
    left, right = st.columns(2)
    left.download_button("Download CSV", frame_to_bytes(frame, "csv"), file_name=file_name(name, "csv"),
                         mime=MIME["csv"], key=f"{key}_csv", icon=":material/download:")
    right.download_button("Download Excel", frame_to_bytes(frame, "xlsx", name=name[:31],
                                                           about=_about(name, filters, len(frame))),
                          file_name=file_name(name, "xlsx"), mime=MIME["xlsx"], key=f"{key}_xlsx",
                          icon=":material/table_view:")


def prepared_download(label: str, key: str, build, *, name: str, extension: str) -> None:
    """A "Prepare" button that builds the file once, then a download button for it.

    ``build()`` returns the file's bytes; it runs only on the click, never on every rerun.
    """
    store = f"_prepared_{key}"
    if st.button(f"Prepare {label}", key=f"{key}_prepare", icon=":material/description:"):
        try:
            with st.spinner(f"Preparing {label}…"):
                st.session_state[store] = build()
        except DomainError as exc:
            st.error(exc.message)
            st.session_state.pop(store, None)
    data = st.session_state.get(store)
    if data:
        st.download_button(f"Download {label}", data, file_name=file_name(name, extension),
                           mime=MIME[extension], key=f"{key}_download", icon=":material/download:")


def briefing_button(organisation_id: int, filters: Filters, *, fmt: str = "pdf",
                    name: str = "briefing") -> None:
    """A one-page pre-meeting briefing on one organisation (for a company profile page)."""
    from tracker.reports.briefing import briefing_bytes, build_briefing

    def build() -> bytes:
        actor = current_actor()
        with session() as s:
            document = build_briefing(s, filters, organisation_id,
                                      generated_by=actor.username if actor else None)
        return briefing_bytes(document, fmt)

    label = "briefing (PDF)" if fmt == "pdf" else "briefing (Word)"
    prepared_download(label, f"briefing_{organisation_id}_{fmt}", build, name=name, extension=fmt)


def table_export_bytes(view: str, fmt: str, filters: Filters) -> bytes:
    """A whole table view (all rows, not just those shown) as CSV or Excel bytes."""
    from tracker.reports.table_export import export_table

    buffer = io.BytesIO()
    actor = current_actor()
    with session() as s:
        export_table(s, filters, view, fmt, buffer, generated_by=actor.username if actor else None)
    return buffer.getvalue()
