"""Every dashboard page runs (no exception) on an empty database, on demo-like data (the
reference scenario plus the hand-built history), and with filters taken from the URL."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.dashboard_data import build_dataset
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Role

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
READER = Actor(username="reader", role=Role.VIEWER, clearance=Confidentiality.SECRET)
PAGES = [
    "pages/overview.py",
    "pages/relationships.py",
    "pages/enterprise_profile.py",
    "pages/official_profile.py",
]


def open_page(page: str, params: dict | None = None, actor: Actor = READER) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["actor"] = actor
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    return " ".join(
        [i.value for i in at.info]
        + [w.value for w in at.warning]
        + [m.value for m in at.markdown]
        + [c.value for c in at.caption]
    )


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_empty_database_say_what_to_do(database_url, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert "seed --demo" in texts(at) or "Log" in texts(at)


@pytest.fixture
def demo(database_url, session):
    load_reference(session)
    return build_dataset(session)


def test_pages_with_data(demo):
    started = time.perf_counter()
    at = open_page("pages/overview.py", {"period": "all"})
    assert time.perf_counter() - started < 15
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings held"] == "7"  # six hand-built held meetings + the summit
    assert metrics["Enterprises engaged"] == "6"  # Alpha, Beta, Gamma + Tencent, Alibaba, SenseTime
    assert any("Meetings in this view: 7 meetings" in m.value for m in at.markdown)

    at = open_page("pages/relationships.py")
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert frame.iloc[0]["health"] == "Neglected"

    at = open_page("pages/enterprise_profile.py", {"id": str(demo["A"])})
    assert not at.exception, at.exception
    assert any(h.value == "Alpha Tech" for h in at.header)
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "3"

    at = open_page("pages/official_profile.py", {"id": str(demo["g1"])})
    assert not at.exception, at.exception
    assert any(h.value == "Gov One" for h in at.header)


def test_filters_come_from_the_url_and_go_back_into_it(demo):
    at = open_page(
        "pages/overview.py",
        {"period": "custom", "from": "2024-01-01", "to": "2024-01-31", "sector": "Finance"},
    )
    assert not at.exception, at.exception
    assert at.multiselect(key="flt_sectors").value == ["Finance"]
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "1"  # M2 (Beta Bank)
    at.multiselect(key="flt_sectors").set_value([]).run()
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "2"  # M2, M3
    assert "sector" not in at.query_params
    assert at.query_params["from"] == ["2024-01-01"] or at.query_params["from"] == "2024-01-01"


def test_clearance_hides_confidential_meetings(demo):
    viewer = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.INTERNAL)
    at = open_page("pages/overview.py", {"period": "all"}, actor=viewer)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings held"] in ("6", "5")  # M4 confidential; the summit is internal or public
