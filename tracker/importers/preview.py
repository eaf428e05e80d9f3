"""The preview: what an import would do, computed before anything is written.

It reads the rows through the mapping, groups them into meetings, matches every organisation
and person to existing records, and looks up which meetings an earlier import already wrote
(by their stable key) and which meetings already recorded a new one probably duplicates (a day
either side, sharing a matched person or organisation: ``tracker.queries.meeting_duplicates``).
The page shows it; ``import_rows`` writes exactly what it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlmodel import Session, select

from tracker.errors import ValidationError
from tracker.i18n import N_, format_date, gettext
from tracker.importers.grouping import MeetingDraft, RowError, group_rows
from tracker.importers.mapping import TARGET_FIELDS, MappingSpec, resolve_columns
from tracker.importers.reading import SourceTable
from tracker.importers.resolve import Match, NameIndex, organisation_index, person_index
from tracker.models import Confidentiality, DatePrecision, Meeting
from tracker.queries.meeting_duplicates import Candidate, Probe, duplicate_candidates

KEY_CHUNK = 500
STATES = {True: N_("already imported"), False: N_("new")}  # a draft's state: imported before or not


@dataclass
class ImportPreview:
    """Everything the import would do; counts are of source rows unless named otherwise."""

    table: SourceTable
    spec: MappingSpec
    drafts: list[MeetingDraft]
    errors: list[RowError]
    existing_keys: set[str]
    organisations: NameIndex
    people: NameIndex
    skipped: list[RowError] = field(default_factory=list)    # dropped by a value mapping
    matches: dict[tuple[str, str], Match] = field(default_factory=dict)
    duplicates: dict[str, list[Candidate]] = field(default_factory=dict)  # by import key

    @property
    def rows_read(self) -> int:
        return len(self.table.rows)

    @property
    def new_drafts(self) -> list[MeetingDraft]:
        return [d for d in self.drafts if d.import_key not in self.existing_keys]

    @property
    def already_imported(self) -> int:
        return sum(len(d.rows) for d in self.drafts if d.import_key in self.existing_keys)

    @property
    def importable_rows(self) -> int:
        return sum(len(d.rows) for d in self.new_drafts)

    @property
    def rejected(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def skipped_by_rule(self) -> int:
        return len(self.skipped)

    def notes_frame(self) -> pd.DataFrame:
        """Every cut, split and value read as "other", by the rows of its meeting."""
        rows = [{"rows": _row_span(d.rows), "note": note} for d in self.drafts for note in d.notes]
        rows += [{"rows": str(s.row), "note": s.reason} for s in self.skipped]
        return pd.DataFrame(rows, columns=["rows", "note"])

    def match_counts(self) -> dict[str, int]:
        """Distinct existing records matched and distinct new records needed, per kind."""
        counts = {"matched_organisations": set(), "matched_people": set(),
                  "created_organisations": set(), "created_people": set()}
        for (kind, _source), match in self.matches.items():
            plural = "organisations" if kind == "organisation" else "people"
            if match.is_new:
                counts[f"created_{plural}"].add(match.record_name.casefold())
            else:
                counts[f"matched_{plural}"].add(match.record_id)
        return {key: len(value) for key, value in counts.items()}

    def matches_frame(self) -> pd.DataFrame:
        """One line per distinct source name: what it matched and how, and for a new name close
        to an existing one but for a number, that name as a possible match."""
        rows = [{"kind": m.kind, "in file": m.source, "match": m.record_name if not m.is_new else "",
                 "how": m.method, "score": m.score if m.method in ("fuzzy", "possible") else None,
                 "possible match": m.possible_name or ""}
                for m in self.matches.values()]
        return pd.DataFrame(rows, columns=["kind", "in file", "match", "how", "score", "possible match"])

    def possible_matches(self) -> list[Match]:
        """New names close to an existing record but for a number, for a person to confirm."""
        return [m for m in self.matches.values() if m.possible_id is not None and m.is_new]

    def confirm_match(self, kind: str, source: str) -> Match:
        """A person says ``source`` is its possible match after all: import it as that record."""
        match = self.matches.get((kind, source))
        if match is None or match.possible_id is None:
            raise ValidationError({"match": gettext("“{name}” has no possible match to confirm").format(
                name=source)})
        confirmed = Match(kind, source, "confirmed", match.possible_id, match.possible_name,
                          match.score)
        self.matches[(kind, source)] = confirmed
        return confirmed

    def drafts_frame(self, limit: int = 500) -> pd.DataFrame:
        rows = [{"rows": _row_span(d.rows), "date": d.date, "precision": d.precision.value,
                 "title": d.title, "official": d.official, "organisations": "; ".join(d.organisations),
                 "people": "; ".join(p[0] for p in d.people),
                 "state": gettext(STATES[d.import_key in self.existing_keys]),
                 "probable duplicate of": _first(self.duplicates.get(d.import_key, []))}
                for d in self.drafts[:limit]]
        return pd.DataFrame(rows, columns=["rows", "date", "precision", "title", "official",
                                           "organisations", "people", "state", "probable duplicate of"])

    @property
    def probable_duplicates(self) -> int:
        """New meetings in the file that probably duplicate one already recorded."""
        return sum(1 for found in self.duplicates.values() if found)

    def duplicate_pairs(self) -> list[dict]:
        """One entry per (meeting in the file, meeting already recorded it probably duplicates),
        with what they share: the page's table and ``tracker import`` both list these."""
        return [{"rows": _row_span(d.rows), "date": d.date, "title": d.title,
                 "recorded_id": c.id, "recorded_date": c.date, "recorded_title": c.title,
                 "shared": [*c.shared_people, *c.shared_organisations]}
                for d in self.new_drafts for c in self.duplicates.get(d.import_key, [])]

    def duplicates_frame(self) -> pd.DataFrame:
        """One line per (meeting in the file, meeting already recorded it probably duplicates)."""
        rows = [{"rows": p["rows"], "date": p["date"], "title": p["title"],
                 "recorded id": p["recorded_id"], "recorded date": p["recorded_date"],
                 "recorded title": p["recorded_title"], "shared": "; ".join(p["shared"])}
                for p in self.duplicate_pairs()]
        return pd.DataFrame(rows, columns=["rows", "date", "title", "recorded id", "recorded date",
                                           "recorded title", "shared"])

    def errors_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"row": e.row, "reason": e.reason} for e in self.errors],
                            columns=["row", "reason"])


def _first(found: list[Candidate]) -> str:
    if not found:
        return ""
    first = f"{format_date(found[0].date)} · {found[0].title}"
    if len(found) == 1:
        return first
    return gettext("{first} (and {count} more)").format(first=first, count=len(found) - 1)


def _probe(preview: ImportPreview, draft: MeetingDraft) -> Probe:
    """The draft as the duplicate check sees it: its date and the existing records it matched."""
    def matched(kind: str, names: list[str | None]) -> list[int | None]:
        return [preview.matches[(kind, n)].record_id for n in names if n and (kind, n) in preview.matches]

    return Probe.of(draft.date,
                    matched("person", [draft.official, *draft.other_officials,
                                       *(p[0] for p in draft.people)]),
                    matched("organisation", [draft.government_body, *draft.organisations]))


def find_duplicates(session: Session, preview: ImportPreview, *, clearance: Confidentiality) -> None:
    """Fill ``preview.duplicates`` for the new meetings dated to the day (a month or a quarter
    is too vague to say two meetings are one), in one batch."""
    drafts = [d for d in preview.new_drafts if d.precision is DatePrecision.DAY]
    probes = [_probe(preview, d) for d in drafts]
    found = duplicate_candidates(session, probes, clearance=clearance) if probes else []
    preview.duplicates = {d.import_key: candidates for d, candidates in zip(drafts, found, strict=True)}


def _row_span(rows: list[int]) -> str:
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]} ({len(rows)})"


def existing_import_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start:start + KEY_CHUNK]
        found.update(session.exec(select(Meeting.import_key).where(Meeting.import_key.in_(chunk))))
    return found


def build_preview(session: Session, table: SourceTable, spec: MappingSpec, *,
                  clearance: Confidentiality) -> ImportPreview:
    """Read, group, match (against what a reader at ``clearance`` may know of) and check for
    earlier imports; writes nothing."""
    columns = resolve_columns(spec, table)
    if columns.missing_required:
        raise ValidationError({"mapping": gettext("no column for required field(s): {fields}").format(
            fields=", ".join(gettext(TARGET_FIELDS[f].label) for f in columns.missing_required))})
    grouped = group_rows(spec, table)
    existing = existing_import_keys(session, [d.import_key for d in grouped.drafts])
    organisations = organisation_index(session, spec.match_threshold, clearance=clearance)
    needs_people = any(d.official or d.people or d.other_officials for d in grouped.drafts)
    people = person_index(session, spec.match_threshold, clearance=clearance) if needs_people else \
        NameIndex("person", spec.match_threshold)
    preview = ImportPreview(table, spec, grouped.drafts, grouped.errors, existing, organisations, people,
                            skipped=grouped.skipped)
    for draft in grouped.drafts:
        if draft.import_key in existing:
            continue
        names = [("organisation", n) for n in draft.organisations]
        if draft.government_body:
            names.append(("organisation", draft.government_body))
        names += [("person", p[0]) for p in draft.people]
        names += [("person", name) for name in draft.other_officials]
        if draft.official:
            names.append(("person", draft.official))
        for kind, name in names:
            if (kind, name) not in preview.matches:
                index = organisations if kind == "organisation" else people
                preview.matches[(kind, name)] = index.resolve(name)
    find_duplicates(session, preview, clearance=clearance)
    return preview
