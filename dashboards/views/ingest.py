"""From an article: paste a news report, check the draft it gives, correct it, save the meeting."""

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.duplicate_warning import DuplicateCheck, candidates, show_links
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.meeting_sections import label
from dashboards.navigation import PAGES_DIR
from dashboards.safe import escape_markdown
from tracker.errors import DomainError
from tracker.i18n import N_, _, format_date
from tracker.ingest import extract_draft
from tracker.ingest.corrections import apply_corrections, people_rows, pledge_rows
from tracker.ingest.draft import Draft
from tracker.ingest.highlight import highlighted_html
from tracker.ingest.save import duplicate_probe, save_draft
from tracker.labels import EMPTY
from tracker.models import Confidentiality, MeetingKind, ParticipantRole, Side
from tracker.taxonomy import area_names

# Whether a person in the draft is one the directory knows (the editor's "In the directory" column).
RECORD_WORDS = {"matched": N_("matched"), "new": N_("new")}

actor = require_actor()
st.title(_("From an article"))
st.caption(_(
    "Paste a press release or news report. The tracker drafts the meeting it describes; "
    "nothing is saved until you check it and press Save."
))

text = st.text_area(
    _("Article text"),
    key="ingest_text",
    height=220,
    placeholder=_("Paste the article here, headline and dateline included."),
)
left, right = st.columns(2)
published = left.date_input(
    _("Published on (used when the text has no dateline)"), value=None, key="ingest_published"
)
url = right.text_input(_("Link to the article (optional)"), key="ingest_url")

if st.button(_("Draft the meeting"), key="ingest_extract", type="primary", disabled=not text.strip()):
    draft = run_query(extract_draft, text, published_on=published, url=url.strip() or None,
                      clearance=actor.clearance)
    st.session_state["ingest_draft"] = draft.model_dump(mode="json")
    st.session_state["ingest_draft_text"] = text

if "ingest_draft" not in st.session_state:
    st.info(_("Paste an article and press **{button}**.").format(button=_("Draft the meeting")))
    st.stop()

draft = Draft.model_validate(st.session_state["ingest_draft"])
if not draft.meetings:
    st.warning(_(
        "No meeting was found in this text: it names no people meeting or signing. Log it by hand instead."
    ))
    st.stop()

with st.expander(_("The article, with what was found marked"), expanded=False):
    st.html(highlighted_html(st.session_state.get("ingest_draft_text", text), draft))
for warning in draft.warnings:
    st.warning(escape_markdown(warning))

labels = [f"{i + 1}. {format_date(m.date)} · {m.title}" for i, m in enumerate(draft.meetings)]
index = (
    st.radio(
        _("Meeting"), range(len(labels)), format_func=lambda i: escape_markdown(labels[i]),
        key="ingest_meeting",
        horizontal=True,
    )
    if len(labels) > 1
    else 0
)
meeting = draft.meetings[index]
already = candidates(duplicate_probe(draft, index))
if already:
    st.warning(_("This meeting may be already recorded: a meeting within a day of its date has the "
                 "same people or organisations. Open it before saving a second one."),
               icon=":material/content_copy:")
    show_links(already)

title = st.text_input(_("Title"), value=meeting.title, key=f"ingest_title_{index}")
c1, c2, c3 = st.columns(3)
date = c1.date_input(_("Date"), value=meeting.date, key=f"ingest_date_{index}")
place = c2.text_input(_("Place"), value=meeting.place or "", key=f"ingest_place_{index}")
kinds = [k.value for k in MeetingKind]
kind = c3.selectbox(_("Kind"), kinds, index=kinds.index(meeting.kind.value), key=f"ingest_kind_{index}",
                    format_func=label, placeholder=choose_placeholder(False))
if draft.event_name:
    st.caption((_("Event: {name} (existing)") if draft.event_id else _("Event: {name} (will be created)"))
               .format(name=escape_markdown(draft.event_name)))

st.subheader(_("People"))
found_people = pd.DataFrame(people_rows(draft, index))
if not found_people.empty:
    found_people["record"] = found_people["record"].map(lambda word: _(RECORD_WORDS.get(word, word)))
people = st.data_editor(
    found_people,
    key=f"ingest_people_{index}",
    placeholder=EMPTY,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    disabled=["record"],
    column_config={
        "include": st.column_config.CheckboxColumn(_("Include"), default=True),
        "name": _("Name"),
        "local_name": _("Local name"),
        "title": _("Title"),
        "organisation": _("Organisation"),
        "role": st.column_config.SelectboxColumn(_("Role"), options=[r.value for r in ParticipantRole],
                                                 format_func=label),
        "side": st.column_config.SelectboxColumn(_("Side"), options=[s.value for s in Side],
                                                 format_func=label),
        "record": st.column_config.TextColumn(_("In the directory"), help=_(
            "matched: an existing person; new: saved as a new person")),
        "key": None,
    },
)

st.subheader(_("Pledges"))
areas = run_query(area_names)
pledges = st.data_editor(
    pd.DataFrame(pledge_rows(draft, index), columns=["include", "organisation", "area", "text"]),
    key=f"ingest_pledges_{index}",
    placeholder=EMPTY,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "include": st.column_config.CheckboxColumn(_("Include"), default=True),
        "organisation": _("Organisation"),
        "area": st.column_config.SelectboxColumn(_("Cooperation area"), options=areas),
        "text": _("Pledge"),
    },
)

for agreement in meeting.agreements:
    parties = ", ".join(draft.organisation(k).name for k in agreement.party_keys)
    st.text(_("Agreement: {title} — parties: {parties}").format(title=agreement.title, parties=parties))
topics = st.text_area(_("Topics (one per line)"), value="\n".join(meeting.topics),
                      key=f"ingest_topics_{index}")
levels = [c.label for c in Confidentiality if c <= actor.clearance]
confidentiality = st.selectbox(
    _("Confidentiality"), levels, index=min(1, len(levels) - 1), key=f"ingest_confidentiality_{index}",
    format_func=label, placeholder=choose_placeholder(False),
)

if not actor.can_write:
    st.info(_("You can read drafts; saving a meeting needs an editor."))
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
        st.success(_("Saved “{title}”.").format(title=escape_markdown(saved.title)),
                   icon=":material/check_circle:")
        st.session_state["ingest_saved_id"] = saved.id
        st.page_link(str(PAGES_DIR / "meeting_record.py"), label=_("Open the new record"),
                     icon=":material/open_in_new:", query_params={"id": saved.id})


duplicates = DuplicateCheck(f"ingest_duplicates_{index}")
if st.button(_("Save meeting"), key="ingest_save", type="primary"):
    fixed = corrected_draft()
    if not duplicates.blocks(duplicate_probe(fixed, index)):
        save(fixed)
if duplicates.show():
    duplicates.acknowledge()
    save(corrected_draft())
