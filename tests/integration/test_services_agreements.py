"""Agreement writes: parties and signatories, the signing date at a meeting, clearance, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Agreement,
    AgreementCreate,
    AgreementParty,
    AgreementPartyIn,
    AgreementUpdate,
    Confidentiality,
    Meeting,
    MeetingOrganisation,
    Pledge,
    PledgeCreate,
    Side,
)
from tracker.services import agreements, pledges


def parties(world, signatories: bool = True) -> list[AgreementPartyIn]:
    return [AgreementPartyIn(organisation_id=world.government.id,
                             signatory_person_id=world.official.id if signatories else None),
            AgreementPartyIn(organisation_id=world.company.id, signatory_title="CEO")]


def make_agreement(session, world, **fields) -> Agreement:
    return agreements.create_agreement(session=session, actor=SYSTEM_ACTOR, data=AgreementCreate(
        **{"title": "Cooperation agreement", "parties": parties(world), **fields}))


def test_create_with_parties_and_value_is_audited(session, editor, world):
    agreement = agreements.create_agreement(session=session, actor=editor, data=AgreementCreate(
        title=" Strategic cooperation on smart city ", kind="strategic_cooperation_agreement",
        signed_on=dt.date(2019, 5, 7), value="120000000.50", currency="cny", parties=parties(world)))
    stored = session.exec(select(AgreementParty).where(AgreementParty.agreement_id == agreement.id)
                          .order_by(AgreementParty.id)).all()
    assert [(p.organisation_id, p.signatory_person_id) for p in stored] == [
        (world.government.id, world.official.id), (world.company.id, None)]
    audit = assert_audited(session, entity="agreement", entity_id=agreement.id, action="create",
                           actor="edith")
    assert audit.after["title"] == "Strategic cooperation on smart city"
    assert (audit.after["value"], audit.after["currency"]) == ("120000000.50", "CNY")
    assert [p["organisation_id"] for p in audit.after["parties"]] == [world.government.id, world.company.id]


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"title": ""}, "title", "must not be empty"),
    ({"title": "t" * 301}, "title", "300"),
    ({"kind": "handshake"}, "kind", "mou"),
    ({"currency": "yuan", "value": 5}, "currency", "three-letter"),
    ({"value": 5}, "currency", "give the currency"),
    ({"value": -1, "currency": "CNY"}, "value", "greater than or equal to 0"),
    ({"start_date": "2020-01-01", "end_date": "2019-01-01"}, "end_date", "cannot end before it starts"),
    ({"document_url": "file:///c:/agreement.pdf"}, "document_url", "http"),
    ({"parties": "same_twice"}, "parties", "listed twice"),
    ({"parties": "unknown_org"}, "parties.0.organisation_id", "does not exist"),
    ({"parties": "unknown_signatory"}, "parties.0.signatory_person_id", "does not exist"),
])
def test_create_refuses_invalid_input(session, editor, world, fields, field, fragment):
    special = {"same_twice": [{"organisation_id": world.company.id}] * 2,
               "unknown_org": [{"organisation_id": 999}],
               "unknown_signatory": [{"organisation_id": world.company.id, "signatory_person_id": 999}]}
    if isinstance(fields.get("parties"), str):
        fields = {**fields, "parties": special[fields["parties"]]}
    with nothing_changes(session, Agreement, AgreementParty), pytest.raises(ValidationError) as caught:
        agreements.create_agreement(session=session, actor=editor, data={"title": "MoU", **fields})
    assert fragment in caught.value.errors[field]


def test_an_agreement_attached_to_a_meeting_is_dated_that_day(session, editor, world):
    meeting = make_meeting(session, date=dt.date(2019, 5, 7),
                           people_and_orgs=[(world.executive, world.company, Side.ENTERPRISE)])
    with nothing_changes(session, Agreement), pytest.raises(ValidationError) as caught:
        make_agreement(session, world, meeting_id=meeting.id, signed_on=dt.date(2019, 5, 8))
    assert caught.value.errors == {
        "signed_on": "an agreement signed at this meeting is dated the meeting's day (2019-05-07)"}
    agreement = make_agreement(session, world, meeting_id=meeting.id)
    assert (agreement.signed_on, agreement.meeting_id) == (dt.date(2019, 5, 7), meeting.id)
    with nothing_changes(session, Agreement), pytest.raises(ValidationError) as caught:
        agreements.update_agreement(session=session, actor=editor, agreement_id=agreement.id,
                                    data=AgreementUpdate(signed_on=dt.date(2019, 5, 1)))
    assert "signed_on" in caught.value.errors


def test_attaching_to_a_missing_meeting_is_not_found(session, editor, world):
    with nothing_changes(session, Agreement), pytest.raises(NotFound, match="meeting_id"):
        make_agreement(session, world, meeting_id=404)


def test_update_replaces_parties_with_before_and_after(session, editor, world):
    agreement = make_agreement(session, world)
    agreements.update_agreement(
        session=session, actor=editor, agreement_id=agreement.id,
        data=AgreementUpdate(status="in_force", parties=[AgreementPartyIn(organisation_id=world.company.id)]))
    session.expire_all()
    assert session.get(Agreement, agreement.id).status.value == "in_force"
    audit = assert_audited(session, entity="agreement", entity_id=agreement.id, action="update")
    assert (audit.before["status"], audit.after["status"]) == ("signed", "in_force")
    assert len(audit.before["parties"]) == 2
    assert [p["organisation_id"] for p in audit.after["parties"]] == [world.company.id]


def test_delete_archives_with_its_pledges_and_purge_removes_parties(session, editor, admin, world):
    agreement = make_agreement(session, world)
    pledge = pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
        organisation_id=world.company.id, area_id=world.area.id, agreement_id=agreement.id,
        made_on=dt.date(2019, 5, 7), text="Smart city pilots"))
    agreements.delete_agreement(session=session, actor=editor, agreement_id=agreement.id)
    session.expire_all()
    stamp = session.get(Agreement, agreement.id).archived_at
    assert stamp is not None and session.get(Pledge, pledge.id).archived_at == stamp
    agreements.purge_agreement(session=session, actor=admin, agreement_id=agreement.id, confirm=True)
    session.expire_all()
    assert session.get(Agreement, agreement.id) is None
    assert not session.exec(select(AgreementParty).where(AgreementParty.agreement_id == agreement.id)).all()
    assert session.get(Pledge, pledge.id).agreement_id is None
    audit = assert_audited(session, entity="agreement", entity_id=agreement.id, action="delete")
    assert audit.before["title"] == "Cooperation agreement" and len(audit.before["parties"]) == 2


def test_an_editor_cannot_write_above_their_clearance(session, editor, world):
    with nothing_changes(session, Agreement), pytest.raises(PermissionDenied, match="Secret"):
        agreements.create_agreement(session=session, actor=editor, data=AgreementCreate(
            title="Secret annex", confidentiality=Confidentiality.SECRET))
    secret = make_agreement(session, world, confidentiality="secret")
    # one above the editor's clearance is, to them, not there (issue 12)
    with nothing_changes(session, Agreement), \
            pytest.raises(NotFound, match=f"No agreement with id {secret.id}"):
        agreements.delete_agreement(session=session, actor=editor, agreement_id=secret.id)


@pytest.mark.parametrize("write", ["create", "update", "delete"])
def test_viewer_may_not_write(session, viewer, world, write):
    agreement = make_agreement(session, world)
    with nothing_changes(session, Agreement, AgreementParty), pytest.raises(PermissionDenied, match="viewer"):
        if write == "create":
            agreements.create_agreement(session=session, actor=viewer, data=AgreementCreate(title="MoU"))
        elif write == "update":
            agreements.update_agreement(session=session, actor=viewer, agreement_id=agreement.id,
                                        data=AgreementUpdate(title="Changed"))
        else:
            agreements.delete_agreement(session=session, actor=viewer, agreement_id=agreement.id)
    session.expire_all()
    assert session.get(Agreement, agreement.id).title == "Cooperation agreement"


@pytest.mark.parametrize("write", ["update", "delete"])
def test_missing_agreement_is_not_found(session, editor, write):
    with pytest.raises(NotFound, match="No agreement with id 404"):
        if write == "update":
            agreements.update_agreement(session=session, actor=editor, agreement_id=404,
                                        data=AgreementUpdate(title="X"))
        else:
            agreements.delete_agreement(session=session, actor=editor, agreement_id=404)


def test_value_keeps_its_cents(session, world):
    agreement = make_agreement(session, world, value=Decimal("0.10"), currency="USD")
    session.expire_all()
    assert session.get(Agreement, agreement.id).value == Decimal("0.10")


def test_parties_of_an_agreement_attached_later_count_as_met_at_that_meeting(session, world):
    meeting = make_meeting(session, date=dt.date(2019, 5, 7),
                           people_and_orgs=[(world.official, world.government, Side.GOVERNMENT)])
    make_agreement(session, world, meeting_id=meeting.id)
    session.expire_all()
    present = session.exec(select(MeetingOrganisation.organisation_id, MeetingOrganisation.meeting_date)
                           .where(MeetingOrganisation.meeting_id == meeting.id)).all()
    assert sorted(present) == sorted([(world.government.id, meeting.date), (world.company.id, meeting.date)])
    assert "sensetime" in session.get(Meeting, meeting.id).search_text
    agreement = session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).one()
    other = make_organisation(session, name="Tencent")
    agreements.update_agreement(session=session, actor=SYSTEM_ACTOR, agreement_id=agreement.id,
                                data=AgreementUpdate(parties=[AgreementPartyIn(organisation_id=other.id)]))
    session.expire_all()
    assert "tencent" in session.get(Meeting, meeting.id).search_text
