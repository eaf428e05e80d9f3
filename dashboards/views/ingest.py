"""From an article: paste a news report, check the draft it gives, correct it, save the meeting."""

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.duplicate_warning import DuplicateCheck, candidates, show_links
from dashboards.incidents import show_domain_error
from dashboards.meeting_sections import label
from dashboards.navigation import PAGES_DIR
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
from tracker.ingest import extract_draft
from tracker.ingest.corrections import apply_corrections, people_rows, pledge_rows
from tracker.ingest.draft import Draft
from tracker.ingest.highlight import highlighted_html
from tracker.ingest.save import duplicate_probe, save_draft
from tracker.labels import EMPTY
from tracker.models import Confidentiality, MeetingKind, ParticipantRole, Side
from tracker.taxonomy import area_names

actor = require_actor()
st.title("From an article")
st.caption(
    "Paste a press release or news report. The tracker drafts the meeting it describes; "
    "nothing is saved until you check it and press Save."
)

text = st.text_area(
    "Article text",
    key="ingest_text",
    height=220,
    placeholder="Paste the article here, headline and dateline included.",
)
left, right = st.columns(2)
published = left.date_input(
    "Published on (used when the text has no dateline)", value=None, key="ingest_published"
)
url = right.text_input("Link to the article (optional)", key="ingest_url")

if st.button("Draft the meeting", key="ingest_extract", type="primary", disabled=not text.strip()):
    draft = run_query(extract_draft, text, published_on=published, url=url.strip() or None,
                      clearance=actor.clearance)
    st.session_state["ingest_draft"] = draft.model_dump(mode="json")
    st.session_state["ingest_draft_text"] = text

if "ingest_draft" not in st.session_state:
    st.info("Paste an article and press **Draft the meeting**.")
    st.stop()

draft = Draft.model_validate(st.session_state["ingest_draft"])
if not draft.meetings:
    st.warning(
        "No meeting was found in this text: it names no people meeting or signing. Log it by hand instead."
    )
    st.stop()

with st.expander("The article, with what was found marked", expanded=False):
    st.html(highlighted_html(st.session_state.get("ingest_draft_text", text), draft))
for warning in draft.warnings:
    st.warning(escape_markdown(warning))

labels = [f"{i + 1}. {m.date} · {m.title}" for i, m in enumerate(draft.meetings)]
index = (
    st.radio(
        "Meeting", range(len(labels)), format_func=lambda i: escape_markdown(labels[i]), key="ingest_meeting",
        horizontal=True,
    )
    if len(labels) > 1
    else 0
)
meeting = draft.meetings[index]
already = candidates(duplicate_probe(draft, index))
if already:
    st.warning("This meeting may be already recorded: a meeting within a day of its date has the "
               "same people or organisations. Open it before saving a second one.",
               icon=":material/content_copy:")
    show_links(already)

title = st.text_input("Title", value=meeting.title, key=f"ingest_title_{index}")
c1, c2, c3 = st.columns(3)
date = c1.date_input("Date", value=meeting.date, key=f"ingest_date_{index}")
place = c2.text_input("Place", value=meeting.place or "", key=f"ingest_place_{index}")
kinds = [k.value for k in MeetingKind]
kind = c3.selectbox("Kind", kinds, index=kinds.index(meeting.kind.value), key=f"ingest_kind_{index}",
                    format_func=label)
if draft.event_name:
    st.caption(f"Event: {escape_markdown(draft.event_name)}"
               + (" (existing)" if draft.event_id else " (will be created)"))

st.subheader("People")
people = st.data_editor(
    pd.DataFrame(people_rows(draft, index)),
    key=f"ingest_people_{index}",
    placeholder=EMPTY,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    disabled=["record"],
    column_config={
        "include": st.column_config.CheckboxColumn("Include", default=True),
        "name": "Name",
        "local_name": "Local name",
        "title": "Title",
        "organisation": "Organisation",
        "role": st.column_config.SelectboxColumn("Role", options=[r.value for r in ParticipantRole],
                                                 format_func=label),
        "side": st.column_config.SelectboxColumn("Side", options=[s.value for s in Side], format_func=label),
        "record": st.column_config.TextColumn("In the directory", help="matched: an existing person; "
                                              "new: saved as a new person"),
        "key": None,
    },
)

st.subheader("Pledges")
areas = run_query(area_names)
pledges = st.data_editor(
    pd.DataFrame(pledge_rows(draft, index), columns=["include", "organisation", "area", "text"]),
    key=f"ingest_pledges_{index}",
    placeholder=EMPTY,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "include": st.column_config.CheckboxColumn("Include", default=True),
        "organisation": "Organisation",
        "area": st.column_config.SelectboxColumn("Cooperation area", options=areas),
        "text": "Pledge",
    },
)

for agreement in meeting.agreements:
    parties = ", ".join(draft.organisation(k).name for k in agreement.party_keys)
    st.text(f"Agreement: {agreement.title} — parties: {parties}")
topics = st.text_area("Topics (one per line)", value="\n".join(meeting.topics), key=f"ingest_topics_{index}")
levels = [c.label for c in Confidentiality if c <= actor.clearance]
confidentiality = st.selectbox(
    "Confidentiality", levels, index=min(1, len(levels) - 1), key=f"ingest_confidentiality_{index}"
)

if not actor.can_write:
    st.info("You can read drafts; saving a meeting needs an editor.")
    st.stop()


def corrected_draft() -> Draft:
    return apply_corrections(
        draft,
        index,
        title=title,
        date=date,
        place=place,
        kind=kind,
        topics=topics.splitlines(),
        people=people.to_dict("records"),
        pledges=pledges.to_dict("records"),
    )


def save(fixed: Draft) -> None:
    try:
        saved = run_write(save_draft, actor=actor, draft=fixed, meeting_index=index,
                          confidentiality=Confidentiality[confidentiality.upper()])
    except DomainError as exc:
        show_domain_error(exc)
    else:
        duplicates.forget()
        st.success(f"Saved “{escape_markdown(saved.title)}”.", icon=":material/check_circle:")
        st.session_state["ingest_saved_id"] = saved.id
        st.page_link(str(PAGES_DIR / "meeting_record.py"), label="Open the new record",
                     icon=":material/open_in_new:", query_params={"id": saved.id})


duplicates = DuplicateCheck(f"ingest_duplicates_{index}")
if st.button("Save meeting", key="ingest_save", type="primary"):
    fixed = corrected_draft()
    if not duplicates.blocks(duplicate_probe(fixed, index)):
        save(fixed)
if duplicates.show():
    duplicates.acknowledge()
    save(corrected_draft())
