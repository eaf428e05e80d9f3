"""`tracker import-ics FILE`: a calendar invitation → a draft planned meeting, printed for review;
``--save`` saves it as a planned meeting (people matched, or created new)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, echo_json, fail, resolve_actor, visible
from tracker.importers.invitation import InvitationDraft, draft_invitation, save_invitation
from tracker.labels import EMPTY, label
from tracker.models import Confidentiality


def _shown(text: object) -> str:
    return escape(visible(text or ""))


def _print(draft: InvitationDraft) -> None:
    console = Console()
    when = f"{draft.date or 'no date'}" + (f" {draft.time:%H:%M}" if draft.time else "")
    console.print(f"[bold]Planned meeting[/bold]: {_shown(draft.title) or EMPTY}")
    console.print(f"  {when} · {_shown(draft.place) or 'place not stated'}")
    people = Table("Name", "E-mail", "Organisation", "Side", "Record", title="People")
    for attendee in draft.attendees:
        people.add_row(_shown(attendee.name) + (" (organiser)" if attendee.organiser else ""),
                       _shown(attendee.email) or EMPTY, _shown(attendee.organisation_name) or EMPTY,
                       label(attendee.side),
                       f"Matched: {_shown(attendee.person_name)}" if attendee.person_id else "New")
    console.print(people)
    for warning in draft.warnings:
        console.print(f"[yellow]! {_shown(warning)}[/yellow]")


@app.command("import-ics")
def import_ics(
    file: Path = typer.Argument(..., metavar="FILE", help="The invitation, an iCalendar (.ics) file."),
    save: bool = typer.Option(False, "--save",
                              help="Save it as a planned meeting (else only print the draft)."),
    confidentiality: str = typer.Option("internal", "--confidentiality", metavar="LEVEL",
                                        help="The saved meeting's level: public, internal, confidential "
                                             "or secret."),
    as_json: bool = typer.Option(False, "--json", help="Print the draft as JSON."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Read a calendar invitation (.ics) as a draft planned meeting, its people matched by name and e-mail.

    Nothing is written without --save; the "Import an invitation" page does the same with a review."""
    if not file.is_file():
        fail(f"No such file: {file}")
    try:
        level = Confidentiality.parse(confidentiality)
    except (KeyError, ValueError):
        fail(f"--confidentiality must be public, internal, confidential or secret, not “{confidentiality}”")
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        draft = draft_invitation(session, file.read_bytes(), clearance=actor.clearance)
        if as_json:
            echo_json(draft.model_dump(mode="json"), indent=2)
        else:
            _print(draft)
        if save:
            meeting = save_invitation(session=session, actor=actor, draft=draft, confidentiality=level)
            echo(f"Saved planned meeting {meeting.id}: {meeting.title}")
