"""Rows → meeting drafts: read each row's cells through the mapping, carry values down to
follow-on rows, and gather the rows of one meeting (by a meeting id column, by equal date,
official and purpose, or a row that only adds organisations under the row above).

Every non-blank row ends in exactly one place: a draft (imported later, or found already
imported) or ``errors`` with the reason, so ``imported + already_imported + rejected = rows_read``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from tracker.i18n import N_, gettext
from tracker.importers.mapping import TARGET_FIELDS, MappingSpec, resolve_columns
from tracker.importers.parsing import (
    DEFAULT_SPLIT,
    CellError,
    ParsedDate,
    month_number,
    parse_date,
    parse_person,
    parse_time,
    quarter_from_filename,
    slug_to_text,
    split_values,
    year_from_filename,
)
from tracker.importers.reading import SourceRow, SourceTable
from tracker.importers.vocabulary import SKIP, UNMAPPED_VALUE, value_key
from tracker.labels import label
from tracker.models import Confidentiality, DatePrecision, MeetingKind, MeetingStatus
from tracker.models.text import clean_text

NAME_MAX = 200
TITLE_MAX = 300
_NIL = ("nil return", "nil", "none", "no meetings", "n/a")


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class RowError:
    row: int
    reason: str


class SkippedRow(Exception):
    """A row a value mapping drops ("skip"): counted as skipped by rule, not as an error."""


@dataclass
class MeetingDraft:
    """One meeting to write, built from one or more source rows."""

    rows: list[int]
    date: dt.date
    precision: DatePrecision
    title: str
    time: dt.time | None = None
    kind: MeetingKind = MeetingKind.TALK
    status: MeetingStatus = MeetingStatus.HELD
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    place: str | None = None
    summary: str | None = None
    source: str | None = None
    official: str | None = None
    official_title: str | None = None
    government_body: str | None = None
    organisations: list[str] = field(default_factory=list)
    people: list[tuple[str, str | None]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    identity: str = ""
    import_key: str = ""
    other_officials: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # cuts, splits and values read as "other"

    def add_names(self, organisations: list[str], people: list[tuple[str, str | None]]) -> None:
        for name in organisations:
            if name.casefold() not in {o.casefold() for o in self.organisations}:
                self.organisations.append(name)
        for person in people:
            if person[0].casefold() not in {p[0].casefold() for p in self.people}:
                self.people.append(person)


@dataclass
class GroupingResult:
    drafts: list[MeetingDraft]
    errors: list[RowError]
    skipped: list[RowError] = field(default_factory=list)


def _choice(enum_cls, text: str, what: str):
    key = text.strip().casefold().replace(" ", "_").replace("-", "_")
    for member in enum_cls:
        if key in (member.value, member.name.casefold()) or member.value.startswith(key) and len(key) >= 3:
            return member
    raise CellError(gettext("“{text}” is not a {what} ({choices})").format(
        text=text, what=gettext(what), choices=", ".join(label(m.value) for m in enum_cls)))


def _mapped_value(spec: MappingSpec, field_name: str, text: str, notes: list[str]) -> str | None:
    """The file's value through the field's value mapping: ours, None for the default, or
    ``SkippedRow``. An unmapped value that is not one of ours becomes what ``UNMAPPED_VALUE``
    says, with a note on the row: an optional field never rejects a row."""
    rule = spec.rule(field_name)
    mapped = {value_key(k): v for k, v in (rule.values if rule else {}).items()}
    key = value_key(text)
    if key in mapped:
        if mapped[key] == SKIP:
            raise SkippedRow(gettext("{field} “{text}” is skipped by the mapping").format(
                field=gettext(TARGET_FIELDS[field_name].label), text=text))
        return mapped[key] or None
    reader = {"kind": lambda t: _choice(MeetingKind, t, N_("meeting kind")).value,
              "status": lambda t: _choice(MeetingStatus, t, N_("meeting status")).value,
              "confidentiality": lambda t: _confidentiality(t).name.casefold()}[field_name]
    try:
        return reader(text)
    except CellError:
        fallback = UNMAPPED_VALUE[field_name]
        notes.append(gettext("{field} “{text}” is not one of ours: read as {value}").format(
            field=gettext(TARGET_FIELDS[field_name].label), text=text[:60],
            value=label(fallback).lower() if fallback else gettext("the default")))
        return fallback


def _confidentiality(text: str) -> Confidentiality:
    try:
        return Confidentiality.parse(text.strip().lower())
    except (KeyError, ValueError):
        raise CellError(gettext("“{text}” is not a confidentiality level ({levels})").format(
            text=text, levels=", ".join(label(level.label).lower() for level in Confidentiality))) from None


class RowReader:
    """Reads one row's mapped values, remembering carried values from the rows above."""

    def __init__(self, spec: MappingSpec, table: SourceTable):
        self.spec = spec
        self.indexes = resolve_columns(spec, table).indexes
        rule = spec.rule("date")
        self.default_year = rule.year if rule and rule.year else None
        if rule and rule.year_from_filename and not self.default_year:
            self.default_year = year_from_filename(table.filename)
        # A periodic return ("…aprjun2013.csv") dates a row left undated to its quarter.
        self.return_quarter = quarter_from_filename(table.filename, rule.year if rule else None)
        self.carried: dict[str, str] = {}
        self.filled: set[str] = set()

    def raw(self, row: SourceRow, field_name: str) -> str:
        index = self.indexes.get(field_name)
        value = row.get(index) if index is not None else ""
        if not value:
            value = self.spec.fixed.get(field_name, "")
        rule = self.spec.rule(field_name)
        if value and rule is not None:
            if rule.slug:
                value = slug_to_text(value)
            if rule.format:
                value = rule.format.replace("{}", value)
        return value

    def date_from_parts(self, row: SourceRow) -> str:
        """A date spread over columns (day, month, year) as one text ``parse_date`` reads."""
        day, month, year = (row.get(self.indexes[f"date.{p}"]) if f"date.{p}" in self.indexes else ""
                            for p in ("day", "month", "year"))
        if not month:
            return ""
        number = int(month) if month.isdigit() else month_number(month)
        year = year or (str(self.default_year) if self.default_year else "")
        if number is None or not year:
            return " ".join(p for p in (day, month, year) if p)
        return f"{year}-{number:02d}-{int(day):02d}" if day.isdigit() else f"{year}-{number:02d}"

    def values(self, row: SourceRow) -> dict[str, str]:
        values = {name: self.raw(row, name) for name in set(self.indexes) | set(self.spec.fixed)}
        if "date.month" in self.indexes:
            values["date"] = self.date_from_parts(row)
        self.filled = {name for name, index in self.indexes.items() if row.get(index)}
        for name in list(values):
            if self.spec.carries(name):
                if values[name]:
                    self.carried[name] = values[name]
                else:
                    values[name] = self.carried.get(name, "")
        return values


def _date_of(reader: RowReader, text: str) -> ParsedDate:
    rule = reader.spec.rule("date")
    return parse_date(text, date_format=rule.date_format if rule else None,
                      default_year=reader.default_year, day_first=rule.day_first if rule else True)


_LABELLED_LIST = re.compile(r"^(?P<label>[^:,;]{2,80}):\s*(?P<items>.+)$", re.DOTALL)
_GENERIC_LABEL = re.compile(r"\b(?:with|from|roundtable|event|conference|meeting|various|stakeholders|"
                            r"representatives|reception|dinner|visit|group of|members)\b", re.IGNORECASE)
_PERSON_LIKE = re.compile(r"^[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,2}$")
_ORG_WORDS = re.compile(r"\b(?:ltd|limited|plc|llp|inc|group|trust|foundation|bank|council|society|"
                        r"association|institute|university|college|uk|city|capital|partners|network|"
                        r"centre|center|forum|union|fund|media|news|times|post)\b", re.IGNORECASE)


def _split_organisations(text: str, separators: list[str]) -> tuple[list[str], list[str]]:
    """Organisations and people named in one cell. "ITV: Geoff Hill, Tom Bradby" is one
    organisation and its people; "Roundtable with: CBI, TUC" is a label and organisations."""
    match = _LABELLED_LIST.match(text or "")
    if not match:
        return split_values(text, separators), []
    label, items = match["label"].strip(), split_values(match["items"], separators)
    if items and all(_PERSON_LIKE.match(i) and not _ORG_WORDS.search(i) for i in items):
        return [label], items
    return ([] if _GENERIC_LABEL.search(label) else [label]) + items, []


_LONG_SPLIT = [",", "and", "&"]
# The preview's notes on a long cell of names, whole sentences per column (for translation).
SPLIT_NOTES = {"organisations": N_("an organisations cell of {length} characters split into {count} names"),
               "people": N_("a people cell of {length} characters split into {count} names")}
CUT_NOTES = {"organisations": N_("an organisation's name of {length} characters cut to {limit}: “{text}…”"),
             "people": N_("a person's name of {length} characters cut to {limit}: “{text}…”")}


def _short_names(names: list[str], notes: list[str], what: str) -> list[str]:
    """Names over ``NAME_MAX`` split further on commas and "and" (a cell of names run together),
    and any still too long cut at a word; each split or cut is noted for the preview."""
    result: list[str] = []
    for name in names:
        if len(name) <= NAME_MAX:
            result.append(name)
            continue
        parts = split_values(name, _LONG_SPLIT)
        if len(parts) > 1:
            notes.append(gettext(SPLIT_NOTES[what]).format(length=len(name), count=len(parts)))
        for part in parts:
            if len(part) > NAME_MAX:
                notes.append(gettext(CUT_NOTES[what]).format(length=len(part), limit=NAME_MAX,
                                                             text=part[:40]))
                part = cut_at_word(part, NAME_MAX)
            result.append(part)
    return list(dict.fromkeys(result))


def cut_at_word(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending at a word boundary, "..." marking the cut."""
    if len(text) <= limit:
        return text
    room = text[:limit - 3]
    cut = room.rsplit(" ", 1)[0] if " " in room[limit // 2:] else room
    return cut.rstrip(" ,;:-") + "..."


def _names(values: dict[str, str], spec: MappingSpec,
           notes: list[str] | None = None) -> tuple[list[str], list[tuple[str, str | None]]]:
    notes = [] if notes is None else notes
    organisations, named_people = _split_organisations(values.get("organisations", ""),
                                                       spec.split_for("organisations"))
    organisations = _short_names(organisations, notes, "organisations")
    people = []
    texts = _short_names(named_people + split_values(values.get("people", ""), spec.split_for("people")),
                         notes, "people")
    for text in texts:
        parsed = parse_person(text)
        if parsed.name:
            people.append((cut_at_word(parsed.name, NAME_MAX), parsed.title))
    return organisations, people


def _officials(text: str, notes: list[str]) -> tuple[str | None, str | None, list[str]]:
    """The official (name, title) and any further officials a cell lists ("A; B; Last, First")."""
    cells = split_values(text, DEFAULT_SPLIT) if any(s in text for s in DEFAULT_SPLIT) else [text]
    named = [parse_person(cell) for cell in cells]
    first = named[0] if named else parse_person("")
    others = [p.name for p in named[1:] if p.name and p.name != first.name]
    if others:
        notes.append(gettext("the official cell split into {count} officials").format(count=len(others) + 1))
    return first.name, first.title, list(dict.fromkeys(others))


def _title(values: dict[str, str], organisations: list[str]) -> tuple[str, str | None]:
    """The meeting title (at most 300 characters once cleaned as the model cleans it) and any
    text that did not fit."""
    title = values.get("title", "").strip()
    if not title:
        shown = ", ".join(organisations[:3]) or "contacts"
        more = f" and {len(organisations) - 3} others" if len(organisations) > 3 else ""
        title = f"Meeting with {shown}{more}"
    cleaned = str(clean_text(title))
    if len(cleaned) > TITLE_MAX:
        # "..." rather than "…": the model's NFKC cleaning turns "…" into three characters.
        # Titles that fit stay as written: the import key is made from them.
        return cut_at_word(cleaned, TITLE_MAX), title
    return title, None


def _new_draft(reader: RowReader, row: SourceRow, values: dict[str, str]) -> MeetingDraft:
    """A draft from a row that starts a meeting; raises ``CellError`` with the row's reason, or
    ``SkippedRow`` when a value mapping drops it (whatever else the row lacks)."""
    notes: list[str] = []
    mapped = {name: _mapped_value(reader.spec, name, values[name], notes)
              for name in ("kind", "status", "confidentiality") if values.get(name)}
    date_text = values.get("date", "")
    if date_text.strip().casefold() in _NIL:
        raise CellError(gettext("“{text}”: a nil return, no meeting to record").format(text=date_text))
    if not date_text:
        filled = sum(1 for cell in row.cells if cell)
        if filled == 1:
            raise CellError(gettext("a note or heading, not a meeting (only one cell is filled)"))
        if reader.return_quarter is None:
            raise CellError(gettext("the date is empty"))
        notes.append(gettext("no date: dated to the quarter the file name states"))
    parsed = _date_of(reader, date_text) if date_text else reader.return_quarter
    organisations, people = _names(values, reader.spec, notes)
    official_name, official_title, other_officials = _officials(values.get("official", ""), notes)
    if not organisations and not people:
        raise CellError(gettext("no organisation or person met is named"))
    title, overflow = _title(values, organisations)
    if overflow:
        notes.append(gettext("the title cut to {limit} characters at a word; the full text is in the "
                             "summary").format(limit=TITLE_MAX))
    # A role with no name ("Prime Minister") names no person; keep it in the summary.
    role_only = f"Official: {official_title}" if official_title and not official_name else None
    listed = values.get("organisations", "")
    as_listed = f"Listed as: {listed}" if _LABELLED_LIST.match(listed) else None
    summary = "\n\n".join(part for part in (overflow, values.get("summary"), role_only, as_listed)
                           if part) or None
    draft = MeetingDraft(rows=[row.number], date=parsed.date, precision=parsed.precision, title=title,
                         time=parsed.time, place=values.get("place") or None, summary=summary,
                         source=values.get("source") or None, official=official_name,
                         official_title=values.get("official_title") or official_title,
                         government_body=values.get("government_body") or None,
                         organisations=organisations, people=people,
                         other_officials=other_officials, notes=notes)
    if values.get("time"):
        draft.time = parse_time(values["time"])
    if mapped.get("kind"):
        draft.kind = MeetingKind(mapped["kind"])
    if mapped.get("status"):
        draft.status = MeetingStatus(mapped["status"])
    elif draft.date > _today():
        draft.status = MeetingStatus.PLANNED
    if draft.status is MeetingStatus.HELD and draft.date > _today():
        raise CellError(gettext("a held meeting cannot be dated in the future; mark it as planned"))
    if mapped.get("confidentiality"):
        draft.confidentiality = Confidentiality.parse(mapped["confidentiality"])
    if values.get("topics"):
        draft.topics = [t[:100] for t in split_values(values["topics"], reader.spec.split_for("topics"))]
    if draft.official and len(draft.official) > NAME_MAX:
        notes.append(gettext("the official's name cut to {limit} characters").format(limit=NAME_MAX))
        draft.official = cut_at_word(draft.official, NAME_MAX)
    return draft


def _group_key(draft: MeetingDraft, values: dict[str, str], fields: list[str]) -> tuple:
    parts = []
    for name in fields:
        if name == "date":
            parts.append((draft.date.isoformat(), draft.precision.value))
        else:
            parts.append(" ".join(values.get(name, "").casefold().split()))
    return tuple(parts)


def _is_follow_on(values: dict[str, str], reader: RowReader) -> bool:
    """A row with no date, purpose or official of its own that only names more organisations
    or people: they belong to the meeting above."""
    return (not values.get("date") and not values.get("title") and "date" not in reader.spec.fixed
            and "official" not in reader.filled
            and bool(values.get("organisations") or values.get("people")))


def group_rows(spec: MappingSpec, table: SourceTable) -> GroupingResult:
    """Read every row into drafts (grouped as the mapping says) or row errors."""
    reader = RowReader(spec, table)
    grouping = spec.grouping()
    drafts: list[MeetingDraft] = []
    by_group: dict[tuple, MeetingDraft] = {}
    errors: list[RowError] = []
    skipped: list[RowError] = []
    previous: MeetingDraft | None = None
    by_meeting_id: dict[str, MeetingDraft] = {}
    for row in table.rows:
        values = reader.values(row)
        meeting_id = " ".join(values.get("meeting_id", "").casefold().split())
        try:
            if meeting_id and meeting_id in by_meeting_id:
                # A further row of a meeting already started: only its names are new.
                existing = by_meeting_id[meeting_id]
                existing.add_names(*_names(values, spec))
                existing.rows.append(row.number)
                continue
            if previous is not None and grouping != ["meeting_id"] and _is_follow_on(values, reader):
                previous.add_names(*_names(values, spec))
                previous.rows.append(row.number)
                continue
            draft = _new_draft(reader, row, values)
        except SkippedRow as exc:
            skipped.append(RowError(row.number, str(exc)))
            previous = None
            continue
        except CellError as exc:
            errors.append(RowError(row.number, str(exc)))
            previous = None
            continue
        if grouping:
            key = _group_key(draft, values, grouping)
            existing = by_group.get(key)
            if existing is not None:
                existing.add_names(draft.organisations, draft.people)
                existing.notes += draft.notes
                existing.rows.append(row.number)
                previous = existing
                continue
            by_group[key] = draft
            # A meeting id is only unique within its file: the date and title go into the key too.
            extra = (draft.date.isoformat(), draft.title.casefold()) if grouping == ["meeting_id"] else ()
            draft.identity = "group|" + repr(key + extra)
            if meeting_id:
                by_meeting_id[meeting_id] = draft
        drafts.append(draft)
        previous = draft
    _assign_keys(drafts)
    return GroupingResult(drafts, errors, skipped)


def _assign_keys(drafts: list[MeetingDraft]) -> None:
    """A stable key per meeting: its content (or group key), plus a counter for exact repeats."""
    seen: dict[str, int] = {}
    for draft in drafts:
        identity = draft.identity or "|".join([
            draft.date.isoformat(), draft.precision.value, str(draft.time or ""),
            (draft.official or "").casefold(), (draft.official_title or "").casefold(),
            (draft.government_body or "").casefold(), draft.title.casefold(),
            ";".join(o.casefold() for o in draft.organisations),
            ";".join(p[0].casefold() for p in draft.people)])
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        digest = hashlib.sha1(f"{identity}#{occurrence}".encode()).hexdigest()
        draft.import_key = f"import:{digest}"
