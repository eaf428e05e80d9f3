"""Organisation writes: create with aliases, update, delete, and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tracker.models import (
    AgreementCreate,
    AgreementParty,
    AgreementPartyIn,
    Organisation,
    OrganisationAlias,
    OrganisationCreate,
    OrganisationKind,
    OrganisationUpdate,
    Pledge,
    PledgeCreate,
    Side,
)
from tracker.services import agreements, organisations, pledges


def test_create_cleans_names_and_aliases_and_is_audited(session, editor):
    org = organisations.create_organisation(session=session, actor=editor, data=OrganisationCreate(
        name="  Tencent\u3000 Holdings ", local_name="腾讯", kind="private_enterprise",
        website="https://www.tencent.com",
        aliases=["Tencent", " tencent ", "", "Tencent Holdings", "腾讯控股"]))
    assert org.name == "Tencent Holdings"
    assert org.kind is OrganisationKind.PRIVATE_ENTERPRISE
    # Blank and repeated aliases are dropped, and so is one equal to the organisation's own name.
    assert organisations.get_by_name(session=session, name="腾讯控股").id == org.id
    assert organisations.get_by_name(session=session, name="TENCENT").id == org.id
    event = assert_audited(session, entity="organisation", entity_id=org.id, action="create",
                           actor="edith")
    assert event.before is None
    assert event.after["name"] == "Tencent Holdings"
    assert event.after["kind"] == "private_enterprise"
    assert event.after["aliases"] == ["Tencent", "腾讯控股"]


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"name": "   "}, "name", "must not be empty"),
    ({"name": "x" * 201}, "name", "200"),
    ({"kind": "company"}, "kind", "government_body"),
    ({"website": "www.example.com"}, "website", "http"),
    ({"local_name": "名" * 201}, "local_name", "at most 200"),
    ({"aliases": ["a" * 201]}, "aliases", "longer than 200"),
    ({"parent_id": 999}, "parent_id", "does not exist"),
])
def test_create_refuses_invalid_input_with_a_field_message(session, editor, fields, field, fragment):
    with nothing_changes(session, Organisation, OrganisationAlias), \
            pytest.raises(ValidationError) as caught:
        organisations.create_organisation(session=session, actor=editor, data={
            "name": "Ministry of Commerce", "kind": "government_body", **fields})
    assert fragment in caught.value.errors[field]


def test_update_changes_fields_and_aliases_with_before_and_after(session, editor):
    parent = make_organisation(session, name="Fujian Provincial People's Government",
                               kind=OrganisationKind.GOVERNMENT_BODY)
    org = make_organisation(session, name="Fujian Big Data Office", aliases=["Big Data Office"])
    updated = organisations.update_organisation(
        session=session, actor=editor, organisation_id=org.id, data=OrganisationUpdate(
            name="Fujian Digital Office", kind=OrganisationKind.GOVERNMENT_BODY, parent_id=parent.id,
            aliases=["Digital Fujian Office"]))
    assert (updated.name, updated.parent_id) == ("Fujian Digital Office", parent.id)
    assert organisations.get_by_name(session=session, name="Big Data Office") is None
    event = assert_audited(session, entity="organisation", entity_id=org.id, action="update")
    assert event.before["name"] == "Fujian Big Data Office"
    assert event.before["aliases"] == ["Big Data Office"]
    assert event.after["name"] == "Fujian Digital Office"
    assert event.after["kind"] == "government_body"
    assert event.after["aliases"] == ["Digital Fujian Office"]


@pytest.mark.parametrize("case", ["own_parent", "cycle", "blank_name"])
def test_update_refuses_a_cycle_or_a_blank_name(session, editor, case):
    top = make_organisation(session, name="Province", kind=OrganisationKind.GOVERNMENT_BODY)
    child = make_organisation(session, name="Department", kind=OrganisationKind.GOVERNMENT_BODY,
                              parent_id=top.id)
    target, data, field = {
        "own_parent": (top, {"parent_id": top.id}, "parent_id"),
        "cycle": (top, {"parent_id": child.id}, "parent_id"),
        "blank_name": (child, {"name": None}, "name"),
    }[case]
    with nothing_changes(session, Organisation), pytest.raises(ValidationError) as caught:
        organisations.update_organisation(session=session, actor=editor, organisation_id=target.id,
                                          data=OrganisationUpdate(**data))
    assert field in caught.value.errors
    session.expire_all()
    assert (session.get(Organisation, top.id).parent_id, session.get(Organisation, child.id).name) \
        == (None, "Department")


def test_delete_archives_and_purge_removes_aliases(session, editor, admin):
    org = make_organisation(session, name="Short-lived Ltd", aliases=["SL"])
    organisations.delete_organisation(session=session, actor=editor, organisation_id=org.id)
    session.expire_all()
    assert session.get(Organisation, org.id).archived_by == "edith"
    archived = assert_audited(session, entity="organisation", entity_id=org.id, action="delete")
    assert archived.after["archived_at"]
    organisations.purge_organisation(session=session, actor=admin, organisation_id=org.id, confirm=True)
    session.expire_all()
    assert session.get(Organisation, org.id) is None
    assert organisations.get_by_name(session=session, name="SL") is None
    event = assert_audited(session, entity="organisation", entity_id=org.id, action="delete")
    assert event.before["name"] == "Short-lived Ltd" and event.after is None


@pytest.mark.parametrize("record", ["meetings", "pledges", "agreements"])
def test_delete_refuses_an_organisation_other_records_refer_to(session, editor, world, record):
    if record == "meetings":
        make_meeting(session, people_and_orgs=[(world.executive, world.company, Side.ENTERPRISE)])
    elif record == "pledges":
        pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id, made_on=dt.date(2019, 5, 7)))
    else:
        agreements.create_agreement(session=session, actor=SYSTEM_ACTOR, data=AgreementCreate(
            title="MoU", parties=[AgreementPartyIn(organisation_id=world.company.id)]))
    with nothing_changes(session, Organisation, Pledge, AgreementParty), \
            pytest.raises(Conflict, match=f"appears in {record}; merge"):
        organisations.delete_organisation(session=session, actor=editor, organisation_id=world.company.id)


@pytest.mark.parametrize("write", ["create", "update", "delete"])
def test_viewer_may_not_write(session, viewer, write):
    org = make_organisation(session, name="Tencent")
    calls = {
        "create": lambda: organisations.create_organisation(
            session=session, actor=viewer, data=OrganisationCreate(name="ByteDance")),
        "update": lambda: organisations.update_organisation(
            session=session, actor=viewer, organisation_id=org.id, data=OrganisationUpdate(name="X")),
        "delete": lambda: organisations.delete_organisation(
            session=session, actor=viewer, organisation_id=org.id),
    }
    with nothing_changes(session, Organisation), pytest.raises(PermissionDenied, match="viewer"):
        calls[write]()
    session.expire_all()
    assert session.get(Organisation, org.id).name == "Tencent"


@pytest.mark.parametrize("write", ["update", "delete"])
def test_missing_organisation_is_not_found(session, editor, write):
    with nothing_changes(session, Organisation), pytest.raises(NotFound, match="No organisation with id 404"):
        if write == "update":
            organisations.update_organisation(session=session, actor=editor, organisation_id=404,
                                              data=OrganisationUpdate(name="X"))
        else:
            organisations.delete_organisation(session=session, actor=editor, organisation_id=404)


def test_full_width_forms_from_chinese_sources_are_folded(session, editor):
    org = organisations.create_organisation(session=session, actor=editor, data=OrganisationCreate(
        name="ＳｅｎｓｅＴｉｍｅ（Ｆｕｊｉａｎ）", local_name="商汤科技（福建）"))
    assert (org.name, org.local_name) == ("SenseTime(Fujian)", "商汤科技(福建)")
