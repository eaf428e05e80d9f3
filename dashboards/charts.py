"""Plotly figures for the dashboards: titles that ask the question, labelled axes, names on
hover, colours from ``tracker.palette``. Builders take the query's DataFrame and never fail on
an empty one (they return None and the page shows an empty state instead)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from tracker import palette
from tracker.chart_data import fill_months, legend_order, month_axis, month_ticks, top_and_other
from tracker.i18n import N_, _, current_language, format_date, format_number, ngettext
from tracker.queries.overview import COMBINED_SEGMENTS, NO_PLEDGE_AREA
from tracker.read_model.vocabulary import NO_SECTOR
from tracker.taxonomy import area_label, sector_label

FONT = dict(size=15)
# "Meetings per month" split by a dimension: its legend's title and the question the chart answers.
STACK_TITLES = {"sector": N_("Sector"), "kind": N_("Kind of organisation"), "area": N_("Cooperation area")}
STACK_QUESTIONS = {
    "sector": N_("How many meetings did we hold each month, by sector?"),
    "kind": N_("How many meetings did we hold each month, by kind of organisation?"),
    "area": N_("How many meetings did we hold each month, by cooperation area?"),
}
# Plotly's own date formats (d3) write English month names: each language's axis pattern instead.
MONTH_TICKS = {"en": "%b %Y", "zh_CN": "%Y年%-m月"}
# Segments that are no one sector or area but words ("Several sectors", "Other", "No pledge made").
COMBINED = frozenset({*COMBINED_SEGMENTS, NO_PLEDGE_AREA, NO_SECTOR})


def chart_text(values):
    """Stored names as Plotly should show them. Plotly reads a few HTML tags in every label, title
    and hover (``<a href>`` among them), so a name's ``<`` and ``>`` are written as entities: the name
    reads as typed and can never become a link to another host."""
    if isinstance(values, pd.Series):
        return values.map(lambda v: chart_text(v) if isinstance(v, str) else v)
    return str(values).replace("<", "&lt;").replace(">", "&gt;")


def counted(number, noun: str) -> str:
    """A count on hover as a person reads it, in the reader's language: "1 meeting", "2 meetings"
    (a share of a meeting, where a chart splits one, keeps its decimals)."""
    value = float(number)
    shown = int(value) if value.is_integer() else round(value, 1)
    form = 1 if shown == 1 else 2  # the plural rule needs a whole number
    if noun == "pledge":
        phrase = ngettext("{count} pledge", "{count} pledges", form)
    else:
        phrase = ngettext("{count} meeting", "{count} meetings", form)
    return phrase.format(count=format_number(shown))


def month_label(month: str) -> str:
    """A chart's month key ('2019-05') as the reader's language writes it: 2019年5月 / May 2019."""
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "month")


def segment_label(by: str, segment) -> str:
    """A stacked segment in the reader's language: a kind's word, a sector's or area's name
    (``tracker.taxonomy``), or the words of a segment that names none ("Several sectors", "Other")."""
    if by == "kind":
        return palette.label(segment)
    if segment in COMBINED or not isinstance(segment, str):
        return _(segment) if isinstance(segment, str) else segment
    return area_label(segment) if by == "area" else sector_label(segment)


def _counted(values: pd.Series, noun: str) -> pd.Series:
    return values.map(lambda number: counted(number, noun))


def _layout(fig: go.Figure, title: str, *, height: int = 420, legend_title: str | None = None) -> go.Figure:
    fig.update_layout(
        title=dict(text=chart_text(title), font=dict(size=19)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        legend_title_text=legend_title,
        hoverlabel=dict(font_size=14),
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def _whole_numbers(fig: go.Figure, largest, axis: str = "y") -> None:
    """Counts never show as 0.5: integer ticks on small axes."""
    if largest is not None and largest <= 10:
        (fig.update_yaxes if axis == "y" else fig.update_xaxes)(dtick=1, tick0=0)


def meetings_per_month(frame: pd.DataFrame, by: str, start=None, end=None) -> go.Figure | None:
    """Stacked bars of the meetings held each month (each meeting once, ``MONTHLY_RULES``): every
    month of the period in order, an empty one at 0; at most ``palette.LEGEND_MAX`` segments."""
    if frame.empty:
        return None
    axis = month_axis(frame["month"], start, end)
    data = top_and_other(fill_months(frame, axis), "segment", "meetings")
    # Stored segments are codes (kinds) or English words ("Several sectors", "Other"): shown in the
    # reader's language, coloured by the stored value so both languages draw the same colours.
    data["segment_label"] = chart_text(data["segment"].map(lambda segment: segment_label(by, segment)))
    data["segment_text"] = data["segment_label"]  # customdata[1] stays the raw value for drilling
    raw_order = list(dict.fromkeys(legend_order(data, "segment", "meetings")))
    shown = dict(zip(data["segment"], data["segment_label"], strict=False))
    order = [str(shown[raw]) for raw in raw_order]
    colours = palette.colour_map(raw_order, dict(palette.ORGANISATION_KIND) if by == "kind" else None)
    data["meetings_text"] = _counted(data["meetings"], "meeting")
    data["month_text"] = data["month"].map(month_label)
    fig = px.bar(
        data,
        x="month",
        y="meetings",
        color="segment_label",
        color_discrete_map={str(shown[raw]): colour for raw, colour in colours.items()},
        category_orders={"segment_label": order, "month": axis},
        custom_data=["month", "segment", "segment_text", "meetings_text", "month_text"],
        labels={
            "month": _("Month"),
            "meetings": _("Meetings held"),
            "segment_label": _(STACK_TITLES[by]),
        },
    )
    fig.update_traces(hovertemplate=_("{name}<br>{month}: {count}").format(
        name="%{customdata[2]}", month="%{customdata[4]}", count="%{customdata[3]}") + "<extra></extra>")
    # The axis keeps the months' keys (a selection reports them for drilling) and shows their names.
    ticks = month_ticks(axis)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=axis,
                     tickvals=ticks, ticktext=[month_label(month) for month in ticks])
    _whole_numbers(fig, data.groupby("month")["meetings"].sum().max())
    return _layout(fig, _(STACK_QUESTIONS[by]), legend_title=_(STACK_TITLES[by]))


NAME_CHARS = 30  # longer names are cut on the axis (the full name is on hover)
BAR_PX = 42  # height per bar, so ten bars stay readable in a half-width column
SAME_DAY_STEP = 0.2  # how far above the last one a same-day meeting of the same kind is drawn


def short_names(names: pd.Series, limit: int = NAME_CHARS) -> pd.Series:
    """Axis labels for a bar chart: names over ``limit`` characters end in "…"; two names that
    would be cut to the same label get a number, so their bars never merge into one category."""
    cut = names.astype(str).map(lambda n: n if len(n) <= limit else n[: limit - 1].rstrip() + "…")
    seen: dict[str, int] = {}
    unique = []
    for text in cut:
        seen[text] = seen.get(text, 0) + 1
        unique.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return pd.Series(unique, index=names.index)


def top_bar(
    frame: pd.DataFrame,
    *,
    name: str,
    id_column: str,
    title: str,
    colour_by: str | None = None,
    axis: str = N_("Meetings held"),
) -> go.Figure | None:
    """Horizontal bars of the most-met names; ``title`` and ``axis`` are shown translated."""
    if frame.empty:
        return None
    title, axis = _(title), _(axis)
    data = frame.iloc[::-1].copy()  # largest at the top
    data["last_met_text"] = pd.to_datetime(data["last_met"]).map(
        lambda day: "" if pd.isna(day) else format_date(day.date()))
    data["axis_name"] = chart_text(short_names(data[name]))
    data["name_text"] = chart_text(data[name])
    data["meetings_text"] = _counted(data["meetings"], "meeting")
    if colour_by:
        data[colour_by] = chart_text(data[colour_by].map(lambda value: segment_label(colour_by, value)))
        fig = px.bar(
            data,
            x="meetings",
            y="axis_name",
            orientation="h",
            color=colour_by,
            color_discrete_map=palette.colour_map(data[colour_by].unique()),
            custom_data=[id_column, "name_text", "last_met_text", "meetings_text"],
            labels={"meetings": axis, "axis_name": "", colour_by: _(colour_by.capitalize())},
        )
    else:
        fig = px.bar(
            data,
            x="meetings",
            y="axis_name",
            orientation="h",
            custom_data=[id_column, "name_text", "last_met_text", "meetings_text"],
            labels={"meetings": axis, "axis_name": ""},
            color_discrete_sequence=[palette.BASE[0]],
        )
    fig.update_traces(
        hovertemplate=_("{name}<br>{count}, last on {date}").format(
            name="%{customdata[1]}", count="%{customdata[3]}", date="%{customdata[2]}") + "<extra></extra>"
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(data["axis_name"]), automargin=True)
    _whole_numbers(fig, data["meetings"].max(), axis="x")
    legend_rows = (data[colour_by].nunique() + 1) // 2 if colour_by else 0
    fig = _layout(fig, title, height=max(320, 110 + BAR_PX * len(data) + 24 * legend_rows))
    # The legend goes under the bars: at the side it would take the width the names need.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
                      bargap=0.25)
    return fig


def pledges_treemap(frame: pd.DataFrame) -> go.Figure | None:
    """Top area → area → status; each cell's id carries the area id and status for drill-down."""
    if frame.empty:
        return None
    ids, labels, parents, values, colours, hover = [], [], [], [], [], []
    for top, group in frame.groupby("top_area", sort=True):
        top_name = area_label(top)
        (
            ids.append(f"top:{top}"),
            labels.append(chart_text(top_name)),
            parents.append(""),
            values.append(int(group.pledges.sum())),
        )
        colours.append(palette.colour_for(top))
        hover.append(chart_text(_("{area}: {count}").format(
            area=top_name, count=counted(group.pledges.sum(), "pledge"))))
        for (area_id, area), area_group in group.groupby(["area_id", "area"], sort=True):
            parent = f"top:{top}"
            area_name = area_label(area)
            if area != top:
                ids.append(f"area:{area_id}"), labels.append(chart_text(area_name)), parents.append(parent)
                values.append(int(area_group.pledges.sum())), colours.append(palette.colour_for(top))
                hover.append(chart_text(_("{area}: {count}").format(
                    area=area_name, count=counted(area_group.pledges.sum(), "pledge"))))
                parent = f"area:{area_id}"
            for row in area_group.itertuples():
                ids.append(f"cell:{area_id}:{row.status}"), labels.append(palette.label(row.status))
                parents.append(parent), values.append(int(row.pledges))
                colours.append(palette.PLEDGE_STATUS.get(row.status, palette.GREY))
                hover.append(chart_text(_("{area}: {count}").format(
                    area=f"{area_name} · {palette.label(row.status)}", count=counted(row.pledges, "pledge"))))
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(colors=colours),
            customdata=ids,
            hovertext=hover,
            hoverinfo="text",
            textinfo="label+value",
        )
    )
    return _layout(fig, _("Where did enterprises pledge, and how far along?"), height=460)


def funnel(frame: pd.DataFrame) -> go.Figure | None:
    if frame.empty or int(frame.pledges.sum()) == 0:
        return None
    fig = go.Figure(
        go.Bar(
            x=frame["pledges"],
            y=frame["label"],
            orientation="h",
            customdata=frame["stage"],
            marker=dict(color=[palette.FUNNEL[s] for s in frame["stage"]]),
            text=frame["pledges"],
            textposition="auto",
            hovertext=list(_counted(frame["pledges"], "pledge")),
            hovertemplate=_("{area}: {count}").format(area="%{y}", count="%{hovertext}") + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title="")
    fig.update_xaxes(title=_("Pledges"))
    _whole_numbers(fig, frame["pledges"].max(), axis="x")
    return _layout(fig, _("Are pledges being delivered?"), height=360)


def agreements_timeline(frame: pd.DataFrame) -> go.Figure | None:
    if frame.empty:
        return None
    data = frame.copy()
    data["kind_label"] = data["kind"].map(palette.label)
    data["status_label"] = data["status"].map(palette.label)
    data["title"] = chart_text(data["title"])
    data["signed_text"] = pd.to_datetime(data["signed_on"]).map(lambda day: format_date(day.date()))
    fig = px.scatter(
        data,
        x="signed_on",
        y="kind_label",
        color="status_label",
        color_discrete_map={palette.label(k): v for k, v in palette.AGREEMENT_STATUS.items()},
        custom_data=["agreement_id", "title", "status_label", "signed_text"],
        labels={"signed_on": _("Signed on"), "kind_label": _("Kind of agreement"),
                "status_label": _("Status")},
    )
    fig.update_traces(
        marker=dict(size=13, line=dict(width=1, color="white")),
        hovertemplate="%{customdata[1]}<br>%{customdata[3]} · %{customdata[2]}<extra></extra>",
    )
    first, last = pd.to_datetime(data["signed_on"]).min(), pd.to_datetime(data["signed_on"]).max()
    pad = pd.Timedelta(days=45)  # a lone agreement still gets a readable month axis
    fig.update_xaxes(type="date", tickformat=MONTH_TICKS[current_language()], range=[first - pad, last + pad])
    return _layout(fig, _("Which agreements did we sign, and when?"), height=360,
                   legend_title=_("Status"))


NETWORK_ROW_PX = 24  # a name's line on the network chart: its 12 px text clear of the next


def network(edges: pd.DataFrame) -> go.Figure | None:
    """Officials on the left, enterprises on the right, a line per pair weighted by meetings."""
    if edges.empty:
        return None
    officials = list(edges.groupby("official")["meetings"].sum().sort_values(ascending=False).index)
    enterprises = list(edges.groupby("enterprise")["meetings"].sum().sort_values(ascending=False).index)
    # The longer column sets the height, a row per name; the shorter one is spread over it.
    rows = max(len(officials), len(enterprises), 1)
    def spread(names: list) -> dict:
        return {name: -i * (rows - 1) / max(len(names) - 1, 1) for i, name in enumerate(names)}

    y_official, y_enterprise = spread(officials), spread(enterprises)
    heaviest = edges["meetings"].max()
    fig = go.Figure()
    for row in edges.itertuples():
        fig.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[y_official[row.official], y_enterprise[row.enterprise]],
                mode="lines",
                line=dict(width=1 + 7 * row.meetings / heaviest, color=palette.colour_for(row.sector)),
                opacity=0.55,
                hoverinfo="text",
                text=chart_text(_("{figure}: {value}").format(figure=f"{row.official} ↔ {row.enterprise}",
                                                               value=counted(row.meetings, "meeting"))),
                showlegend=False,
            )
        )
    # Officials in a column on the left, enterprises on the right, named beside their dots.
    for x, names, place, side in ((0, officials, y_official, "government"),
                                  (1, enterprises, y_enterprise, "enterprise")):
        fig.add_trace(
            go.Scatter(
                x=[x] * len(names),
                y=[place[name] for name in names],
                mode="markers+text",
                text=list(chart_text(short_names(pd.Series(names)))),  # whole in the hover
                hovertext=[chart_text(name) for name in names],
                textposition="middle left" if x == 0 else "middle right",
                hoverinfo="text",
                marker=dict(size=12, color=palette.SIDE[side]),
                showlegend=False,
            )
        )
    # Room for the names beside the dots: enterprises' names (two languages) are the longer.
    fig.update_xaxes(visible=False, range=[-1.1, 2.4])
    fig.update_yaxes(visible=False, range=[-(rows - 1) - 0.6, 0.6])
    return _layout(
        fig, _("Which officials meet which enterprises most?"), height=max(420, NETWORK_ROW_PX * rows + 120)
    )


def relationship_scatter(frame: pd.DataFrame) -> go.Figure | None:
    if frame.empty:
        return None
    data = frame.copy()
    data["days"] = data["days_since"].fillna(9999)
    data["health_label"] = data["health"].map(palette.label)
    data["name"], data["reason"] = chart_text(data["name"]), chart_text(data["reason"])
    fig = px.scatter(
        data,
        x="days",
        y="open_pledges",
        color="health_label",
        size=data["meetings_12m"] + 2,
        color_discrete_map={palette.label(k): v for k, v in palette.HEALTH.items()},
        custom_data=["organisation_id", "name", "reason"],
        labels={"days": _("Days since last meeting"), "open_pledges": _("Open pledges"),
                "health_label": _("Health")},
    )
    fig.update_traces(hovertemplate="%{customdata[1]}<br>%{customdata[2]}<extra></extra>")
    return _layout(fig, _("Which enterprises with open pledges have we not met for a long time?"), height=400)


def profile_timeline(frame: pd.DataFrame, title: str) -> go.Figure | None:
    """A mark per meeting by date and kind, one tick per month; meetings of one kind on the same
    day sit one above the other instead of hiding each other."""
    if frame.empty:
        return None
    data = frame.copy()
    data["kind_label"] = data["kind"].map(palette.label)
    data["status_label"] = data["status"].map(palette.label)
    data["title"], data["organisations"] = chart_text(data["title"]), chart_text(data["organisations"])
    data["date_text"] = pd.to_datetime(data["date"]).map(lambda day: format_date(day.date()))
    kinds = sorted(data["kind_label"].unique())
    same_day = data.groupby(["date", "kind_label"]).cumcount()
    data["row"] = data["kind_label"].map(kinds.index) + SAME_DAY_STEP * same_day
    fig = px.scatter(
        data,
        x="date",
        y="row",
        color="status_label",
        color_discrete_map={palette.label(k): v for k, v in palette.MEETING_STATUS.items()},
        custom_data=["meeting_id", "title", "organisations", "date_text"],
        labels={"date": _("Date"), "row": _("Kind of meeting"), "status_label": _("Status")},
    )
    fig.update_traces(
        marker=dict(size=12, line=dict(width=1, color="white")),
        hovertemplate="%{customdata[1]}<br>%{customdata[3]}<br>%{customdata[2]}<extra></extra>",
    )
    fig.update_yaxes(tickvals=list(range(len(kinds))), ticktext=kinds, range=[-0.6, len(kinds) - 0.2])
    first, last = pd.to_datetime(data["date"]).min(), pd.to_datetime(data["date"]).max()
    first, last = first.replace(day=1), (last + pd.offsets.MonthBegin(1))
    fig.update_xaxes(type="date", dtick="M1", tickformat=MONTH_TICKS[current_language()], tickangle=-45,
                     range=[first - pd.Timedelta(days=3), last + pd.Timedelta(days=3)])
    return _layout(fig, title, height=340)


def topics_over_time(frame: pd.DataFrame, title: str) -> go.Figure | None:
    if frame.empty:
        return None
    keep = frame.groupby("topic")["meetings"].sum().nlargest(10).index
    data = frame[frame.topic.isin(keep)].assign(topic=lambda f: chart_text(f["topic"]),
                                                meetings_text=lambda f: _counted(f["meetings"], "meeting"))
    fig = px.bar(
        data,
        x="year",
        y="meetings",
        color="topic",
        color_discrete_map=palette.colour_map(data["topic"].unique()),
        custom_data=["topic", "meetings_text"],
        labels={"year": _("Year"), "meetings": _("Meetings"), "topic": _("Topic")},
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<br>%{x}: %{customdata[1]}<extra></extra>")
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=340, legend_title=_("Topic"))
