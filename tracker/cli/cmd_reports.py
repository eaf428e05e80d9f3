"""Reports from the shell: ``tracker export``, ``tracker report``, ``tracker brief``, ``tracker return``.

Every command takes the dashboards' filters as options and ``--as NAME`` (whose clearance applies).
Bad input (a date, a format, an unknown name) stops with one line and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer

from tracker.cli import app
from tracker.cli.common import AS_OPTION, cli_session, echo, fail, resolve_actor
from tracker.models import CooperationArea, Organisation, OrganisationKind
from tracker.queries.filters import Filters
from tracker.reports.formats import DocumentKind, keys_for, or_list

FROM = typer.Option(None, "--from", help="First day (YYYY-MM-DD).")
TO = typer.Option(None, "--to", help="Last day (YYYY-MM-DD).")
KIND = typer.Option([], "--kind", help="Organisation kind (repeatable), e.g. private_enterprise.")
SECTOR = typer.Option([], "--sector", help="Sector (repeatable).")
REGION = typer.Option([], "--region", help="Region or province (repeatable).")
AREA = typer.Option([], "--area", help="Cooperation area by name (repeatable).")
ORGANISATION = typer.Option([], "--organisation", help="Organisation by name (repeatable).")
OUT = typer.Option(..., "--out", help="File to write.")


def format_option(kind: DocumentKind):
    """``--format``, offering the formats registered for ``kind``; the first is the default."""
    keys = keys_for(kind)
    return typer.Option(keys[0], "--format", help=f"{or_list(keys)}.")


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} “{text}” is not a date: write it as YYYY-MM-DD.")


def _format(value: str, kind: DocumentKind) -> str:
    allowed = keys_for(kind)
    value = value.strip().lower()
    if value not in allowed:
        fail(f"--format must be one of {', '.join(allowed)} (got “{value}”).")
    return value


def _out(path: Path) -> Path:
    if not path.parent.exists():
        fail(f"The folder {path.parent} does not exist.")
    return path


def _ids_by_name(session, actor, model, names: list[str], what: str) -> tuple[int, ...]:
    from tracker.queries.briefing_data import find_organisation_id
    from tracker.queries.options import find_area_id

    ids = []
    for name in names:
        if model is Organisation:
            ids.append(find_organisation_id(session, name, clearance=actor.clearance))
            continue
        area_id = find_area_id(session, name)
        if area_id is None:
            fail(f"No {what} called “{name}”.")
        ids.append(area_id)
    return tuple(ids)


def build_filters(session, actor, *, start=None, end=None, kinds=(), sectors=(), regions=(), areas=(),
                  organisations=()) -> Filters:
    """The dashboards' ``Filters`` from command-line options, limited to the actor's clearance."""
    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and last < first:
        fail("--to is before --from.")
    valid_kinds = {k.value for k in OrganisationKind}
    for kind in kinds:
        if kind not in valid_kinds:
            fail(f"Unknown --kind “{kind}”: use one of {', '.join(sorted(valid_kinds))}.")
    return Filters.for_actor(
        actor, start=first, end=last, organisation_kinds=tuple(kinds), sectors=tuple(sectors),
        regions=tuple(regions),
        area_ids=_ids_by_name(session, actor, CooperationArea, list(areas), "cooperation area"),
        organisation_ids=_ids_by_name(session, actor, Organisation, list(organisations), "organisation"))


@app.command("export")
def export_command(
    view: str = typer.Argument(..., help="meetings, organisations, people, pledges or agreements."),
    fmt: str = format_option(DocumentKind.TABLE_EXPORT),
    out: Path = OUT, start: str | None = FROM, end: str | None = TO, kinds: list[str] = KIND,
    sectors: list[str] = SECTOR, regions: list[str] = REGION, areas: list[str] = AREA,
    organisations: list[str] = ORGANISATION, as_user: str | None = AS_OPTION,
) -> None:
    """Export a table view as CSV (UTF-8 with BOM) or Excel, with the dashboards' filters."""
    from tracker.queries.table_views import TABLE_VIEWS
    from tracker.reports.table_export import export_table

    if view not in TABLE_VIEWS:
        fail(f"Unknown table “{view}”: use one of {', '.join(TABLE_VIEWS)}.")
    fmt = _format(fmt, DocumentKind.TABLE_EXPORT)
    started = time.perf_counter()
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        filters = build_filters(session, actor, start=start, end=end, kinds=kinds, sectors=sectors,
                                regions=regions, areas=areas, organisations=organisations)
        rows = export_table(session, filters, view, fmt, _out(out), generated_by=actor.username)
    echo(f"Wrote {rows:,} {view} to {out} in {time.perf_counter() - started:.1f} s.")


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
        fail("Give the period with --from YYYY-MM-DD and --to YYYY-MM-DD.")
    started = time.perf_counter()
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        filters = build_filters(session, actor, start=start, end=end, kinds=kinds, sectors=sectors,
                                regions=regions, areas=areas, organisations=organisations)
        write_period_report(session, filters, fmt, _out(out), with_charts=charts,
                            generated_by=actor.username)
    echo(f"Wrote the report to {out} in {time.perf_counter() - started:.1f} s.")


@app.command("brief")
def brief_command(
    name: str = typer.Argument(..., help="The organisation: name, local name or alias."),
    fmt: str = format_option(DocumentKind.BRIEFING), out: Path = OUT,
    as_user: str | None = AS_OPTION,
) -> None:
    """Write a one-page briefing on one organisation before meeting them."""
    from tracker.queries.briefing_data import find_organisation_id
    from tracker.reports.briefing import write_briefing

    fmt = _format(fmt, DocumentKind.BRIEFING)
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        organisation_id = find_organisation_id(session, name, clearance=actor.clearance)
        write_briefing(session, Filters.for_actor(actor), organisation_id, fmt, _out(out),
                       generated_by=actor.username)
    echo(f"Wrote the briefing on {name} to {out}.")


@app.command("return")
def return_command(
    quarter: str = typer.Option(..., "--quarter", help="The quarter, e.g. 2019Q2."),
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
            _, problems = transparency_return(session, filters, quarter)
            for problem in problems.itertuples():
                echo(f"  left out: meeting {problem.meeting_id} ({problem.date}): {problem.problem}",
                     err=True)
    echo(f"Wrote {rows:,} rows to {out}; {left_out:,} meetings left out (listed above).")
