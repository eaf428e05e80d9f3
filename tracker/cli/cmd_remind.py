"""``tracker remind``: the daily digest of due, overdue and silent items, e-mailed to each user."""

from __future__ import annotations

import typer

from tracker.cli import app
from tracker.cli.console import cli_session, echo, fail


@app.command("remind")
def remind(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would be sent; send and record nothing."
    ),
    user: list[str] = typer.Option(
        [],
        "--user",
        metavar="USERNAME",
        help="Only this user (repeat for several); default: every active user.",
    ),
) -> None:
    """E-mail each user today's digest (TRACKER_SMTP_URL); a second run that day sends only new items."""
    import smtplib

    from tracker.reminders import send_reminders

    with cli_session() as session:
        try:
            outcomes = send_reminders(session, dry_run=dry_run, usernames=tuple(user))
        except (ValueError, OSError, smtplib.SMTPException) as exc:
            fail(f"could not send the reminders: {exc}")
    for outcome in outcomes:
        echo(f"{outcome.username}: {outcome.items} item(s), {outcome.new} new; {outcome.note}")
    sent = sum(outcome.sent for outcome in outcomes)
    echo(f"{sent} reminder(s) sent." if not dry_run else "Dry run: nothing sent.")
