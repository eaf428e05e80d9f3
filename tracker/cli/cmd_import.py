"""`tracker import FILE`: bring a spreadsheet of meetings in (CSV or XLSX), with a column mapping
given as YAML or proposed from the file's headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, echo_json, fail, resolve_actor, visible
from tracker.i18n import _, format_number, ngettext, sentences
from tracker.labels import field

PROGRESS_FROM_ROWS = 1000
DUPLICATES_LISTED = 20


def _mapping_for(table, mapping_file: Path | None):
    from tracker.importers.mapping import load_mapping
    from tracker.importers.proposal import propose_mapping

    if mapping_file is not None:
        if mapping_file.is_file():
            return load_mapping(mapping_file.read_text(encoding="utf-8"))
        from tracker.importers.saved_mappings import get_mapping, list_mappings

        with cli_session() as session:
            if str(mapping_file) in list_mappings(session=session):
                return get_mapping(session=session, name=str(mapping_file))
        fail(_("No mapping file at {path}, and no saved mapping of that name.").format(path=mapping_file))
    spec, missing = propose_mapping(table)
    if missing:
        fail(_("Could not map the required field(s) {fields} from the headers ({headers}); give a "
               "mapping with --mapping FILE.").format(fields=_(", ").join(missing),
                                                      headers=_(", ").join(table.headers)))
    return spec


def _run(session, actor, table, spec, dry_run: bool, show_progress: bool, confirmed: list[str]):
    from tracker.importers.run import import_rows

    if not show_progress:
        return import_rows(session=session, actor=actor, table=table, mapping=spec, dry_run=dry_run,
                           confirmed=confirmed)
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(_("Importing {file}").format(file=escape(visible(table.filename))),
                                 total=len(table.rows))
        return import_rows(session=session, actor=actor, table=table, mapping=spec, dry_run=dry_run,
                           confirmed=confirmed,
                           progress=lambda done, total: progress.update(task, completed=done, total=total))


def _why(pair: dict) -> str:
    """Why a meeting in the file may be one already recorded: how near the dates, who they share."""
    apart = abs((dt.date.fromisoformat(pair["date"])
                 - dt.date.fromisoformat(pair["recorded_date"])).days)
    if apart == 0:
        return _("the same day, both with {names}").format(names=_(", ").join(pair["shared"]))
    return _("a day apart, both with {names}").format(names=_(", ").join(pair["shared"]))


def _print_duplicates(pairs: list[dict], dry_run: bool) -> None:
    """The file's meetings that probably duplicate one recorded before, as the import page's
    preview lists them (``tracker.queries.meeting_duplicates``)."""
    if not pairs:
        return
    pairs_text = ngettext("{count} pair", "{count} pairs", len(pairs)).format(
        count=format_number(len(pairs)))
    echo((_("Probable duplicates of meetings already recorded ({pairs}; the meetings in the file "
            "would be imported all the same, check them):") if dry_run else
          _("Probable duplicates of meetings already recorded ({pairs}; the meetings in the file "
            "were imported all the same, check them):")).format(pairs=pairs_text))
    for pair in pairs[:DUPLICATES_LISTED]:
        rows = (_("rows {rows}") if "–" in pair["rows"] else _("row {row}")).format(
            rows=pair["rows"], row=pair["rows"])
        echo(f"  {rows} · {pair['date']} “{pair['title']}” ≈ #{pair['recorded_id']} · "
             f"{pair['recorded_date']} “{pair['recorded_title']}”: {_why(pair)}")
    if len(pairs) > DUPLICATES_LISTED:
        echo("  " + _("… and {count} more (list them all with --json)").format(
            count=format_number(len(pairs) - DUPLICATES_LISTED)))


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., metavar="FILE", help="CSV or XLSX file of meetings."),
    mapping: Path | None = typer.Option(None, "--mapping", metavar="MAPPING",
                                        help="YAML column mapping file, or the name of a mapping "
                                             "saved on the import page; without it the mapping "
                                             "proposed from the headers is used."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
    errors_file: Path | None = typer.Option(None, "--errors", metavar="FILE",
                                            help="Write rejected rows with their reason to this "
                                                 "CSV file."),
    show_mapping: bool = typer.Option(False, "--show-mapping", help="Print the mapping used, as "
                                      "YAML, and stop (a starting point for --mapping)."),
    year: int | None = typer.Option(None, "--year", min=1900, max=2100, metavar="YEAR",
                                    help="Year for dates that give only a month or quarter "
                                         "(\"July\", \"Jan/Feb/Mar\")."),
    confirm: list[str] = typer.Option([], "--confirm", metavar="NAME",
                                       help="A name in the file whose possible match (listed by a "
                                            "dry run: close to an existing record but for a "
                                            "number) is the same record (repeatable)."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Import meetings from a spreadsheet (CSV or XLSX); re-importing the same file adds nothing.

    --dry-run runs the very same import in a transaction it rolls back, so its counts and row
    errors are the import's. A name close to an existing record but for a number ("No. 2" and
    "No. 1", 第二 and 第一) is never matched on its own: it is listed as a possible match and
    imported as new, unless --confirm NAME says it is that record. A meeting in the file that
    probably duplicates one already recorded (a day either side, sharing a person or an
    organisation outside government) is listed with that meeting, and imported all the same."""
    from tracker.importers.outputs import error_file
    from tracker.importers.reading import read_path

    if not file.is_file():
        fail(_("No file at {path}.").format(path=file))
    table = read_path(file)
    spec = _mapping_for(table, mapping)
    if year is not None and "date" in spec.fields:
        spec.fields["date"].year = year
    if show_mapping:
        echo(spec.to_yaml())
        return
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        show_progress = not as_json and len(table.rows) >= PROGRESS_FROM_ROWS
        result = _run(session, actor, table, spec, dry_run, show_progress, confirm)
    if errors_file is not None and result.errors:
        from tracker.importers.grouping import RowError

        errors_file.write_bytes(error_file(table, [RowError(e["row"], e["reason"]) for e in result.errors]))
    summary = result.to_dict()
    if as_json:
        keys = ["rows_read", "imported", "already_imported", "skipped_by_rule", "rejected",
                "matched_organisations",
                "matched_people", "created_organisations", "created_people", "errors",
                "possible_matches", "probable_duplicates"]
        echo_json({key: summary[key] for key in keys} | {"dry_run": dry_run})
        return
    figures = {"imported": format_number(result.imported), "rows": format_number(result.rows_read),
               "already": format_number(result.already_imported),
               "skipped": format_number(result.skipped_by_rule), "rejected": format_number(result.rejected)}
    if result.skipped_by_rule:
        line = (_("Would import {imported} of {rows} rows ({already} already imported, {skipped} skipped "
                  "by the mapping's values, {rejected} rejected).") if dry_run else
                _("Imported {imported} of {rows} rows ({already} already imported, {skipped} skipped by "
                  "the mapping's values, {rejected} rejected)."))
    else:
        line = (_("Would import {imported} of {rows} rows ({already} already imported, {rejected} "
                  "rejected).") if dry_run else
                _("Imported {imported} of {rows} rows ({already} already imported, {rejected} rejected)."))
    echo(line.format(**figures))
    echo(sentences(_("Organisations: {matched} matched, {created} new.").format(
        matched=format_number(result.matched_organisations),
        created=format_number(result.created_organisations)),
        _("People: {matched} matched, {created} new.").format(
        matched=format_number(result.matched_people), created=format_number(result.created_people))))
    for error in result.errors[:10]:
        echo("  " + _("row {row}: {reason}").format(row=error["row"], reason=error["reason"]))
    if len(result.errors) > 10:
        more = format_number(len(result.errors) - 10)
        echo("  " + (_("… and {count} more").format(count=more) if errors_file else
                     _("… and {count} more (write them all with --errors FILE)").format(count=more)))
    _print_duplicates(result.probable_duplicates, dry_run)
    if result.possible_matches:
        echo(_("Possible matches, not applied (close but for a number; if one is the same record, "
               "import again with --confirm NAME):"))
        for possible in result.possible_matches:
            echo(f"  {field(possible['kind'])} “{possible['in_file']}” ≈ #{possible['possible_id']} "
                 f"“{possible['possible_name']}” ({possible['score']:.0f})")
