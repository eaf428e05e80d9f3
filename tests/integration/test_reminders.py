"""The daily reminder: built at the recipient's clearance, e-mailed over SMTP (a local aiosmtpd
server started here), and sent once a day: a second run sends only what is new."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from tests.factories import make_meeting
from tests.integration.test_follow_up import acting, make_user
from tests.smtp_server import smtp_server  # noqa: F401 - the fixture
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.cli import app
from tracker.models import ActionCreate, Confidentiality, PledgeCreate, Side
from tracker.reminders import all_digests, build_digest, send_reminders
from tracker.services import actions, pledges

TODAY = dt.date.today()


def plant(session, world):
    """lin (internal) and sam (secret), both the official at every meeting; an overdue action each
    on an internal meeting and one on a secret meeting, and a silent pledge at each level."""
    lin = make_user(session, "lin", clearance=Confidentiality.INTERNAL, person_id=world.official.id,
                    email="lin@example.gov.cn")
    sam = make_user(session, "sam", clearance=Confidentiality.SECRET, person_id=world.official.id,
                    email="sam@example.gov.cn")
    old = TODAY - dt.timedelta(days=400)
    official = [(world.official, world.government, Side.GOVERNMENT)]
    internal = make_meeting(session, title="Open talks", date=old, people_and_orgs=official,
                            organisation_ids=[world.company.id])
    secret = make_meeting(session, title="Talks zqsecret", date=old, people_and_orgs=official,
                          organisation_ids=[world.company.id], confidentiality=Confidentiality.SECRET)
    for meeting, text in ((internal, "AI lab"), (secret, "Chip fab zqsecret")):
        pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
            organisation_id=world.company.id, area_id=world.area.id, text=text, meeting_id=meeting.id))
    for owner in (lin, sam):
        actions.create_action(session=session, actor=acting(sam), data=ActionCreate(
            what=f"Send minutes to {owner.username}", meeting_id=internal.id, owner_id=owner.id,
            due_on=TODAY - dt.timedelta(days=1)))
    actions.create_action(session=session, actor=acting(sam), data=ActionCreate(
        what="Brief the governor zqsecret", meeting_id=secret.id, owner_id=sam.id,
        due_on=TODAY + dt.timedelta(days=2)))
    return lin, sam


def test_no_reminder_names_an_item_above_the_recipients_clearance(session, world):
    lin, sam = plant(session, world)
    lin_digest = build_digest(session, user=lin, today=TODAY)
    assert [(i.section, i.text) for i in lin_digest.items] == [
        ("overdue", "Send minutes to lin (Open talks)"), ("silent", "SenseTime: AI lab")]
    assert not any("zqsecret" in text for text in _texts(all_digests(session, usernames=("lin",))))
    sam_digest = build_digest(session, user=sam, today=TODAY)
    assert sorted(i.key.split(":")[2] for i in sam_digest.items) == ["due", "overdue", "silent", "silent"]
    assert any("zqsecret" in item.text for item in sam_digest.items)


def _texts(digests) -> list[str]:
    return [item.text for digest in digests for item in digest.items]


def test_the_digest_is_mailed_once_a_day_and_only_what_is_new_after(session, world, smtp_server):  # noqa: F811 - the fixture
    inbox, url = smtp_server
    lin, sam = plant(session, world)
    outcomes = send_reminders(session, today=TODAY, smtp_url=url)
    assert {(o.username, o.sent, o.new) for o in outcomes} == {("lin", True, 2), ("sam", True, 4)}
    by_recipient = {m["To"]: m for m in inbox.messages}
    assert set(by_recipient) == {"lin@example.gov.cn", "sam@example.gov.cn"}
    lin_mail = by_recipient["lin@example.gov.cn"].get_payload(decode=True).decode()
    assert "Send minutes to lin" in lin_mail and "zqsecret" not in lin_mail
    assert "zqsecret" in by_recipient["sam@example.gov.cn"].get_payload(decode=True).decode()

    again = send_reminders(session, today=TODAY, smtp_url=url)
    assert len(inbox.messages) == 2 and not any(o.sent for o in again)
    assert {o.note for o in again} == {"already sent today"}

    actions.create_action(session=session, actor=acting(lin), data=ActionCreate(
        what="Call back", meeting_id=world_meeting(session), due_on=TODAY))
    third = send_reminders(session, today=TODAY, smtp_url=url)
    assert [(o.username, o.new) for o in third if o.sent] == [("lin", 1)]
    newest = inbox.messages[-1].get_payload(decode=True).decode()
    assert "Call back" in newest and "Send minutes" not in newest


def world_meeting(session) -> int:
    import sqlalchemy as sa

    from tracker.models import Meeting

    return session.execute(sa.select(Meeting.id).where(Meeting.title == "Open talks")).scalar_one()


def test_a_dry_run_sends_and_records_nothing(session, world, smtp_server, monkeypatch):  # noqa: F811 - the fixture
    inbox, url = smtp_server
    plant(session, world)
    monkeypatch.setenv("TRACKER_SMTP_URL", url)
    result = CliRunner().invoke(app, ["remind", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "lin: 2 item(s), 2 new; would send to lin@example.gov.cn" in result.output
    assert inbox.messages == []
    result = CliRunner().invoke(app, ["remind", "--user", "lin"])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) sent." in result.output and len(inbox.messages) == 1


def test_a_user_without_an_address_is_reminded_in_the_app_only(session, world, smtp_server):  # noqa: F811 - the fixture
    inbox, url = smtp_server
    lin, _sam = plant(session, world)
    from tracker.models import UserUpdate
    from tracker.services.users import update_user

    update_user(session=session, actor=SYSTEM_ACTOR, user_id=lin.id, data=UserUpdate(email=""))
    outcome = next(o for o in send_reminders(session, today=TODAY, smtp_url=url) if o.username == "lin")
    assert (outcome.sent, outcome.note) == (False, "no e-mail address (shown in the app only)")
    assert {m["To"] for m in inbox.messages} == {"sam@example.gov.cn"}
