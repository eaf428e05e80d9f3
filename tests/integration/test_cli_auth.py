"""The shell is a user too: ``--as NAME`` applies that user's role and clearance; without it the
built-in ``system`` actor acts and is recorded as such. User administration and backups via CLI."""

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tracker.auth.users import get_by_username
from tracker.cli import app
from tracker.models import AuditEvent, Confidentiality, Role

runner = CliRunner()


def cli(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def refused(result, message: str) -> bool:
    """Exit code 2 and one ``Error: …`` line saying why (how the CLI reports domain errors)."""
    text = result.output + (getattr(result, "stderr", "") or "")
    return result.exit_code == 2 and message in text


def newest_audit(session) -> AuditEvent:
    session.rollback()  # end the read snapshot, to see what the command committed
    return session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_system_actor_is_recorded_and_as_user_applies_role(database_url, session):
    result = cli("user", "add", "boss", "--role", "admin", "--clearance", "secret",
                 "--password-stdin", input="first-admin-pw\n")
    assert result.exit_code == 0, result.output
    assert newest_audit(session).actor_username == "system"

    result = cli("user", "add", "vic", "--role", "viewer", "--password-stdin", "--as", "boss",
                 input="viewer-password\n")
    assert result.exit_code == 0, result.output
    event = newest_audit(session)
    assert (event.actor_username, event.summary) == ("boss", "vic")
    assert event.actor_id == get_by_username(session=session, username="boss").id

    denied = cli("user", "add", "eve", "--role", "admin", "--password-stdin", "--as", "vic",
                 input="another-password\n")
    assert refused(denied, "Only an administrator may create users")
    session.rollback()
    assert get_by_username(session=session, username="eve") is None
    assert refused(cli("stats", "--as", "vic"), "Only an administrator")
    assert refused(cli("backup", "x.db", "--as", "vic"), "Only an administrator may back up")
    assert refused(cli("user", "list", "--as", "nobody"), "No active user called “nobody”")


def test_user_administration_commands(database_url, session):
    cli("user", "add", "mei", "--role", "viewer", "--password-stdin", input="mei-password\n")
    assert cli("user", "set-role", "mei", "editor").exit_code == 0
    assert cli("user", "set-clearance", "mei", "confidential").exit_code == 0
    assert cli("user", "reset-password", "mei", "--password-stdin",
               input="new-mei-password\n").exit_code == 0
    listing = cli("user", "list")
    assert "mei" in listing.output and "editor" in listing.output and "Confidential" in listing.output
    session.rollback()
    user = get_by_username(session=session, username="mei")
    assert (user.role, Confidentiality.parse(user.clearance)) == (Role.EDITOR,
                                                                  Confidentiality.CONFIDENTIAL)
    from tracker.auth.signin import authenticate

    assert authenticate(session, "mei", "new-mei-password").role is Role.EDITOR
    assert cli("user", "deactivate", "mei").exit_code == 0
    assert "deactivated" in cli("user", "list").output
    assert refused(cli("user", "set-clearance", "mei", "ultra"), "Unknown clearance")


def test_backup_restore_and_upgrade_commands(database_url, session, tmp_path):
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import EventCreate
    from tracker.services.events import create_event

    create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(name="Kept"))
    target = tmp_path / "nightly.backup"
    assert cli("backup", str(target)).exit_code == 0 and target.exists()
    assert refused(cli("restore", str(target)), "not empty")
    assert cli("restore", str(target), "--force").exit_code == 0
    restored = newest_audit(session)
    assert restored.entity_type == "database" and restored.actor_username == "system"
    assert cli("export-all", str(tmp_path / "all.json")).exit_code == 0
    upgraded = cli("upgrade", "--backup-dir", str(tmp_path / "backups"))
    assert upgraded.exit_code == 0, upgraded.output
    assert len(list((tmp_path / "backups").iterdir())) == 1


@pytest.mark.parametrize("command", [["stats"], ["user", "list"]])
def test_read_commands_accept_as(database_url, command):
    assert cli(*command).exit_code == 0
