"""Possible duplicates are found across scripts and aliases; merging moves every reference."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from tests.cli_helpers import run_cli
from tests.conftest import assert_audited, count_rows
from tests.factories import make_meeting, make_organisation, make_person
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import (
    AgreementCreate,
    AgreementParty,
    AgreementPartyIn,
    Meeting,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    PledgeCreate,
    Position,
    Side,
)
from tracker.queries.duplicates import (
    Record,
    _add_names,
    candidate_pairs,
    duplicate_pairs,
    find_duplicates,
)
from tracker.queries.filters import Filters
from tracker.services import agreements, areas, pledges
from tracker.services.merge import merge_organisations, merge_people
from tracker.taxonomy import ensure_default_taxonomy

SEE_ALL = Filters(clearance=3)


def _pair_ids(frame) -> set[frozenset]:
    return {frozenset((a, b)) for a, b in zip(frame["a_id"], frame["b_id"], strict=True)}


def test_ma_huateng_pony_ma_and_chinese_name_meet(session):
    english = make_person(session, name="Ma Huateng")
    alias_only = make_person(session, name="Mr Ma", aliases=["Pony Ma"])
    chinese = make_person(session, name="马化腾")
    other = make_person(session, name="Zhang Yiming", local_name="张一鸣")
    pony = make_person(session, name="Pony Ma")
    frame = duplicate_pairs(session, SEE_ALL, person=True)
    pairs = _pair_ids(frame)
    assert frozenset((english.id, chinese.id)) in pairs
    assert frozenset((alias_only.id, pony.id)) in pairs
    assert not any(other.id in pair for pair in pairs)
    row = frame[(frame.a_id == min(english.id, chinese.id)) & (frame.b_id == max(english.id, chinese.id))]
    assert row.iloc[0]["score"] == 100
    assert "马化腾" in row.iloc[0]["reason"]


def test_alias_pony_ma_meets_chinese_record_with_pinyin(session):
    alias_holder = make_person(session, name="Pony Ma", aliases=["Ma Huateng"])
    chinese = make_person(session, name="马化腾")
    typo = make_person(session, name="Ma Huatneg")
    pairs = _pair_ids(duplicate_pairs(session, SEE_ALL, person=True))
    assert frozenset((alias_holder.id, chinese.id)) in pairs
    assert frozenset((alias_holder.id, typo.id)) in pairs


def test_organisations_meet_without_legal_suffixes_and_by_pinyin(session):
    tencent = make_organisation(session, name="Tencent")
    holdings = make_organisation(session, name="Tencent Holdings Ltd")
    chinese = make_organisation(session, name="腾讯控股有限公司", local_name="腾讯控股有限公司")
    local = make_organisation(session, name="Tencent Co", local_name="腾讯")
    other = make_organisation(session, name="SenseTime")
    pairs = _pair_ids(duplicate_pairs(session, SEE_ALL, person=False))
    assert frozenset((tencent.id, holdings.id)) in pairs
    assert frozenset((chinese.id, local.id)) in pairs
    assert not any(other.id in pair for pair in pairs)


def test_blocking_scales_to_many_distinct_names_without_all_pairs():
    records = {}
    for i in range(3000):
        record = Record(id=i, name=f"Person {i}")
        _add_names(record, [f"Given{i:05d} Family{i * 7919 % 10007:05d}"], person=True)
        records[i] = record
    twin = Record(id=99999, name="twin")
    _add_names(twin, ["Given00042 Family" + f"{42 * 7919 % 10007:05d}"], person=True)
    records[twin.id] = twin
    pairs = candidate_pairs(records)
    assert len(pairs) < 3000 * 20  # far below the 4.5 million of all pairs
    found = {(a, b) for _s, a, b, _r in find_duplicates(records)}
    assert (42, 99999) in found


def test_merge_people_moves_every_reference_and_keeps_names(session, editor):
    ensure_default_taxonomy(session)
    tencent = make_organisation(session, name="Tencent")
    government = make_organisation(session, name="Fujian Government", kind=OrganisationKind.GOVERNMENT_BODY)
    survivor = make_person(session, name="Ma Huateng", organisation=tencent, title="CEO")
    merged = make_person(session, name="马化腾", organisation=tencent, title="Chairman",
                         start=dt.date(2000, 1, 1), aliases=["Pony Ma"])
    host = make_person(session, name="Tang Dengjie", organisation=government, title="Governor")
    shared = make_meeting(session, people_and_orgs=[(survivor, tencent, Side.ENTERPRISE),
                                                    (merged, tencent, Side.ENTERPRISE),
                                                    (host, government, Side.GOVERNMENT)],
                          title="Shared talk")
    only_merged = make_meeting(session, people_and_orgs=[(merged, tencent, Side.ENTERPRISE)],
                               title="Only the Chinese record", date=dt.date(2024, 4, 1))
    deal = agreements.create_agreement(session=session, actor=editor, data=AgreementCreate(
        title="Deal", parties=[AgreementPartyIn(organisation_id=tencent.id, signatory_person_id=merged.id)]))

    merge_people(session=session, actor=editor, survivor_id=survivor.id, merged_id=merged.id)

    session.expire_all()
    assert session.get(Person, merged.id) is None
    shared_rows = session.exec(select(Participation).where(Participation.meeting_id == shared.id)).all()
    assert sorted(p.person_id for p in shared_rows) == sorted([survivor.id, host.id])
    moved = session.exec(select(Participation).where(Participation.meeting_id == only_merged.id)).one()
    assert moved.person_id == survivor.id and moved.title == "Chairman"
    party = session.exec(select(AgreementParty).where(AgreementParty.agreement_id == deal.id)).one()
    assert party.signatory_person_id == survivor.id
    titles = session.exec(select(Position.title).where(Position.person_id == survivor.id)).all()
    assert sorted(titles) == ["CEO", "Chairman"]
    aliases = session.exec(select(PersonAlias.alias).where(PersonAlias.person_id == survivor.id)).all()
    assert set(aliases) == {"Pony Ma"}
    assert session.get(Person, survivor.id).local_name == "马化腾"
    assert "马化腾" in session.get(Meeting, only_merged.id).search_text
    event = assert_audited(session, entity="person", entity_id=survivor.id, action="merge", actor="edith")
    assert event.before["merged"]["name"] == "马化腾"
    assert event.after["moved"]["shared_meetings"] == 1
    assert_audited(session, entity="person", entity_id=merged.id, action="merge")


def test_merge_organisations_handles_shared_meetings_agreements_and_parents(session, editor):
    ensure_default_taxonomy(session)
    area = areas.get_by_name(session=session, name="E-government")
    survivor = make_organisation(session, name="Tencent", kind=OrganisationKind.OTHER)
    merged = make_organisation(session, name="Tencent Holdings", local_name="腾讯控股",
                               kind=OrganisationKind.PRIVATE_ENTERPRISE, sector="Internet",
                               aliases=["腾讯"])
    department = make_organisation(session, name="Tencent Cloud", parent_id=merged.id)
    person = make_person(session, name="Dowson Tong", organisation=merged, title="SVP")
    other_person = make_person(session, name="Martin Lau", organisation=survivor, title="President")
    both = make_meeting(session, people_and_orgs=[(person, merged, Side.ENTERPRISE),
                                                  (other_person, survivor, Side.ENTERPRISE)])
    deal = agreements.create_agreement(session=session, actor=editor, data=AgreementCreate(
        title="Deal", parties=[AgreementPartyIn(organisation_id=survivor.id),
                               AgreementPartyIn(organisation_id=merged.id, signatory_person_id=person.id)]))
    pledge = pledges.create_pledge(session=session, actor=editor, data=PledgeCreate(
        organisation_id=merged.id, area_id=area.id, text="Cloud services"))

    merge_organisations(session=session, actor=editor, survivor_id=survivor.id, merged_id=merged.id)

    session.expire_all()
    assert session.get(Organisation, merged.id) is None
    kept = session.get(Organisation, survivor.id)
    assert kept.kind is OrganisationKind.PRIVATE_ENTERPRISE and kept.sector == "Internet"
    assert kept.local_name == "腾讯控股"
    rows = session.exec(select(MeetingOrganisation).where(MeetingOrganisation.meeting_id == both.id)).all()
    assert [r.organisation_id for r in rows] == [survivor.id]
    assert session.exec(select(Participation.organisation_id).where(
        Participation.person_id == person.id)).one() == survivor.id
    party = session.exec(select(AgreementParty).where(AgreementParty.agreement_id == deal.id)).one()
    assert party.organisation_id == survivor.id and party.signatory_person_id == person.id
    assert session.get(Pledge, pledge.id).organisation_id == survivor.id
    assert session.get(Organisation, department.id).parent_id == survivor.id
    assert session.exec(select(Position.organisation_id).where(
        Position.person_id == person.id)).one() == survivor.id
    aliases = set(session.exec(select(OrganisationAlias.alias).where(
        OrganisationAlias.organisation_id == survivor.id)).all())
    assert aliases == {"Tencent Holdings", "腾讯"}  # 腾讯控股 is now the local name
    event = assert_audited(session, entity="organisation", entity_id=survivor.id, action="merge")
    assert event.after["moved"] == {"meetings": 1, "shared_meetings": 1, "shared_agreements": 1,
                                    "positions": 1}


def test_merge_refuses_viewers_and_self_merges(session, viewer, editor):
    a = make_person(session, name="Xu Li")
    b = make_person(session, name="徐立")
    with pytest.raises(PermissionDenied):
        merge_people(session=session, actor=viewer, survivor_id=a.id, merged_id=b.id)
    with pytest.raises(PermissionDenied):
        merge_organisations(session=session, actor=viewer, survivor_id=1, merged_id=2)
    with pytest.raises(ValidationError):
        merge_people(session=session, actor=editor, survivor_id=a.id, merged_id=a.id)
    assert count_rows(session, Person) == 2


def test_cli_lists_duplicates_and_merges(database_url, session, monkeypatch, capsys):
    english_id = make_person(session, name="Ma Huateng").id
    chinese_id = make_person(session, name="马化腾").id
    code, out, _ = run_cli(monkeypatch, capsys, "duplicates", "--json")
    assert code == 0
    pairs = json.loads(out)
    assert {pairs[0]["a_id"], pairs[0]["b_id"]} == {english_id, chinese_id}
    code, _, err = run_cli(monkeypatch, capsys, "merge", str(english_id), str(english_id))
    assert code == 2 and "two different records" in err
    code, out, _ = run_cli(monkeypatch, capsys, "merge", str(english_id), str(chinese_id))
    assert code == 0 and "Ma Huateng" in out
    session.rollback()
    assert session.get(Person, chinese_id) is None
    assert session.get(Person, english_id).local_name == "马化腾"
