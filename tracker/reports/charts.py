"""The period report's charts as PNG images: Plotly figures exported by Kaleido in one browser session.

Each ``write_image`` call would start its own Chromium; ``plotly.io.write_images`` renders the
whole list in one session. When no browser is available, the report says so instead of failing.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from tracker import palette
from tracker.chart_data import fill_months, legend_order, month_axis, top_and_other
from tracker.labels import label

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1000, 500
PLEDGE_STATUSES = ("pledged", "in_progress", "delivered", "stalled", "withdrawn")


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, template="plotly_white", width=WIDTH, height=HEIGHT,
                         margin={"l": 60, "r": 20, "t": 60, "b": 60},
                         font={"family": "Noto Sans CJK SC, Noto Sans, Arial, sans-serif", "size": 14})
    return figure


def meetings_per_month_figure(frame: pd.DataFrame, start: dt.date | None = None,
                              end: dt.date | None = None) -> go.Figure:
    """The overview's stacked bars: held meetings per month, each counted once under its sector
    (see ``queries.overview.meetings_per_month``), every month of the period in order (a month
    without meetings is 0), at most ``palette.LEGEND_MAX`` sectors (the smaller ones as "Other")."""
    axis = month_axis(frame["month"], start, end)
    data = top_and_other(fill_months(frame, axis), "segment", "meetings")
    order = legend_order(data, "segment", "meetings")
    colours = palette.colour_map(order)
    figure = go.Figure([go.Bar(name=str(segment), x=part["month"], y=part["meetings"],
                               marker_color=colours[segment])
                        for segment in order for part in [data[data["segment"] == segment]]])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=axis)
    return _layout(figure, "Held meetings per month, by sector")


def top_enterprises_figure(frame: pd.DataFrame) -> go.Figure:
    ordered = frame.iloc[::-1]
    labels = [f"{name} {local}".strip()
              for name, local in zip(ordered["name"], ordered["local_name"], strict=True)]
    figure = go.Figure(go.Bar(x=ordered["meetings"], y=labels, orientation="h", marker_color=palette.BASE[0]))
    return _layout(figure, "Enterprises met most often")


def pledge_status_figure(frame: pd.DataFrame, limit: int = 12) -> go.Figure:
    top = frame.head(limit).iloc[::-1]
    figure = go.Figure([go.Bar(name=label(status), x=top[status], y=top["area"], orientation="h",
                               marker_color=palette.PLEDGE_STATUS[status])
                        for status in PLEDGE_STATUSES if status in top])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.12})
    return _layout(figure, "Pledges made in the period, by area and status")


def render_pngs(figures: list[go.Figure]) -> list[bytes]:
    """All figures as PNG bytes, rendered in one Kaleido browser session."""
    if not figures:
        return []
    import plotly.io as pio

    with tempfile.TemporaryDirectory(prefix="tracker-charts-") as folder:
        paths = [Path(folder) / f"chart{i}.png" for i in range(len(figures))]
        pio.write_images(figures, paths, format="png", width=WIDTH, height=HEIGHT, scale=1)
        return [path.read_bytes() for path in paths]


def try_render_pngs(figures: list[go.Figure]) -> tuple[list[bytes], str | None]:
    """PNG bytes, or ([], reason) when the charts cannot be rendered on this machine."""
    try:
        return render_pngs(figures), None
    except Exception as exc:  # kaleido raises many kinds when Chromium is missing or crashes
        log.warning("charts could not be rendered: %s", exc)
        return [], (f"Charts could not be drawn on this machine ({type(exc).__name__}); Plotly's "
                    "image export needs Chromium (on Debian: apt-get install chromium).")
