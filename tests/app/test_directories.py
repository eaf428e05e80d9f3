"""Directory pages: lists, records, editing and the duplicates merge, through AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import app_on_page, sign_in
from tests.conftest import assert_audited
from tests.factories import make_person
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Organisation, Person, Role

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
VIEWER = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.SECRET)
PAGES = ["views/organisations.py", "views/people.py", "views/organisation_profile.py",
         "views/person_profile.py", "views/duplicates.py"]


def open_page(page: str, actor: Actor = EDITOR, **query) -> AppTest:
    return app_on_page(actor, page, timeout=30, **query)


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "caption", "markdown", "info", "success", "error", "warning")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def frame_with(at: AppTest, column: str):
    """The first dataframe on the page that has ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


EMPTY_DIRECTORY_HINTS = {
    "views/organisations.py": "No organisations yet. Add one below, log a meeting, or import a spreadsheet.",
    "views/people.py": "No people yet. Add someone below, log a meeting, or import a spreadsheet.",
    "views/organisation_profile.py": "Choose an organisation in the directory to see its record.",
    "views/person_profile.py": "Choose a person in the directory to see their record.",
    "views/duplicates.py": "No likely duplicate people at this similarity.",
}


def test_pages_run_on_an_empty_database(database_url):
    at = AppTest.from_file(APP, default_timeout=30)
    sign_in(at, EDITOR)
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert EMPTY_DIRECTORY_HINTS[page] in _texts(at), (page, _texts(at))


def test_lists_and_records_show_the_reference_data(database_url, session):
    load_reference(session)
    tencent = session.exec(select(Organisation).where(Organisation.name == "Tencent")).one()
    ma = session.exec(select(Person).where(Person.name == "Ma Huateng")).one()

    at = open_page("views/organisations.py")
    assert not at.exception
    assert "Tencent (腾讯)" in list(at.dataframe[0].value["name"])  # the reader's language first
    at.text_input(key="org_search").input("腾讯").run()
    assert list(at.dataframe[0].value["name"]) == ["Tencent (腾讯)"]

    at = open_page("views/people.py")
    at.text_input(key="people_search").input("Pony").run()
    frame = at.dataframe[0].value
    assert list(frame["name"]) == ["Ma Huateng (马化腾)"]
    assert frame.iloc[0]["title"] == "Chairman and CEO of Tencent"

    at = open_page("views/organisation_profile.py", id=tencent.id)
    assert not at.exception
    assert at.title[0].value == "Tencent (腾讯)"
    assert "Tencent Holdings" in _texts(at)
    people = frame_with(at, "start_date")
    shown = set(people["start_date"].astype(str)) | set(people["end_date"].astype(str))
    assert not {"None", "nan", "NaT"} & shown, "From/To of a position without dates are blank"

    at = open_page("views/person_profile.py", id=ma.id)
    assert not at.exception
    assert at.title[0].value == "Ma Huateng (马化腾)"
    meetings = frame_with(at, "title_then")
    assert list(meetings["title_then"]) == ["Chairman and CEO of Tencent"]
    # Words, not stored codes; each meeting opens its record.
    assert (meetings.iloc[0]["role"], meetings.iloc[0]["side"], meetings.iloc[0]["status"]) == (
        "Guest", "Enterprise", "Held")
    assert all(link.startswith("/meeting?id=") for link in meetings["open"])
    positions = frame_with(at, "start_date")
    assert "None" not in set(positions["end_date"].astype(str)), "an open position's end is blank"

    # A viewer sees the same records without a single edit control.
    at = open_page("views/organisation_profile.py", VIEWER, id=tencent.id)
    assert not at.exception and at.title[0].value == "Tencent (腾讯)"
    assert not [b for b in at.button if b.key and b.key.startswith(("org_edit", "org_delete"))]
    at = open_page("views/organisations.py", VIEWER)
    assert not at.exception and not [b for b in at.button if b.key == "org_new_submit"]


def test_editor_edits_an_organisation_and_a_person(database_url, session):
    load_reference(session)
    tencent = session.exec(select(Organisation).where(Organisation.name == "Tencent")).one()
    at = open_page("views/organisation_profile.py", id=tencent.id)
    key = f"org_edit_{tencent.id}"
    at.text_input(key=f"{key}_sector").input("Internet")
    at.text_area(key=f"{key}_aliases").input("Tencent Holdings\n腾讯控股\nPenguin")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    session.rollback()  # end the read snapshot: the page wrote through its own session
    assert session.get(Organisation, tencent.id).sector == "Internet"
    assert_audited(session, entity="organisation", entity_id=tencent.id, action="update", actor="edith")

    at.text_input(key=f"{key}_website").input("not a link")
    at.button(key=f"{key}_save").click().run()
    assert any("http" in e.value for e in at.error)  # the error is shown, the input kept
    assert at.text_input(key=f"{key}_website").value == "not a link"

    ma = session.exec(select(Person).where(Person.name == "Ma Huateng")).one()
    at = open_page("views/person_profile.py", id=ma.id)
    pkey = f"person_edit_{ma.id}"
    at.text_input(key=f"{pkey}_pos_org_search").input("tencent").run()
    at.text_input(key=f"{pkey}_pos_title").input("Honorary Chairman")
    at.button(key=f"{pkey}_pos_add").click().run()
    assert not at.exception
    assert "Honorary Chairman" in list(frame_with(at, "start_date")["title"])
    session.rollback()
    assert_audited(session, entity="position", entity_id=None, action="create", actor="edith")


def test_merge_a_duplicate_pair_from_the_page(database_url, session):
    load_reference(session)
    chinese_id = make_person(session, name="马化腾").id
    ma_id = session.exec(select(Person.id).where(Person.name == "Ma Huateng")).one()
    at = open_page("views/duplicates.py")
    assert not at.exception
    frame = at.dataframe[0].value
    assert {"Ma Huateng", "马化腾"} <= set(frame["a_name"]) | set(frame["b_name"])
    pair = next(i for i, row in frame.reset_index().iterrows()
                if {row["a_name"], row["b_name"]} == {"Ma Huateng", "马化腾"})
    at.selectbox(key="dup_pair_People").set_value(pair).run()
    keep = next(r for r in at.radio if r.key.startswith("dup_keep"))
    keep.set_value(ma_id).run()
    merge_button = at.button(key="dup_merge")
    assert merge_button.disabled  # nothing happens before the confirmation
    next(c for c in at.checkbox if c.key.startswith("dup_confirm")).check().run()
    at.button(key="dup_merge").click().run()
    assert not at.exception
    assert any("Merged" in s.value for s in at.success)
    session.rollback()  # end the read snapshot: the page wrote through its own session
    assert session.get(Person, chinese_id) is None
    assert_audited(session, entity="person", entity_id=ma_id, action="merge", actor="edith")
    at.segmented_control(key="dup_kind").set_value("Organisations").run()
    assert not at.exception
    assert any("No likely duplicate organisations" in s.value for s in at.success)


def test_a_pair_marked_not_the_same_is_not_listed_again(database_url, session):
    first = make_person(session, name="Pony Ma")
    second = make_person(session, name="Ma Pony")
    at = open_page("views/duplicates.py")
    frame = at.dataframe[0].value
    assert {"Pony Ma", "Ma Pony"} <= set(frame["a_name"]) | set(frame["b_name"])
    at.button(key="dup_not_same").click().run()
    assert not at.exception
    assert any("not the same" in s.value for s in at.success)
    assert any("No likely duplicate people" in s.value for s in at.success)
    session.rollback()  # end the read snapshot: the page wrote through its own session
    event = assert_audited(session, entity="duplicate_dismissal", entity_id=None, action="create",
                           actor="edith")
    assert event.after == {"record_kind": "person", "low_id": min(first.id, second.id),
                           "high_id": max(first.id, second.id)}
    fresh = open_page("views/duplicates.py")  # remembered, not only in this browser's state
    assert any("No likely duplicate people" in s.value for s in fresh.success)


def test_duplicates_page_offers_no_merge_to_viewers(database_url, session):
    make_person(session, name="Pony Ma")
    make_person(session, name="Ma Pony")
    at = AppTest.from_file(APP, default_timeout=30)
    sign_in(at, VIEWER)
    at.run()
    with pytest.raises(ValueError):  # not in a viewer's navigation
        at.switch_page("views/duplicates.py").run()


def test_delete_from_the_record_page_or_be_told_to_merge(database_url, session):
    from tests.factories import make_meeting, make_organisation
    from tracker.models import Side

    org = make_organisation(session, name="Acme")
    busy = make_person(session, name="Busy Bee", organisation=org)
    make_meeting(session, people_and_orgs=[(busy, org, Side.ENTERPRISE)])
    spare_id = make_person(session, name="Spare Entry").id
    busy_id = busy.id

    at = open_page("views/person_profile.py", id=busy_id)
    at.checkbox(key=f"person_delete_{busy_id}_confirm").check().run()
    at.button(key=f"person_delete_{busy_id}_delete").click().run()
    assert not at.exception
    assert any("merge it into another record" in e.value for e in at.error)

    at = open_page("views/person_profile.py", id=spare_id)
    at.checkbox(key=f"person_delete_{spare_id}_confirm").check().run()
    at.button(key=f"person_delete_{spare_id}_delete").click().run()
    assert not at.exception
    assert any("Deleted “Spare Entry”" in s.value for s in at.success)  # back on the people list
    session.rollback()
    assert session.get(Person, spare_id).archived_at is not None   # archived, restorable by an admin
    assert session.get(Person, busy_id).archived_at is None
    assert_audited(session, entity="person", entity_id=spare_id, action="delete", actor="edith")


def test_a_click_on_a_directory_or_profile_row_opens_the_record_in_place(database_url, session):
    """Issue 14 item 1: organisations → organisation record → a meeting, in the same tab."""
    from tests.factories import make_meeting, make_organisation
    from tracker.models import Side

    org = make_organisation(session, name="Acme")
    person = make_person(session, name="Busy Bee", organisation=org)
    meeting = make_meeting(session, title="Acme talk", people_and_orgs=[(person, org, Side.ENTERPRISE)])
    org_id, meeting_id = org.id, meeting.id

    at = open_page("views/organisations.py", VIEWER)
    at.session_state["org_table"] = {"selection": {"rows": [], "columns": [], "cells": [(0, "name")]}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Acme" and at.query_params["id"] == str(org_id)
    at = open_page("views/organisation_profile.py", VIEWER, id=org_id)  # AppTest reruns its last switch
    at.session_state["org_meetings"] = {"selection": {"rows": [], "columns": [], "cells": [(0, "title")]}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Acme talk" and at.query_params["id"] == str(meeting_id)
