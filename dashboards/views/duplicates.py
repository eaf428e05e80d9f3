"""Possible duplicates: pairs of people or organisations that are likely the same, with the names
that met; editors merge a pair after choosing which record survives."""

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.directory_widgets import can_write, flash, link_column, run_service
from dashboards.safe import escape_markdown
from tracker.queries.duplicates import DEFAULT_THRESHOLD, duplicate_pairs
from tracker.services.merge import merge_organisations, merge_people

ERRORS = "merge_errors"
LOWEST = 70

filters = default_filters()
st.title("Possible duplicates")
st.caption("Records whose names, aliases or Chinese names (compared in pinyin) are close. "
           "Merging keeps one record, moves every meeting, position, agreement and pledge to it, "
           "and keeps the other's names as aliases.")
flash(ERRORS)

kind_col, threshold_col = st.columns([2, 3])
kind = kind_col.segmented_control("Compare", ["People", "Organisations"], default="People",
                                  key="dup_kind") or "People"
threshold = threshold_col.slider("Minimum similarity", LOWEST, 100, int(DEFAULT_THRESHOLD), step=1,
                                 key="dup_threshold")
is_person = kind == "People"
with st.spinner("Comparing names…"):
    # Computed once at the lowest similarity (cached per data version); the slider only narrows.
    found = cached_query(duplicate_pairs, filters, person=is_person, threshold=float(LOWEST))
pairs = found[found["score"] >= threshold].reset_index(drop=True)

if pairs.empty:
    st.success(f"No likely duplicate {kind.lower()} at this similarity.")
    st.stop()

profile = "person_profile" if is_person else "organisation_profile"
shown = pairs.copy()
shown.insert(3, "open_a", [f"/{profile}?id={i}" for i in shown["a_id"]])
shown["open_b"] = [f"/{profile}?id={i}" for i in shown["b_id"]]
st.dataframe(shown.drop(columns=["a_id", "b_id"]), hide_index=True, width="stretch", key="dup_table",
             column_order=["score", "a_name", "a_meetings", "open_a", "b_name", "b_meetings", "open_b",
                           "reason"],
             column_config={"score": st.column_config.NumberColumn("Similarity", format="%.0f"),
                            "a_name": "Record A", "a_meetings": "Meetings", "open_a": link_column(),
                            "b_name": "Record B", "b_meetings": "Meetings", "open_b": link_column(),
                            "reason": "Names that met"})

if not can_write():
    st.info("Only editors and administrators can merge records.")
    st.stop()

st.subheader("Merge a pair")
options = list(range(len(pairs)))
index = st.selectbox("Pair", options, key=f"dup_pair_{kind}",
                     format_func=lambda i: f"{pairs.iloc[i]['a_name']} (#{pairs.iloc[i]['a_id']}) ↔ "
                                           f"{pairs.iloc[i]['b_name']} (#{pairs.iloc[i]['b_id']}) · "
                                           f"{pairs.iloc[i]['score']:.0f}")
pair = pairs.iloc[index]
sides = {int(pair["a_id"]): f"{pair['a_name']} (#{pair['a_id']}, {pair['a_meetings']} meetings)",
         int(pair["b_id"]): f"{pair['b_name']} (#{pair['b_id']}, {pair['b_meetings']} meetings)"}
default = 0 if pair["a_meetings"] >= pair["b_meetings"] else 1
survivor_id = st.radio("Keep", list(sides), index=default, format_func=lambda i: escape_markdown(sides[i]),
                       key=f"dup_keep_{kind}_{pair['a_id']}_{pair['b_id']}")
merged_id = next(i for i in sides if i != survivor_id)
merged_name = pair["a_name"] if merged_id == pair["a_id"] else pair["b_name"]
confirmed = st.checkbox(f"I understand that “{escape_markdown(merged_name)}” (#{merged_id}) will be "
                        "removed and everything it is linked to moves to the record I keep.",
                        key=f"dup_confirm_{kind}_{pair['a_id']}_{pair['b_id']}")
if st.button("Merge", type="primary", disabled=not confirmed, key="dup_merge"):
    merge = merge_people if is_person else merge_organisations
    survivor = run_service(merge, errors_key=ERRORS, survivor_id=survivor_id, merged_id=merged_id)
    if survivor is not None:
        st.session_state[f"{ERRORS}_flash"] = f"Merged “{merged_name}” into “{survivor.name}”."
        st.rerun()
