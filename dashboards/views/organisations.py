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
    organisation_picker,
    pager,
    run_service,
    table,
    with_links,
)
from dashboards.downloads import table_downloads
from tracker.models import OrganisationKind
from tracker.queries.directory import directory_facets, list_organisations
from tracker.queries.frames import all_pages
from tracker.services.organisations import create_organisation

PAGE_SIZE = 50
NAMES = {"last_meeting": "Last met"}  # headings that differ from the column names
ERRORS = "org_create_errors"

filters = default_filters()
st.title("Organisations")
st.caption("Government bodies, enterprises and others the office meets. Search by name, alias, "
           "Chinese name or pinyin.")
flash(ERRORS)

facets = cached_query(directory_facets, clearance=filters.clearance)
search_col, kind_col, sector_col, region_col, order_col = st.columns([3, 2, 2, 2, 1.4])
search = search_col.text_input("Search", key="org_search", placeholder="e.g. Tencent, 腾讯")
kinds = kind_col.multiselect("Kind", [k.value for k in OrganisationKind], format_func=label,
                             key="org_kinds")
sectors = sector_col.multiselect("Sector", facets["sectors"], key="org_sectors")
regions = region_col.multiselect("Region", facets["regions"], key="org_regions")
order = order_col.selectbox("Order", ["name", "meetings"], key="org_order",
                            format_func=lambda o: "Name" if o == "name" else "Most met")
filters = replace(filters, organisation_kinds=tuple(kinds), sectors=tuple(sectors),
                  regions=tuple(regions))

_, total = cached_query(list_organisations, filters, search=search, order=order, limit=1)
offset = pager(total, PAGE_SIZE, key="org_page")
frame, total = cached_query(list_organisations, filters, search=search, order=order,
                            limit=PAGE_SIZE, offset=offset)
st.caption(f"{total:,} organisation{'s' if total != 1 else ''}")
if frame.empty:
    st.info("No organisation matches." if search or kinds or sectors or regions else
            "No organisations yet. Add one below, log a meeting, or import a spreadsheet.")
else:
    frame["kind"] = frame["kind"].map(label)
    table(with_links(frame, "organisation_profile").drop(columns=["id"]), key="org_table", **NAMES)
    table_downloads(frame, "organisations", filters, key="org_export", total=total,
                    shape=lambda rows: as_file(rows.drop(columns=["id"]), **NAMES),
                    load_all=lambda s: all_pages(s, list_organisations, filters, total=total,
                                                  search=search, order=order),
                    about=[("Search", search), ("Order", "Most met" if order == "meetings" else "Name")])

if can_write():
    errors = st.session_state.get(ERRORS, {})
    with st.expander("Add an organisation", expanded=bool(errors)):
        name = st.text_input("Name", key="org_new_name")
        field_error(errors, "name")
        local_name = st.text_input("Local-script name (e.g. Chinese)", key="org_new_local")
        kind = st.selectbox("Kind", [k.value for k in OrganisationKind], format_func=label,
                            key="org_new_kind", index=[k.value for k in OrganisationKind].index(
                                OrganisationKind.PRIVATE_ENTERPRISE.value))
        sector = st.text_input("Sector", key="org_new_sector")
        region = st.text_input("Region / province", key="org_new_region")
        parent_id = organisation_picker("Parent organisation", key="org_new_parent")
        field_error(errors, "parent_id")
        website = st.text_input("Website", key="org_new_website")
        field_error(errors, "website")
        aliases = st.text_area("Other names (one per line)", key="org_new_aliases")
        field_error(errors, "aliases")
        if st.button("Add organisation", type="primary", key="org_new_submit"):
            created = run_service(
                create_organisation, errors_key=ERRORS,
                data=dict(name=name, local_name=local_name, kind=kind, sector=sector, region=region,
                          parent_id=parent_id, website=website, aliases=lines(aliases)))
            if created is not None:
                st.session_state[f"{ERRORS}_flash"] = f"Added {created.name}."
                for field in ("name", "local", "sector", "region", "website", "aliases"):
                    st.session_state.pop(f"org_new_{field}", None)
                st.rerun()
