"""Log a meeting page: the reference meeting logged by hand equals the one the scenario loads;
each invalid input is reported next to its field with nothing typed lost; drafts pre-fill."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlmodel import select

from dashboards.meeting_form import NEW_EVENT
from seed_data.reference import load_reference, reference_scenario
from tests.app.helpers import app_at_address
from tests.app.meeting_pages import fresh_page_cache, open_page, stored_world  # noqa: F401 (autouse fixture)
from tracker import db as tracker_db
from tracker.auth.actor import Actor
from tracker.models import Confidentiality, Event, Role
from tracker.services import areas, organisations, people
from tracker.taxonomy import ensure_default_taxonomy

# The page hands what a person typed to services that validate and write; those services, and the
# duplicate and import rules behind them, are tested on both databases, so the page runs on SQLite.
pytestmark = pytest.mark.sqlite_only

EDITOR = Actor(username="edith", role=Role.EDITOR, clearance=Confidentiality.SECRET)
PAGE = "views/log_meeting.py"


def type_into(at, key: str, value) -> None:
    widget = at.text_input(key=key) if key in {w.key for w in at.text_input} else None
    if widget is None:
        widget = at.text_area(key=key)
    widget.input(value)


def create_org(at, item: dict) -> int:
    type_into(at, "lm.neworg.name", item["name"])
    type_into(at, "lm.neworg.local", item.get("local_name") or "")
    at.selectbox(key="lm.neworg.kind").set_value(item["kind"])
    type_into(at, "lm.neworg.sector", item.get("sector") or "")
    type_into(at, "lm.neworg.region", item.get("region") or "")
    type_into(at, "lm.neworg.website", item.get("website") or "")
    type_into(at, "lm.neworg.aliases", "; ".join(item.get("aliases", [])))
    at.button(key="lm.neworg.create").click().run()
    assert not at.exception
    assert not at.session_state["lm.neworg.errors"], at.session_state["lm.neworg.errors"]
    assert [s.value for s in at.success] == [
        f"Added {item['name']}: it is created when the meeting is saved."
    ], [s.value for s in at.success]
    return at.session_state["lm.newperson.org"]  # its stand-in id until the meeting is saved


def create_person(at, item: dict, org_id: int) -> None:
    type_into(at, "lm.newperson.name", item["name"])
    type_into(at, "lm.newperson.local", item.get("local_name") or "")
    at.selectbox(key="lm.newperson.org").set_value(org_id)
    type_into(at, "lm.newperson.title", item["title"])
    type_into(at, "lm.newperson.aliases", "; ".join(item.get("aliases", [])))
    at.button(key="lm.newperson.create").click().run()
    assert not at.exception
    assert not at.session_state["lm.newperson.errors"], at.session_state["lm.newperson.errors"]


def _rids(at, name: str) -> list[int]:
    return [row["rid"] for row in at.session_state[f"lm.{name}"]]


@pytest.fixture
def taxonomy(session):
    ensure_default_taxonomy(session)


def test_reference_meeting_logged_by_hand_equals_the_loaded_one(
    database_url, session, taxonomy, tmp_path, sqlite_template
):
    scenario = reference_scenario()
    spec = scenario["meeting"]
    at = open_page(EDITOR, PAGE)
    assert not at.exception

    event = scenario["event"]
    type_into(at, "lm.newevent.name", event["name"])
    type_into(at, "lm.newevent.place", event["place"])
    at.date_input(key="lm.newevent.start").set_value(event["start_date"])
    at.date_input(key="lm.newevent.end").set_value(event["end_date"])
    type_into(at, "lm.newevent.description", event["description"])
    at.button(key="lm.newevent.create").click().run()
    # The new event is chosen for the meeting, and held in the form until the meeting is saved.
    assert at.selectbox(key="lm.event").value == NEW_EVENT
    assert session.exec(select(Event).where(Event.name == event["name"])).first() is None

    org_ids = {item["key"]: create_org(at, item) for item in scenario["organisations"]}
    at.date_input(key="lm.date").set_value(spec["date"]).run()
    for item in scenario["people"]:
        create_person(at, item, org_ids[item["organisation"]])
    rows = at.session_state["lm.participants"]
    assert [r["name"] for r in rows] == [p["name"] for p in scenario["people"]]
    for row, item in zip(rows, scenario["people"], strict=True):
        assert at.text_input(key=f"lm.p.{row['rid']}.title").value == item["title"]
        if item["role"] != at.selectbox(key=f"lm.p.{row['rid']}.role").value:
            at.selectbox(key=f"lm.p.{row['rid']}.role").set_value(item["role"])
        assert at.selectbox(key=f"lm.p.{row['rid']}.side").value == item["side"]

    type_into(at, "lm.title", spec["title"])
    type_into(at, "lm.place", spec["place"])
    at.selectbox(key="lm.kind").set_value(spec["kind"])
    type_into(at, "lm.new_topics", "; ".join(spec["topics"]))
    at.selectbox(key="lm.confidentiality").set_value(int(Confidentiality.PUBLIC))
    type_into(at, "lm.source", spec["source"])
    type_into(at, "lm.summary", spec["summary"])

    at.button(key="lm.add_agreement").click().run()
    agreement = scenario["agreements"][0]
    rid = _rids(at, "agreements")[0]
    type_into(at, f"lm.a.{rid}.title", agreement["title"])
    at.selectbox(key=f"lm.a.{rid}.kind").set_value(agreement["kind"])
    at.multiselect(key=f"lm.a.{rid}.parties").set_value([org_ids[k] for k in agreement["parties"]])

    for _ in scenario["pledges"]:
        at.button(key="lm.add_pledge").click().run()
    for rid, pledge in zip(_rids(at, "pledges"), scenario["pledges"], strict=True):
        at.selectbox(key=f"lm.g.{rid}.org").set_value(org_ids[pledge["organisation"]])
        at.selectbox(key=f"lm.g.{rid}.area").set_value(
            areas.get_by_name(session=session, name=pledge["area"]).id
        )
        type_into(at, f"lm.g.{rid}.text", pledge["text"])
        if pledge.get("agreement") is not None:
            at.selectbox(key=f"lm.g.{rid}.agreement").set_value(pledge["agreement"])
    at.run()
    assert not at.exception

    at.button(key="lm_save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Saved" in s.value for s in at.success)
    assert at.session_state["lm.participants"] == []  # the form starts afresh

    expected_path = tmp_path / "reference.db"
    shutil.copy(sqlite_template, expected_path)
    expected_engine = tracker_db.make_engine(f"sqlite:///{expected_path}")
    with tracker_db.session_scope(expected_engine) as other:
        load_reference(other)
        expected = stored_world(other)
    expected_engine.dispose()
    session.expire_all()
    session.rollback()
    assert stored_world(session) == expected


def _fill_minimal(at, session) -> None:
    org = organisations.create_organisation(
        session=session, actor=EDITOR, data={"name": "Acme", "kind": "private_enterprise"}
    )
    people.create_person(
        session=session,
        actor=EDITOR,
        data={
            "name": "Li Wei",
            "local_name": "李伟",
            "positions": [{"organisation_id": org.id, "title": "CEO"}],
        },
    )
    at.run()
    type_into(at, "lm.title", "Talk with Acme")
    at.date_input(key="lm.date").set_value(dt.date(2024, 3, 5))
    type_into(at, "lm.person_q", "李伟")
    at.run()
    add = [b for b in at.button if (b.key or "").startswith("lm.add.")]
    assert add, "the person search should offer Li Wei"
    add[0].click().run()
    session.rollback()


def _acme_id(session) -> int:
    return organisations.get_by_name(session=session, name="Acme").id


# (field, how the user spoils it, the message shown, how they fix it)
INVALID = [
    (
        "title",
        lambda at, s: type_into(at, "lm.title", "   "),
        "must not be empty",
        lambda at, s: type_into(at, "lm.title", "Talk with Acme"),
    ),
    (
        "date",
        lambda at, s: at.date_input(key="lm.date").set_value(dt.date.today() + dt.timedelta(days=30)),
        "future",
        lambda at, s: at.date_input(key="lm.date").set_value(dt.date(2024, 3, 5)),
    ),
    (
        "source_url",
        lambda at, s: type_into(at, "lm.source_url", "not a link"),
        "http",
        lambda at, s: type_into(at, "lm.source_url", "https://example.com/news"),
    ),
    (
        "participants",
        lambda at, s: at.button(key=f"lm.p.{_rids(at, 'participants')[0]}.remove").click().run(),
        "at least one participant",
        lambda at, s: at.multiselect(key="lm.orgs_extra").set_value([_acme_id(s)]),
    ),
]


def test_each_invalid_input_is_shown_at_its_field_and_nothing_is_lost(database_url, session, taxonomy):
    at = open_page(EDITOR, PAGE)
    _fill_minimal(at, session)
    type_into(at, "lm.summary", "Long notes typed by hand")
    for field, spoil, message, fix in INVALID:
        spoil(at, session)
        at.button(key="lm_save").click().run()
        assert not at.exception
        errors = at.session_state["lm.errors"]
        assert list(errors) == [field] and message in errors[field], errors
        assert any(message in e.value for e in at.error), field
        assert at.text_area(key="lm.summary").value == "Long notes typed by hand"
        if field != "participants":
            assert [r["name"] for r in at.session_state["lm.participants"]] == ["Li Wei (李伟)"]
        if field != "title":
            assert at.text_input(key="lm.title").value == "Talk with Acme"
        fix(at, session)  # only the faulty field is touched again
    at.button(key="lm_save").click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    assert not at.session_state["lm.participants"]  # saved: the form starts afresh


def test_title_follows_the_position_held_on_the_meeting_date(database_url, session, taxonomy):
    org = organisations.create_organisation(
        session=session, actor=EDITOR, data={"name": "Fujian Province", "kind": "government_body"}
    )
    people.create_person(
        session=session,
        actor=EDITOR,
        data={
            "name": "Tang Dengjie",
            "positions": [
                {
                    "organisation_id": org.id,
                    "title": "Vice Governor",
                    "start_date": "2015-01-01",
                    "end_date": "2019-12-31",
                },
                {"organisation_id": org.id, "title": "Governor", "start_date": "2020-01-01"},
            ],
        },
    )
    at = open_page(EDITOR, PAGE)
    at.date_input(key="lm.date").set_value(dt.date(2019, 5, 7))
    type_into(at, "lm.person_q", "tang")
    at.run()
    next(b for b in at.button if (b.key or "").startswith("lm.add.")).click().run()
    row = at.session_state["lm.participants"][0]
    title = f"lm.p.{row['rid']}.title"
    assert at.text_input(key=title).value == "Vice Governor"
    assert at.selectbox(key=f"lm.p.{row['rid']}.side").value == "government"
    at.date_input(key="lm.date").set_value(dt.date(2021, 3, 1)).run()
    assert at.text_input(key=title).value == "Governor"
    type_into(at, title, "Governor of Fujian (acting)")  # typed by the user: a date change keeps it
    at.date_input(key="lm.date").set_value(dt.date(2019, 5, 7)).run()
    assert at.text_input(key=title).value == "Governor of Fujian (acting)"


def test_the_event_on_the_meetings_date_is_offered_first(database_url, session, taxonomy):
    """Issue 14 item 3: the picker lists the event whose dates cover the date before the rest."""
    from tracker.services import events

    for name, start, end in (("Digital China Summit", "2019-05-06", "2019-05-08"),
                             ("Investment Forum", "2019-09-08", None)):
        events.create_event(session=session, actor=EDITOR,
                            data={"name": name, "start_date": start, "end_date": end})
    at = open_page(EDITOR, PAGE)
    at.date_input(key="lm.date").set_value(dt.date(2019, 5, 7)).run()
    assert at.selectbox(key="lm.event").options[:3] == ["—", "Digital China Summit", "Investment Forum"]
    at.date_input(key="lm.date").set_value(dt.date(2019, 9, 8)).run()
    assert at.selectbox(key="lm.event").options[:3] == ["—", "Investment Forum", "Digital China Summit"]


def test_row_errors_point_at_the_row(database_url, session, taxonomy):
    at = open_page(EDITOR, PAGE)
    _fill_minimal(at, session)
    at.button(key="lm.add_pledge").click().run()
    rid = _rids(at, "pledges")[0]
    at.date_input(key=f"lm.g.{rid}.target").set_value(dt.date(2020, 1, 1))
    at.button(key="lm.add_agreement").click().run()
    arid = _rids(at, "agreements")[0]
    type_into(at, f"lm.a.{arid}.title", "MoU")
    at.number_input(key=f"lm.a.{arid}.value").set_value(100.0)
    type_into(at, f"lm.a.{arid}.currency", "dollars")
    at.button(key="lm_save").click().run()
    errors = at.session_state["lm.errors"]
    assert "pledges.0.organisation_id" in errors and "pledges.0.area_id" in errors, errors
    assert "agreements.0.currency" in errors, errors
    assert at.text_input(key=f"lm.a.{arid}.title").value == "MoU"
    type_into(at, f"lm.a.{arid}.currency", "USD")
    at.selectbox(key=f"lm.g.{rid}.org").set_value(organisations.get_by_name(session=session, name="Acme").id)
    at.selectbox(key=f"lm.g.{rid}.area").set_value(areas.get_by_name(session=session, name="AI R&D").id)
    at.button(key="lm_save").click().run()
    assert "pledges.0.target_date" in at.session_state["lm.errors"]
    at.date_input(key=f"lm.g.{rid}.target").set_value(dt.date(2025, 1, 1))
    at.button(key="lm_save").click().run()
    assert any("Saved" in s.value for s in at.success), at.session_state["lm.errors"]


def test_opens_with_a_draft(database_url, session, taxonomy):
    org = organisations.create_organisation(
        session=session, actor=EDITOR, data={"name": "Acme", "kind": "private_enterprise"}
    )
    person = people.create_person(
        session=session,
        actor=EDITOR,
        data={"name": "Li Wei", "positions": [{"organisation_id": org.id, "title": "CEO"}]},
    )
    at = open_page(EDITOR, PAGE)
    at.session_state["meeting_draft"] = {
        "title": "Drafted from the news",
        "date": "2024-02-01",
        "place": "Fuzhou",
        "participants": [{"person_id": person.id, "organisation_id": org.id}],
        "topics": ["Data security"],
        "summary": "From an article",
    }
    at.run()
    assert not at.exception
    assert at.text_input(key="lm.title").value == "Drafted from the news"
    row = at.session_state["lm.participants"][0]
    assert row["name"] == "Li Wei"
    assert at.text_input(key=f"lm.p.{row['rid']}.title").value == "CEO"
    assert at.text_input(key="lm.new_topics").value == "Data security"
    at.button(key="lm_save").click().run()
    assert any("Saved" in s.value for s in at.success), at.session_state["lm.errors"]


def test_viewer_cannot_save(database_url, session, taxonomy):
    """Issue 14 item 12: a viewer is not shown the form (a disabled Save before), only the role
    it needs."""
    at = app_at_address("viewer", "log-meeting")
    assert not at.exception
    assert not [b for b in at.button if b.key == "lm_save"]
    assert "needs the editor role" in at.warning[0].value


def test_large_directory_pickers_offer_the_meetings_and_the_searched_organisations(
    database_url, session, taxonomy, monkeypatch
):
    monkeypatch.setattr("dashboards.meeting_sections.SMALL_DIRECTORY", 1)
    for name, aliases in (("Acme", []), ("Globex", []), ("Fujian Provincial Government", ["福建省政府"])):
        organisations.create_organisation(
            session=session, actor=EDITOR, data={"name": name, "aliases": aliases}
        )
    at = open_page(EDITOR, PAGE)
    assert at.selectbox(key="lm.newperson.org").options == ["—"]
    at.text_input(key="lm.newperson.org_q").input("福建省").run()
    assert at.selectbox(key="lm.newperson.org").options == ["—", "Fujian Provincial Government"]
    at.text_input(key="lm.org_q").input("glob").run()
    assert at.multiselect(key="lm.orgs_extra").options == ["Globex"]
    at.multiselect(key="lm.orgs_extra").set_value(
        [organisations.get_by_name(session=session, name="Globex").id]
    )
    at.text_input(key="lm.org_q").input("").run()
    assert at.multiselect(key="lm.orgs_extra").value == [
        organisations.get_by_name(session=session, name="Globex").id
    ]
    at.button(key="lm.add_pledge").click().run()
    rid = _rids(at, "pledges")[0]
    assert at.selectbox(key=f"lm.g.{rid}.org").options == ["—", "Globex"]  # the meeting's organisations


def test_a_json_draft_of_the_reference_meeting_saves_as_the_reference(
    database_url, session, tmp_path, sqlite_template, monkeypatch
):
    """The news-ingest hand-off: a ``MeetingCreate`` dumped as JSON opens the form, saving stores it."""
    captured = {}
    with monkeypatch.context() as patched:
        patched.setattr(
            "seed_data.reference.meetings.create_meeting",
            lambda *, session, actor, data: captured.setdefault("data", data),
        )
        load_reference(session)  # organisations, people and the event, but not the meeting
    at = open_page(EDITOR, PAGE)
    at.session_state["meeting_draft"] = captured["data"].model_dump(mode="json")
    at.run()
    assert not at.exception
    assert any("Opened with a draft" in i.value for i in at.info)
    assert len(at.session_state["lm.pledges"]) == 14
    at.button(key="lm_save").click().run()
    assert any("Saved" in s.value for s in at.success), at.session_state["lm.errors"]

    expected_path = tmp_path / "reference.db"
    shutil.copy(sqlite_template, expected_path)
    expected_engine = tracker_db.make_engine(f"sqlite:///{expected_path}")
    with tracker_db.session_scope(expected_engine) as other:
        load_reference(other)
        expected = stored_world(other)
    expected_engine.dispose()
    session.rollback()
    assert stored_world(session) == expected


def test_typing_survives_a_visit_to_another_page(database_url, session, taxonomy):
    at = open_page(EDITOR, PAGE)
    type_into(at, "lm.title", "Half-typed meeting")
    type_into(at, "lm.summary", "Notes so far")
    at.run()
    at.switch_page("views/meetings.py").run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert at.text_input(key="lm.title").value == "Half-typed meeting"
    assert at.text_area(key="lm.summary").value == "Notes so far"


def test_the_area_picker_finds_an_area_by_what_people_call_it(database_url, session, taxonomy):
    at = open_page(EDITOR, PAGE)
    at.button(key="lm.add_pledge").click().run()
    rid = _rids(at, "pledges")[0]
    options = at.selectbox(key=f"lm.g.{rid}.area").options

    def found(typed: str) -> list[str]:  # the picker's search runs over each option's label
        return [label.split(" · ")[0] for label in options if typed.casefold() in label.casefold()]

    assert found("cloud") == ["Digital economy › Digital infrastructure"]
    assert found("云计算") == ["Digital economy › Digital infrastructure"]
    assert found("大数据") == ["Digital government › Data sharing and security"]
    assert found("智慧城市") == ["Digital economy › Smart city"]
