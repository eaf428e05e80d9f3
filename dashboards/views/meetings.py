"""Meetings: search and filter every meeting the reader may see, a page at a time; a row opens it.

Held meetings come first, newest first; planned ones have their own view, soonest first, as on Home
(mixed in and sorted newest first, next year's plans filled the first pages).
"""

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboards.auth import default_filters
from dashboards.database import cached_query
from dashboards.downloads import as_shown, table_downloads
from dashboards.language import choose_placeholder, in_page_language
from dashboards.meeting_dates import shown_date
from dashboards.record_links import addresses, record_table
from tracker import labels
from tracker.i18n import N_, _, format_number, ngettext
from tracker.models import MeetingKind, MeetingStatus
from tracker.queries.meeting_form import event_choices, organisation_choices, topic_choices
from tracker.queries.meetings import all_meetings, list_meetings

PAGE_SIZE = 25
VIEWS = {"held": N_("Held"), "coming": N_("Coming up"), "all": N_("All")}
KEEP = {"persist_state": "session"}


@in_page_language
def reset_page() -> None:
    st.session_state["ml.page"] = 1


label = labels.label


COLUMN_ORDER = [  # on the page, the status beside the date, where it shows without scrolling sideways
    "date",
    "status",
    "time",
    "title",
    "organisations",
    "people",
    "kind",
    "place",
    "event",
]
# The headings label() gives these columns, marked for the catalogue.
HEADINGS = (N_("Time"), N_("Title"), N_("Organisations"), N_("People"), N_("Kind"), N_("Status"), N_("Place"),
            N_("Event"), N_("Date precision"))
COLUMNS = {  # the table's headings, on the page and in its downloads (the page runs in its reader's language)
    "date": st.column_config.TextColumn(_("Date"), help=_("Month or quarter when only that is known")),
    **{c: label(c) for c in ("time", "title", "organisations", "people", "kind", "status", "place", "event")},
    "matched": st.column_config.TextColumn(_("Why it matched"), help=_(
        "The person or organisation the search names, or where its words are")),
}


def readable_rows(rows, *, typed_dates: bool = False):
    """The list's rows as the table shows them: words for codes, dates as precisely as known (with
    ``typed_dates``, for a file: every date stays a date and a "Date precision" column says whether
    it stands for its day, month or quarter)."""
    if typed_dates:
        dates = {"date": rows["date"], "date_precision": rows["precision"].fillna("day").map(label)}
    else:
        dates = {"date": [shown_date(d, p) for d, p in zip(rows["date"], rows["precision"], strict=True)]}
    return rows.assign(
        open=addresses("meeting", rows["id"]),
        **dates,
        kind=rows["kind"].map(label),
        status=rows["status"].map(label),
    )


def for_file(rows):
    order = [  # a file has room: the status keeps its place among the meeting's descriptors
        "date", "date_precision", "time", "title", "organisations", "people", "kind", "status", "place",
        "event",
    ]
    return as_shown(readable_rows(rows, typed_dates=True), COLUMNS, order=order)


filters = default_filters()
st.title(_("Meetings"))
st.session_state.setdefault("ml.page", 1)

views = {key: _(words) for key, words in VIEWS.items()}
view = st.segmented_control(
    _("Show"), list(views), format_func=views.get, default="held", required=True,
    key="ml.view",
    on_change=reset_page, **KEEP,
) or "held"

st.text_input(
    _("Search"),
    key="ml.search",
    on_change=reset_page,
    **KEEP,
    placeholder=_("A person or organisation (any name, alias, 中文 or pinyin), or words from the meeting"),
)
with st.expander(_("Filters")):
    orgs = cached_query(organisation_choices, clearance=filters.clearance)
    events = cached_query(event_choices, clearance=filters.clearance)
    topics = cached_query(topic_choices, clearance=filters.clearance)
    left, right = st.columns(2)
    start = left.date_input(
        _("From"), value=None, key="ml.start", on_change=reset_page, format="YYYY-MM-DD", **KEEP
    )
    end = right.date_input(_("To"), value=None, key="ml.end", on_change=reset_page, format="YYYY-MM-DD",
                           **KEEP)
    PICK = {**KEEP, "placeholder": choose_placeholder()}  # Streamlit's own is English
    statuses = (
        left.multiselect(
            _("Status"),
            [s.value for s in MeetingStatus],
            key="ml.status",
            format_func=label,
            on_change=reset_page,
            **PICK,
        )
        if view == "all"
        else []  # the view chose the status
    )
    kinds = right.multiselect(
        _("Kind"), [k.value for k in MeetingKind], key="ml.kind", format_func=label, on_change=reset_page,
        **PICK,
    )
    org_names = dict(zip(orgs["id"].astype(int), orgs["name"], strict=True))
    org_ids = left.multiselect(
        _("Organisation"),
        list(org_names),
        key="ml.orgs",
        format_func=org_names.get,
        on_change=reset_page,
        **PICK,
    )
    event_names = dict(zip(events["id"].astype(int), events["name"], strict=True))
    event_ids = right.multiselect(
        _("Event"), list(event_names), key="ml.events", format_func=event_names.get, on_change=reset_page,
        **PICK,
    )
    topic_names = left.multiselect(_("Topic"), topics, key="ml.topics", on_change=reset_page, **PICK)

person = st.query_params.get("person")
person_ids = (int(person),) if person and str(person).isdigit() else ()
filters = replace(
    filters,
    start=start,
    end=end,
    organisation_ids=tuple(org_ids),
    event_ids=tuple(event_ids),
    person_ids=person_ids,
)
if view == "held":
    statuses = [MeetingStatus.HELD.value]
elif view == "coming":  # what Home lists as coming up: planned, from today, soonest first
    statuses = [MeetingStatus.PLANNED.value]
    filters = replace(filters, start=max(start or dt.date.today(), dt.date.today()))
search = st.session_state.get("ml.search") or None
choices = dict(search=search, statuses=tuple(statuses), kinds=tuple(kinds), topic_names=tuple(topic_names),
               oldest_first=view == "coming")
page = cached_query(list_meetings, filters, **choices, page=st.session_state["ml.page"], page_size=PAGE_SIZE)
st.session_state["ml.page"] = page.page

meetings = ngettext("{count} meeting", "{count} meetings", page.total).format(count=format_number(page.total))
page_of = _("page {page} of {pages}").format(page=format_number(page.page), pages=format_number(page.pages))
st.caption(f"{meetings} · {page_of}")
if page.rows.empty:
    st.info(_("No meeting matches. Clear the search or the filters, or log a new meeting."))
else:
    shown = readable_rows(page.rows)
    record_table(  # a click on a row opens the meeting in place
        shown,
        key="ml.table",
        height=(len(shown) + 1) * 35 + 3,  # the whole page of rows, no scrolling box inside the page
        width="stretch",
        # with a search, best match first and why each matched, beside its title
        column_order=[*COLUMN_ORDER[:4], "matched", *COLUMN_ORDER[4:]] if search else COLUMN_ORDER,
        column_config=COLUMNS,
    )

left, middle, right, _spare = st.columns([1, 1, 1, 4], vertical_alignment="center")
left.button(
    _("Previous"),
    key="ml.prev",
    disabled=page.page <= 1,
    icon=":material/chevron_left:",
    on_click=lambda: st.session_state.update({"ml.page": page.page - 1}),
)
middle.markdown(_("Page {page} of {pages}").format(page=format_number(page.page),
                                                            pages=format_number(page.pages)))
right.button(
    _("Next"),
    key="ml.next",
    disabled=page.page >= page.pages,
    icon=":material/chevron_right:",
    on_click=lambda: st.session_state.update({"ml.page": page.page + 1}),
)
if not page.rows.empty:
    table_downloads(
        page.rows,
        "meetings",
        filters,
        key="ml.export",
        total=page.total,
        shape=for_file,
        load_all=lambda s: all_meetings(s, filters, **choices),
        about=[
            (_("Show"), views[view]),
            (_("Search"), search),
            (_("Status"), _(", ").join(map(label, statuses))),
            (_("Kind"), _(", ").join(map(label, kinds))),
            (_("Topics"), _(", ").join(topic_names)),
        ],
    )
