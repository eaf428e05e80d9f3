"""Follow-up actions, My work and enterprise importance: the services' rules (attached to exactly
one item, owners cleared for it, done dates), clearance following the item, what "mine" means."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import (
    ActionCreate,
    ActionUpdate,
    Confidentiality,
    FollowUpAction,
    ImportanceSet,
    MeetingStatus,
    OrganisationImportance,
    OrganisationKind,
    PledgeCreate,
    Role,
    Side,
    UserCreate,
    UserUpdate,
)
from tracker.queries.filters import Filters
from tracker.queries.my_work import actions_on, my_actions, my_meetings, my_silent_pledges, my_work_counts
from tracker.services import actions, importance, pledges, users

TODAY = dt.date.today()


def make_user(session, username: str, *, role=Role.EDITOR, clearance=Confidentiality.INTERNAL, **changes):
    user = users.create_user(
        session=session,
        actor=SYSTEM_ACTOR,
        data=UserCreate(username=username, role=role, clearance=clearance, password="long-enough-pw"),
    )
    if changes:
        user = users.update_user(
            session=session, actor=SYSTEM_ACTOR, user_id=user.id, data=UserUpdate(**changes)
        )
    return user


def acting(user) -> Actor:
    return Actor.from_user(user)


def test_an_action_is_created_on_one_item_and_audited(session, world):
    owner = make_user(session, "olga")
    meeting = make_meeting(session, title="Talks with SenseTime", organisation_ids=[world.company.id])
    action = actions.create_action(
        session=session,
        actor=acting(owner),
        data=ActionCreate(
            what="Send the smart-city proposal", meeting_id=meeting.id, due_on=TODAY + dt.timedelta(days=3)
        ),
    )
    assert (action.owner_id, action.status, action.created_by) == (owner.id, "open", "olga")
    assert_audited(session, entity="follow_up_action", entity_id=action.id, action="create", actor="olga")


@pytest.mark.parametrize("items", [{}, {"meeting_id": 1, "pledge_id": 1}])
def test_an_action_hangs_on_exactly_one_item(session, world, items):
    owner = make_user(session, "olga")
    with nothing_changes(session, FollowUpAction), pytest.raises(ValidationError):
        actions.create_action(session=session, actor=acting(owner), data={"what": "Call", **items})


def test_viewers_may_not_add_actions(session, world):
    viewer = make_user(session, "vera", role=Role.VIEWER)
    meeting = make_meeting(session, title="Talks", organisation_ids=[world.company.id])
    with nothing_changes(session, FollowUpAction), pytest.raises(PermissionDenied):
        actions.create_action(
            session=session, actor=acting(viewer), data=ActionCreate(what="Call them", meeting_id=meeting.id)
        )


def test_an_item_above_clearance_is_not_found_and_its_owner_must_be_cleared(session, world):
    internal = make_user(session, "ivan", clearance=Confidentiality.INTERNAL)
    secret = make_user(session, "sam", clearance=Confidentiality.SECRET)
    meeting = make_meeting(
        session,
        title="Secret talks",
        organisation_ids=[world.company.id],
        confidentiality=Confidentiality.SECRET,
    )
    with pytest.raises(NotFound):
        actions.create_action(
            session=session, actor=acting(internal), data=ActionCreate(what="Call", meeting_id=meeting.id)
        )
    with nothing_changes(session, FollowUpAction), pytest.raises(ValidationError) as refused:
        actions.create_action(
            session=session,
            actor=acting(secret),
            data=ActionCreate(what="Call", meeting_id=meeting.id, owner_id=internal.id),
        )
    assert "owner_id" in refused.value.errors
    action = actions.create_action(
        session=session, actor=acting(secret), data=ActionCreate(what="Call", meeting_id=meeting.id)
    )
    # The action follows its meeting: an internal reader sees neither, nor may change it.
    assert actions_on(session, Filters(clearance=Confidentiality.INTERNAL), meeting_id=meeting.id).empty
    assert len(actions_on(session, Filters(clearance=Confidentiality.SECRET), meeting_id=meeting.id)) == 1
    with pytest.raises(NotFound):
        actions.update_action(
            session=session,
            actor=acting(make_user(session, "ed")),
            action_id=action.id,
            data=ActionUpdate(status="done"),
        )


def test_done_gets_a_done_date_and_reopening_clears_it(session, world):
    owner = make_user(session, "olga")
    meeting = make_meeting(session, title="Talks", organisation_ids=[world.company.id])
    action = actions.create_action(
        session=session, actor=acting(owner), data=ActionCreate(what="Call", meeting_id=meeting.id)
    )
    done = actions.update_action(
        session=session,
        actor=acting(owner),
        action_id=action.id,
        data=ActionUpdate(status="done", notes="Called on Monday"),
    )
    assert (done.status, done.done_on) == ("done", TODAY)
    assert_audited(session, entity="follow_up_action", entity_id=action.id, action="update", actor="olga")
    with pytest.raises(ValidationError):
        actions.update_action(
            session=session,
            actor=acting(owner),
            action_id=action.id,
            data=ActionUpdate(done_on=TODAY + dt.timedelta(days=1)),
        )
    reopened = actions.update_action(
        session=session, actor=acting(owner), action_id=action.id, data=ActionUpdate(status="open")
    )
    assert (reopened.status, reopened.done_on) == ("open", None)


def test_my_work_lists_my_meetings_actions_and_silent_pledges(session, world):
    lin = make_user(session, "lin", person_id=world.official.id)
    logger = make_user(session, "logger")
    other = make_user(session, "other")
    soon = TODAY + dt.timedelta(days=5)
    taking_part = make_meeting(
        session,
        title="Visit to SenseTime",
        date=soon,
        status=MeetingStatus.PLANNED,
        people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)],
        organisation_ids=[world.company.id],
    )
    logged = make_meeting(
        session,
        title="Call with SenseTime",
        date=soon,
        status=MeetingStatus.PLANNED,
        organisation_ids=[world.company.id],
        actor=acting(logger),
    )
    make_meeting(
        session,
        title="Too far ahead",
        date=TODAY + dt.timedelta(days=20),
        status=MeetingStatus.PLANNED,
        people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)],
    )
    filters = Filters(clearance=Confidentiality.SECRET)
    mine = my_meetings(session, filters, user_id=lin.id)
    assert list(mine["title"]) == ["Visit to SenseTime"]
    assert (int(mine["enterprise_id"][0]), mine["enterprise"][0]) == (world.company.id, "SenseTime")
    assert list(my_meetings(session, filters, user_id=logger.id)["id"]) == [logged.id]
    assert my_meetings(session, filters, user_id=other.id).empty

    for what, due in (
        ("Overdue one", TODAY - dt.timedelta(days=2)),
        ("Due soon", TODAY + dt.timedelta(days=6)),
        ("Later", TODAY + dt.timedelta(days=7)),
    ):
        actions.create_action(
            session=session,
            actor=acting(lin),
            data=ActionCreate(what=what, meeting_id=taking_part.id, due_on=due),
        )
    listed = my_actions(session, filters, user_id=lin.id)
    assert list(zip(listed["what"], listed["overdue"], strict=True)) == [
        ("Overdue one", True),
        ("Due soon", False),
    ]
    assert listed["item"][0] == "Visit to SenseTime"

    # A pledge made at a meeting lin took part in, silent for a long time; one elsewhere, owned by
    # an action of "other"; one elsewhere, nobody's.
    old = TODAY - dt.timedelta(days=400)
    past = make_meeting(
        session,
        title="Old talks",
        date=old,
        organisation_ids=[world.company.id],
        people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)],
    )
    at_meeting = pledges.create_pledge(
        session=session,
        actor=SYSTEM_ACTOR,
        data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id, text="AI lab", meeting_id=past.id
        ),
    )
    owned = pledges.create_pledge(
        session=session,
        actor=SYSTEM_ACTOR,
        data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id, text="Data centre", made_on=old
        ),
    )
    pledges.create_pledge(
        session=session,
        actor=SYSTEM_ACTOR,
        data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id, text="Nobody's", made_on=old
        ),
    )
    actions.create_action(
        session=session,
        actor=acting(other),
        data=ActionCreate(
            what="Ask about the data centre", pledge_id=owned.id, due_on=TODAY + dt.timedelta(days=30)
        ),
    )
    assert list(my_silent_pledges(session, filters, user_id=lin.id)["id"]) == [at_meeting.id]
    assert list(my_silent_pledges(session, filters, user_id=other.id)["id"]) == [owned.id]
    assert my_work_counts(session, filters, user_id=lin.id) == {
        "meetings": 1,
        "overdue_actions": 1,
        "due_actions": 1,
        "silent_pledges": 1,
    }


def test_importance_is_set_with_a_reason_and_audited(session, world):
    editor = make_user(session, "edna")
    row = importance.set_importance(
        session=session,
        actor=acting(editor),
        organisation_id=world.company.id,
        data=ImportanceSet(importance="strategic", reason="AI anchor investor"),
    )
    assert (row.importance, row.reason, row.set_by) == ("strategic", "AI anchor investor", "edna")
    assert_audited(
        session, entity="organisation_importance", entity_id=world.company.id, action="update", actor="edna"
    )
    changed = importance.set_importance(
        session=session,
        actor=acting(editor),
        organisation_id=world.company.id,
        data=ImportanceSet(importance="routine"),
    )
    assert (changed.importance, changed.reason) == ("routine", None)
    with nothing_changes(session, OrganisationImportance), pytest.raises(ValidationError):
        importance.set_importance(
            session=session,
            actor=acting(editor),
            organisation_id=world.government.id,
            data=ImportanceSet(importance="strategic"),
        )
    viewer = make_user(session, "vic", role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        importance.set_importance(
            session=session,
            actor=acting(viewer),
            organisation_id=world.company.id,
            data=ImportanceSet(importance="important"),
        )
    hidden = make_organisation(session, name="Hidden Co", kind=OrganisationKind.FOREIGN_ENTERPRISE)
    make_meeting(
        session, title="Secret", organisation_ids=[hidden.id], confidentiality=Confidentiality.SECRET
    )
    with pytest.raises(NotFound):
        importance.set_importance(
            session=session,
            actor=acting(editor),
            organisation_id=hidden.id,
            data=ImportanceSet(importance="important"),
        )


def test_merging_two_enterprises_with_an_importance_each_keeps_the_survivors(session, world):
    """Probed: the merge repointed organisation_importance by its foreign key, and two rows for
    the survivor broke its primary key."""
    from tracker.services.merge import merge_organisations

    other = make_organisation(session, name="SenseTime Group", kind=OrganisationKind.PRIVATE_ENTERPRISE)
    for org, level in ((world.company, "strategic"), (other, "routine")):
        importance.set_importance(
            session=session, actor=SYSTEM_ACTOR, organisation_id=org.id, data=ImportanceSet(importance=level)
        )
    merge_organisations(session=session, actor=SYSTEM_ACTOR, survivor_id=world.company.id, merged_id=other.id)
    rows = session.exec(select(OrganisationImportance)).all()
    assert [(r.organisation_id, r.importance) for r in rows] == [(world.company.id, "strategic")]


def test_merging_people_moves_the_users_linked_to_the_merged_one(session, world):
    """app_user.person_id has no foreign key, so the merge must repoint it by name."""
    from tracker.models import User
    from tracker.services.merge import merge_people

    lin = make_user(session, "lin", person_id=world.executive.id)
    merge_people(
        session=session, actor=SYSTEM_ACTOR, survivor_id=world.official.id, merged_id=world.executive.id
    )
    session.expire_all()
    assert session.get(User, lin.id).person_id == world.official.id
