"""The duplicate check before a meeting is saved (issue 14 item 2): a meeting within a day of the
date that shares a person or an organisation, never one above the reader's clearance."""

import datetime as dt

from tests.factories import make_meeting, make_organisation, make_person
from tracker.models import Confidentiality, OrganisationKind, Side
from tracker.queries.meeting_duplicates import Probe, duplicate_candidates, meeting_duplicates

DAY = dt.date(2024, 5, 6)


def _world(session):
    org = make_organisation(session, name="Ningde Battery Co")
    other_org = make_organisation(session, name="Xiamen Port Group")
    person = make_person(session, name="Zeng Yuqun", organisation=org)
    stranger = make_person(session, name="Chen Ping", organisation=other_org)
    held = make_meeting(session, title="Talks on battery plant", date=DAY,
                        people_and_orgs=[(person, org, Side.ENTERPRISE)])
    return org, other_org, person, stranger, held


def _ids(frame) -> list[int]:
    return [int(i) for i in frame["id"]]


def test_a_shared_person_on_the_same_day_or_a_day_apart_is_a_candidate(session, admin):
    org, _other, person, _stranger, held = _world(session)
    for offset in (-1, 0, 1):
        frame = meeting_duplicates(session, Probe.of(DAY + dt.timedelta(days=offset), [person.id]),
                                   clearance=admin.clearance)
        assert _ids(frame) == [held.id], offset
        assert frame.iloc[0]["shared_people"] == ["Zeng Yuqun"]
        assert frame.iloc[0]["title"] == "Talks on battery plant"
    for offset in (-2, 2):
        frame = meeting_duplicates(session, Probe.of(DAY + dt.timedelta(days=offset), [person.id]),
                                   clearance=admin.clearance)
        assert frame.empty, offset


def test_a_shared_organisation_alone_is_enough_and_nothing_shared_is_no_candidate(session, admin):
    org, other_org, _person, stranger, held = _world(session)
    frame = meeting_duplicates(session, Probe.of(DAY, [], [org.id]), clearance=admin.clearance)
    assert _ids(frame) == [held.id]
    assert frame.iloc[0]["shared_organisations"] == ["Ningde Battery Co"]
    assert frame.iloc[0]["shared_people"] == []
    assert meeting_duplicates(session, Probe.of(DAY, [stranger.id], [other_org.id]),
                              clearance=admin.clearance).empty
    assert meeting_duplicates(session, Probe.of(DAY), clearance=admin.clearance).empty


def test_a_government_body_alone_is_no_evidence(session, admin):
    government = make_organisation(session, name="Fujian Provincial People's Government",
                                   kind=OrganisationKind.GOVERNMENT_BODY)
    governor = make_person(session, name="Tang Dengjie", organisation=government)
    held = make_meeting(session, title="Governor meets investors", date=DAY,
                        people_and_orgs=[(governor, government, Side.GOVERNMENT)])
    assert meeting_duplicates(session, Probe.of(DAY, [], [government.id]), clearance=admin.clearance).empty
    frame = meeting_duplicates(session, Probe.of(DAY, [governor.id], [government.id]),
                               clearance=admin.clearance)
    assert _ids(frame) == [held.id]
    assert frame.iloc[0]["shared_people"] == ["Tang Dengjie"]
    assert frame.iloc[0]["shared_organisations"] == []


def test_a_meeting_above_the_readers_clearance_is_never_a_candidate(session, admin, viewer):
    org, _other, person, _stranger, held = _world(session)
    secret = make_meeting(session, title="Closed-door talks", date=DAY,
                          confidentiality=Confidentiality.SECRET,
                          people_and_orgs=[(person, org, Side.ENTERPRISE)])
    probe = Probe.of(DAY, [person.id], [org.id])
    assert viewer.clearance == Confidentiality.INTERNAL
    seen = meeting_duplicates(session, probe, clearance=viewer.clearance)
    assert _ids(seen) == [held.id]
    assert "Closed-door talks" not in seen.to_csv()
    assert sorted(_ids(meeting_duplicates(session, probe, clearance=admin.clearance))) == \
        sorted([held.id, secret.id])


def test_more_shared_records_first_and_the_meeting_being_edited_is_left_out(session, admin):
    org, _other, person, _stranger, held = _world(session)
    org_only = make_meeting(session, title="Port visit", date=DAY + dt.timedelta(days=1),
                            organisation_ids=[org.id])
    probe = Probe.of(DAY, [person.id], [org.id])
    assert _ids(meeting_duplicates(session, probe, clearance=admin.clearance)) == [held.id, org_only.id]
    edited = Probe.of(DAY, [person.id], [org.id], exclude_id=held.id)
    assert _ids(meeting_duplicates(session, edited, clearance=admin.clearance)) == [org_only.id]


def test_many_probes_are_answered_in_one_call_and_stand_ins_name_nothing(session, admin):
    org, _other, person, _stranger, held = _world(session)
    probes = [Probe.of(DAY, [person.id, -1, None]), Probe.of(DAY + dt.timedelta(days=5), [person.id]),
              Probe.of(DAY - dt.timedelta(days=1), [], [org.id, -2])]
    assert probes[0].person_ids == frozenset({person.id})
    found = duplicate_candidates(session, probes, clearance=admin.clearance)
    assert [[c.id for c in candidates] for candidates in found] == [[held.id], [], [held.id]]
