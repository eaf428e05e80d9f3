"""The audit page: administrators see who changed what (filterable); others are turned away."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in, signed_in_app
from tests.integration.world import build_world, marker
from tracker.models import Confidentiality

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


def test_admin_sees_and_filters_audit_events(database_url, session):
    build_world(session)
    at = signed_in_app("admin", page="views/audit.py")
    assert not at.exception
    assert at.title[0].value == "Audit trail"
    events = at.dataframe[0].value
    assert {"user", "action", "entity", "changes"} <= set(events.columns)
    assert (events["user"] == "system").all()
    assert any(marker(Confidentiality.SECRET) in text for text in events["changes"])
    at.selectbox(key="audit_entity").select("meeting").run()
    assert not at.exception
    meetings = at.dataframe[0].value
    assert len(meetings) == 4 and set(meetings["entity"]) == {"meeting"}
    assert any("4 audit events match" in t.value for t in at.text)


def test_admin_below_secret_does_not_see_secret_changes(database_url, session):
    build_world(session)
    at = signed_in_app("admin", clearance="internal", page="views/audit.py")
    changes = " ".join(at.dataframe[0].value["changes"])
    assert marker(Confidentiality.INTERNAL) in changes
    assert marker(Confidentiality.SECRET) not in changes


def test_editor_is_turned_away_and_page_not_in_navigation(database_url):
    at = signed_in_app("editor")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/audit.py")
    # Opened directly (hiding is a convenience), the page still refuses.
    page = AppTest.from_file(str(Path(APP).parent / "views" / "audit.py"), default_timeout=30)
    sign_in(page, ensure_user("editor"))
    page.run()
    assert not page.exception
    assert "Only an administrator" in page.error[0].value
    assert not page.dataframe


def test_record_pages_show_their_history(database_url, session):
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import OrganisationUpdate
    from tracker.services.organisations import update_organisation

    world = build_world(session)
    update_organisation(session=session, actor=SYSTEM_ACTOR, organisation_id=world.shared_org_id,
                        data=OrganisationUpdate(sector="cloud computing"))
    at = signed_in_app("viewer", run=True)
    at.switch_page("views/organisation_profile.py")
    at.query_params["id"] = str(world.shared_org_id)
    at.run()
    assert not at.exception
    panel = next(e for e in at.expander if e.label == "History (2 changes)")
    history = panel.dataframe[0].value
    assert list(history["action"]) == ["Updated", "Created"]
    assert history.iloc[0]["event"].startswith("system updated organisation ")
    assert "sector: technology → cloud computing" in history.iloc[0]["changes"]


def test_admin_sees_the_audit_chain_state_intact_then_broken(database_url, session, engine):
    from tests.integration.test_audit_chain import audit_ids, guard_lifted, write_events

    write_events(session, 3)
    at = signed_in_app("admin", page="views/audit.py")
    assert not at.exception
    last = audit_ids(engine)[-1]
    assert f"Audit chain intact up to row {last}" in at.success[0].value
    with guard_lifted(engine), engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE audit_event SET summary = 'edited' WHERE id = {last - 1}")
    at.button(key="audit_verify").click().run()
    assert not at.exception
    assert f"Audit chain broken at row {last - 1} (altered)" in at.error[0].value
