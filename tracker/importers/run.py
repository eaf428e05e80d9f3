"""Running a spreadsheet import: preview it, then write it; the page and the CLI call these.

The importers sit above the services (``writer`` validates with their input models and projects
through their read model); no service calls back into them.
``import_rows`` is the one write path for imports (page and CLI alike): editors and admins only,
audited (one ``import`` audit row plus a ``create`` row per record written), the data version
bumped with every batch. Re-importing a file adds nothing: each meeting carries a stable
``import_key`` built from its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlmodel import Session

from tracker.auth.actor import Actor, require_write
from tracker.errors import ValidationError
from tracker.i18n import N_
from tracker.importers.mapping import MappingSpec, load_mapping
from tracker.importers.preview import ImportPreview, build_preview, find_duplicates
from tracker.importers.reading import SourceTable
from tracker.importers.writer import Progress, write_preview
from tracker.models import Confidentiality


@dataclass
class ImportResult:
    """The summary ``tracker import --json`` prints; row counts (with ``skipped_by_rule``) add
    up to ``rows_read``."""

    rows_read: int
    imported: int
    already_imported: int
    rejected: int
    matched_organisations: int
    matched_people: int
    created_organisations: int
    created_people: int
    errors: list[dict] = field(default_factory=list)
    meetings_created: int = 0
    dry_run: bool = False
    possible_matches: list[dict] = field(default_factory=list)
    skipped_by_rule: int = 0
    notes: int = 0
    # Meetings in the file that probably duplicate one recorded before the import (imported all
    # the same, as on the page): ``ImportPreview.duplicate_pairs`` with ISO dates.
    probable_duplicates: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def preview_import(*, session: Session, table: SourceTable, mapping: MappingSpec | dict | str,
                   clearance: Confidentiality) -> ImportPreview:
    """What importing ``table`` with ``mapping`` would do, matching names against what a reader at
    ``clearance`` may know of; writes nothing."""
    spec = mapping if isinstance(mapping, MappingSpec) else load_mapping(mapping)
    return build_preview(session, table, spec, clearance=clearance)


def import_rows(*, session: Session, actor: Actor, table: SourceTable,
                mapping: MappingSpec | dict | str, dry_run: bool = False,
                progress: Progress | None = None, preview: ImportPreview | None = None,
                confirmed: Iterable[str] = ()) -> ImportResult:
    """Import the table's valid rows as meetings; invalid rows come back with their reason.
    ``confirmed`` names in the file whose possible match (close but for a number) a person
    has confirmed; other possible matches are left as new records and listed."""
    require_write(actor, N_("import meetings"))
    preview = preview or preview_import(session=session, table=table, mapping=mapping,
                                        clearance=actor.clearance)
    for source in confirmed:
        kinds = [kind for (kind, name), match in preview.matches.items()
                 if name == source and match.possible_id is not None]
        if not kinds:
            raise ValidationError({"confirm": f"“{source}” has no possible match to confirm"})
        for kind in kinds:
            preview.confirm_match(kind, source)
    if confirmed:
        # A confirmed name is now an existing record, which may share a meeting already recorded.
        find_duplicates(session, preview, clearance=actor.clearance)
    duplicates = [pair | {"date": pair["date"].isoformat(),
                          "recorded_date": pair["recorded_date"].isoformat()}
                  for pair in preview.duplicate_pairs()]
    counts = preview.match_counts()
    errors = list(preview.errors)
    # A dry run goes through the very same write, rolled back: it reports what the import does.
    outcome = write_preview(session, actor, preview, progress=progress, dry_run=dry_run)
    errors += outcome.errors
    imported, already, created = (outcome.imported_rows, outcome.already_imported_rows,
                                  outcome.meetings_created)
    return ImportResult(
        rows_read=preview.rows_read, imported=imported, already_imported=already,
        rejected=len({e.row for e in errors}), errors=[{"row": e.row, "reason": e.reason}
                                                       for e in sorted(errors, key=lambda e: e.row)],
        meetings_created=created, dry_run=dry_run, **counts,
        skipped_by_rule=preview.skipped_by_rule, notes=sum(len(d.notes) for d in preview.drafts),
        possible_matches=[{"kind": m.kind, "in_file": m.source, "possible_id": m.possible_id,
                           "possible_name": m.possible_name, "score": m.score}
                          for m in preview.possible_matches()],
        probable_duplicates=duplicates)
