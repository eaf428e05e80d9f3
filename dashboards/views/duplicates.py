"""Possible duplicates: pairs of people or organisations that are likely the same, with the names
that met; editors merge a pair after choosing which record survives."""

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import can_write, flash, meeting_count, run_service
from dashboards.language import choose_placeholder
from dashboards.record_links import addresses, record_table
from dashboards.safe import escape_markdown
from tracker.i18n import N_, _, format_number, ngettext
from tracker.queries.duplicates import DEFAULT_THRESHOLD, duplicate_pairs
from tracker.services.dismissals import dismiss_duplicate_organisations, dismiss_duplicate_people
from tracker.services.merge import merge_organisations, merge_people

ERRORS = "merge_errors"
LOWEST = 70
KINDS = {"People": N_("People"), "Organisations": N_("Organisations")}  # the widget's values stay English

filters = default_filters()
st.title(_("Possible duplicates"))
st.caption(_("Records whose names, aliases or Chinese names (compared in pinyin) are close; different "
             "Chinese names, positions at different organisations, or different regions count against "
             "a pair. Merging keeps one record, moves every meeting, position, agreement and pledge to "
             "it, and keeps the other's names as aliases. A pair marked “Not the same” is not listed again."))
flash(ERRORS)

kind_col, threshold_col = st.columns([2, 3])
kinds = {code: _(word) for code, word in KINDS.items()}  # words made now, in this run's language
kind = kind_col.segmented_control(_("Compare"), list(kinds), default="People", format_func=kinds.get,
                                  key="dup_kind") or "People"
threshold = threshold_col.slider(_("Minimum similarity"), LOWEST, 100, int(DEFAULT_THRESHOLD), step=1,
                                 key="dup_threshold")
is_person = kind == "People"
with st.spinner(_("Comparing names…")):
    # Computed once at the lowest similarity (cached per data version); the slider only narrows.
    found = cached_query(duplicate_pairs, filters, person=is_person, threshold=float(LOWEST))
pairs = found[found["score"] >= threshold].reset_index(drop=True)

if pairs.empty:
    st.success(_("No likely duplicate people at this similarity.") if is_person else
               _("No likely duplicate organisations at this similarity."))
    st.stop()

profile = "person_profile" if is_person else "organisation_profile"
shown = pairs.copy()
shown.insert(3, "open_a", addresses(profile, shown["a_id"]))
shown["open_b"] = addresses(profile, shown["b_id"])
# A click on record A's cells opens A, on record B's opens B (in place).
record_table(shown.drop(columns=["a_id", "b_id"]), key="dup_table", width="stretch",
             links={"a_name": "open_a", "a_meetings": "open_a", "b_name": "open_b", "b_meetings": "open_b"},
             column_order=["score", "a_name", "a_meetings", "b_name", "b_meetings", "reason"],
             column_config={"score": st.column_config.NumberColumn(_("Similarity"), format="%.0f"),
                            "a_name": _("Record A"), "a_meetings": meeting_count(),
                            "b_name": _("Record B"), "b_meetings": meeting_count(),
                            "reason": _("Names that met")})

if not can_write():
    st.info(_("Only editors and administrators can merge records or mark them as not the same."))
    st.stop()

st.subheader(_("Merge a pair, or mark it as not the same"))
options = list(range(len(pairs)))
index = st.selectbox(_("Pair"), options, key=f"dup_pair_{kind}",
                     format_func=lambda i: f"{pairs.iloc[i]['a_name']} (#{pairs.iloc[i]['a_id']}) ↔ "
                                           f"{pairs.iloc[i]['b_name']} (#{pairs.iloc[i]['b_id']}) · "
                                           f"{pairs.iloc[i]['score']:.0f}",
                     placeholder=choose_placeholder(False))
pair = pairs.iloc[index]
if st.button(_("Not the same"), key="dup_not_same", icon=":material/call_split:",
             help=_("Remember that these are different records: the pair is not listed again.")):
    dismiss = dismiss_duplicate_people if is_person else dismiss_duplicate_organisations
    if run_service(dismiss, errors_key=ERRORS, first_id=int(pair["a_id"]), second_id=int(pair["b_id"])):
        st.session_state[f"{ERRORS}_flash"] = _(
            "“{first}” and “{second}” are marked as not the same; the pair is not listed again.").format(
            first=pair["a_name"], second=pair["b_name"])
        st.rerun()


def side(name: str, record_id, meetings) -> str:
    return ngettext("{name} (#{id}, {meetings} meeting)", "{name} (#{id}, {meetings} meetings)",
                    int(meetings)).format(name=name, id=record_id, meetings=format_number(int(meetings)))


sides = {int(pair["a_id"]): side(pair["a_name"], pair["a_id"], pair["a_meetings"]),
         int(pair["b_id"]): side(pair["b_name"], pair["b_id"], pair["b_meetings"])}
default = 0 if pair["a_meetings"] >= pair["b_meetings"] else 1
survivor_id = st.radio(_("Keep"), list(sides), index=default, format_func=lambda i: escape_markdown(sides[i]),
                       key=f"dup_keep_{kind}_{pair['a_id']}_{pair['b_id']}")
merged_id = next(i for i in sides if i != survivor_id)
merged_name = pair["a_name"] if merged_id == pair["a_id"] else pair["b_name"]
confirmed = st.checkbox(_("I understand that “{name}” (#{id}) will be removed and everything it is linked "
                          "to moves to the record I keep.").format(name=escape_markdown(merged_name),
                                                                    id=merged_id),
                        key=f"dup_confirm_{kind}_{pair['a_id']}_{pair['b_id']}")
if st.button(_("Merge"), type="primary", disabled=not confirmed, key="dup_merge"):
    merge = merge_people if is_person else merge_organisations
    survivor = run_service(merge, errors_key=ERRORS, survivor_id=survivor_id, merged_id=merged_id)
    if survivor is not None:
        st.session_state[f"{ERRORS}_flash"] = _("Merged “{merged}” into “{survivor}”.").format(
            merged=merged_name, survivor=survivor.name)
        st.rerun()
