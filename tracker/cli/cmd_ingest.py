"""`tracker extract FILE`: a news report → the draft meeting it describes (nothing is written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo_json, fail, resolve_actor, visible
from tracker.i18n import _
from tracker.ingest import extract_draft
from tracker.ingest.draft import Draft
from tracker.labels import EMPTY, label


def _read(path: Path) -> str:
    if not path.is_file():
        fail(_("No such file: {path}").format(path=path))
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    fail(_("{path} is not a text file this tool can read").format(path=path))
    return ""


def _shown(text: object) -> str:
    """Article text for a Rich console: control characters visible, markup inert."""
    return escape(visible(text or ""))


def _print_draft(draft: Draft) -> None:
    console = Console()
    for number, meeting in enumerate(draft.meetings, start=1):
        console.print("[bold]" + _("Meeting {number}").format(number=number) + "[/bold]: "
                      + _shown(meeting.title))
        console.print(f"  {meeting.date} · {label(meeting.kind)} · "
                      f"{_shown(meeting.place or _('place not stated'))}")
        people = Table(_("Person"), _("Title"), _("Organisation"), _("Role"), _("Side"), _("Record"),
                       title=_("People"))
        for key in meeting.person_keys:
            person = draft.person(key)
            org = draft.organisation(person.organisation_key)
            people.add_row(
                _shown(person.name + (f" ({person.local_name})" if person.local_name else "")),
                _shown(person.title) or EMPTY,
                _shown(org.name) if org else EMPTY,
                label(person.role),
                label(person.side),
                _("Matched") if person.match.record_id else _("New"),
            )
        console.print(people)
        for agreement in meeting.agreements:
            console.print("  " + _("Agreement: {title} ({kind})").format(
                title=_shown(agreement.title), kind=label(agreement.kind)))
        pledges = Table(_("Organisation"), _("Area"), _("Pledge"), title=_("Pledges"))
        for pledge in meeting.pledges:
            pledges.add_row(_shown(draft.organisation(pledge.organisation_key).name),
                            _shown(pledge.area) or EMPTY, _shown(pledge.text))
        console.print(pledges)
        if meeting.topics:
            console.print("  " + _("Topics: {topics}").format(
                topics=_("; ").join(_shown(topic) for topic in meeting.topics)))
    for warning in draft.warnings:
        console.print(f"[yellow]! {_shown(warning)}[/yellow]")


@app.command()
def extract(
    file: Path = typer.Argument(..., metavar="FILE", help="The article as a text file (UTF-8 or GB18030)."),
    date: str = typer.Option(
        None, "--date", metavar="YYYY-MM-DD",
        help="Publication date, for “yesterday” and the like when the text has no dateline."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the draft as JSON."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Print the draft meeting a news report describes: people, titles, agreements, pledges.

    Names are matched to existing records (by name, alias, Chinese characters and pinyin) or
    marked new. Nothing is written: the draft is saved from the "From an article" page."""
    published = None
    if date:
        try:
            published = dt.date.fromisoformat(date)
        except ValueError:
            fail(_("--date must be YYYY-MM-DD, not “{date}”").format(date=date))
    text = _read(file)
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        draft = extract_draft(text, session=session, published_on=published, clearance=actor.clearance)
    if as_json:
        echo_json(draft.model_dump(mode="json"), indent=2)
    else:
        _print_draft(draft)
