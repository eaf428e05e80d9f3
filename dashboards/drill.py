"""Drill-down on the dashboards: a chart selection (Plotly selection event) becomes a
``Drill``, and the meetings behind it are listed under the chart."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboards.database import cached_query
from dashboards.downloads import as_shown, table_downloads
from dashboards.meeting_dates import date_column
from dashboards.safe import escape_markdown
from tracker.i18n import CHINESE, _, current_language, format_number, ngettext
from tracker.labels import EMPTY, label
from tracker.queries.drilldown import Drill, count_meetings_behind, meetings_behind
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import organisation_names

TABLE_LIMIT = 200


def selected_points(event: Any) -> list[dict]:
    """The points of a ``st.plotly_chart(on_select="rerun")`` result (empty when nothing picked)."""
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if not selection:
        return []
    points = selection.get("points") if isinstance(selection, dict) else getattr(selection, "points", [])
    return list(points or [])


def customdata(point: dict, index: int = 0):
    data = point.get("customdata")
    if isinstance(data, (list, tuple)):
        return data[index] if len(data) > index else None
    return data if index == 0 else None


def columns() -> dict:
    """The table's headings, on the page and in its downloads, in the reader's language."""
    return {
        "date": date_column(_("Date")),
        "title": _("Meeting"),
        "kind": _("Kind"),
        "place": _("Place"),
        "organisations": _("Organisations present"),
    }


def _readable(table: pd.DataFrame) -> pd.DataFrame:
    readable = table.drop(columns=["meeting_id"]).assign(kind=table["kind"].map(label))
    if current_language() == CHINESE and len(table):
        # The query joins the stored (English) names in SQL; in Chinese each is shown Chinese first.
        names = cached_query(organisation_names, [int(i) for i in table["meeting_id"]])
        readable["organisations"] = [", ".join(names.get(int(i), [])) for i in table["meeting_id"]]
    return readable


def show_meetings(filters: Filters, drill: Drill, *, key: str, heading: str) -> None:
    """The meetings behind the selection, newest first, with a count, and downloads of them all."""
    total = cached_query(count_meetings_behind, filters, drill)
    table = cached_query(meetings_behind, filters, drill, limit=TABLE_LIMIT)
    shown = _(" (the latest {count} shown)").format(count=TABLE_LIMIT) if total > TABLE_LIMIT else ""
    meetings = ngettext("{count} meeting", "{count} meetings", total).format(count=format_number(total))
    st.markdown("**" + _("{heading}: {count}").format(heading=escape_markdown(heading), count=meetings)
                + f"**{shown}")
    if table.empty:
        st.caption(_("No meetings match this selection."))
        return
    headings = columns()
    st.dataframe(_readable(table), hide_index=True, width="stretch", key=key, column_config=headings,
                 placeholder=EMPTY)
    table_downloads(
        table,
        heading,
        filters,
        key=f"{key}_export",
        total=total,
        shape=lambda rows: as_shown(_readable(rows), headings),
        load_all=lambda s: meetings_behind(s, filters, drill, limit=total),
        about=[(_("Selection"), heading)],
        inputs=drill,
    )
