"""The Archive page: an administrator restores, purges (after ticking the confirmation) and undoes a
merge (a non-administrator gets the "needs role" stand-in: tests/app/test_role_pages.py). What the
page shows does not depend on the database, so it runs on SQLite only."""

import pytest

from tests.app.helpers import signed_in_app
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import Organisation, OrganisationCreate, OrganisationKind
from tracker.services.merge import merge_organisations
from tracker.services.organisations import create_organisation, delete_organisation


def _org(session, name: str) -> int:
    return create_organisation(session=session, actor=SYSTEM_ACTOR, data=OrganisationCreate(
        name=name, kind=OrganisationKind.PRIVATE_ENTERPRISE)).id


@pytest.mark.sqlite_only  # the services it calls are tested on both databases in test_archive
def test_admin_restores_purges_and_undoes_a_merge(database_url, session):
    kept, gone, survivor, merged = (_org(session, name) for name in (
        "Kept Robotics", "Gone Robotics", "Survivor Cloud", "Merged Cloud"))
    for org_id in (kept, gone):
        delete_organisation(session=session, actor=SYSTEM_ACTOR, organisation_id=org_id)
    merge_organisations(session=session, actor=SYSTEM_ACTOR, survivor_id=survivor, merged_id=merged)

    at = signed_in_app("admin", page="views/archive.py")
    assert not at.exception, at.exception
    assert at.title[0].value == "Archive"
    assert any(tab.label == "Organisations (2)" for tab in at.tabs)
    shown = at.dataframe[0].value
    assert set(shown["name"]) == {"Kept Robotics", "Gone Robotics"}
    assert set(shown["archived_by"]) == {"system"}
    assert list(at.dataframe[-1].value["merged_name"]) == ["Merged Cloud"]

    at.selectbox(key="archive_pick_organisation").select(kept).run()
    at.button(key="archive_restore_organisation").click().run()
    assert not at.exception, at.exception
    assert "Restored Kept Robotics." in [s.value for s in at.success]

    at.selectbox(key="archive_pick_organisation").select(gone).run()
    assert at.button(key="archive_purge_organisation").disabled  # not before the box is ticked
    at.checkbox(key="archive_confirm_organisation").check().run()
    at.button(key="archive_purge_organisation").click().run()
    assert not at.exception, at.exception
    assert "Purged Gone Robotics for good." in [s.value for s in at.success]

    at.button(key="archive_undo_merge").click().run()
    assert not at.exception, at.exception
    session.expire_all()
    assert session.get(Organisation, kept).archived_at is None
    assert session.get(Organisation, gone) is None
    assert session.get(Organisation, merged).name == "Merged Cloud"
    assert at.dataframe[-1].value["undone_at"].iloc[0] != "—"
    assert "archive_undo_merge" not in [b.key for b in at.button]

