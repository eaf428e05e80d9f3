"""Overview: how much are we engaging, with whom, on what, and are pledges delivered?
Every chart narrows the meetings table under it when a leader selects part of it."""

import streamlit as st

from dashboards import charts
from dashboards.database import cached_query
from dashboards.downloads import period_report_button
from dashboards.drill import customdata, selected_points, show_meetings
from dashboards.filters_sidebar import sidebar_filters
from tracker.definitions import HELP
from tracker.i18n import N_, _, format_number, format_share, sentences
from tracker.queries import overview
from tracker.queries.drilldown import Drill, count_meetings_behind
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import shown_names
from tracker.reports.formats import DocumentKind, formats_for, or_list

filters = sidebar_filters()
st.title(_("Engagement overview"))
st.caption(_("Held meetings, agreements and pledges · {view}").format(view=filters.describe()))

if cached_query(count_meetings_behind, Filters(clearance=filters.clearance), Drill()) == 0:
    st.info(_(
        "No meetings recorded yet. Log the first meeting (Meetings → Log a meeting), import a "
        "spreadsheet, or load the demo data with `tracker seed --demo`; the charts fill in from there."
    ))
    st.stop()


def in_language(top, kind: str, id_column: str):
    """The top ten's names as the reader's language shows them (腾讯 (Tencent) in Chinese)."""
    names = cached_query(shown_names, kind, tuple(int(i) for i in top[id_column]))
    pairs = zip(top[id_column], top["name"], strict=True)
    return top.assign(name=[names.get(int(i), name) for i, name in pairs])


def change_text(key: str, value, previous) -> str | None:
    """The change on the previous period, its sign first ("-3", "+12", "+5 pts"): the metric's arrow
    and colour follow that sign, in every language (the words go in ``delta_description``)."""
    if previous is None or value is None:
        return None
    if key == "due_pledges_delivered":
        points = round((value - previous) * 100)
        return _("{change} pts").format(change=f"{points:+d}" if points else "0")
    change = value - previous
    return ("+" if change > 0 else "-" if change < 0 else "") + format_number(abs(change))


kpis = cached_query(overview.kpis, filters)
cards = [column for _row in range(2) for column in st.columns(3)]  # two rows: labels stay whole
for column, row in zip(cards, kpis.itertuples(), strict=True):
    if row.key == "due_pledges_delivered":
        shown = "–" if row.value is None else format_share(row.value)
    else:
        shown = format_number(row.value)
    change = change_text(row.key, row.value, row.previous)
    column.metric(  # the label comes translated from the query (cached per language)
        row.label, shown, change, help=HELP[row.key], border=True,
        delta_arrow="auto" if change and change[0] in "+-" else "off",
        delta_description=_("vs previous period") if change else None,
    )
if not filters.has_period:
    st.caption(
        _("All time: no previous period to compare with. Pick a period in the sidebar to see the change.")
    )
# The Overview offers the report in the formats that carry its charts.
report_formats = [fmt for fmt in formats_for(DocumentKind.PERIOD_REPORT) if fmt.draws_charts]
with st.expander(_("Period report of this view ({formats})").format(
        formats=or_list([fmt.label for fmt in report_formats])), icon=":material/description:"):
    st.caption(_(
        "The same figures and charts, with the top enterprises and officials, agreements, pledges "
        "and every meeting of the period, ready to send."
    ))
    with_charts = st.checkbox(
        _("Include charts"),
        value=True,
        key="overview_report_charts",
        help=_("Drawing the charts takes a few seconds."),
    )
    for column, fmt in zip(st.columns(len(report_formats)), report_formats, strict=True):
        with column:
            period_report_button(filters, fmt.key, with_charts=with_charts, key="overview_report")

# --- meetings per month -----------------------------------------------------------------------
dimensions = {by: _(words) for by, words in overview.STACK_DIMENSIONS.items()}
by = (
    st.segmented_control(
        _("Split meetings by"),
        list(dimensions),
        format_func=dimensions.get,
        default="sector",
        key="stack_by",
    )
    or "sector"
)
monthly = cached_query(overview.meetings_per_month, filters, by)
figure = charts.meetings_per_month(monthly, by, filters.start, filters.end)
month_drill = Drill()
if figure is None:
    st.info(_("No held meetings in this view. Widen the period or clear some filters in the sidebar."))
else:
    event = st.plotly_chart(figure, on_select="rerun", selection_mode=("points", "box"), key="chart_monthly")
    points = selected_points(event)
    months = tuple(sorted({customdata(p, 0) or p.get("x") for p in points} - {None}))
    # "Several sectors", "Other" and the like are no one sector: such bars list their month's meetings.
    segments = tuple(sorted({customdata(p, 1) for p in points} - {None, *overview.COMBINED_SEGMENTS}))
    field = {"sector": "sectors", "kind": "organisation_kinds", "area": "top_areas"}[by]
    month_drill = Drill(months=months, **{field: segments})
    st.caption(sentences(overview.monthly_rule(by),
                         _("Select bars (click, or drag a box) to list the meetings behind them.")))
    heading = _("Meetings behind your selection") if points else _("Meetings in this view")
    show_meetings(filters, month_drill, key="table_monthly", heading=heading)

# --- who ---------------------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    top = cached_query(overview.top_enterprises, filters, limit=10)
    top = in_language(top, "organisation", "organisation_id")
    figure = charts.top_bar(
        top,
        name="name",
        id_column="organisation_id",
        colour_by="sector",
        title=N_("Which enterprises do we meet most?"),
    )
    if figure is None:
        st.info(_("No enterprises met in this view."))
    else:
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="chart_enterprises")
        picked = tuple(sorted({int(customdata(p, 0)) for p in selected_points(event) if customdata(p, 0)}))
        if picked:
            show_meetings(
                filters,
                Drill(organisation_ids=picked),
                key="table_enterprises",
                heading=_("Meetings with the selected enterprises"),
            )
            st.page_link(
                "views/enterprise_profile.py",
                label=_("Open the enterprise's profile"),
                query_params={"id": str(picked[0])},
                icon=":material/business:",
            )
with right:
    top = cached_query(overview.top_officials, filters, limit=10)
    top = in_language(top, "person", "person_id")
    figure = charts.top_bar(
        top, name="name", id_column="person_id", title=N_("Which officials meet enterprises most?")
    )
    if figure is None:
        st.info(_("No officials recorded at meetings in this view."))
    else:
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="chart_officials")
        picked = tuple(sorted({int(customdata(p, 0)) for p in selected_points(event) if customdata(p, 0)}))
        if picked:
            show_meetings(
                filters,
                Drill(person_ids=picked),
                key="table_officials",
                heading=_("Meetings of the selected officials"),
            )
            st.page_link(
                "views/official_profile.py",
                label=_("Open the official's profile"),
                query_params={"id": str(picked[0])},
                icon=":material/person:",
            )

# --- pledges -----------------------------------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    figure = charts.pledges_treemap(cached_query(overview.pledges_by_area_status, filters))
    if figure is None:
        st.info(_("No pledges made in this view. Pledges are recorded with the meeting where they "
                  "were made."))
    else:
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="chart_pledges")
        cells = [str(customdata(p) or p.get("id") or "") for p in selected_points(event)]
        area_ids = tuple(sorted({int(c.split(":")[1]) for c in cells if c.startswith(("cell:", "area:"))}))
        statuses = tuple(sorted({c.split(":")[2] for c in cells if c.startswith("cell:")}))
        tops = tuple(sorted({c.split(":", 1)[1] for c in cells if c.startswith("top:")}))
        if area_ids or tops:
            show_meetings(
                filters,
                Drill(pledge_area_ids=area_ids, pledge_statuses=statuses, top_areas=tops),
                key="table_pledges",
                heading=_("Meetings where these pledges were made"),
            )
with right:
    funnel = cached_query(overview.pledge_funnel, filters)
    figure = charts.funnel(funnel)
    if figure is None:
        st.info(_("No pledges to follow through in this view."))
    else:
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="chart_funnel")
        stages = [customdata(p) for p in selected_points(event) if customdata(p)]
        if stages:
            show_meetings(
                filters,
                Drill(pledge_stage=stages[0]),
                key="table_funnel",
                heading=_("Meetings where these pledges were made ({stage})").format(
                    stage=overview.funnel_label(stages[0])),
            )

# --- agreements --------------------------------------------------------------------------------
agreements = cached_query(overview.agreements_timeline, filters)
figure = charts.agreements_timeline(agreements)
if figure is None:
    st.info(_("No agreements signed in this view."))
else:
    if len(agreements) >= 300:
        st.caption(_("The 300 most recent agreements are shown; narrow the period to see older ones."))
    event = st.plotly_chart(
        figure, on_select="rerun", selection_mode=("points", "box"), key="chart_agreements"
    )
    picked = tuple(sorted({int(customdata(p, 0)) for p in selected_points(event) if customdata(p, 0)}))
    if picked:
        show_meetings(
            filters,
            Drill(agreement_ids=picked),
            key="table_agreements",
            heading=_("Meetings where the selected agreements were signed"),
        )
