"""Relationships: which enterprises need attention (neglected despite open pledges, overdue,
cooling) and who meets whom."""

from dataclasses import replace

import streamlit as st

from dashboards import charts
from dashboards.database import cached_query
from dashboards.downloads import as_shown, table_downloads
from dashboards.drill import show_meetings
from dashboards.filters_sidebar import sidebar_filters
from dashboards.meeting_dates import date_column
from dashboards.safe import escape_markdown
from tracker.definitions import HELP
from tracker.i18n import _, format_number, pgettext
from tracker.labels import EMPTY
from tracker.matching import sort_key
from tracker.queries import priorities, relationships
from tracker.queries.drilldown import Drill
from tracker.queries.meeting_rows import shown_names
from tracker.reports.table_export import definition_pairs
from tracker.taxonomy import region_label, sector_label

COLUMNS = {  # the table's headings, on the page and in its downloads, in the reader's language
    "name": pgettext("column of enterprises", "Enterprise"),
    "sector": _("Sector"),
    "region": _("Region"),
    "last_contact": date_column(_("Last contact")),
    "days_since": st.column_config.NumberColumn(_("Days since"), help=_("Days since the last held meeting")),
    "meetings_12m": st.column_config.NumberColumn(_("Meetings, last 12 months")),
    "meetings_prev_12m": st.column_config.NumberColumn(_("Meetings, 12 months before")),
    "open_pledges": st.column_config.NumberColumn(_("Open pledges"), help=HELP["open"]),
    "overdue_pledges": st.column_config.NumberColumn(_("Overdue pledges"), help=HELP["overdue"]),
    "delivered_pledges": st.column_config.NumberColumn(_("Delivered"), help=HELP["delivered"]),
    "due_pledges": st.column_config.NumberColumn(_("Due"), help=HELP["due"]),
    # A number, not a progress bar: Streamlit draws an empty bar cell as nothing, and an
    # enterprise with no pledge due yet has no share; this column reads "—" there and still sorts.
    "delivery_ratio": st.column_config.NumberColumn(
        _("Delivered of due"), format="percent", help=HELP["due_pledges_delivered"]
    ),
    "health": _("Health"),
    "importance": _("Importance"),
    "reason": st.column_config.TextColumn(_("Why"), width="large"),
}

def importance_matrix(table) -> None:
    """Enterprises by importance × health; strategic ones in poor health stand out, named below."""
    st.subheader(_("Importance and health"))
    matrix = priorities.importance_matrix(table)
    poor = [relationships.health_label(flag) for flag in priorities.POOR_HEALTH]
    shown = matrix.rename(index=priorities.importance_label, columns=relationships.health_label)
    strategic = priorities.importance_label("strategic")

    def mark(cell_row):
        return ["background-color: #f8d7da; font-weight: bold" if cell_row.name == strategic
                and column in poor and value else "" for column, value in cell_row.items()]

    st.dataframe(shown.style.apply(mark, axis=1), key="rel_matrix")
    urgent = priorities.standing_out(table)
    if not urgent.empty:
        st.error(_("Strategic enterprises in poor health: {names}").format(
            names=escape_markdown(_(", ").join(urgent["name"]))), icon=":material/priority_high:")
    st.caption(_("Set an enterprise's importance on its profile."))


filters = sidebar_filters()
st.title(_("Relationships"))
st.caption(_(
    "Each enterprise as it stands today (last contact, the last 12 months against the 12 before, "
    "pledges). The sidebar's kinds, sectors, regions, officials, events and areas apply; the period "
    "does not."
))

importance = st.multiselect(_("Importance"), priorities.IMPORTANCE_ORDER,
                            format_func=priorities.importance_label, default=[], key="rel_importance",
                            placeholder=_("Every importance"))
table = cached_query(priorities.relationships_by_importance, filters, tuple(importance))
if table.empty:
    st.info(_(
        "No enterprises with meetings or pledges in this view yet. Log meetings with enterprises, or "
        "clear some filters in the sidebar."
    ))
    st.stop()

counts = table["health"].value_counts()
columns = st.columns(len(relationships.HEALTH_ORDER))
for column, (name, _order) in zip(columns, relationships.HEALTH_ORDER.items(), strict=True):
    column.metric(relationships.health_label(name), format_number(int(counts.get(name, 0))), border=True,
                  help=relationships.health_help(name))

st.subheader(_("Which enterprises need attention first?"))
only = st.multiselect(
    _("Show"),
    list(relationships.HEALTH_ORDER),
    format_func=relationships.health_label,
    default=[],
    key="rel_health",
    placeholder=_("All health flags"),
)
shown = table[table["health"].isin(only)] if only else table
names = cached_query(shown_names, "organisation", tuple(int(i) for i in shown["organisation_id"]))
view = shown.assign(health=shown["health"].map(relationships.health_label),
                    sector=shown["sector"].map(sector_label), region=shown["region"].map(region_label),
                    name=[names.get(int(i), name) for i, name in zip(shown["organisation_id"], shown["name"],
                                                                     strict=True)],
                    importance=shown["importance"].map(priorities.importance_label))
selection = st.dataframe(
    view.drop(columns=["organisation_id"]),
    hide_index=True,
    width="stretch",
    key="rel_table",
    placeholder=EMPTY,
    on_select="rerun",
    selection_mode="single-row",
    column_config=COLUMNS,
)
st.caption(_(
    "{count} enterprises, most urgent first; click a column header to sort, a row to see its meetings."
).format(count=format_number(len(shown))))
table_downloads(
    view,
    "relationships",
    replace(filters, start=None, end=None),
    key="rel_export",
    shape=lambda rows: as_shown(rows.drop(columns=["organisation_id"]), COLUMNS),
    about=[(_("Health"), ", ".join(map(relationships.health_label, only))),
           (_("Importance"), ", ".join(map(priorities.importance_label, importance))),
           *definition_pairs(("open", "overdue", "delivered", "due", "due_pledges_delivered", "neglected"))],
)
rows = selection.selection.rows if selection else []
if rows:
    picked = view.iloc[rows[0]]
    st.page_link(
        "views/enterprise_profile.py",
        label=_("Open {name}'s profile").format(name=escape_markdown(picked["name"])),
        query_params={"id": str(int(picked["organisation_id"]))},
        icon=":material/business:",
    )
    show_meetings(
        filters,
        Drill(organisation_ids=(int(picked["organisation_id"]),)),
        key="rel_meetings",
        heading=_("Meetings with {name}").format(name=picked["name"]),
    )

importance_matrix(table)

figure = charts.relationship_scatter(shown)
if figure is not None:
    st.plotly_chart(figure, key="rel_scatter")

st.subheader(_("Who meets whom?"))
cap = st.slider(_("Strongest links shown"), 10, 150, 40, step=10, key="rel_cap")
edges = cached_query(relationships.network, filters, max_edges=cap)
figure = charts.network(edges)
if figure is None:
    st.info(_("No meetings between officials and enterprises in this view."))
else:
    st.plotly_chart(figure, key="rel_network")
    named = {charts.segment_label("sector", sector) for sector in edges.sector if isinstance(sector, str)}
    sectors = _(", ").join(sorted(named, key=sort_key))
    st.caption(_(
        "The {count} strongest official–enterprise links in the period; line width is the number of "
        "meetings together, colour the enterprise's sector ({sectors})."
    ).format(count=format_number(len(edges)), sectors=escape_markdown(sectors)))
