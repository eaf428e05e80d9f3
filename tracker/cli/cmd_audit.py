"""The audit trail's hash chain: ``tracker audit verify`` (administrators)."""

from __future__ import annotations

import typer

from tracker.auth.actor import require_admin
from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, resolve_actor
from tracker.db import get_engine
from tracker.i18n import N_

audit_app = typer.Typer(help="Check the audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(as_user: str | None = AS_OPTION) -> None:
    """Walk the audit chain; print where it first breaks (exit code 1) or that it is intact."""
    from tracker.audit.verify import verify_chain

    with cli_session() as session:
        require_admin(resolve_actor(session, as_user), N_("verify the audit trail"))
    report = verify_chain(get_engine())
    typer.echo(report.describe(), err=not report.intact)
    if not report.intact:
        raise typer.Exit(1)
