"""Follow-up actions on one pledge (its record on the Pledges page) and on one agreement (the
meeting record where it was signed): added there, listed there, and in the owner's My work."""

from __future__ import annotations

import pandas as pd
from sqlmodel import select

from seed_data.reference import load_reference
from tests.app.helpers import app_on_page, ensure_user
from tests.conftest import assert_audited
from tracker.models import Agreement, FollowUpAction, Pledge


def add_action(at, key: str, what: str):
    """Types ``what`` into the add form whose fields start with ``key`` and submits that form."""
    at.text_input(key=f"{key}_what").input(what)
    form = f"{key}_form"
    [button] = [b for b in at.button if b.label == "Add action" and b.proto.form_id == form]
    return button.click().run()


def listed(at, what: str) -> bool:
    return any(what in list(frame.value.get("what", [])) for frame in at.dataframe)


def test_actions_on_a_pledge_and_an_agreement_show_there_and_in_my_work(database_url, session):
    meeting = load_reference(session)
    actor = ensure_user("editor", clearance="secret")
    pledge = session.exec(select(Pledge).where(Pledge.meeting_id == meeting.id).order_by(Pledge.id)).first()
    agreement = session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).one()

    at = app_on_page(actor, "views/pledges.py", id=pledge.id)
    assert not at.exception
    at = add_action(at, "pledge_actions_add", "Ask for the pilot's launch date")
    assert not at.exception
    session.rollback()  # end the test session's read transaction: the app wrote since
    saved = session.exec(select(FollowUpAction)).one()
    assert (saved.pledge_id, saved.agreement_id, saved.meeting_id, saved.owner_id) == (
        pledge.id, None, None, actor.user_id)
    assert_audited(session, entity="follow_up_action", entity_id=saved.id, action="create",
                   actor=actor.username)
    assert listed(at, "Ask for the pilot's launch date")

    at = app_on_page(actor, "views/meeting_record.py", id=meeting.id)
    assert not at.exception
    assert at.selectbox(key="mr_agreement_actions_agreement").value == agreement.id  # the one signed there
    # The pledges made there open their record, where their actions are.
    pledges = next(d.value for d in at.dataframe if "area" in d.value.columns)
    assert f"/pledges?id={pledge.id}" in list(pledges["open"])
    at = add_action(at, f"mr_agreement_actions_{agreement.id}_add", "Send the agreement to the bureau")
    assert not at.exception
    session.rollback()
    on_agreement = session.exec(
        select(FollowUpAction).where(FollowUpAction.agreement_id == agreement.id)).one()
    assert (on_agreement.what, on_agreement.meeting_id, on_agreement.owner_id) == (
        "Send the agreement to the bureau", None, actor.user_id)
    assert listed(at, "Send the agreement to the bureau")

    # Added with the form's default due date, both are due this week in the owner's My work.
    at = app_on_page(actor, "views/my_work.py")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Actions due this week"] == "2"
    due = next(d.value for d in at.dataframe if "text" in d.value.columns).set_index("text")["open"]
    assert pd.isna(due[f"Send the agreement to the bureau ({agreement.title})"])  # no agreement page
    [(text, address)] = [(text, address) for text, address in due.items()
                         if text.startswith("Ask for the pilot's launch date (")]
    assert address == f"/pledges?id={pledge.id}"  # the pledge's record, where its actions are
