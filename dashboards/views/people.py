"""People directory: find anyone by name, alias, Chinese characters or pinyin; editors add people."""

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import (
    as_file,
    can_write,
    field_error,
    flash,
    lines,
    meeting_count,
    organisation_picker,
    pager,
    position_title,
    run_service,
    table,
    with_links,
    with_shown_names,
)
from dashboards.downloads import table_downloads
from dashboards.language import choose_placeholder
from tracker.i18n import N_, _, format_number, ngettext
from tracker.queries.directory import list_people
from tracker.queries.frames import all_pages
from tracker.services.people import create_person

PAGE_SIZE = 50
# Headings that differ from the columns' names.
NAMES = {"title": _("Current title"), "meetings": meeting_count(), "last_meeting": _("Last met")}
ORDERS = {"name": N_("Name"), "meetings": N_("Most met")}
ERRORS = "person_create_errors"

filters = default_filters()
st.title(_("People"))
st.caption(_("Officials and executives, with the title each holds now. Search by any name, "
             "alias, 中文 or pinyin."))
flash(ERRORS)

search_col, org_col, order_col = st.columns([3, 3, 1.4])
search = search_col.text_input(_("Search"), key="people_search", placeholder=_("e.g. Pony Ma, 马化腾"))
with org_col:
    organisation_id = organisation_picker(_("Works at"), key="people_org")
orders = {code: _(word) for code, word in ORDERS.items()}  # words made now, in this run's language
order = order_col.selectbox(_("Order"), list(ORDERS), key="people_order",
                            format_func=orders.get, placeholder=choose_placeholder(False))

_first, total = cached_query(list_people, filters, search=search, organisation_id=organisation_id,
                        order=order, limit=1)
offset = pager(total, PAGE_SIZE, key="people_page")
frame, total = cached_query(list_people, filters, search=search, organisation_id=organisation_id,
                            order=order, limit=PAGE_SIZE, offset=offset)
st.caption(ngettext("{count} person", "{count} people", total).format(count=format_number(total)))
if frame.empty:
    st.info(_("Nobody matches.") if search or organisation_id else
            _("No people yet. Add someone below, log a meeting, or import a spreadsheet."))
else:
    # The file keeps the two names apart; the page shows one, the reader's language first.
    table(with_links(with_shown_names(frame), "person_profile").drop(columns=["id"]), key="people_table",
          **NAMES)
    works_at = (organisation_id,) if organisation_id else ()  # so the file's "About" names it
    table_downloads(frame, "people", replace(filters, organisation_ids=works_at), key="people_export",
                    total=total, shape=lambda rows: as_file(rows.drop(columns=["id"]), **NAMES),
                    load_all=lambda s: all_pages(s, list_people, filters, total=total, search=search,
                                                  organisation_id=organisation_id, order=order),
                    about=[(_("Search"), search), (_("Order"), orders[order])])

if can_write():
    errors = st.session_state.get(ERRORS, {})
    with st.expander(_("Add a person"), expanded=bool(errors)):
        name = st.text_input(_("Name"), key="person_new_name")
        field_error(errors, "name")
        local_name = st.text_input(_("Local-script name (e.g. 马化腾)"), key="person_new_local")
        aliases = st.text_area(_("Other names (one per line)"), key="person_new_aliases")
        field_error(errors, "aliases")
        st.markdown(_("**Current position** (optional)"))
        position_org = organisation_picker(_("Organisation"), key="person_new_org")
        field_error(errors, "organisation_id")
        title = st.text_input(position_title(), key="person_new_title")
        field_error(errors, "title")
        since = st.date_input(_("Since"), value=None, key="person_new_since",
                              min_value=dt.date(1950, 1, 1))
        if st.button(_("Add person"), type="primary", key="person_new_submit"):
            positions = ([{"organisation_id": position_org, "title": title, "start_date": since}]
                         if position_org or title else [])
            created = run_service(create_person, errors_key=ERRORS, data=dict(
                name=name, local_name=local_name, aliases=lines(aliases), positions=positions))
            if created is not None:
                st.session_state[f"{ERRORS}_flash"] = _("Added {name}.").format(name=created.name)
                for field in ("name", "local", "aliases", "title", "since"):
                    st.session_state.pop(f"person_new_{field}", None)
                st.rerun()
