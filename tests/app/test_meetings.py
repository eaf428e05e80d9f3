"""Meetings list (search, filters, paging) and the record page (view, history, edit, delete, conflict)."""

from __future__ import annotations

import datetime as dt

import pytest

from seed_data.reference import load_reference
from tests.app.meeting_pages import fresh_page_cache, open_page  # noqa: F401 (autouse fixture)
from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Meeting, Role, Side

EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
OTHER_EDITOR = Actor(username="otto", role=Role.EDITOR, clearance=Confidentiality.SECRET)
VIEWER = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.SECRET)
RECORD = "views/meeting_record.py"


@pytest.fixture
def thirty_meetings(session):
    org = make_organisation(session, name="Acme Robotics")
    person = make_person(session, name="Li Wei", organisation=org)
    for day in range(1, 31):
        make_meeting(
            session,
            people_and_orgs=[(person, org, Side.ENTERPRISE)],
            date=dt.date(2024, 4, day),
            title=f"{'Harbour' if day % 3 == 0 else 'Budget'} talk {day:02d}",
        )
    return org


COLUMN_OF = {"mr.participants": "role", "mr.agreements": "parties", "mr.pledges": "area", "mr.history": "by"}


def frame(at, key: str):
    """The table shown under ``key`` (AppTest keys only selectable tables, so find it by a column)."""
    column = COLUMN_OF.get(key, "field")
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _caption(at) -> str:
    return next(c.value for c in at.caption if " · page " in c.value)


def test_list_searches_filters_and_pages(database_url, thirty_meetings):
    at = open_page(VIEWER, "views/meetings.py")
    assert not at.exception
    assert _caption(at) == "30 meetings · page 1 of 2"
    assert list(at.dataframe[0].value["title"][:2]) == ["Harbour talk 30", "Budget talk 29"]
    at.button(key="ml.next").click().run()
    assert _caption(at) == "30 meetings · page 2 of 2"
    assert len(at.dataframe[0].value) == 5
    at.text_input(key="ml.search").input("harbour").run()
    assert _caption(at) == "10 meetings · page 1 of 1"
    assert set(at.dataframe[0].value["title"].str.split().str[0]) == {"Harbour"}
    at.multiselect(key="ml.kind").set_value(["visit"]).run()
    assert _caption(at) == "0 meetings · page 1 of 1"
    assert any("No meeting matches" in i.value for i in at.info)


def test_search_lists_the_named_persons_meetings_first_with_why(database_url, thirty_meetings, session):
    org = make_organisation(session, name="Harbour Lin Partners")
    lin = make_person(session, name="Lin Harbour", local_name="林海波", organisation=org)
    make_meeting(session, people_and_orgs=[(lin, org, Side.ENTERPRISE)], date=dt.date(2023, 5, 2),
                 title="Introductions")
    at = open_page(VIEWER, "views/meetings.py")
    at.text_input(key="ml.search").input("林海波").run()
    shown = at.dataframe[0].value
    assert list(shown["title"]) == ["Introductions"]
    assert list(shown["matched"]) == ["person: Lin Harbour (Chinese name 林海波)"]
    at.text_input(key="ml.search").input("harbour").run()
    shown = at.dataframe[0].value
    assert list(shown["title"][:2]) == ["Harbour talk 30", "Harbour talk 27"]  # title words, newest first
    assert list(shown["matched"][:2]) == ["in the title", "in the title"]


def test_list_shows_words_and_known_precision(database_url, session):
    """Regression: kinds/statuses showed as enum values and a month-dated meeting as an exact day."""
    org = make_organisation(session, name="Acme Robotics")
    person = make_person(session, name="Li Wei", organisation=org)
    make_meeting(session, people_and_orgs=[(person, org, Side.ENTERPRISE)], title="Monthly talk",
                 date=dt.date(2024, 4, 1), date_precision="month", kind="signing_ceremony")
    shown = open_page(VIEWER, "views/meetings.py").dataframe[0]
    row = shown.value.iloc[0]
    assert (row["date"], row["kind"], row["status"]) == ("2024-04", "Signing ceremony", "Held")


def test_row_opens_the_record(database_url, thirty_meetings):
    at = open_page(VIEWER, "views/meetings.py")
    shown = at.dataframe[0].value
    assert shown.iloc[0]["open"] == f"/meeting?id={shown.iloc[0]['id']}"
    at.session_state["ml.table"] = {"selection": {"rows": [], "columns": [], "cells": [(0, "title")]}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Harbour talk 30"


def test_held_newest_first_then_coming_up_soonest_first_then_all(database_url, session):
    """Issue 14 item 13: held meetings by default, newest first; planned ones in "Coming up",
    soonest first (from today, as on Home); "All" lists both, and the status column says which."""
    today = dt.date.today()
    org = make_organisation(session, name="Acme Robotics")
    side = [(make_person(session, name="Li Wei", organisation=org), org, Side.ENTERPRISE)]
    for days, status in ((-40, "held"), (-3, "held"), (-2, "planned"), (300, "planned"), (20, "planned"),
                         (-10, "cancelled")):
        make_meeting(session, title=f"{status} {days:+d}", date=today + dt.timedelta(days=days),
                     status=status, people_and_orgs=side)
    at = open_page(VIEWER, "views/meetings.py")
    assert not at.exception
    assert at.segmented_control(key="ml.view").value == "held"
    shown = at.dataframe[0].value
    assert list(shown["title"]) == ["held -3", "held -40"]
    assert set(shown["status"]) == {"Held"}
    at.segmented_control(key="ml.view").set_value("coming").run()
    assert list(at.dataframe[0].value["title"]) == ["planned +20", "planned +300"]
    at.segmented_control(key="ml.view").set_value("all").run()
    shown = at.dataframe[0].value
    assert list(shown["title"]) == ["planned +300", "planned +20", "planned -2", "held -3", "cancelled -10",
                                    "held -40"]
    assert list(shown["status"][:4]) == ["Planned", "Planned", "Planned", "Held"]
    at.multiselect(key="ml.status").set_value(["cancelled"]).run()
    assert list(at.dataframe[0].value["title"]) == ["cancelled -10"]


def test_paging_says_which_page_of_how_many(database_url, thirty_meetings):
    at = open_page(VIEWER, "views/meetings.py")
    assert at.button(key="ml.prev").disabled and not at.button(key="ml.next").disabled
    assert "Page 1 of 2" in [m.value for m in at.markdown]
    at.button(key="ml.next").click().run()
    assert "Page 2 of 2" in [m.value for m in at.markdown]
    assert at.button(key="ml.next").disabled and not at.button(key="ml.prev").disabled
    at.button(key="ml.prev").click().run()
    assert list(at.dataframe[0].value["title"][:1]) == ["Harbour talk 30"]


def test_record_shows_everything_and_history(database_url, session):
    meeting = load_reference(session)
    at = open_page(VIEWER, RECORD, id=meeting.id)
    assert not at.exception
    assert at.title[0].value.startswith("Yu Weiguo and Tang Dengjie")
    participants = frame(at, "mr.participants")
    # One name column, English first in English (display_name): "Xu Li (徐立)".
    assert participants.set_index("name").loc["Xu Li (徐立)", "title"] == "CEO of SenseTime"
    assert len(frame(at, "mr.pledges")) == 14
    assert frame(at, "mr.agreements").iloc[0]["parties"].endswith("SenseTime (商汤科技)")
    assert list(frame(at, "mr.history")["action"]) == ["Created"]
    assert not any("Edit this meeting" in e.label for e in at.expander)  # viewers do not edit
    # Regression: roles, sides and statuses showed as raw enum values ("host", "enterprise").
    assert set(participants["role"]) <= {"Host", "Guest", "Attendee", ""}
    assert "enterprise" not in set(participants["side"])
    missing = open_page(VIEWER, RECORD, id=999999)
    assert any("No such meeting" in w.value for w in missing.warning)


def test_edit_saves_and_history_grows(database_url, session):
    meeting = load_reference(session)
    at = open_page(EDITOR, RECORD, id=meeting.id)
    at.text_input(key=f"em{meeting.id}.place").input("West Lake Guesthouse")
    at.button(key=f"em{meeting.id}.save").click().run()
    assert not at.exception
    assert any("Saved (version 2)" in s.value for s in at.success)
    assert "version 2" in at.caption[0].value and "West Lake Guesthouse" in at.caption[0].value
    assert list(frame(at, "mr.history")["action"]) == ["Updated", "Created"]
    assert frame(at, "mr.history").iloc[0]["changed"] == "place"
    session.rollback()
    session.expire_all()
    assert_audited(session, entity="meeting", entity_id=meeting.id, action="update", actor="edith")


def test_second_saver_gets_a_conflict_and_reapplies(database_url, session):
    meeting = load_reference(session)
    first = open_page(EDITOR, RECORD, id=meeting.id)
    second = open_page(OTHER_EDITOR, RECORD, id=meeting.id)
    key = f"em{meeting.id}"
    first.text_input(key=f"{key}.title").input("Talks at West Lake")
    first.button(key=f"{key}.save").click().run()
    assert any("Saved (version 2)" in s.value for s in first.success)

    second.text_area(key=f"{key}.summary").input("My own careful summary")
    second.button(key=f"{key}.save").click().run()
    assert not second.exception
    warning = next(w.value for w in second.warning)
    assert "edith saved this meeting after you opened it" in warning and "title" in warning
    changes = frame(second, f"{key}.conflict_table")
    assert list(changes["field"]) == ["title"] and changes.iloc[0]["now"] == "Talks at West Lake"
    assert second.text_area(key=f"{key}.summary").value == "My own careful summary"  # input kept

    second.button(key=f"{key}.reapply").click().run()
    assert not second.exception
    assert any("applied on top" in s.value for s in second.success)
    session.rollback()
    session.expire_all()
    stored = session.get(Meeting, meeting.id)
    assert (stored.title, stored.summary, stored.version) == (
        "Talks at West Lake",
        "My own careful summary",
        3,
    )


def test_delete_needs_confirmation_and_is_audited(database_url, session):
    meeting_id = load_reference(session).id
    at = open_page(EDITOR, RECORD, id=meeting_id)
    assert at.button(key=f"mr.delete.{meeting_id}").disabled
    at.checkbox(key=f"mr.confirm.{meeting_id}").check().run()
    at.button(key=f"mr.delete.{meeting_id}").click().run()
    assert not at.exception
    assert any("Deleted" in s.value for s in at.success)
    session.rollback()
    session.expire_all()
    assert session.get(Meeting, meeting_id).archived_at is not None  # archived, restorable by an admin
    assert_audited(session, entity="meeting", entity_id=meeting_id, action="delete", actor="edith")
