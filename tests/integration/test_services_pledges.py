"""Pledge writes and dated progress updates: status history, dates in order, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Confidentiality,
    MeetingOrganisation,
    Pledge,
    PledgeCreate,
    PledgeProgress,
    PledgeProgressCreate,
    PledgeStatus,
    PledgeUpdate,
    Side,
)
from tracker.services import pledges

MADE_ON = dt.date(2019, 5, 7)


def make_pledge(session, world, **fields) -> Pledge:
    return pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(**{
        "organisation_id": world.company.id, "area_id": world.area.id, "made_on": MADE_ON,
        "text": "Apply intelligent city management technology in Fujian", **fields}))


def test_create_is_audited(session, editor, world):
    pledge = pledges.create_pledge(session=session, actor=editor, data=PledgeCreate(
        organisation_id=world.company.id, area_id=world.area.id, text="  Smart city pilots in Fuzhou\n",
        target_date=dt.date(2020, 12, 31), made_on=MADE_ON))
    assert (pledge.text, pledge.status) == ("Smart city pilots in Fuzhou", PledgeStatus.PLEDGED)
    audit = assert_audited(session, entity="pledge", entity_id=pledge.id, action="create", actor="edith")
    assert audit.after["organisation_id"] == world.company.id
    assert (audit.after["made_on"], audit.after["target_date"], audit.after["status"]) == (
        "2019-05-07", "2020-12-31", "pledged")


def test_a_pledge_made_at_a_meeting_takes_its_date_and_level(session, world):
    meeting = make_meeting(session, date=MADE_ON, confidentiality=Confidentiality.CONFIDENTIAL,
                           people_and_orgs=[(world.executive, world.company, Side.ENTERPRISE)])
    pledge = make_pledge(session, world, meeting_id=meeting.id, made_on=None)
    assert (pledge.made_on, pledge.confidentiality) == (MADE_ON, Confidentiality.CONFIDENTIAL)


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"organisation_id": 999}, "organisation_id", "does not exist"),
    ({"area_id": 999}, "area_id", "choose a cooperation area"),
    ({"status": "forgotten"}, "status", "delivered"),
    ({"text": "t" * 20_001}, "text", "at most 20000"),
    ({"confidentiality": "classified"}, "confidentiality", "public, internal"),
])
def test_create_refuses_invalid_input(session, editor, world, fields, field, fragment):
    with nothing_changes(session, Pledge), pytest.raises(ValidationError) as caught:
        pledges.create_pledge(session=session, actor=editor, data={
            "organisation_id": world.company.id, "area_id": world.area.id, **fields})
    assert fragment in caught.value.errors[field]


@pytest.mark.parametrize("link", ["meeting_id", "agreement_id"])
def test_a_missing_meeting_or_agreement_is_not_found(session, editor, world, link):
    with nothing_changes(session, Pledge), pytest.raises(NotFound, match=link):
        make_pledge(session, world, **{link: 404})


def test_update_is_audited_and_refuses_emptying_required_fields(session, editor, world):
    pledge = make_pledge(session, world)
    pledges.update_pledge(session=session, actor=editor, pledge_id=pledge.id, data=PledgeUpdate(
        status=PledgeStatus.IN_PROGRESS, target_date=dt.date(2021, 6, 30)))
    audit = assert_audited(session, entity="pledge", entity_id=pledge.id, action="update")
    assert (audit.before["status"], audit.after["status"]) == ("pledged", "in_progress")
    assert (audit.before["target_date"], audit.after["target_date"]) == (None, "2021-06-30")
    for field in ("status", "area_id"):
        with nothing_changes(session, Pledge), pytest.raises(ValidationError) as caught:
            pledges.update_pledge(session=session, actor=editor, pledge_id=pledge.id, data={field: None})
        assert caught.value.errors == {field: "must not be empty"}
    session.expire_all()
    assert session.get(Pledge, pledge.id).status is PledgeStatus.IN_PROGRESS


def test_progress_updates_move_the_status_and_the_latest_date(session, editor, world):
    pledge = make_pledge(session, world)
    update = pledges.create_pledge_update(session=session, actor=editor, pledge_id=pledge.id, data=(
        PledgeProgressCreate(on=dt.date(2020, 3, 1), note="Pilot started in Fuzhou",
                             status=PledgeStatus.IN_PROGRESS)))
    pledges.create_pledge_update(session=session, actor=editor, pledge_id=pledge.id,
                                 data=PledgeProgressCreate(on=dt.date(2019, 9, 1), note="Site visit"))
    session.expire_all()
    stored = session.get(Pledge, pledge.id)
    assert (stored.status, stored.last_update_on) == (PledgeStatus.IN_PROGRESS, dt.date(2020, 3, 1))
    assert session.get(PledgeProgress, update.id).created_by == "edith"
    audit = assert_audited(session, entity="pledge_update", entity_id=update.id, action="create")
    assert (audit.before["status"], audit.after["status"]) == ("pledged", "in_progress")
    assert audit.after["update"]["note"] == "Pilot started in Fuzhou"


@pytest.mark.parametrize(("data", "fragment"), [
    ({"on": dt.date.today() + dt.timedelta(days=1), "note": "x"}, "cannot be dated in the future"),
    ({"on": MADE_ON - dt.timedelta(days=1), "note": "x"}, "the pledge was made on 2019-05-07"),
    ({"on": MADE_ON, "note": "   "}, "write what happened or choose a new status"),
])
def test_progress_update_refusals(session, editor, world, data, fragment):
    pledge = make_pledge(session, world)
    with nothing_changes(session, PledgeProgress), pytest.raises(ValidationError) as caught:
        pledges.create_pledge_update(session=session, actor=editor, pledge_id=pledge.id, data=data)
    assert fragment in caught.value.errors[next(iter(caught.value.errors))]
    assert session.get(Pledge, pledge.id).last_update_on is None


def test_delete_archives_and_purge_removes_progress_updates(session, editor, admin, world):
    pledge = make_pledge(session, world)
    pledges.create_pledge_update(session=session, actor=editor, pledge_id=pledge.id,
                                 data=PledgeProgressCreate(on=MADE_ON, status=PledgeStatus.DELIVERED))
    pledges.delete_pledge(session=session, actor=editor, pledge_id=pledge.id)
    session.expire_all()
    assert session.get(Pledge, pledge.id).archived_at is not None
    assert session.exec(select(PledgeProgress).where(PledgeProgress.pledge_id == pledge.id)).all()
    pledges.purge_pledge(session=session, actor=admin, pledge_id=pledge.id, confirm=True)
    session.expire_all()
    assert session.get(Pledge, pledge.id) is None
    assert not session.exec(select(PledgeProgress).where(PledgeProgress.pledge_id == pledge.id)).all()
    audit = assert_audited(session, entity="pledge", entity_id=pledge.id, action="delete")
    assert audit.before["status"] == "delivered"


@pytest.mark.parametrize("write", ["create", "update", "delete", "progress"])
def test_viewer_may_not_write(session, viewer, world, write):
    pledge = make_pledge(session, world)
    calls = {
        "create": lambda: pledges.create_pledge(session=session, actor=viewer, data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id)),
        "update": lambda: pledges.update_pledge(session=session, actor=viewer, pledge_id=pledge.id,
                                                data=PledgeUpdate(status=PledgeStatus.DELIVERED)),
        "delete": lambda: pledges.delete_pledge(session=session, actor=viewer, pledge_id=pledge.id),
        "progress": lambda: pledges.create_pledge_update(
            session=session, actor=viewer, pledge_id=pledge.id,
            data=PledgeProgressCreate(on=MADE_ON, status=PledgeStatus.DELIVERED)),
    }
    with nothing_changes(session, Pledge, PledgeProgress), pytest.raises(PermissionDenied, match="viewer"):
        calls[write]()
    session.expire_all()
    assert session.get(Pledge, pledge.id).status is PledgeStatus.PLEDGED


def test_an_editor_cannot_touch_a_secret_pledge(session, editor, world):
    secret = make_pledge(session, world, confidentiality="secret")
    # one above the editor's clearance is, to them, not there (issue 12)
    with nothing_changes(session, Pledge, PledgeProgress), pytest.raises(NotFound, match="No pledge with id"):
        pledges.create_pledge_update(session=session, actor=editor, pledge_id=secret.id,
                                     data=PledgeProgressCreate(on=MADE_ON, note="seen"))


@pytest.mark.parametrize("write", ["update", "delete", "progress"])
def test_missing_pledge_is_not_found(session, editor, write):
    with pytest.raises(NotFound, match="No pledge with id 404"):
        if write == "update":
            pledges.update_pledge(session=session, actor=editor, pledge_id=404, data=PledgeUpdate(text="x"))
        elif write == "delete":
            pledges.delete_pledge(session=session, actor=editor, pledge_id=404)
        else:
            pledges.create_pledge_update(session=session, actor=editor, pledge_id=404,
                                         data=PledgeProgressCreate(on=MADE_ON, note="x"))


def test_an_organisation_pledging_at_a_meeting_later_counts_as_met_there(session, world):
    meeting = make_meeting(session, date=MADE_ON,
                           people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)])
    pledge = make_pledge(session, world, meeting_id=meeting.id, made_on=None)

    def present() -> list[int]:
        session.expire_all()
        return sorted(session.exec(select(MeetingOrganisation.organisation_id)
                                   .where(MeetingOrganisation.meeting_id == meeting.id)).all())

    assert present() == sorted([world.government.id, world.company.id])
    other = make_organisation(session, name="Tencent")
    pledges.update_pledge(session=session, actor=SYSTEM_ACTOR, pledge_id=pledge.id,
                          data=PledgeUpdate(organisation_id=other.id))
    assert other.id in present()
