"""My work (the signed-in user's meetings, actions and silent pledges), its counts on Home, and
the follow-up actions section of the meeting record."""

import datetime as dt

import pytest
from sqlmodel import select

from tests.app.helpers import app_on_page, ensure_user, signed_in_app
from tests.factories import make_meeting as _make_meeting
from tests.factories import make_organisation
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import ActionCreate, Confidentiality, FollowUpAction, MeetingStatus, User, UserUpdate
from tracker.services.actions import create_action
from tracker.services.users import update_user

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

TODAY = dt.date.today()


def make_meeting(session, **fields):
    """A meeting with Harbour Robotics (a meeting needs an organisation or a participant)."""
    from tracker.models import Organisation

    org = session.exec(
        select(Organisation).where(Organisation.name == "Harbour Robotics")
    ).first() or make_organisation(session, name="Harbour Robotics")
    return _make_meeting(session, organisation_ids=[org.id], **fields)


def _mine(session, actor, *, title="Visit to Harbour Robotics", days=3):
    """A planned meeting the actor logged, with an overdue action they own."""
    meeting = make_meeting(
        session, title=title, date=TODAY + dt.timedelta(days=days), status=MeetingStatus.PLANNED, actor=actor
    )
    create_action(
        session=session,
        actor=actor,
        data=ActionCreate(what="Send the agenda", meeting_id=meeting.id, due_on=TODAY - dt.timedelta(days=1)),
    )
    return meeting


def test_my_work_lists_my_meeting_and_overdue_action(database_url, session):
    actor = ensure_user("editor", clearance="secret")
    meeting = _mine(session, actor)
    make_meeting(
        session, title="Someone else's visit", date=TODAY + dt.timedelta(days=2), status=MeetingStatus.PLANNED
    )
    at = app_on_page(actor, "views/my_work.py")
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert (values["My meetings"], values["Actions overdue"], values["Actions due this week"]) == (
        "1",
        "1",
        "0",
    )
    meetings = at.dataframe[0].value
    assert list(meetings["title"]) == ["Visit to Harbour Robotics"]
    assert list(meetings["open"]) == [f"/meeting?id={meeting.id}"]
    overdue = at.dataframe[1].value
    assert list(overdue["text"]) == ["Send the agenda (Visit to Harbour Robotics)"]
    assert list(overdue["open"]) == [f"/meeting?id={meeting.id}"]  # the record the action is on

    at.button(key="my_done").click().run()
    assert not at.exception
    session.expire_all()
    assert session.exec(select(FollowUpAction.status)).one() == "done"


def test_home_shows_my_work_counts(database_url, session):
    at = signed_in_app("editor", clearance="secret")
    actor = ensure_user("editor", clearance="secret")
    _mine(session, actor)
    at.run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert (values["My meetings"], values["Actions overdue"]) == ("1", "1")


def test_the_meeting_record_lists_and_adds_actions(database_url, session):
    actor = ensure_user("editor", clearance="secret")
    meeting = make_meeting(session, title="Talks with Harbour Robotics")
    at = app_on_page(actor, "views/meeting_record.py", id=str(meeting.id))
    assert not at.exception
    assert "Follow-up actions" in [h.value for h in at.subheader]
    at.text_input(key="mr_actions_add_what").input("Draft the follow-up letter")
    at.button[[b.label for b in at.button].index("Add action")].click().run()
    assert not at.exception
    saved = session.exec(select(FollowUpAction)).one()
    assert (saved.what, saved.meeting_id, saved.owner_id) == (
        "Draft the follow-up letter",
        meeting.id,
        actor.user_id,
    )
    assert any("Draft the follow-up letter" in list(frame.value.get("what", [])) for frame in at.dataframe)


def test_a_viewer_sees_actions_but_no_form_and_none_above_clearance(database_url, session):
    owner = ensure_user("editor", clearance="secret")
    viewer = ensure_user("viewer", clearance="internal")
    public = make_meeting(session, title="Public talks", confidentiality=Confidentiality.PUBLIC)
    create_action(session=session, actor=owner, data=ActionCreate(what="Call them", meeting_id=public.id))
    at = app_on_page(viewer, "views/meeting_record.py", id=str(public.id))
    assert not at.exception
    assert "Add action" not in [b.label for b in at.button]
    assert any("Call them" in list(frame.value.get("what", [])) for frame in at.dataframe)
    # The viewer linked to nobody and owning nothing: My work says so calmly.
    update_user(
        session=session,
        actor=SYSTEM_ACTOR,
        user_id=session.exec(select(User.id).where(User.username == viewer.username)).one(),
        data=UserUpdate(email="v@example.org"),
    )
    at = app_on_page(viewer, "views/my_work.py")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["My meetings"] == "0"
