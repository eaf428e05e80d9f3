"""Directory commands: list likely duplicates and merge a pair, as the "Possible duplicates" page
does, for administrators cleaning a directory in bulk or from a script."""

from __future__ import annotations

import typer

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, echo_json, resolve_actor
from tracker.i18n import _
from tracker.queries.duplicates import DEFAULT_THRESHOLD, duplicate_pairs
from tracker.queries.filters import Filters
from tracker.services.merge import merge_organisations, merge_people


@app.command()
def duplicates(
    organisations: bool = typer.Option(False, "--organisations", help="Compare organisations "
                                                                      "instead of people."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=50, max=100,
                                    metavar="SCORE", help="Minimum similarity, from 50 to 100."),
    limit: int = typer.Option(50, "--limit", min=1, metavar="N", help="Show at most this many pairs."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    as_user: str | None = AS_OPTION,
) -> None:
    """List likely duplicate people (or organisations), best first, with the names that met."""
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        frame = duplicate_pairs(session, Filters.for_actor(actor), person=not organisations,
                                threshold=threshold, limit=limit)
    if as_json:
        echo_json(frame.to_dict(orient="records"), default=str)
        return
    if frame.empty:
        echo(_("No likely duplicates."))
        return
    for row in frame.itertuples():
        echo(f"{row.score:5.1f}  #{row.a_id} {row.a_name}  ↔  #{row.b_id} {row.b_name}   "
             f"({row.reason})")


@app.command()
def merge(
    survivor_id: int = typer.Argument(..., metavar="KEEP_ID", help="Id of the record to keep."),
    merged_id: int = typer.Argument(..., metavar="MERGED_ID", help="Id of the record merged into it "
                                                                   "and removed."),
    organisations: bool = typer.Option(False, "--organisations", help="Merge organisations "
                                                                      "instead of people."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Merge one person (or organisation) into another: references move, names become aliases."""
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        action = merge_organisations if organisations else merge_people
        survivor = action(session=session, actor=actor, survivor_id=survivor_id, merged_id=merged_id)
        echo(_("Merged #{merged} into #{kept} {name}.").format(merged=merged_id, kept=survivor.id,
                                                               name=survivor.name))
