"""Reports: the period report (PDF, Word, Excel), exports of every table, briefings, and the
quarterly transparency return with its problems list and sign-off."""

import datetime as dt

import streamlit as st

from dashboards.auth import default_filters, require_actor
from dashboards.database import cached_query, run_write
from dashboards.downloads import (
    briefing_button,
    file_name,
    period_report_button,
    prepared_download,
    table_export_bytes,
)
from dashboards.filters_sidebar import sidebar_filters
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.meeting_dates import date_columns
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
from tracker.i18n import N_, _, display_name, format_date, format_number, ngettext
from tracker.labels import EMPTY, label
from tracker.models.quarters import normalise_quarter, parse_quarter
from tracker.queries.briefing_data import organisation_choices
from tracker.queries.table_views import TABLE_VIEWS, table_preview
from tracker.queries.transparency import sign_offs, transparency_return
from tracker.reports.formats import CSV, DocumentKind, get_format, keys_for
from tracker.reports.table_export import frame_to_bytes
from tracker.reports.transparency import date_text as return_date_text
from tracker.reports.transparency import return_bytes

# The return's published headings (tracker.queries.transparency.RETURN_COLUMNS), for the page.
RETURN_HEADINGS = (N_("Official"), N_("Date"), N_("Name of Organisation"), N_("Purpose of meeting"))


def format_label(key: str) -> str:
    return get_format(key).label


def return_downloads(filters, quarter: str, username: str) -> None:
    """The quarter's return in each of its formats, the files ``tracker return`` writes (the
    published layout, a workbook's "Left out" and "About" sheets)."""
    formats = keys_for(DocumentKind.TRANSPARENCY_RETURN)
    for column, key in zip(st.columns(len(formats)), formats, strict=True):
        fmt = get_format(key)
        data = cached_query(return_bytes, filters, quarter, key, generated_by=username)
        column.download_button(_("Download {format}").format(format=fmt.label), data,
                               file_name=file_name(f"transparency_return_{quarter}", key), mime=fmt.mime,
                               key=f"return_export_{key}", icon=fmt.icon)


actor = require_actor()
base = default_filters()
st.title(_("Reports"))
st.caption(_("Everything here is built from the same figures as the dashboards, within your clearance "
             "({clearance}).").format(clearance=label(actor.clearance.label)))

today = dt.date.today()
filters = sidebar_filters()  # the dashboards' own filters: a report shows what the Overview shows
start, end = filters.start or "start", filters.end or today
st.caption(_("Filters from the sidebar: {filters}.").format(filters=filters.describe()))

report_tab, export_tab, brief_tab, return_tab = st.tabs(
    [_("Period report"), _("Exports"), _("Briefing"), _("Transparency return")])

with report_tab:
    fmt = st.radio(_("Format"), keys_for(DocumentKind.PERIOD_REPORT), horizontal=True, key="report_format",
                   format_func=format_label)
    with_charts = st.checkbox(_("Include charts"), value=True, key="report_charts",
                              help=_("Drawing the charts takes a few seconds."))
    period_report_button(filters, fmt, with_charts=with_charts)

with export_tab:
    view = st.selectbox(_("Table"), list(TABLE_VIEWS), key="export_view", format_func=label,
                        placeholder=choose_placeholder(False))
    preview = cached_query(table_preview, filters, view)
    st.caption(_("The first {count} rows; the download holds every row matching the filters.").format(
        count=format_number(len(preview))))
    st.dataframe(preview, hide_index=True, width="stretch", key="export_preview", placeholder=EMPTY,
                 column_config=date_columns(preview))
    for export_fmt in keys_for(DocumentKind.TABLE_EXPORT):
        what = _("{table} ({format})").format(table=label(view).lower(), format=format_label(export_fmt))
        prepared_download(what, f"export_{view}_{export_fmt}",
                          lambda v=view, f=export_fmt: table_export_bytes(v, f, filters),
                          name=f"{view}_{start}_{end}", extension=export_fmt)

with brief_tab:
    choices = cached_query(organisation_choices, base)
    if choices.empty:
        st.info(_("No organisation has been met yet."))
    else:
        labels = {row.id: display_name(row.name, row.local_name) for row in choices.itertuples()}
        chosen = st.selectbox(_("Organisation"), list(labels), format_func=labels.get, key="brief_org",
                              placeholder=choose_placeholder(False))
        brief_fmt = st.radio(_("Format"), keys_for(DocumentKind.BRIEFING), horizontal=True,
                             key="brief_format", format_func=format_label)
        names = dict(zip(choices["id"], choices["name"], strict=True))  # the file's name: letters it can hold
        briefing_button(chosen, base, fmt=brief_fmt, name=f"briefing_{names[chosen]}")

with return_tab:
    previous = (today.replace(day=1) - dt.timedelta(days=92))
    default_quarter = f"{previous.year}Q{(previous.month - 1) // 3 + 1}"
    quarter_text = st.text_input(_("Quarter"), value=default_quarter, key="return_quarter",
                                 help=_("For example 2019Q2."))
    try:
        quarter = normalise_quarter(quarter_text)
    except DomainError as exc:
        show_domain_error(exc)
        st.stop()
    rows, problems = cached_query(transparency_return, base, quarter)
    st.subheader(ngettext("Return for {quarter}: {count} row", "Return for {quarter}: {count} rows",
                          len(rows)).format(quarter=format_date(parse_quarter(quarter)[0], "quarter"),
                                            count=format_number(len(rows))))
    # The page shows what the files hold: headings and dates in the reader's language.
    st.dataframe(rows.assign(Date=rows["Date"].map(return_date_text)), hide_index=True, width="stretch",
                 key="return_rows", placeholder=EMPTY,
                 column_config={column: _(column) for column in rows.columns})
    return_downloads(base, quarter, actor.username)
    st.subheader(_("Meetings that cannot go in as they stand ({count})").format(
        count=format_number(len(problems))))
    if problems.empty:
        st.success(_("Every meeting of the quarter is in the return."))
    else:
        st.dataframe(problems.assign(date=problems["date"].map(format_date)), hide_index=True,
                     width="stretch", key="return_problems", placeholder=EMPTY,
                     column_config={"meeting_id": _("Meeting ID"), "date": _("Date"), "title": _("Title"),
                                    "problem": _("Problem")})
        st.download_button(_("Download this list ({format})").format(format=CSV.label),
                           frame_to_bytes(problems, CSV.key),
                           file_name=f"return_{quarter}_to_fix{CSV.suffix}", mime=CSV.mime,
                           key="problems_csv")
    st.subheader(_("Sign-off"))
    history = cached_query(sign_offs, quarter)
    if history.empty:
        st.caption(_("Not signed off yet."))
    else:
        latest = history.iloc[0]
        st.caption(_("Signed off by {user} on {day} at {time} UTC ({rows} rows).").format(
            user=escape_markdown(latest["signed_by"]), day=format_date(latest["signed_at"]),
            time=f"{latest['signed_at']:%H:%M}", rows=format_number(int(latest["rows"]))))
    if actor.can_write:
        note = st.text_input(_("Note (optional)"), key="signoff_note")
        if st.button(_("Sign off this return"), key="signoff", type="primary"):
            from tracker.services.return_sign_off import ReturnSignOffCreate, sign_off_return

            try:
                run_write(sign_off_return, actor=actor, data=ReturnSignOffCreate(
                    quarter=quarter, rows=len(rows), note=note or None))
                st.success(_("Signed off {quarter} as {user}.").format(quarter=quarter, user=actor.username))
                st.rerun()
            except DomainError as exc:
                show_domain_error(exc)
    else:
        st.caption(_("Only editors and administrators sign off a return."))
