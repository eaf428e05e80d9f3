"""Organisations directory: find any organisation by a name in any script; editors add new ones."""

from dataclasses import replace

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import (
    as_file,
    can_write,
    field_error,
    flash,
    label,
    lines,
    meeting_count,
    organisation_name_label,
    organisation_picker,
    pager,
    run_service,
    table,
    with_links,
    with_shown_names,
)
from dashboards.downloads import table_downloads
from dashboards.language import choose_placeholder
from tracker.i18n import N_, _, format_number, ngettext
from tracker.models import OrganisationKind
from tracker.queries.directory import directory_facets, list_organisations
from tracker.queries.frames import all_pages
from tracker.services.organisations import create_organisation
from tracker.taxonomy import region_label, sector_label

PAGE_SIZE = 50
# Headings that differ from the columns' names.
NAMES = {"name": organisation_name_label(), "meetings": meeting_count(),
         "last_meeting": _("Last met")}
ORDERS = {"name": N_("Name"), "meetings": N_("Most met")}
ERRORS = "org_create_errors"

filters = default_filters()
st.title(_("Organisations"))
st.caption(_("Government bodies, enterprises and others the office meets. Search by name, alias, "
             "Chinese name or pinyin."))
flash(ERRORS)

facets = cached_query(directory_facets, clearance=filters.clearance)
search_col, kind_col, sector_col, region_col, order_col = st.columns([3, 2, 2, 2, 1.4])
search = search_col.text_input(_("Search"), key="org_search", placeholder=_("e.g. Tencent, 腾讯"))
kind_words = {k.value: label(k.value) for k in OrganisationKind}  # in this run's language
kinds = kind_col.multiselect(_("Kind"), list(kind_words), format_func=kind_words.get,
                             key="org_kinds", placeholder=choose_placeholder())
sectors = sector_col.multiselect(_("Sector"), facets["sectors"], format_func=sector_label, key="org_sectors",
                                 placeholder=choose_placeholder())
regions = region_col.multiselect(_("Region"), facets["regions"], format_func=region_label, key="org_regions",
                                 placeholder=choose_placeholder())
orders = {code: _(word) for code, word in ORDERS.items()}  # words made now, in this run's language
orders["name"] = organisation_name_label()
order = order_col.selectbox(_("Order"), list(ORDERS), key="org_order",
                            format_func=orders.get, placeholder=choose_placeholder(False))
filters = replace(filters, organisation_kinds=tuple(kinds), sectors=tuple(sectors),
                  regions=tuple(regions))

_first, total = cached_query(list_organisations, filters, search=search, order=order, limit=1)
offset = pager(total, PAGE_SIZE, key="org_page")
frame, total = cached_query(list_organisations, filters, search=search, order=order,
                            limit=PAGE_SIZE, offset=offset)
st.caption(ngettext("{count} organisation", "{count} organisations", total).format(
    count=format_number(total)))
if frame.empty:
    st.info(_("No organisation matches.") if search or kinds or sectors or regions else
            _("No organisations yet. Add one below, log a meeting, or import a spreadsheet."))
else:
    frame["kind"] = frame["kind"].map(label)
    # The file keeps the two names apart; the page shows one, the reader's language first.
    table(with_links(with_shown_names(frame), "organisation_profile").drop(columns=["id"]), key="org_table",
          **NAMES)
    table_downloads(frame, "organisations", filters, key="org_export", total=total,
                    shape=lambda rows: as_file(rows.drop(columns=["id"]), **NAMES),
                    load_all=lambda s: all_pages(s, list_organisations, filters, total=total,
                                                  search=search, order=order),
                    about=[(_("Search"), search), (_("Order"), orders[order])])

if can_write():
    errors = st.session_state.get(ERRORS, {})
    with st.expander(_("Add an organisation"), expanded=bool(errors)):
        name = st.text_input(organisation_name_label(), key="org_new_name")
        field_error(errors, "name")
        local_name = st.text_input(_("Local-script name (e.g. Chinese)"), key="org_new_local")
        kind = st.selectbox(_("Kind"), list(kind_words), format_func=kind_words.get,
                            key="org_new_kind", index=[k.value for k in OrganisationKind].index(
                                OrganisationKind.PRIVATE_ENTERPRISE.value),
                            placeholder=choose_placeholder(False))
        sector = st.text_input(_("Sector"), key="org_new_sector")
        region = st.text_input(_("Region / province"), key="org_new_region")
        parent_id = organisation_picker(_("Parent organisation"), key="org_new_parent")
        field_error(errors, "parent_id")
        website = st.text_input(_("Website"), key="org_new_website")
        field_error(errors, "website")
        aliases = st.text_area(_("Other names (one per line)"), key="org_new_aliases")
        field_error(errors, "aliases")
        if st.button(_("Add organisation"), type="primary", key="org_new_submit"):
            created = run_service(
                create_organisation, errors_key=ERRORS,
                data=dict(name=name, local_name=local_name, kind=kind, sector=sector, region=region,
                          parent_id=parent_id, website=website, aliases=lines(aliases)))
            if created is not None:
                st.session_state[f"{ERRORS}_flash"] = _("Added {name}.").format(name=created.name)
                for field in ("name", "local", "sector", "region", "website", "aliases"):
                    st.session_state.pop(f"org_new_{field}", None)
                st.rerun()
