"""One person's directory record (``?id=N``): names, positions over time, meetings with the title
held that day, agreements signed and pledges made where they were; editors change names and
positions here."""

import datetime as dt

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import (
    can_write,
    delete_control,
    field_error,
    flash,
    lines,
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
from dashboards.safe import escape_markdown
from tracker.i18n import _, display_name, format_number
from tracker.queries.directory_profiles import person_profile
from tracker.services.people import (
    create_position,
    delete_person,
    delete_position,
    update_person,
    update_position,
)

ERRORS = "person_edit_errors"
EARLIEST = dt.date(1950, 1, 1)

filters = default_filters()
person_id = query_id()
profile = cached_query(person_profile, filters, person_id) if person_id else None
if profile is None:
    st.title(_("Person"))
    st.info(_("Choose a person in the directory to see their record."))
    st.page_link(page_file("people.py"), label=_("People"), icon=":material/group:")
    st.stop()

person = profile["person"]
positions = profile["positions"]
st.title(escape_markdown(display_name(person["name"], person["local_name"])))
flash(ERRORS)
if profile["aliases"]:
    st.markdown(_("**Also known as:** {names}").format(names=escape_markdown(", ".join(profile["aliases"]))))

st.subheader(_("Positions"))
if positions.empty:
    st.caption(_("No positions recorded."))
else:
    table(with_links(positions, "organisation_profile", id_column="organisation_id")
          .drop(columns=["position_id", "organisation_id"]), key="person_positions",
          title=position_title(), start_date=_("From"), end_date=_("To"))

meetings_tab, agreements_tab, pledges_tab = st.tabs(
    [_("Meetings ({count})").format(count=format_number(profile["meeting_total"])), _("Agreements signed"),
     _("Pledges at their meetings")])
with meetings_tab:
    if profile["meetings"].empty:
        st.caption(_("No meetings you may see."))
    else:
        table(with_links(profile["meetings"], "meeting").drop(columns=["id"]), key="person_meetings",
              title_then=_("Title that day"))
with agreements_tab:
    if profile["agreements"].empty:
        st.caption(_("No agreements signed that you may see."))
    else:
        table(profile["agreements"].drop(columns=["id"]), key="person_agreements")
with pledges_tab:
    if profile["pledges"].empty:
        st.caption(_("No pledges at meetings you may see."))
    else:
        table(with_links(profile["pledges"], "pledges").drop(columns=["id"]), key="person_pledges",
              made_on=_("Made"), target_date=_("Target"), last_update_on=_("Last update"))

if can_write():
    errors = st.session_state.get(ERRORS, {})
    key = f"person_edit_{person['id']}"
    with st.expander(_("Edit names"), expanded=bool(errors)):
        name = st.text_input(_("Name"), person["name"], key=f"{key}_name")
        field_error(errors, "name")
        local_name = st.text_input(_("Local-script name"), person["local_name"] or "", key=f"{key}_local")
        aliases = st.text_area(_("Other names (one per line)"), "\n".join(profile["aliases"]),
                               key=f"{key}_aliases")
        field_error(errors, "aliases")
        if st.button(_("Save names"), type="primary", key=f"{key}_save"):
            if run_service(update_person, errors_key=ERRORS, person_id=person["id"], success=_("Saved."),
                           data=dict(name=name, local_name=local_name, aliases=lines(aliases))):
                st.rerun()

    with st.expander(_("Add a position")):
        org_id = organisation_picker(_("Organisation"), key=f"{key}_pos_org", allow_none=False)
        field_error(errors, "organisation_id")
        title = st.text_input(position_title(), key=f"{key}_pos_title")
        field_error(errors, "title")
        start_col, end_col = st.columns(2)
        start = start_col.date_input(_("From"), value=None, min_value=EARLIEST, key=f"{key}_pos_start")
        end = end_col.date_input(_("To (blank: still held)"), value=None, min_value=EARLIEST,
                                 key=f"{key}_pos_end")
        field_error(errors, "end_date")
        if st.button(_("Add position"), key=f"{key}_pos_add"):
            if run_service(create_position, errors_key=ERRORS, person_id=person["id"],
                           success=_("Position added."),
                           data=dict(organisation_id=org_id, title=title, start_date=start,
                                     end_date=end)):
                st.rerun()

    if not positions.empty:
        with st.expander(_("Change or remove a position")):
            choices = {int(r.position_id): _("{title}, {organisation}").format(
                title=r.title, organisation=r.organisation) for r in positions.itertuples()}
            position_id = st.selectbox(_("Position"), list(choices), format_func=choices.get,
                                       key=f"{key}_pos_pick", placeholder=choose_placeholder(False))
            row = positions.set_index("position_id").loc[position_id]
            pkey = f"{key}_pos_{position_id}"
            new_title = st.text_input(position_title(), row["title"], key=f"{pkey}_title")
            start_col, end_col = st.columns(2)
            new_start = start_col.date_input(_("From"), value=row["start_date"] or None,
                                             min_value=EARLIEST, key=f"{pkey}_start")
            new_end = end_col.date_input(_("To"), value=row["end_date"] or None, min_value=EARLIEST,
                                         key=f"{pkey}_end")
            save_col, delete_col = st.columns(2)
            if save_col.button(_("Save position"), key=f"{pkey}_save"):
                if run_service(update_position, errors_key=ERRORS, position_id=position_id,
                               success=_("Position saved."),
                               data=dict(title=new_title, start_date=new_start, end_date=new_end)):
                    st.rerun()
            if delete_col.button(_("Remove position"), key=f"{pkey}_delete"):
                if run_service(delete_position, errors_key=ERRORS, position_id=position_id,
                               success=_("Position removed.")):
                    st.rerun()
    delete_control("person", person["name"], delete_person, key=f"person_delete_{person['id']}",
                   errors_key=ERRORS, back_page="people.py", back_flash_key="person_create_errors",
                   person_id=person["id"])
    st.page_link(page_file("duplicates.py"), label=_("Is this a duplicate? See possible duplicates"),
                 icon=":material/merge:")

show_history("person", person_id)
st.page_link(page_file("people.py"), label=_("Back to people"), icon=":material/arrow_back:")
