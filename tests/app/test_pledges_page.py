"""The pledge follow-up page: runs empty and with data, filters, and records updates from the list
and from the pledge record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import app_on_page
from tests.conftest import assert_audited
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Organisation, Pledge, PledgeProgress, PledgeStatus, Role

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
VIEWER = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.SECRET)


def open_pledges(actor: Actor = EDITOR, **query) -> AppTest:
    return app_on_page(actor, "views/pledges.py", timeout=30, **query)


def test_empty_database(database_url):
    at = open_pledges()
    assert not at.exception
    assert any("No pledges yet" in i.value for i in at.info)
    at = open_pledges(id=12345)
    assert not at.exception
    assert any("does not exist" in w.value for w in at.warning)


def test_list_filters_and_update_from_the_list(database_url, session):
    load_reference(session)
    total = len(session.exec(select(Pledge.id)).all())
    at = open_pledges()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open"] == str(total)
    assert len(at.dataframe[0].value) == total

    at.multiselect(key="pledge_statuses").set_value(["delivered"]).run()
    assert any("No pledge matches" in i.value for i in at.info)
    at.multiselect(key="pledge_statuses").set_value([]).run()
    at.text_input(key="pledge_org_search").input("SenseTime").run()
    sensetime_id = session.exec(select(Organisation.id).where(Organisation.name == "SenseTime")).one()
    at.selectbox(key="pledge_org_choice").set_value(sensetime_id).run()
    frame = at.dataframe[0].value
    assert set(frame["organisation"]) == {"SenseTime"}

    chosen = at.selectbox(key="pledge_pick").value
    key = f"pledge_list_{chosen}"
    at.selectbox(key=f"{key}_status").set_value("in_progress")
    at.text_area(key=f"{key}_note").input("Joint lab opened")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert any("Update saved" in s.value for s in at.success)
    session.rollback()  # the page wrote through its own session
    assert session.get(Pledge, chosen).status is PledgeStatus.IN_PROGRESS
    assert session.exec(select(PledgeProgress.note).where(PledgeProgress.pledge_id == chosen)).one() \
        == "Joint lab opened"
    assert_audited(session, entity="pledge_update", entity_id=None, action="create", actor="edith")


@pytest.mark.slow
def test_record_page_changes_status_and_shows_history(database_url, session):
    load_reference(session)
    pledge_id = session.exec(select(Pledge.id).order_by(Pledge.id)).first()
    at = open_pledges(id=pledge_id)
    assert not at.exception
    assert at.title[0].value.startswith("Pledge by ")
    key = f"pledge_{pledge_id}"
    at.selectbox(key=f"{key}_status").set_value("stalled")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    session.rollback()
    assert session.get(Pledge, pledge_id).status is PledgeStatus.STALLED
    assert session.get(Pledge, pledge_id).last_update_on == dt.date.today()
    assert list(at.dataframe[0].value["status"]) == ["Stalled"]

    at.button(key=f"{key}_save").click().run()  # no note and no new status: refused, shown
    assert any("write what happened" in e.value for e in at.error)

    for viewer_page in (open_pledges(VIEWER), open_pledges(VIEWER, id=pledge_id)):  # no controls
        assert not viewer_page.exception and len(viewer_page.dataframe) == 1
        assert not [b for b in viewer_page.button if b.key and b.key.startswith("pledge_")]
