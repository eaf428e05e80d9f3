"""Calendar: planned and held meetings by month, week or agenda, narrowed by the sidebar's filters;
a click on a meeting opens its record. The view's meetings download as an .ics file."""

import datetime as dt
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from streamlit_calendar import calendar as calendar_component

from dashboards.database import cached_query, run_query
from dashboards.downloads import prepared_download
from dashboards.filters_sidebar import sidebar_filters
from dashboards.language import in_page_language
from dashboards.meeting_dates import date_column, time_column
from dashboards.navigation import PAGES_DIR
from dashboards.record_links import address, addresses, open_address, record_table
from tracker.i18n import N_, _, current_language, format_date
from tracker.labels import label
from tracker.models import MeetingKind
from tracker.queries.calendar import calendar_meetings
from tracker.reports.formats import DocumentKind, render_bytes
from tracker.reports.ics import CalendarContent

VIEWS = {"month": N_("Month"), "week": N_("Week"), "agenda": N_("Agenda")}
# FullCalendar's view for each; the agenda lists the next AGENDA_DAYS days.
FULLCALENDAR_VIEWS = {"month": "dayGridMonth", "week": "timeGridWeek", "agenda": "listAgenda"}
AGENDA_DAYS = 30
STATUS_COLOURS = {"planned": "#1f77b4", "held": "#7f7f7f"}
HANDLED_KEY = "calendar_handled_click"


def window(view: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """The days the view shows: a month's grid (the six weeks from the Monday of its first day), a
    week from Monday, or the agenda's days from the anchor."""
    if view == "month":
        first = anchor.replace(day=1)
        grid_start = first - dt.timedelta(days=first.weekday())
        return grid_start, grid_start + dt.timedelta(days=6 * 7 - 1)  # FullCalendar draws six weeks
    if view == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return monday, monday + dt.timedelta(days=6)
    return anchor, anchor + dt.timedelta(days=AGENDA_DAYS - 1)


def step(view: str, anchor: dt.date, direction: int) -> dt.date:
    if view == "month":
        month = anchor.year * 12 + anchor.month - 1 + direction
        return dt.date(month // 12, month % 12 + 1, 1)
    return anchor + dt.timedelta(days=direction * (7 if view == "week" else AGENDA_DAYS))


def events(frame: pd.DataFrame) -> list[dict]:
    """FullCalendar's events: timed meetings last an hour, the others fill their day."""
    shown = []
    for row in frame.itertuples():
        start = row.date.isoformat()
        event = {"id": str(row.id), "title": row.title, "allDay": True, "start": start,
                 "color": STATUS_COLOURS.get(row.status, "#1f77b4")}
        if row.time and row.precision == "day":
            begins = dt.datetime.combine(row.date, dt.time.fromisoformat(str(row.time)))
            event.update(allDay=False, start=begins.isoformat(),
                         end=(begins + dt.timedelta(hours=1)).isoformat())
        shown.append(event)
    return shown


filters = sidebar_filters()
st.title(_("Calendar"))
st.caption(_("Planned and held meetings · the sidebar's filters apply; the calendar shows its own days, "
             "not the sidebar's period."))

if "calendar_anchor" not in st.session_state:
    st.session_state["calendar_anchor"] = dt.date.today()
top = st.columns([2, 2, 3])
view = top[0].segmented_control(_("View"), list(VIEWS), format_func=lambda v: _(VIEWS[v]), default="month",
                                key="calendar_view") or "month"
anchor = top[1].date_input(_("Showing"), key="calendar_anchor", format="YYYY-MM-DD")
kinds_all = [k.value for k in MeetingKind]
kinds = top[2].multiselect(_("Kinds of meeting"), kinds_all, format_func=label, key="calendar_kinds",
                           placeholder=_("All kinds"))


@in_page_language
def move(direction: int) -> None:
    st.session_state["calendar_anchor"] = step(st.session_state.get("calendar_view") or "month",
                                               st.session_state["calendar_anchor"], direction)


@in_page_language
def today() -> None:
    st.session_state["calendar_anchor"] = dt.date.today()


nav = st.columns([1, 1, 1, 5])
nav[0].button(_("Earlier"), key="calendar_previous", on_click=move, args=(-1,),
              icon=":material/chevron_left:")
nav[1].button(_("Today"), key="calendar_today", on_click=today)
nav[2].button(_("Later"), key="calendar_next", on_click=move, args=(1,), icon=":material/chevron_right:")
start, end = window(view, anchor)
nav[3].markdown(f"**{format_date(start)} – {format_date(end)}**")

frame = cached_query(calendar_meetings, filters, start, end, kinds=tuple(sorted(kinds)))
if frame.empty:
    st.info(_("No planned or held meeting in these days with these filters."))

options = {
    "initialView": FULLCALENDAR_VIEWS[view],
    "initialDate": anchor.isoformat(),
    "headerToolbar": {"left": "", "center": "title", "right": ""},
    "views": {"listAgenda": {"type": "list", "duration": {"days": AGENDA_DAYS}}},
    "firstDay": 1,
    "height": "auto",
    "locale": "zh-cn" if current_language().startswith("zh") else "en-gb",
    "eventTimeFormat": {"hour": "2-digit", "minute": "2-digit", "hour12": False},
}
state = calendar_component(events=events(frame), options=options, callbacks=["eventClick"],
                           key=f"calendar_{view}_{anchor.isoformat()}_{len(frame)}")
clicked = (state or {}).get("eventClick") if isinstance(state, dict) else None
if clicked:
    marker = repr(clicked)
    if st.session_state.get(HANDLED_KEY) != marker:
        st.session_state[HANDLED_KEY] = marker
        meeting_id = str((clicked.get("event") or {}).get("id") or "")
        if meeting_id.isdigit():
            open_address(address("meeting", int(meeting_id)))

st.caption(_("Blue: planned · grey: held. Click a meeting to open its record."))
with st.expander(_("The same meetings as a list ({count})").format(count=len(frame)),
                 expanded=view == "agenda"):
    listed = frame.assign(open=addresses("meeting", frame["id"]),
                          kind=frame["kind"].map(label), status=frame["status"].map(label))
    record_table(listed, key="calendar_list",
                 column_order=["date", "time", "title", "status", "kind", "place", "organisations"],
                 column_config={"date": date_column(_("Date")), "time": time_column(_("Time")),
                                "title": _("Title"), "status": _("Status"), "kind": _("Kind"),
                                "place": _("Place"), "organisations": _("Organisations")})


def ics_bytes() -> bytes:
    page = urlsplit(st.context.url or "")
    content = CalendarContent(run_query(calendar_meetings, filters, start, end, kinds=tuple(sorted(kinds))),
                              _("Meetings {start} to {end}").format(start=start, end=end),
                              f"{page.scheme}://{page.netloc}" if page.netloc else None)
    return render_bytes(DocumentKind.CALENDAR, "ics", content)


prepared_download(_("this view as a calendar file (.ics)"), "calendar_ics", ics_bytes,
                  name=f"meetings_{start}_{end}", extension="ics", inputs=(filters, start, end, tuple(kinds)))
st.page_link(str(PAGES_DIR / "calendar_feed.py"), label=_("Subscribe from your calendar program"),
             icon=":material/rss_feed:")
