"""Backups and moving data: backup, restore, export-all, import-all, upgrade (administrators)."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.auth.actor import SYSTEM_ACTOR, Actor, require_admin
from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, resolve_actor
from tracker.db import get_engine
from tracker.i18n import N_, _, format_number
from tracker.models import Role

FORCE_OPTION = typer.Option(False, "--force", help="Replace everything in a non-empty database.")


def _admin(as_user: str | None, what: str) -> Actor:
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
    require_admin(actor, what)
    return actor


def _restorer(as_user: str | None, what: str) -> Actor:
    """Who restores: the ``--as`` admin of this database, or, in a database with no users yet
    (a new server), the built-in system actor: the named user cannot exist there before the
    restore, and the command line is already the server administrator's."""
    from tracker.backup import has_users

    if not has_users(get_engine()):
        return SYSTEM_ACTOR
    return _admin(as_user, what)


def _record_restore(actor: Actor, as_user: str | None, source: Path, rows: int) -> str:
    """Audit the restore in the restored database; returns the name it was recorded under.

    The ``--as`` user is looked up again in the restored data: an admin there is named; otherwise
    the actor who ran the restore is, without a user id (they may not exist in it)."""
    from dataclasses import replace

    from tracker.errors import NotFound
    from tracker.services.maintenance import record_restore

    with cli_session() as session:
        try:
            restored = resolve_actor(session, as_user)
        except NotFound:
            restored = None
        actor = restored if restored is not None and restored.role is Role.ADMIN \
            else replace(actor, user_id=None)
        record_restore(session=session, actor=actor, source=source.name, rows=rows)
    return actor.username


def _recorded_as(as_user: str | None, username: str) -> str:
    if not as_user or as_user.strip().lower() == username:
        return ""
    return " " + _("Recorded as {username}: the restored data has no active admin called "
                   "“{name}”.").format(username=username, name=as_user)


def _cleaned_note(counts: dict[str, int]) -> str:
    """What loading changed: text values that held control characters (a NUL SQLite kept)."""
    cleaned = getattr(counts, "cleaned", 0)
    return " " + _("{count} text values had control characters removed.").format(
        count=format_number(cleaned)) if cleaned else ""


@app.command()
def backup(file: Path = typer.Argument(..., metavar="FILE", help="Where to write the backup."),
           as_user: str | None = AS_OPTION) -> None:
    """Back up the database while the app runs (SQLite: an online copy; PostgreSQL: a JSON dump)."""
    from tracker.backup import backup as take_backup

    _admin(as_user, N_("back up the database"))
    how = take_backup(get_engine(), file)
    echo(_("Backed up to {file} ({how}).").format(file=file, how=how))


@app.command()
def restore(file: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="FILE",
                                    help="A backup file."),
            force: bool = FORCE_OPTION, as_user: str | None = AS_OPTION) -> None:
    """Restore a backup into an empty database (or replace a non-empty one with --force).

    Into a database with no users yet (a new server, even without tables) the restore runs as
    the built-in system actor, since no --as user can exist there; the audit row then names the
    --as user if the backup holds them as an active admin."""
    from tracker.backup import restore as do_restore

    actor = _restorer(as_user, N_("restore the database"))
    counts = do_restore(get_engine(), file, force=force)
    get_engine().dispose()
    rows = sum(counts.values())
    recorded = _record_restore(actor, as_user, file, rows)
    echo(_("Restored {rows} rows from {file}.").format(rows=format_number(rows), file=file)
         + _recorded_as(as_user, recorded) + _cleaned_note(counts))
    from tracker.audit.verify import verify_chain

    echo(verify_chain(get_engine()).describe())  # an SQLite copy is not checked on the way in


@app.command("export-all")
def export_all(file: Path = typer.Argument(..., metavar="FILE", help="The JSON file to write."),
               as_user: str | None = AS_OPTION) -> None:
    """Write every row of every table as portable JSON (to move between SQLite and PostgreSQL)."""
    from tracker.backup import export_all as do_export

    _admin(as_user, N_("export the whole database"))
    counts = do_export(get_engine(), file)
    echo(_("Exported {rows} rows from {tables} tables to {file}.").format(
        rows=format_number(sum(counts.values())), tables=format_number(len(counts)), file=file))


@app.command("import-all")
def import_all(file: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="FILE",
                                           help="A file written by export-all."),
               force: bool = FORCE_OPTION, as_user: str | None = AS_OPTION) -> None:
    """Load an export-all file into an empty database (or replace everything with --force).

    Into a database with no users yet the import runs as the built-in system actor (see restore)."""
    from tracker.backup import import_all as do_import

    actor = _restorer(as_user, N_("import a whole database"))
    counts = do_import(get_engine(), file, force=force)
    rows = sum(counts.values())
    recorded = _record_restore(actor, as_user, file, rows)
    echo(_("Imported {rows} rows into {tables} tables from {file}.").format(
        rows=format_number(rows), tables=format_number(len(counts)), file=file)
         + _recorded_as(as_user, recorded) + _cleaned_note(counts))


@app.command("upgrade")
def upgrade_command(
    backup_dir: Path = typer.Option(Path("data") / "backups", "--backup-dir", metavar="FOLDER",
                                    help="Folder for the backup taken first."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Take a backup, then apply every pending schema migration."""
    from tracker.backup import upgrade_with_backup

    _admin(as_user, N_("upgrade the database"))
    path = upgrade_with_backup(get_engine(), backup_dir)
    echo(_("Backup written to {path}; the database is at the latest version.").format(path=path))
