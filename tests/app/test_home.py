"""The home page shows real figures and the latest meetings from the database."""

from seed_data.reference import load_reference
from tests.app.helpers import signed_in_app


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
    assert values["Enterprises met"] == "3"
    assert values["Agreements"] == "1"
    frame = at.dataframe[0].value
    assert "Tencent" in frame.iloc[0]["organisations"]
