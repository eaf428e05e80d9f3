"""The period report's charts as PNG images: Plotly figures exported by Kaleido in one browser session.

Each ``write_image`` call would start its own Chromium; ``plotly.io.write_images`` renders the
whole list in one session. When no browser is available, the report says so instead of failing.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from tracker.labels import label

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1000, 500
STATUS_COLOURS = {"pledged": "#9DB4D3", "in_progress": "#3C78B5", "delivered": "#2E8B57",
                  "stalled": "#D98C2B", "withdrawn": "#A0A0A0"}


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, template="plotly_white", width=WIDTH, height=HEIGHT,
                         margin={"l": 60, "r": 20, "t": 60, "b": 60},
                         font={"family": "Noto Sans CJK SC, Noto Sans, Arial, sans-serif", "size": 14})
    return figure


def meetings_per_month_figure(frame: pd.DataFrame, top: int = 7) -> go.Figure:
    """The overview's stacked bars: held meetings per month by sector (the smaller sectors as "Other")."""
    totals = frame.groupby("segment")["meetings"].sum().sort_values(ascending=False)
    keep = set(totals.index[:top])
    frame = frame.assign(segment=frame["segment"].where(frame["segment"].isin(keep), "Other"))
    frame = frame.groupby(["month", "segment"], as_index=False)["meetings"].sum()
    order = [s for s in totals.index if s in keep] + (["Other"] if len(totals) > top else [])
    figure = go.Figure([go.Bar(name=str(segment), x=part["month"], y=part["meetings"])
                        for segment in order for part in [frame[frame["segment"] == segment]]])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    figure.update_xaxes(type="category")
    return _layout(figure, "Held meetings per month, by sector")


def top_enterprises_figure(frame: pd.DataFrame) -> go.Figure:
    ordered = frame.iloc[::-1]
    labels = [f"{name} {local}".strip()
              for name, local in zip(ordered["name"], ordered["local_name"], strict=True)]
    figure = go.Figure(go.Bar(x=ordered["meetings"], y=labels, orientation="h", marker_color="#3C78B5"))
    return _layout(figure, "Enterprises met most often")


def pledge_status_figure(frame: pd.DataFrame, limit: int = 12) -> go.Figure:
    top = frame.head(limit).iloc[::-1]
    figure = go.Figure([go.Bar(name=label(status), x=top[status], y=top["area"], orientation="h",
                               marker_color=colour)
                        for status, colour in STATUS_COLOURS.items() if status in top])
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
