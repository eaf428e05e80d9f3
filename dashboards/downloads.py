"""Download buttons any page can add: export a table, a period report, or a company briefing.

Usage on a page: ``export_buttons(frame, "top_enterprises", filters)`` under a small table;
``table_downloads(rows, "meetings", filters, ...)`` under a paged or long one (the files hold every
row, not only the page shown); ``period_report_button(filters, "pdf")`` for the report of the
sidebar's view; ``briefing_button(organisation_id, filters)`` on a company profile. Files are built
by ``tracker.reports``; anything slow (every row of a long list, a report, a briefing) is built only
when asked for, by a "Prepare" button.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboards.auth import signed_in_actor
from dashboards.database import current_data_version, run_query
from dashboards.safe import escape_markdown
from tracker import prepared_files
from tracker.errors import DomainError
from tracker.i18n import _, current_language, format_number
from tracker.labels import header
from tracker.queries.filter_words import describe_filters
from tracker.queries.filters import Filters
from tracker.reports.exports import about_pairs
from tracker.reports.formats import DocumentKind, format_for, formats_for, get_format
from tracker.reports.table_export import frame_to_bytes

T = TypeVar("T")
_SINGLE_FILE = "file"  # the part name of a prepared download that is one file
EAGER_ROWS = 1000  # a table of up to this many rows has its files built with the page; more, on a click


def safe_stem(name: str) -> str:
    """``name`` as letters, digits, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "export"


def file_name(name: str, fmt: str) -> str:
    """A safe file name for ``name`` in format ``fmt``, with the format's suffix."""
    return safe_stem(name) + get_format(fmt).suffix


def _about(name: str, filters: Filters, rows: int, more: Sequence[tuple[str, Any]] = ()) -> list:
    pairs = run_query(describe_filters, filters)
    actor = signed_in_actor()
    return about_pairs(name, [*pairs, *more], rows=rows, generated_by=actor.username if actor else None)


def _page_filters(about: Sequence[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """The page's own filters (search, status…) that were set (not empty), for the "About" sheet."""
    return tuple((label, value) for label, value in about if value)


def export_files(frame: pd.DataFrame, name: str, filters: Filters,
                 about: Sequence[tuple[str, Any]] = ()) -> dict[str, bytes]:
    """``frame`` in each table-export format (CSV, Excel), by format key; a workbook's "About" sheet
    lists ``filters`` and ``about`` (the page's own filters, as (label, value) pairs)."""
    pairs = _about(name, filters, len(frame), _page_filters(about))
    return {fmt.key: frame_to_bytes(frame, fmt.key, name=safe_stem(name)[:31], about=pairs)
            for fmt in formats_for(DocumentKind.TABLE_EXPORT)}


def _download_pair(files: Mapping[str, bytes], name: str, key: str) -> None:
    formats = formats_for(DocumentKind.TABLE_EXPORT)
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        column.download_button(_("Download {format}").format(format=fmt.label), files[fmt.key],
                               file_name=file_name(name, fmt.key),
                               mime=fmt.mime, key=f"{key}_{fmt.key}", icon=fmt.icon)


def export_buttons(frame: pd.DataFrame, name: str, filters: Filters, *, key: str | None = None,
                   about: Sequence[tuple[str, Any]] = ()) -> None:
    """CSV and Excel download buttons for ``frame`` (what the page shows, filtered as shown)."""
    _download_pair(export_files(frame, name, filters, about), name, key or f"export_{name}")


def _link_column(spec: Any) -> bool:
    return isinstance(spec, Mapping) and (spec.get("type_config") or {}).get("type") == "link"


def as_shown(frame: pd.DataFrame, column_config: Mapping[str, Any] | None = None, *,
             order: Sequence[str] | None = None) -> pd.DataFrame:
    """``frame`` as its ``st.dataframe`` shows it, for a file: the columns of ``order`` (else all),
    link and hidden columns left out, each headed by its ``column_config`` label (else
    'last_meeting' → 'Last meeting'). Values are kept as they are, so dates and numbers stay typed
    in a workbook."""
    config = column_config or {}
    headings = {}
    for column in order or list(frame.columns):
        spec = config.get(column)
        if _link_column(spec) or (column in config and spec is None):  # links and hidden columns
            continue
        heading = spec if isinstance(spec, str) else spec.get("label") if isinstance(spec, Mapping) else None
        headings[column] = heading or header(column)
    return frame[list(headings)].rename(columns=headings)


def _built_on_click(label: str, key: str, build: Callable[[], T], inputs: Any = None) -> T | None:
    """A "Prepare …" button that runs ``build()`` on a click (never on other reruns); returns what it
    built while ``inputs`` and the data are unchanged, else None (a stale file is not offered).

    ``build()`` returns bytes or format key → bytes. What it built is kept in a temporary file with
    a time limit (``tracker.prepared_files``), not in the session's memory; the session keeps the
    file's key. After the time limit the button is offered again."""
    store = f"_prepared_{key}"
    # A file is written in the language it was prepared in: after a switch it is prepared anew.
    inputs = (inputs, current_data_version(), current_language())
    actor = signed_in_actor()
    file_key = prepared_files.prepared_key(actor.username if actor else None, key, inputs)
    if st.button(_("Prepare {what}").format(what=label), key=f"{key}_prepare",
                 icon=":material/description:"):
        try:
            with st.spinner(_("Preparing {what}…").format(what=label)):
                built = build()
            files = built if isinstance(built, Mapping) else {_SINGLE_FILE: built}
            prepared_files.store(file_key, files)
            st.session_state[store] = (file_key, tuple(files), not isinstance(built, Mapping))
        except DomainError as exc:
            st.error(escape_markdown(exc.message))
            st.session_state.pop(store, None)
    stored = st.session_state.get(store)
    if not stored or stored[0] != file_key:
        return None
    files = prepared_files.load(file_key, stored[1])
    if files is None:
        st.session_state.pop(store, None)
        return None
    return files[_SINGLE_FILE] if stored[2] else files


def prepared_download(label: str, key: str, build, *, name: str, extension: str, inputs: Any = None) -> None:
    """A "Prepare" button that builds the file once, then a download button for it.

    ``build()`` returns the file's bytes; it runs only on the click, never on every rerun. The file
    is offered while ``inputs`` (the filters it was built for, say) and the data stay the same.
    ``extension`` is the key of the file's registered format (``tracker.reports.formats``).
    """
    data = _built_on_click(label, key, build, inputs)
    if data:
        st.download_button(_("Download {what}").format(what=label), data,
                           file_name=file_name(name, extension), mime=get_format(extension).mime,
                           key=f"{key}_download", icon=":material/download:")


def table_downloads(rows: pd.DataFrame, name: str, filters: Filters, *, key: str,
                    shape: Callable[[pd.DataFrame], pd.DataFrame] | None = None, total: int | None = None,
                    load_all: Callable[..., pd.DataFrame] | None = None,
                    about: Sequence[tuple[str, Any]] = (), inputs: Any = None) -> None:
    """CSV and Excel downloads under a table, holding every row it lists (all pages, not just one).

    ``rows`` are the rows on screen and ``shape(rows)`` the table as shown (see ``as_shown``). When
    they are all ``total`` rows and few, the files come with the page; otherwise a "Prepare" button
    builds them on a click from the tracker function ``load_all(session)`` (every row, unshaped;
    default ``rows``).
    ``about`` lists the page's own filters for the workbook; with ``inputs`` (anything else the rows
    depend on) it tells when prepared files no longer match the table.
    """
    shape = shape or (lambda frame: frame)
    total = len(rows) if total is None else total
    if total <= len(rows) and len(rows) <= EAGER_ROWS:
        export_buttons(shape(rows), name, filters, key=key, about=about)
        return

    def build() -> dict[str, bytes]:
        if load_all is None:
            return export_files(shape(rows), name, filters, about)
        return export_files(shape(run_query(load_all)), name, filters, about)

    files = _built_on_click(_("downloads of all {count} rows").format(count=format_number(total)), key,
                            build, (name, filters, tuple(about), total, inputs))
    if files:
        _download_pair(files, name, key)


def briefing_button(organisation_id: int, filters: Filters, *, fmt: str = "pdf",
                    name: str = "briefing") -> None:
    """A one-page pre-meeting briefing on one organisation (for a company profile page)."""
    from tracker.reports.briefing import briefing_bytes, build_briefing

    def build() -> bytes:
        actor = signed_in_actor()
        document = run_query(build_briefing, filters, organisation_id,
                             generated_by=actor.username if actor else None)
        return briefing_bytes(document, fmt)

    label = _("briefing ({format})").format(format=format_for(DocumentKind.BRIEFING, fmt).label)
    prepared_download(label, f"briefing_{organisation_id}_{fmt}", build, name=name, extension=fmt)


def period_report_bytes(filters: Filters, fmt: str, *, with_charts: bool = True) -> bytes:
    """The period report (as the Overview shows ``filters``) in period-report format ``fmt``."""
    from tracker.reports.period import build_period_report, render

    actor = signed_in_actor()
    draws_charts = format_for(DocumentKind.PERIOD_REPORT, fmt).draws_charts
    document = run_query(build_period_report, filters, with_charts=with_charts and draws_charts,
                         generated_by=actor.username if actor else None)
    return render(document, fmt)


def period_report_button(filters: Filters, fmt: str, *, with_charts: bool = True,
                         key: str = "period_report") -> None:
    """A "Prepare report (PDF)" button, then the download: the period report of ``filters``."""
    start, end = filters.start or "start", filters.end or dt.date.today()
    prepared_download(_("report ({format})").format(format=get_format(fmt).label), f"{key}_{fmt}",
                      lambda: period_report_bytes(filters, fmt, with_charts=with_charts),
                      name=f"engagement_report_{start}_{end}", extension=fmt, inputs=(filters, with_charts))


def table_export_bytes(view: str, fmt: str, filters: Filters) -> bytes:
    """A whole table view (all rows, not just those shown) as bytes in table-export format ``fmt``."""
    from tracker.reports.table_export import export_table

    buffer = io.BytesIO()
    actor = signed_in_actor()
    run_query(export_table, filters, view, fmt, buffer, generated_by=actor.username if actor else None)
    return buffer.getvalue()
