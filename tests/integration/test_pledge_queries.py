"""The pledge follow-up list: overdue, silent, filters, clearance, and the pledge record."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_organisation
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import Confidentiality, PledgeCreate, PledgeProgressCreate, PledgeStatus
from tracker.queries.filters import Filters
from tracker.queries.pledges import FollowUp, area_choices, pledge_counts, pledge_follow_up, pledge_record
from tracker.services import areas, pledges
from tracker.taxonomy import ensure_default_taxonomy

TODAY = dt.date.today()
ALL = Filters(clearance=Confidentiality.SECRET)


@pytest.fixture
def book(session):
    """Four pledges: late, silent, delivered-but-late-target, and fresh; one of them secret."""
    ensure_default_taxonomy(session)
    egov = areas.get_by_name(session=session, name="E-government")
    ai = areas.get_by_name(session=session, name="AI R&D")
    tencent = make_organisation(session, name="Tencent")
    sensetime = make_organisation(session, name="SenseTime")

    def pledge(org, area, text, made_on, target=None, level=Confidentiality.INTERNAL):
        return pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
            organisation_id=org.id, area_id=area.id, text=text, made_on=made_on, target_date=target,
            confidentiality=level))

    late = pledge(tencent, egov, "E-government platform", TODAY - dt.timedelta(days=400),
                  TODAY - dt.timedelta(days=10))
    pledges.create_pledge_update(session=session, actor=SYSTEM_ACTOR, pledge_id=late.id,
                                 data=PledgeProgressCreate(on=TODAY - dt.timedelta(days=5),
                                                           note="Pilot running",
                                                           status=PledgeStatus.IN_PROGRESS))
    silent = pledge(tencent, ai, "AI lab", TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=90))
    done = pledge(sensetime, ai, "Vision centre", TODAY - dt.timedelta(days=300),
                  TODAY - dt.timedelta(days=30))
    pledges.update_pledge(session=session, actor=SYSTEM_ACTOR, pledge_id=done.id,
                          data={"status": "delivered"})
    secret = pledge(sensetime, egov, "Secret plan", TODAY - dt.timedelta(days=10),
                    level=Confidentiality.SECRET)
    return {"late": late.id, "silent": silent.id, "done": done.id, "secret": secret.id,
            "tencent": tencent.id, "ai": ai.id, "digital_economy": ai.parent_id}


def _ids(frame) -> set[int]:
    return set(frame["id"])


def test_overdue_and_silent_flags(session, book):
    frame, total = pledge_follow_up(session, ALL)
    assert total == 4
    rows = frame.set_index("id")
    assert rows.loc[book["late"], "overdue"] and not rows.loc[book["late"], "silent"]
    assert rows.loc[book["late"], "days_since_update"] == 5
    assert rows.loc[book["silent"], "silent"] and not rows.loc[book["silent"], "overdue"]
    assert rows.loc[book["silent"], "days_since_update"] == 200
    assert not rows.loc[book["done"], "overdue"]
    assert frame.iloc[0]["id"] == book["late"]  # late ones first


def test_filters_narrow_the_list(session, book):
    assert _ids(pledge_follow_up(session, ALL, FollowUp(overdue_only=True))[0]) == {book["late"]}
    assert _ids(pledge_follow_up(session, ALL, FollowUp(silent_only=True))[0]) == {book["silent"]}
    assert _ids(pledge_follow_up(session, ALL, FollowUp(statuses=("delivered",)))[0]) == {book["done"]}
    by_org = Filters(clearance=3, organisation_ids=(book["tencent"],))
    assert _ids(pledge_follow_up(session, by_org)[0]) == {book["late"], book["silent"]}
    by_parent_area = Filters(clearance=3, area_ids=(book["digital_economy"],))
    assert _ids(pledge_follow_up(session, by_parent_area)[0]) == {book["silent"], book["done"]}
    assert _ids(pledge_follow_up(session, ALL, FollowUp(search="vision"))[0]) == {book["done"]}


def test_clearance_hides_pledges(session, book):
    internal = Filters(clearance=Confidentiality.INTERNAL)
    frame, total = pledge_follow_up(session, internal)
    assert book["secret"] not in _ids(frame) and total == 3
    assert pledge_record(session, internal, book["secret"]) is None
    assert pledge_counts(session, internal) == {"open": 2, "overdue": 1, "silent": 1, "delivered": 1}
    assert pledge_counts(session, ALL)["open"] == 3


def test_pledge_record_has_history(session, book):
    record = pledge_record(session, ALL, book["late"])
    assert record["organisation"] == "Tencent" and record["status"] == "in_progress"
    assert record["overdue"] and not record["silent"]
    assert list(record["updates"]["note"]) == ["Pilot running"]
    assert "E-government" in " ".join(area_choices(session)["name"])


def test_empty_database(session):
    frame, total = pledge_follow_up(session, ALL)
    assert frame.empty and total == 0
    assert pledge_counts(session, ALL)["open"] == 0
