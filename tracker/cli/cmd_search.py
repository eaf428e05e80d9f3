"""``tracker search``: the Meetings page's ranked search from the command line."""

from __future__ import annotations

import typer

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, echo_json, resolve_actor
from tracker.i18n import _
from tracker.queries.filters import Filters
from tracker.queries.meeting_search import search_meetings


@app.command()
def search(
    text: str = typer.Argument(..., metavar="TEXT", help="A person's or organisation's name, alias, "
                                                         "Chinese name or pinyin, or words from meetings."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, metavar="N",
                              help="Show at most this many meetings."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Find meetings, best match first: those of the person or organisation the text names, then
    title, summary and other matches; each with its id, date, title and why it matched."""
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        frame = search_meetings(session, Filters.for_actor(actor), text, limit=limit)
    if as_json:
        echo_json(frame.to_dict(orient="records"), default=str)
        return
    if frame.empty:
        echo(_("No meeting matches."))
        return
    for row in frame.itertuples():
        echo(f"#{row.id}  {row.date}  {row.title}  ({row.why})")
