"""Every dashboard page runs (no exception) on an empty database, on demo-like data (the
reference scenario plus the hand-built history), and with filters taken from the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.drill import TABLE_LIMIT
from seed_data.reference import load_reference
from tests.app.helpers import sign_in
from tests.dashboard_data import build_dataset
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Role
from tracker.services import organisations

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
READER = Actor(username="reader", role=Role.VIEWER, clearance=Confidentiality.SECRET)
PAGES = [
    "views/overview.py",
    "views/relationships.py",
    "views/enterprise_profile.py",
    "views/official_profile.py",
]


def open_page(page: str, params: dict | None = None, actor: Actor = READER) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, actor)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()  # registers the navigation, so the page is found by its path
    at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    return " ".join(
        [i.value for i in at.info]
        + [w.value for w in at.warning]
        + [m.value for m in at.markdown]
        + [c.value for c in at.caption]
    )


EMPTY_DATABASE_HINTS = {
    "views/overview.py": "No meetings recorded yet. Log the first meeting (Meetings → Log a meeting), "
                         "import a spreadsheet, or load the demo data with `tracker seed --demo`;",
    "views/relationships.py": "No enterprises with meetings or pledges in this view yet. Log meetings "
                              "with enterprises, or clear some filters in the sidebar.",
    "views/enterprise_profile.py": "No enterprises with meetings yet. Log a meeting, or load the demo "
                                   "data with `tracker seed --demo`.",
    "views/official_profile.py": "No officials with meetings yet. Log a meeting, or load the demo data "
                                 "with `tracker seed --demo`.",
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_empty_database_say_what_to_do(database_url, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert EMPTY_DATABASE_HINTS[page] in texts(at), texts(at)


@pytest.fixture
def demo(database_url, session):
    load_reference(session)
    return build_dataset(session)


def test_pages_with_data(demo):
    at = open_page("views/overview.py", {"period": "all"})
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings held"] == "7"  # six hand-built held meetings + the summit
    assert metrics["Enterprises engaged"] == "6"  # Alpha, Beta, Gamma + Tencent, Alibaba, SenseTime
    assert any("Meetings in this view: 7 meetings" in m.value for m in at.markdown)
    kinds = set(at.dataframe[0].value["kind"])
    assert kinds and not kinds & {"talk", "visit", "inspection", "signing_ceremony"}, kinds

    at = open_page("views/relationships.py")
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert frame.iloc[0]["health"] == "Neglected"

    at = open_page("views/enterprise_profile.py", {"id": str(demo["A"])})
    assert not at.exception, at.exception
    assert any(h.value == "Alpha Tech" for h in at.header)
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "3"

    at = open_page("views/official_profile.py", {"id": str(demo["g1"])})
    assert not at.exception, at.exception
    assert any(h.value == "Gov One" for h in at.header)


def test_filters_come_from_the_url_and_go_back_into_it(demo):
    at = open_page(
        "views/overview.py",
        {"period": "custom", "from": "2024-01-01", "to": "2024-01-31", "sector": "Finance"},
    )
    assert not at.exception, at.exception
    assert at.multiselect(key="flt_sectors").value == ["Finance"]
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "1"  # M2 (Beta Bank)
    at.multiselect(key="flt_sectors").set_value([]).run()
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "2"  # M2, M3
    assert "sector" not in at.query_params
    assert at.query_params["from"] == "2024-01-01"


def test_clearance_hides_confidential_meetings(demo):
    viewer = Actor(username="victor", role=Role.VIEWER, clearance=Confidentiality.INTERNAL)
    at = open_page("views/overview.py", {"period": "all"}, actor=viewer)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings held"] == "6"  # every held meeting but M4, which is confidential


def test_enterprise_profile_found_by_name(demo, session):
    sensetime = organisations.get_by_name(session=session, name="SenseTime")
    at = open_page("views/enterprise_profile.py")
    assert not at.exception, at.exception
    at.text_input(key="find_Enterprise").input("sense").run()
    assert at.selectbox(key="pick_Enterprise_True").options == ["SenseTime (商汤科技)"]  # the English first
    at.selectbox(key="pick_Enterprise_True").set_value(sensetime.id).run()
    assert not at.exception, at.exception
    assert any("SenseTime" in h.value for h in at.header)
    assert any("agree" in s.value for s in at.subheader)


def test_one_meeting_draws_every_chart_without_error(database_url, session):
    from tests.factories import make_meeting, make_organisation, make_person
    from tracker.models import Side

    firm = make_organisation(session, name="Solo Robotics", sector="AI")
    boss = make_person(session, name="Sam Solo", organisation=firm, title="CEO")
    make_meeting(session, people_and_orgs=[(boss, firm, Side.ENTERPRISE)], title="The only meeting")
    for page in PAGES:
        at = open_page(page, {"period": "all", "id": str(firm.id if "enterprise" in page else boss.id)})
        assert not at.exception, (page, at.exception)
    at = open_page("views/overview.py", {"period": "all"})
    assert {m.label: m.value for m in at.metric}["Meetings held"] == "1"
    assert any("No pledges made in this view" in i.value for i in at.info)
    at = open_page("views/overview.py")  # the default view, the last 12 months, holds nothing
    assert any("No held meetings in this view" in i.value for i in at.info)


def test_pages_with_generated_demo_data(database_url, session, engine):
    from seed_data.generator import generate

    load_reference(session)
    generate(engine, meetings=300, seed=1)
    for page in PAGES:
        at = open_page(page, {"period": "all"})
        assert not at.exception, (page, at.exception)
    at = open_page("views/overview.py", {"period": "all"})
    held = int({m.label: m.value for m in at.metric}["Meetings held"].replace(",", ""))
    assert 200 <= held <= 301  # the reference meeting plus the generated ones that were held
    # The meetings under the chart: the latest TABLE_LIMIT of the held ones, a column per field.
    assert at.dataframe[0].value.shape == (min(held, TABLE_LIMIT), 5)


def test_each_figure_says_its_definition_as_its_help(demo):
    """The help beside a figure is its definition, word for word (``tracker.definitions.HELP``)."""
    from tracker.definitions import HELP, silent_label

    at = open_page("views/overview.py", {"period": "all"})
    assert not at.exception, at.exception
    helps = {m.label: m.proto.help for m in at.metric}
    assert helps == {
        "Meetings held": HELP["meetings_held"], "Enterprises engaged": HELP["enterprises_engaged"],
        "New enterprises": HELP["new_enterprises"], "Agreements signed": HELP["agreements_signed"],
        "Pledges made": HELP["pledges_made"], "Due pledges delivered": HELP["due_pledges_delivered"],
    }
    at = open_page("views/pledges.py")
    assert not at.exception, at.exception
    assert {m.label: m.proto.help for m in at.metric} == {
        "Open": HELP["open"], "Overdue": HELP["overdue"], silent_label(): HELP["silent"],
        "Delivered": HELP["delivered"]}
    at = open_page("views/relationships.py")
    assert not at.exception, at.exception
    assert {m.label: m.proto.help for m in at.metric}["Neglected"] == HELP["neglected"]
