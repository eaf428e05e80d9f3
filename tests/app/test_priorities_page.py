"""Importance on the enterprise profile (set with a reason), the briefing's points to raise added
as actions, and the Relationships page's importance filter and importance × health matrix."""

import datetime as dt

import pytest
from sqlmodel import select

from tests.app.helpers import app_on_page, ensure_user
from tests.factories import make_meeting, make_organisation
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import FollowUpAction, ImportanceSet, OrganisationImportance, PledgeCreate
from tracker.services.areas import create_area
from tracker.services.importance import set_importance
from tracker.services.pledges import create_pledge

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


def _neglected_company(session):
    """An enterprise met long ago with a pledge silent since: neglected, with a point to raise."""
    from tracker.models import CooperationAreaCreate

    org = make_organisation(session, name="Harbour Robotics")
    old = dt.date.today() - dt.timedelta(days=400)
    make_meeting(session, title="Old talks", date=old, organisation_ids=[org.id])
    area = create_area(session=session, actor=SYSTEM_ACTOR, data=CooperationAreaCreate(name="Robotics"))
    create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
        organisation_id=org.id, area_id=area.id, text="Open a plant", made_on=old))
    return org


def test_importance_is_set_on_the_profile_and_a_point_becomes_an_action(database_url, session):
    org = _neglected_company(session)
    actor = ensure_user("editor", clearance="secret")
    at = app_on_page(actor, "views/enterprise_profile.py", id=str(org.id))
    assert not at.exception
    assert any("Importance: not set." in c.value for c in at.caption)
    at.radio(key=f"importance_{org.id}").set_value("strategic")
    at.text_area(key=f"importance_reason_{org.id}").input("Anchor investor in robotics")
    at.button(key=f"importance_save_{org.id}").click().run()
    assert not at.exception
    saved = session.exec(select(OrganisationImportance)).one()
    assert (saved.importance, saved.reason, saved.set_by) == ("strategic", "Anchor investor in robotics",
                                                             actor.username)
    assert "Points to raise next time" in [h.value for h in at.subheader]
    at.button[[b.label for b in at.button].index("Add action")].click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    session.rollback()  # a new snapshot: the page saved in its own session
    action = session.exec(select(FollowUpAction)).one()
    assert action.what.startswith("No news since") and action.pledge_id is not None


def test_relationships_filters_by_importance_and_marks_strategic_in_poor_health(database_url, session):
    org = _neglected_company(session)
    make_organisation(session, name="Quiet Routine Co")
    set_importance(session=session, actor=SYSTEM_ACTOR, organisation_id=org.id,
                   data=ImportanceSet(importance="strategic", reason="anchor"))
    actor = ensure_user("viewer", clearance="secret")
    at = app_on_page(actor, "views/relationships.py")
    assert not at.exception
    assert "Importance and health" in [h.value for h in at.subheader]
    assert any("Strategic enterprises in poor health: Harbour Robotics" in e.value for e in at.error)
    at.multiselect(key="rel_importance").set_value(["routine"]).run()
    assert not at.exception
    assert any("No enterprises" in i.value for i in at.info)
