"""Meeting writes: logging with participants, organisations, topics, signings and pledges; the
rules a user expects; optimistic locking; delete; and the read-model copies kept in step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import assert_audited
from tests.factories import make_person
from tests.integration.conftest import nothing_changes
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tracker.models import (
    Agreement,
    AgreementParty,
    Confidentiality,
    Meeting,
    MeetingOrganisation,
    MeetingStatus,
    MeetingTopic,
    MeetingUpdate,
    Participation,
    Person,
    Pledge,
    PledgeProgress,
    PledgeProgressCreate,
    PositionCreate,
)
from tracker.services import meetings, people, pledges

DAY = dt.date(2019, 5, 7)
TOMORROW = dt.date.today() + dt.timedelta(days=1)
MEETING_TABLES = (Meeting, Participation, MeetingOrganisation, MeetingTopic, Agreement, Pledge, Person)


def meeting_input(world, **fields) -> dict:
    """A held talk between the governor and SenseTime's CEO, as a form would submit it."""
    return {"title": "Governor meets SenseTime", "date": DAY, "place": "Riverside of West Lake, Fuzhou",
            "participants": [
                {"person_id": world.official.id, "organisation_id": world.government.id,
                 "role": "host", "side": "government"},
                {"person_id": world.executive.id, "organisation_id": world.company.id,
                 "role": "guest", "side": "enterprise"}],
            "topics": ["Smart city", "Data security"], **fields}


def create(session, world, actor=SYSTEM_ACTOR, **fields) -> Meeting:
    return meetings.create_meeting(session=session, actor=actor, data=meeting_input(world, **fields))


def participations(session, meeting_id: int) -> list[Participation]:
    return session.exec(select(Participation).where(Participation.meeting_id == meeting_id)
                        .order_by(Participation.id)).all()


def copies(session, meeting_id: int) -> set[tuple]:
    """The (date, status, level) copied onto each participation and meeting-organisation row."""
    rows = [(p.meeting_date, p.meeting_status, p.confidentiality)
            for p in participations(session, meeting_id)]
    rows += [(m.meeting_date, m.meeting_status, m.confidentiality) for m in session.exec(
        select(MeetingOrganisation).where(MeetingOrganisation.meeting_id == meeting_id))]
    return set(rows)


def test_create_logs_everything_at_once_and_is_audited(session, editor, world):
    meeting = create(session, world, actor=editor, agreements=[{
        "title": "Cooperation agreement", "parties": [{"organisation_id": world.government.id},
                                                      {"organisation_id": world.company.id}]}],
        pledges=[{"organisation_id": world.company.id, "area_id": world.area.id,
                  "text": "Smart city in Fujian", "agreement_index": 0}])
    assert meeting.version == 1
    assert [(p.person_id, p.title) for p in participations(session, meeting.id)] == [
        (world.official.id, "Governor of Fujian Province"), (world.executive.id, "CEO of SenseTime")]
    assert copies(session, meeting.id) == {(DAY, MeetingStatus.HELD, Confidentiality.INTERNAL)}
    agreement = session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).one()
    pledge = session.exec(select(Pledge).where(Pledge.meeting_id == meeting.id)).one()
    assert (agreement.signed_on, pledge.made_on, pledge.agreement_id) == (DAY, DAY, agreement.id)
    for word in ("sensetime", "商汤科技", "tang dengjie", "唐登杰", "data security", "west lake"):
        assert word in meeting.search_text
    audit = assert_audited(session, entity="meeting", entity_id=meeting.id, action="create", actor="edith")
    assert audit.before is None
    assert audit.after["date"] == "2019-05-07" and audit.after["version"] == 1
    assert audit.after["organisation_ids"] == sorted([world.government.id, world.company.id])
    assert audit.after["topics"] == ["Data security", "Smart city"]
    assert audit.after["participants"][1] == {"person_id": world.executive.id,
                                              "organisation_id": world.company.id,
                                              "title": "CEO of SenseTime", "role": "guest",
                                              "side": "enterprise"}


def test_held_meeting_cannot_be_in_the_future_but_a_planned_one_can(session, editor, world):
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError) as caught:
        create(session, world, date=TOMORROW)
    assert caught.value.errors == {
        "date": "a held meeting cannot be dated in the future; mark it as planned"}
    planned = create(session, world, date=TOMORROW, status="planned")
    assert planned.status is MeetingStatus.PLANNED
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError, match="future"):
        meetings.update_meeting(session=session, actor=editor, meeting_id=planned.id,
                                data=MeetingUpdate(version=1, status=MeetingStatus.HELD))


def test_title_defaults_to_the_position_held_that_day(session, world):
    earlier = PositionCreate(organisation_id=world.government.id, title="Vice Governor",
                             start_date=dt.date(2015, 1, 1), end_date=dt.date(2017, 12, 31))
    people.create_position(session=session, actor=SYSTEM_ACTOR, person_id=world.official.id, data=earlier)
    inputs = meeting_input(world, date=dt.date(2016, 3, 1))
    inputs["participants"][0]["organisation_id"] = None  # the organisation follows the position too
    inputs["participants"][1]["title"] = "  Co-founder  "  # a title typed in is kept
    meeting = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=inputs)
    official, executive = participations(session, meeting.id)
    assert (official.title, official.organisation_id) == ("Vice Governor", world.government.id)
    assert executive.title == "Co-founder"
    later = create(session, world, title="Later talk")
    assert participations(session, later.id)[0].title == "Governor of Fujian Province"


def test_a_new_person_is_created_on_the_spot_with_clean_names(session, world):
    inputs = meeting_input(world, title="  Cafe\u0301   talk\t", place=" Fuzhou ",
                           topics=[" Data  security ", "data security", ""])
    inputs["participants"].append({"new_person": {"name": "  Xu\u0308  Li ", "local_name": " 徐立 "},
                                   "organisation_id": world.company.id, "side": "enterprise"})
    meeting = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=inputs)
    assert (meeting.title, meeting.place) == ("Café talk", "Fuzhou")
    newcomer = session.get(Person, participations(session, meeting.id)[-1].person_id)
    assert (newcomer.name, newcomer.local_name) == ("Xü Li", "徐立")
    assert assert_audited(session, entity="meeting", entity_id=meeting.id,
                          action="create").after["topics"] == ["Data security"]


def test_month_precision_is_stored_as_the_first_of_the_month(session, world):
    meeting = create(session, world, date=dt.date(2019, 5, 20), date_precision="month")
    assert (meeting.date, meeting.date_precision.value) == (dt.date(2019, 5, 1), "month")


@pytest.mark.parametrize(("change", "field", "fragment"), [
    ({"title": " "}, "title", "must not be empty"),
    ({"title": "t" * 301}, "title", "300"),
    ({"place": "p" * 301}, "place", "at most 300"),
    ({"summary": "s" * 20_001}, "summary", "at most 20000"),
    ({"topics": ["t" * 101]}, "topics", "longer than 100"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "http"),
    ({"status": "postponed"}, "status", "planned"),
    ({"confidentiality": "eyes only"}, "confidentiality", "public, internal"),
    ({"participants": [], "organisation_ids": []}, "participants", "at least one participant"),
    ({"participants": "twice"}, "participants.1.person_id", "already listed"),
    ({"participants": "nobody"}, "participants.0.person", "choose an existing person or enter a new one"),
    ({"participants": "ghost"}, "participants.0.person_id", "does not exist"),
    ({"organisation_ids": [999]}, "organisation_ids.0", "does not exist"),
    ({"event_id": 999}, "event_id", "does not exist"),
    ({"agreements": "wrong_day"}, "agreements.0.signed_on", "dated the meeting's day (2019-05-07)"),
    ({"pledges": "bad_index"}, "pledges.0.agreement_index", "no such agreement"),
    ({"pledges": "early_target"}, "pledges.0.target_date", "before the meeting"),
    ({"pledges": "no_area"}, "pledges.0.area_id", "choose a cooperation area"),
])
def test_create_refuses_invalid_input(session, editor, world, change, field, fragment):
    special = {
        "twice": [{"person_id": world.official.id}, {"person_id": world.official.id}],
        "nobody": [{"organisation_id": world.company.id}],
        "ghost": [{"person_id": 999}],
        "wrong_day": [{"title": "MoU", "signed_on": "2019-05-08"}],
        "bad_index": [{"organisation_id": world.company.id, "area_id": world.area.id, "agreement_index": 0}],
        "early_target": [{"organisation_id": world.company.id, "area_id": world.area.id,
                          "target_date": "2019-01-01"}],
        "no_area": [{"organisation_id": world.company.id, "area_id": 999}],
    }
    change = {key: special.get(value, value) if isinstance(value, str) else value
              for key, value in change.items()}
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError) as caught:
        meetings.create_meeting(session=session, actor=editor, data=meeting_input(world, **change))
    assert fragment in caught.value.errors[field], caught.value.errors


def test_one_participation_per_person_also_on_update(session, editor, world):
    meeting = create(session, world)
    twice = [{"person_id": world.executive.id, "side": "enterprise"}] * 2
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError) as caught:
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data={"version": 1, "participants": twice})
    assert caught.value.errors == {"participants.1.person_id": "this person is already listed"}


def test_organisations_alone_are_enough_but_not_nothing(session, editor, world):
    meeting = create(session, world, participants=[], organisation_ids=[world.company.id])
    assert copies(session, meeting.id) == {(DAY, MeetingStatus.HELD, Confidentiality.INTERNAL)}
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError) as caught:
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, organisation_ids=[]))
    assert caught.value.errors == {"participants": "add at least one participant or organisation"}
    assert meetings.meeting_snapshot(session, session.get(Meeting, meeting.id))["organisation_ids"] == [
        world.company.id]


def test_update_keeps_copies_and_search_text_in_step(session, editor, world):
    meeting = create(session, world, agreements=[{"title": "MoU"}],
                     pledges=[{"organisation_id": world.company.id, "area_id": world.area.id}])
    other = make_person(session, name="Zhang Yiming", organisation=world.company, title="Adviser")
    updated = meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id, data=(
        MeetingUpdate(
        version=1, date=dt.date(2019, 5, 6), confidentiality=Confidentiality.CONFIDENTIAL,
        title="Talks on smart city", topics=["Digital economy"],
        participants=[{"person_id": world.official.id, "side": "government"},
                      {"person_id": other.id, "side": "enterprise"}])))
    session.expire_all()
    new_day, level = dt.date(2019, 5, 6), Confidentiality.CONFIDENTIAL
    assert copies(session, meeting.id) == {(new_day, MeetingStatus.HELD, level)}
    agreement = session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).one()
    pledge = session.exec(select(Pledge).where(Pledge.meeting_id == meeting.id)).one()
    assert (agreement.signed_on, agreement.confidentiality) == (new_day, level)
    assert (pledge.made_on, pledge.confidentiality) == (new_day, level)
    stored = session.get(Meeting, meeting.id)
    assert stored.version == 2 == updated.version
    assert "zhang yiming" in stored.search_text and "digital economy" in stored.search_text
    assert "xu li" not in stored.search_text and "data security" not in stored.search_text
    audit = assert_audited(session, entity="meeting", entity_id=meeting.id, action="update", actor="edith")
    assert (audit.before["version"], audit.after["version"]) == (1, 2)
    assert (audit.before["date"], audit.after["date"]) == ("2019-05-07", "2019-05-06")
    assert (audit.before["confidentiality"], audit.after["confidentiality"]) == (1, 2)
    assert [p["title"] for p in audit.after["participants"]] == ["Governor of Fujian Province", "Adviser"]

    meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                            data=MeetingUpdate(version=2, status=MeetingStatus.CANCELLED))
    session.expire_all()
    assert copies(session, meeting.id) == {
        (dt.date(2019, 5, 6), MeetingStatus.CANCELLED, Confidentiality.CONFIDENTIAL)}


def test_stale_update_names_what_changed_and_who(session, editor, admin, world):
    meeting = create(session, world)
    meetings.update_meeting(session=session, actor=admin, meeting_id=meeting.id,
                            data=MeetingUpdate(version=1, place="Fuzhou Strait Center", topics=["AI"]))
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(Conflict) as caught:
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, title="My edit"))
    conflict = caught.value
    assert set(conflict.changes) == {"place", "topics"}
    assert conflict.changes["place"] == ("Riverside of West Lake, Fuzhou", "Fuzhou Strait Center")
    assert conflict.current_version == 2
    assert "alice saved this meeting after you opened it" in conflict.message
    assert "place" in conflict.message and "topics" in conflict.message
    session.expire_all()
    assert session.get(Meeting, meeting.id).title == "Governor meets SenseTime"


def test_delete_archives_and_purge_cascades_to_everything_logged_at_the_meeting(session, editor, admin,
                                                                                 world):
    meeting = create(session, world, agreements=[{"title": "MoU", "parties": [
        {"organisation_id": world.company.id}]}], pledges=[
        {"organisation_id": world.company.id, "area_id": world.area.id, "agreement_index": 0}])
    pledge = session.exec(select(Pledge).where(Pledge.meeting_id == meeting.id)).one()
    pledges.create_pledge_update(session=session, actor=editor, pledge_id=pledge.id,
                                 data=PledgeProgressCreate(on=DAY, note="Started"))
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(Conflict, match="reload it"):
        meetings.delete_meeting(session=session, actor=editor, meeting_id=meeting.id, version=7)
    meetings.delete_meeting(session=session, actor=editor, meeting_id=meeting.id, version=1)
    session.expire_all()  # deleted = archived, with its agreement and pledge, under one stamp
    archived = [session.get(Meeting, meeting.id), session.get(Pledge, pledge.id),
                session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).one()]
    assert {(row.archived_at, row.archived_by) for row in archived} == {(archived[0].archived_at, "edith")}
    assert archived[0].archived_at is not None
    with pytest.raises(NotFound):  # no writer finds it any more
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, summary="x"))
    archive_event = assert_audited(session, entity="meeting", entity_id=meeting.id, action="delete")
    assert archive_event.after["archived_with"] == {"agreements": [archived[2].id], "pledges": [pledge.id]}
    with pytest.raises(PermissionDenied):
        meetings.purge_meeting(session=session, actor=editor, meeting_id=meeting.id, confirm=True)
    with pytest.raises(ValidationError):
        meetings.purge_meeting(session=session, actor=admin, meeting_id=meeting.id)
    meetings.purge_meeting(session=session, actor=admin, meeting_id=meeting.id, confirm=True)
    session.expire_all()
    for model in (Meeting, Participation, MeetingOrganisation, MeetingTopic, Agreement, AgreementParty,
                  Pledge, PledgeProgress):
        assert not session.exec(select(model)).all(), model.__name__
    assert session.get(Person, world.official.id) is not None  # people and organisations stay
    audit = assert_audited(session, entity="meeting", entity_id=meeting.id, action="delete", actor="alice")
    assert audit.after is None and audit.before["title"] == "Governor meets SenseTime"
    assert len(audit.before["participants"]) == 2
    assert audit.before["agreements"][0]["title"] == "MoU" and len(audit.before["pledges"]) == 1


@pytest.mark.parametrize("write", ["create", "update", "delete"])
def test_viewer_may_not_write(session, viewer, world, write):
    meeting = create(session, world)
    calls = {
        "create": lambda: meetings.create_meeting(session=session, actor=viewer, data=meeting_input(world)),
        "update": lambda: meetings.update_meeting(session=session, actor=viewer, meeting_id=meeting.id,
                                                  data=MeetingUpdate(version=1, title="Changed")),
        "delete": lambda: meetings.delete_meeting(session=session, actor=viewer, meeting_id=meeting.id),
    }
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(PermissionDenied, match="viewer"):
        calls[write]()
    session.expire_all()
    assert session.get(Meeting, meeting.id).title == "Governor meets SenseTime"


def test_nobody_writes_above_their_clearance(session, editor, world):
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(PermissionDenied, match="Secret"):
        create(session, world, actor=editor, confidentiality="secret")
    meeting = create(session, world, actor=editor, confidentiality="confidential")
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(PermissionDenied, match="Secret"):
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data=MeetingUpdate(version=1, confidentiality="secret"))
    secret = create(session, world, confidentiality="secret")
    # one above the editor's clearance is, to them, not there (issue 12)
    with nothing_changes(session, *MEETING_TABLES), \
            pytest.raises(NotFound, match=f"No meeting with id {secret.id}"):
        meetings.delete_meeting(session=session, actor=editor, meeting_id=secret.id)


@pytest.mark.parametrize("write", ["update", "delete"])
def test_missing_meeting_is_not_found(session, editor, write):
    with pytest.raises(NotFound, match="No meeting with id 404"):
        if write == "update":
            meetings.update_meeting(session=session, actor=editor, meeting_id=404,
                                    data=MeetingUpdate(version=1, title="X"))
        else:
            meetings.delete_meeting(session=session, actor=editor, meeting_id=404)
