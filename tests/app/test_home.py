"""The home page shows real figures and the latest meetings from the database."""

import pytest

from seed_data.reference import load_reference
from tests.app.helpers import signed_in_app

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


def test_home_on_empty_database_says_what_to_do(database_url):
    at = signed_in_app("viewer", clearance="secret")
    assert not at.exception
    assert any("No meetings yet" in info.value for info in at.info)
    assert [m.value for m in at.metric][:1] == ["0"]


def test_home_shows_reference_meeting(database_url, session):
    load_reference(session)
    at = signed_in_app("viewer", clearance="secret")
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Meetings held"] == "1"
    assert values["Enterprises engaged"] == "3"
    assert values["Agreements"] == "1"
    frame = at.dataframe[0].value
    assert "Tencent" in frame.iloc[0]["organisations"]


def test_home_lists_planned_meetings_apart_from_held_ones(database_url, session):
    """Regression: next year's planned meetings filled "Latest meetings" (newest first), raw headers."""
    import datetime as dt

    from tests.factories import make_meeting, make_organisation, make_person
    from tracker.models import Side

    today = dt.date.today()
    org = make_organisation(session, name="Harbour Robotics")
    side = [(make_person(session, name="Li Wei", organisation=org), org, Side.ENTERPRISE)]
    make_meeting(session, title="Harbour talk held", date=today - dt.timedelta(days=3), status="held",
                 people_and_orgs=side)
    for days in (400, 30):
        make_meeting(session, title=f"Plan in {days} days", date=today + dt.timedelta(days=days),
                     status="planned", people_and_orgs=side)
    session.commit()
    at = signed_in_app("viewer", clearance="secret")
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Coming up", "Latest meetings"]
    coming, latest = (table.value for table in at.dataframe)
    assert list(coming["title"]) == ["Plan in 30 days", "Plan in 400 days"]
    assert list(latest["title"]) == ["Harbour talk held"]


def test_a_click_on_a_home_row_opens_the_meeting_in_place(database_url, session):
    """Issue 14 item 1: the row is the link; the page switches to /meeting?id=N in this tab."""
    meeting = load_reference(session)
    at = signed_in_app("viewer", clearance="secret")
    at.session_state["home_latest"] = {"selection": {"rows": [], "columns": [], "cells": [(0, "title")]}}
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("Yu Weiguo and Tang Dengjie")
    assert at.query_params["id"] == str(meeting.id)
