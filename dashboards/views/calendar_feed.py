"""Your calendar feed: a secret address a calendar program (Outlook, Google Calendar, Apple
Calendar) subscribes to, showing the meetings you may see. Shown once when made; revocable."""

from urllib.parse import urlsplit

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query, run_write
from dashboards.incidents import show_domain_error
from dashboards.language import in_page_language
from tracker.auth.feeds import live_feed
from tracker.errors import DomainError
from tracker.i18n import _, format_date
from tracker.reports.calendar_feed import FEED_DAYS_AFTER, FEED_DAYS_BEFORE
from tracker.reports.formats import ICS
from tracker.services.calendar_feeds import issue_feed_token, revoke_feed_token

NEW_TOKEN_KEY = "calendar_feed_new_token"

actor = require_actor()
st.title(_("Your calendar feed"))
st.caption(_(
    "Subscribe to this address in your calendar program to see the meetings of the last {before} days "
    "and the next {after} days, as far as your clearance allows. Anyone who has the address sees what "
    "you see: keep it to yourself, and revoke it if it leaks."
).format(before=FEED_DAYS_BEFORE, after=FEED_DAYS_AFTER))

if actor.user_id is None:
    st.info(_("Only users stored in the tracker have a calendar feed."))
    st.stop()


def feed_address(token: str) -> str:
    page = urlsplit(st.context.url or "")
    base = f"{page.scheme}://{page.netloc}" if page.netloc else ""
    return f"{base}/_tracker/feed/{token}{ICS.suffix}"


@in_page_language
def make() -> None:
    try:
        st.session_state[NEW_TOKEN_KEY] = run_write(issue_feed_token, actor=actor)
    except DomainError as exc:
        show_domain_error(exc)


@in_page_language
def revoke() -> None:
    try:
        run_write(revoke_feed_token, actor=actor)
    except DomainError as exc:
        show_domain_error(exc)
    st.session_state.pop(NEW_TOKEN_KEY, None)


feed = run_query(live_feed, actor.user_id)
token = st.session_state.get(NEW_TOKEN_KEY)
if feed is None:
    st.info(_("You have no calendar feed."))
    st.button(_("Make my feed address"), key="feed_make", type="primary", on_click=make,
              icon=":material/add_link:")
    st.stop()

if token:
    st.success(_("Your feed address (shown only now: copy it into your calendar program):"),
               icon=":material/check_circle:")
    st.code(feed_address(token), language=None)
else:
    st.write(_("Your feed address was made on {made}. It is not shown again: make a new one if you "
               "need it (the old one then stops working).").format(made=format_date(feed.created_at.date())))
if feed.last_used_at is not None:
    used = format_date(feed.last_used_at.date())
    st.caption(_("Last read by a calendar program on {day}.").format(day=used))
left, right = st.columns(2)
left.button(_("Make a new address"), key="feed_renew", on_click=make, icon=":material/autorenew:")
right.button(_("Revoke my feed"), key="feed_revoke", on_click=revoke, icon=":material/link_off:")
