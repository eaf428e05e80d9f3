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
from tracker.chart_data import fill_months, legend_order, month_axis, month_ticks, top_and_other
from tracker.i18n import CHINESE, _, current_language, display_name, format_date
from tracker.labels import label
from tracker.taxonomy import sector_label

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1000, 500
PLEDGE_STATUSES = ("pledged", "in_progress", "delivered", "stalled", "withdrawn")


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, template="plotly_white", width=WIDTH, height=HEIGHT,
                         margin={"l": 60, "r": 20, "t": 60, "b": 60},
                         font={"family": "Noto Sans CJK SC, Noto Sans, Arial, sans-serif", "size": 14})
    return figure


def _whole_numbers(figure: go.Figure, largest, axis: str) -> None:
    """Counts never read 0.2 or 0.5: whole-number ticks on a short axis."""
    if largest is not None and largest == largest and largest <= 10:
        (figure.update_yaxes if axis == "y" else figure.update_xaxes)(dtick=1, tick0=0)


def meetings_per_month_figure(frame: pd.DataFrame, start: dt.date | None = None,
                              end: dt.date | None = None) -> go.Figure:
    """The overview's stacked bars: held meetings per month, each counted once under its sector
    (see ``queries.overview.meetings_per_month``), every month of the period in order (a month
    without meetings is 0), at most ``palette.LEGEND_MAX`` sectors (the smaller ones as "Other")."""
    axis = month_axis(frame["month"], start, end)
    data = top_and_other(fill_months(frame, axis), "segment", "meetings")
    order = legend_order(data, "segment", "meetings")
    colours = palette.colour_map(order)
    figure = go.Figure([go.Bar(name=_(sector_label(str(segment))), x=part["month"], y=part["meetings"],
                               marker_color=colours[segment])
                        for segment in order for part in [data[data["segment"] == segment]]])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=axis, title=_("Month"))
    ticks = month_ticks(axis)  # a period of years names fewer months, so that they never overlap
    if current_language() == CHINESE:  # "2019-05" → 2019年5月 on the axis
        figure.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[
            format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "month") for month in ticks])
    elif len(ticks) < len(axis):
        figure.update_xaxes(tickmode="array", tickvals=ticks, ticktext=ticks)
    figure.update_yaxes(title=_("Meetings held"))
    _whole_numbers(figure, data.groupby("month")["meetings"].sum().max() if not data.empty else None, "y")
    figure.update_layout(legend_title_text=_("Sector"))
    return _layout(figure, _("Held meetings per month, by sector"))


def top_enterprises_figure(frame: pd.DataFrame) -> go.Figure:
    ordered = frame.iloc[::-1]
    # The period report's names are already in the reader's language first (``display_name``).
    labels = [display_name(name, local) if local and local not in name else name
              for name, local in zip(ordered["name"], ordered.get("local_name", [""] * len(ordered)),
                                     strict=True)]
    figure = go.Figure(go.Bar(x=ordered["meetings"], y=labels, orientation="h", marker_color=palette.BASE[0]))
    figure.update_xaxes(title=_("Meetings held"))
    _whole_numbers(figure, ordered["meetings"].max() if len(ordered) else None, "x")
    return _layout(figure, _("Enterprises met most often"))


def pledge_status_figure(frame: pd.DataFrame, limit: int = 12) -> go.Figure:
    top = frame.head(limit).iloc[::-1]
    figure = go.Figure([go.Bar(name=label(status), x=top[status], y=top["area"], orientation="h",
                               marker_color=palette.PLEDGE_STATUS[status])
                        for status in PLEDGE_STATUSES if status in top])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.12})
    figure.update_xaxes(title=_("Pledges"))
    statuses = [status for status in PLEDGE_STATUSES if status in top]
    _whole_numbers(figure, top[statuses].sum(axis=1).max() if statuses and len(top) else None, "x")
    return _layout(figure, _("Pledges made in the period, by area and status"))


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
        return [], _("Charts could not be drawn on this machine ({problem}); Plotly's image export needs "
                     "Chromium (on Debian: apt-get install chromium).").format(problem=type(exc).__name__)
