"""Archive (administrators): what was deleted, by kind, with who and when; restore it, purge it
for good (ticked confirmation), and undo a merge of the last 30 days."""

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query
from dashboards.directory_widgets import date_text, flash, run_service
from dashboards.language import choose_placeholder
from tracker.i18n import N_, _
from tracker.queries.archive import list_archived, list_recent_merges
from tracker.services.archive import restore_record
from tracker.services.merge_undo import undo_merge
from tracker.services.purge import purge_record

ERRORS = "archive_errors"
KINDS = {"meeting": N_("Meetings"), "agreement": N_("Agreements"), "pledge": N_("Pledges"),
         "organisation": N_("Organisations"), "person": N_("People")}
ENTITIES = {"person": N_("Person"), "organisation": N_("Organisation")}

actor = require_actor()
st.title(_("Archive"))
if not actor.is_admin:
    st.error(_("Only an administrator may see the archive."))
    st.stop()
st.caption(_("Deleting a record archives it: it is hidden from every list, count, chart and export "
             "until restored here. Purging deletes it for good. An agreement or pledge archived with "
             "its meeting comes back with the meeting."))
flash(ERRORS)

archived = run_query(list_archived, actor=actor)
tabs = st.tabs([f"{_(word)} ({(archived['kind'] == kind).sum()})" for kind, word in KINDS.items()])
for (kind, _word), tab in zip(KINDS.items(), tabs, strict=True):
    rows = archived[archived["kind"] == kind].reset_index(drop=True)
    with tab:
        if rows.empty:
            st.text(_("Nothing archived."))
            continue
        shown = rows.assign(archived_at=date_text(rows["archived_at"], time=True),
                            with_item=rows["with_item"].map({True: _("Yes"), False: ""}))
        st.dataframe(shown, hide_index=True, width="stretch", key=f"archive_table_{kind}",
                     column_order=["name", "archived_at", "archived_by", "with_item"],
                     column_config={"name": _("Name"), "archived_at": _("Archived (UTC)"),
                                    "archived_by": _("Archived by"),
                                    "with_item": _("Archived with its meeting or agreement")})
        names = dict(zip(rows["id"].astype(int), rows["name"].astype(str), strict=True))
        chosen = st.selectbox(_("Record"), list(names), format_func=names.get, key=f"archive_pick_{kind}",
                              placeholder=choose_placeholder(False))
        restore_col, purge_col = st.columns(2)
        if restore_col.button(_("Restore"), key=f"archive_restore_{kind}", type="primary"):
            if run_service(restore_record, errors_key=ERRORS, kind=kind, record_id=chosen,
                           success=_("Restored {name}.").format(name=names[chosen])):
                st.rerun()
        with purge_col:
            confirm = st.checkbox(_("I understand that purging deletes {name} for good.").format(
                name=names[chosen]), key=f"archive_confirm_{kind}")
            if st.button(_("Purge for good"), key=f"archive_purge_{kind}", disabled=not confirm):
                if run_service(purge_record, errors_key=ERRORS, kind=kind, record_id=chosen, confirm=confirm,
                               success=_("Purged {name} for good.").format(name=names[chosen])):
                    st.rerun()

st.subheader(_("Recent merges"))
st.caption(_("A merge of the last 30 days can be undone: the merged record and every reference it had "
             "come back exactly, unless the records changed since."))
merges = run_query(list_recent_merges, actor=actor)
if merges.empty:
    st.text(_("No merges in the last 30 days."))
else:
    shown = merges.assign(entity=merges["entity"].map(lambda e: _(ENTITIES[e])),
                          at=date_text(merges["at"], time=True),
                          undone_at=date_text(merges["undone_at"], time=True))
    st.dataframe(shown, hide_index=True, width="stretch", key="archive_merges",
                 column_order=["entity", "merged_name", "survivor_name", "at", "by", "undone_at"],
                 column_config={"entity": _("Kind"), "merged_name": _("Merged"), "survivor_name": _("Into"),
                                "at": _("Merged (UTC)"), "by": _("By"), "undone_at": _("Undone (UTC)")})
    open_merges = merges[merges["undone_at"].isna()]
    if not open_merges.empty:
        described = {int(row.id): _("{merged} into {survivor}").format(
            merged=row.merged_name, survivor=row.survivor_name) for row in open_merges.itertuples()}
        merge_id = st.selectbox(_("Merge"), list(described), format_func=described.get,
                                key="archive_merge_pick", placeholder=choose_placeholder(False))
        if st.button(_("Undo merge"), key="archive_undo_merge"):
            if run_service(undo_merge, errors_key=ERRORS, merge_id=merge_id,
                           success=_("Undid the merge: {what}.").format(what=described[merge_id])):
                st.rerun()
