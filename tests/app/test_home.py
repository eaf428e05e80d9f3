"""The home page shows real figures and the latest meetings from the database."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Role

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
READER = Actor(username="reader", role=Role.VIEWER, clearance=Confidentiality.SECRET)


def run_home(actor=READER) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["actor"] = actor
    return at.run()


def test_home_on_empty_database_says_what_to_do(database_url):
    at = run_home()
    assert not at.exception
    assert any("No meetings yet" in info.value for info in at.info)
    assert [m.value for m in at.metric][:1] == ["0"]


def test_home_shows_reference_meeting(database_url, session):
    load_reference(session)
    at = run_home()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Meetings held"] == "1"
    assert values["Enterprises met"] == "3"
    assert values["Agreements"] == "1"
    frame = at.dataframe[0].value
    assert "Tencent" in frame.iloc[0]["organisations"]
