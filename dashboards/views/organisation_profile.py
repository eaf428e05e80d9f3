"""One organisation's directory record (``?id=N``): names, people and their titles over time,
meetings, agreements and pledges; editors change its details here."""

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import (
    can_write,
    delete_control,
    field_error,
    flash,
    label,
    lines,
    meeting_count,
    organisation_name_label,
    organisation_picker,
    page_file,
    position_title,
    query_id,
    run_service,
    table,
    with_links,
)
from dashboards.history import show_history
from dashboards.language import choose_placeholder
from dashboards.safe import escape_markdown, web_link
from tracker.i18n import _, display_name, format_number
from tracker.models import OrganisationKind
from tracker.queries.directory_profiles import organisation_profile
from tracker.services.organisations import delete_organisation, update_organisation
from tracker.taxonomy import region_label, sector_label

ERRORS = "org_edit_errors"
KINDS = [k.value for k in OrganisationKind]

filters = default_filters()
organisation_id = query_id()
profile = cached_query(organisation_profile, filters, organisation_id) if organisation_id else None
if profile is None:
    st.title(_("Organisation"))
    st.info(_("Choose an organisation in the directory to see its record."))
    st.page_link(page_file("organisations.py"), label=_("Organisations"), icon=":material/domain:")
    st.stop()

org = profile["organisation"]
st.title(escape_markdown(display_name(org["name"], org["local_name"])))
flash(ERRORS)
facts = [label(org["kind"]), sector_label(org["sector"]), region_label(org["region"])]
st.caption(escape_markdown(" · ".join(f for f in facts if f)))
if org["parent"]:
    st.page_link(page_file("organisation_profile.py"),
                 label=_("Part of {name}").format(name=escape_markdown(org["parent"])),
                 query_params={"id": org["parent_id"]}, icon=":material/account_tree:")
web_link(org["website"], _("Website"))
if profile["aliases"]:
    st.markdown(_("**Also known as:** {names}").format(names=escape_markdown(", ".join(profile["aliases"]))))

metrics = st.columns(4)
metrics[0].metric(meeting_count(), format_number(profile["meeting_total"]))
metrics[1].metric(_("People"), format_number(profile["people"]["person_id"].nunique()))
metrics[2].metric(_("Agreements"), format_number(len(profile["agreements"])))
metrics[3].metric(_("Pledges"), format_number(len(profile["pledges"])))

people_tab, meetings_tab, agreements_tab, pledges_tab, units_tab = st.tabs(
    [_("People"), _("Meetings"), _("Agreements"), _("Pledges"), _("Departments")])
with people_tab:
    if profile["people"].empty:
        st.caption(_("No positions recorded here yet."))
    else:
        table(with_links(profile["people"], "person_profile", id_column="person_id")
              .drop(columns=["position_id", "person_id"]), key="org_people", title=position_title(),
              start_date=_("From"), end_date=_("To"))
with meetings_tab:
    if profile["meetings"].empty:
        st.caption(_("No meetings you may see."))
    else:
        shown = len(profile["meetings"])
        if shown < profile["meeting_total"]:
            st.caption(_("The latest {shown} of {total} meetings.").format(
                shown=format_number(shown), total=format_number(profile["meeting_total"])))
        table(with_links(profile["meetings"], "meeting").drop(columns=["id"]), key="org_meetings")
with agreements_tab:
    if profile["agreements"].empty:
        st.caption(_("No agreements you may see."))
    else:
        table(profile["agreements"].drop(columns=["id"]), key="org_agreements")
with pledges_tab:
    if profile["pledges"].empty:
        st.caption(_("No pledges you may see."))
    else:
        table(with_links(profile["pledges"], "pledges").drop(columns=["id", "organisation"]),
              key="org_pledges", made_on=_("Made"), target_date=_("Target"), last_update_on=_("Last update"))
with units_tab:
    if profile["children"].empty:
        st.caption(_("No departments or subsidiaries recorded."))
    for child in profile["children"].itertuples():
        st.page_link(page_file("organisation_profile.py"), label=escape_markdown(child.name),
                     query_params={"id": child.id})

if can_write():
    errors = st.session_state.get(ERRORS, {})
    with st.expander(_("Edit details"), expanded=bool(errors)):
        key = f"org_edit_{org['id']}"
        name = st.text_input(organisation_name_label(), org["name"], key=f"{key}_name")
        field_error(errors, "name")
        local_name = st.text_input(_("Local-script name"), org["local_name"] or "", key=f"{key}_local")
        kind = st.selectbox(_("Kind"), KINDS, index=KINDS.index(org["kind"]),
                            format_func={k: label(k) for k in KINDS}.get,
                            key=f"{key}_kind", placeholder=choose_placeholder(False))
        sector = st.text_input(_("Sector"), org["sector"] or "", key=f"{key}_sector")
        region = st.text_input(_("Region / province"), org["region"] or "", key=f"{key}_region")
        parent_id = organisation_picker(_("Parent organisation"), key=f"{key}_parent",
                                        current_id=org["parent_id"])
        field_error(errors, "parent_id")
        website = st.text_input(_("Website"), org["website"] or "", key=f"{key}_website")
        field_error(errors, "website")
        aliases = st.text_area(_("Other names (one per line)"), "\n".join(profile["aliases"]),
                               key=f"{key}_aliases")
        field_error(errors, "aliases")
        if st.button(_("Save changes"), type="primary", key=f"{key}_save"):
            saved = run_service(update_organisation, errors_key=ERRORS, organisation_id=org["id"],
                                success=_("Saved."),
                                data=dict(name=name, local_name=local_name, kind=kind, sector=sector,
                                          region=region, parent_id=parent_id, website=website,
                                          aliases=lines(aliases)))
            if saved is not None:
                st.rerun()
    delete_control("organisation", org["name"], delete_organisation, key=f"org_delete_{org['id']}",
                   errors_key=ERRORS, back_page="organisations.py", back_flash_key="org_create_errors",
                   organisation_id=org["id"])
    st.page_link(page_file("duplicates.py"), label=_("Is this a duplicate? See possible duplicates"),
                 icon=":material/merge:")

show_history("organisation", organisation_id)
st.page_link(page_file("organisations.py"), label=_("Back to organisations"), icon=":material/arrow_back:")
