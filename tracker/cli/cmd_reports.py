"""Reports from the shell: ``tracker export``, ``tracker report``, ``tracker brief``, ``tracker return``.

Every command takes the dashboards' filters as options and ``--as NAME`` (whose clearance applies).
Bad input (a date, a format, an unknown name) stops with one line and exit code 2.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, fail, resolve_actor
from tracker.cli.filters import (
    AREA,
    FROM,
    KIND,
    ORGANISATION,
    REGION,
    SECTOR,
    TO,
    build_filters,
    organisation_id,
)
from tracker.cli.help_texts import help_text
from tracker.i18n import ENGLISH, _, current_language, format_date, format_number
from tracker.labels import label
from tracker.queries.filters import Filters
from tracker.reports.formats import DocumentKind, keys_for, or_list

OUT = typer.Option(..., "--out", metavar="FILE", help="The file to write.")


def format_option(kind: DocumentKind):
    """``--format``, offering the formats registered for ``kind``; the first is the default."""
    keys = keys_for(kind)
    return typer.Option(keys[0], "--format", metavar="FORMAT",
                        help=help_text(lambda: _("File format: {formats}.").format(formats=or_list(keys))))


def _format(value: str, kind: DocumentKind) -> str:
    allowed = keys_for(kind)
    value = value.strip().lower()
    if value not in allowed:
        fail(_("--format must be one of {formats} (got “{value}”).").format(formats=_(", ").join(allowed),
                                                                              value=value))
    return value


def _out(path: Path) -> Path:
    if not path.parent.exists():
        fail(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


@app.command("export")
def export_command(
    view: str = typer.Argument(..., metavar="VIEW", help="The table: meetings, organisations, people, "
                                                          "pledges or agreements."),
    fmt: str = format_option(DocumentKind.TABLE_EXPORT),
    out: Path = OUT, start: str | None = FROM, end: str | None = TO, kinds: list[str] = KIND,
    sectors: list[str] = SECTOR, regions: list[str] = REGION, areas: list[str] = AREA,
    organisations: list[str] = ORGANISATION, as_user: str | None = AS_OPTION,
) -> None:
    """Export a table view as CSV (UTF-8 with BOM) or Excel, with the dashboards' filters."""
    from tracker.queries.table_views import TABLE_VIEWS
    from tracker.reports.table_export import export_table

    if view not in TABLE_VIEWS:
        fail(_("Unknown table “{view}”: use one of {views}.").format(view=view, views=", ".join(TABLE_VIEWS)))
    fmt = _format(fmt, DocumentKind.TABLE_EXPORT)
    started = time.perf_counter()
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        filters = build_filters(session, actor, start=start, end=end, kinds=kinds, sectors=sectors,
                                regions=regions, areas=areas, organisations=organisations)
        rows = export_table(session, filters, view, fmt, _out(out), generated_by=actor.username)
    # English names the table as typed ("meetings"); Chinese by its word (会见记录).
    shown = view if current_language() == ENGLISH else label(view)
    echo(_("Wrote {rows} {view} to {out} in {seconds} s.").format(
        rows=format_number(rows), view=shown, out=out, seconds=f"{time.perf_counter() - started:.1f}"))


@app.command("report")
def report_command(
    start: str | None = FROM, end: str | None = TO,
    fmt: str = format_option(DocumentKind.PERIOD_REPORT), out: Path = OUT,
    kinds: list[str] = KIND, sectors: list[str] = SECTOR, regions: list[str] = REGION,
    areas: list[str] = AREA, organisations: list[str] = ORGANISATION,
    charts: bool = typer.Option(True, "--charts/--no-charts", help="Draw the charts (needs Chromium)."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Write the period report (cover, figures, charts, tables, every meeting) as PDF, Word or Excel."""
    from tracker.reports.period import write_period_report

    fmt = _format(fmt, DocumentKind.PERIOD_REPORT)
    if start is None or end is None:
        fail(_("Give the period with --from YYYY-MM-DD and --to YYYY-MM-DD."))
    started = time.perf_counter()
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        filters = build_filters(session, actor, start=start, end=end, kinds=kinds, sectors=sectors,
                                regions=regions, areas=areas, organisations=organisations)
        write_period_report(session, filters, fmt, _out(out), with_charts=charts,
                            generated_by=actor.username)
    echo(_("Wrote the report to {out} in {seconds} s.").format(
        out=out, seconds=f"{time.perf_counter() - started:.1f}"))


@app.command("brief")
def brief_command(
    name: str = typer.Argument(..., metavar="NAME", help="The organisation: name, local name or alias."),
    fmt: str = format_option(DocumentKind.BRIEFING), out: Path = OUT,
    as_user: str | None = AS_OPTION,
) -> None:
    """Write a one-page briefing on one organisation before meeting them."""
    from tracker.queries.meeting_rows import shown_names
    from tracker.reports.briefing import write_briefing

    fmt = _format(fmt, DocumentKind.BRIEFING)
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        organisation = organisation_id(session, actor, name)
        write_briefing(session, Filters.for_actor(actor), organisation, fmt, _out(out),
                       generated_by=actor.username)
        # The organisation as the reader's language names it (商汤科技 (SenseTime)), not as typed.
        shown = shown_names(session, "organisation", [organisation]).get(organisation, name)
    echo(_("Wrote the briefing on {name} to {out}.").format(name=shown, out=out))


@app.command("return")
def return_command(
    quarter: str = typer.Option(..., "--quarter", metavar="QUARTER", help="The quarter, e.g. 2019Q2."),
    fmt: str = format_option(DocumentKind.TRANSPARENCY_RETURN), out: Path = OUT,
    as_user: str | None = AS_OPTION,
) -> None:
    """Write the quarter's transparency return (official, date, organisation, purpose)."""
    from tracker.models.quarters import parse_quarter
    from tracker.queries.transparency import transparency_return
    from tracker.reports.transparency import write_return

    fmt = _format(fmt, DocumentKind.TRANSPARENCY_RETURN)
    parse_quarter(quarter)
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        filters = Filters.for_actor(actor)
        rows, left_out = write_return(session, filters, quarter, fmt, _out(out), generated_by=actor.username)
        if left_out:
            _rows, problems = transparency_return(session, filters, quarter)
            for problem in problems.itertuples():
                echo("  " + _("left out: meeting {id} ({date}): {problem}").format(
                    id=problem.meeting_id, date=format_date(problem.date), problem=problem.problem),
                    err=True)
    echo(_("Wrote {rows} rows to {out}; {left_out} meetings left out (listed above).").format(
        rows=format_number(rows), out=out, left_out=format_number(left_out)))
