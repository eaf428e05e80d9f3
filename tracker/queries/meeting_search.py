"""Search that finds what a person means: meetings ranked by why they match.

A search box's text is first read as a name. When it is a person's or an organisation's name,
alias, Chinese name, the pinyin of that name, or a legal-name variant ("Tencent Holdings" for
Tencent), that record's meetings come first. Then meetings whose title holds every word as a
whole word, then those whose summary does, then those whose search text (title, summary, place,
people, organisations, topics) holds them anywhere, inside other words too. So "Wang Ning" lists
Wang Ning's meetings before the meetings with Ningde companies.

Names resolve through the indexed name and alias keys and a scan of the (small) people and
organisation tables; meetings are then reached through the link tables' indexes and the
full-text index, never by reading every meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.matching import fold, has_cjk, name_keys
from tracker.models import (
    Meeting,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
)
from tracker.models.text import normalise_key
from tracker.queries.filter_sql import on_meeting
from tracker.queries.filters import Filters
from tracker.search_index import FTS_TABLE, fts_phrase_query, has_search_index

SEARCH_COLUMNS = ["id", "date", "title", "why"]
# Rank of a meeting in the results, best first, and the reason shown for the text ranks.
NAMED, IN_TITLE, IN_SUMMARY, IN_TEXT = 0, 1, 2, 3
TEXT_REASONS = {IN_TITLE: "title", IN_SUMMARY: "summary", IN_TEXT: "other text"}
# Marks that end a word in a title or summary ("Ningde's", "(Ningde)"), read as spaces when a
# search word must be a whole word there.
WORD_BREAKS = (",", ".", ":", "'", "(", ")")
# Words a company's legal name adds to the name people use ("Tencent Holdings Limited" is Tencent).
LEGAL_WORDS = frozenset({
    "holdings", "holding", "group", "limited", "ltd", "co", "company", "inc", "incorporated",
    "corp", "corporation", "plc", "llc", "gmbh", "ag", "sa", "the",
})
LEGAL_SUFFIXES_CJK = ("股份有限公司", "有限责任公司", "有限公司", "控股", "集团", "公司")


@dataclass(frozen=True)
class NamedRecord:
    """A person or organisation the search text names, and how it was recognised."""

    kind: str  # "person" or "organisation"
    id: int
    name: str
    how: str  # "" for the name itself, else e.g. "alias Pony Ma"

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.name}" + (f" ({self.how})" if self.how else "")


def search_words(text: str | None) -> list[str]:
    """The words of a search box, case-folded as ``search_text`` is (quotes and stray spaces dropped)."""
    return [w for w in (text or "").replace('"', " ").casefold().split() if w]


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def legal_core(name: str) -> str:
    """The name without the legal words a company's registered name adds ('tencent holdings ltd' →
    'tencent'; '腾讯控股有限公司' → '腾讯')."""
    text = (name or "").strip()
    if has_cjk(text):
        text = text.replace(" ", "")
        changed = True
        while changed:
            changed = False
            for suffix in LEGAL_SUFFIXES_CJK:
                if text.endswith(suffix) and len(text) > len(suffix):
                    text, changed = text[: -len(suffix)], True
        return text
    words = fold(text).split()
    while len(words) > 1 and words[-1] in LEGAL_WORDS:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def _keys(text: str, *, person: bool) -> list[str]:
    return sorted(name_keys(text, person=person) | {normalise_key(text)})


def _pinyin_match(column, keys: list[str]):
    """``search_key`` ('ma huateng | mahuateng') holds one of ``keys`` as a whole part."""
    padded = sa.literal("| ") + column + sa.literal(" |")
    return sa.or_(*(padded.like(like_pattern(f"| {key} |"), escape="\\") for key in keys if key))


def _named(session: Session, text: str, *, person: bool) -> list[NamedRecord]:
    table, alias_table = (Person, PersonAlias) if person else (Organisation, OrganisationAlias)
    owner = PersonAlias.person_id if person else OrganisationAlias.organisation_id
    kind = "person" if person else "organisation"
    keys = _keys(text, person=person)
    local = text.strip()
    found: dict[int, NamedRecord] = {}

    def add(record_id: int, name: str, how: str) -> None:
        if record_id not in found or (found[record_id].how and not how):
            found[record_id] = NamedRecord(kind, record_id, name, how)

    for row in session.execute(sa.select(table.id, table.name, table.name_key, table.local_name).where(
            sa.or_(table.name_key.in_(keys), table.local_name == local))):
        add(row.id, row.name, "" if row.name_key in keys else f"Chinese name {row.local_name}"
            if has_cjk(row.local_name or "") else f"local name {row.local_name}")
    for row in session.execute(sa.select(table.id, table.name, alias_table.alias).join(
            alias_table, owner == table.id).where(alias_table.alias_key.in_(keys))):
        add(row.id, row.name, f"alias {row.alias}")
    if not found and not has_cjk(text):  # the pinyin scans the table: only when nothing else named it
        for row in session.execute(sa.select(table.id, table.name, table.local_name).where(
                _pinyin_match(table.search_key, keys))):
            add(row.id, row.name, f"pinyin of {row.local_name}" if row.local_name else "pinyin")
    if not person and not found:
        found.update({r.id: r for r in _legal_variants(session, text)})
    return list(found.values())


def _legal_variants(session: Session, text: str) -> list[NamedRecord]:
    """Organisations whose name, local name or alias is the text's name with legal words added or
    taken away ("Tencent Holdings" for Tencent, "Huawei" for Huawei Technologies Co Ltd)."""
    core = legal_core(text)
    if len(core) < (2 if has_cjk(core) else 3):
        return []
    first = core[:2] if has_cjk(core) else core.split()[0]
    pattern = like_pattern(first).lstrip("%")  # names starting as the core does
    candidates = session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.local_name, OrganisationAlias.alias)
        .outerjoin(OrganisationAlias, OrganisationAlias.organisation_id == Organisation.id)
        .where(sa.or_(sa.func.lower(Organisation.name).like(pattern, escape="\\"),
                      Organisation.local_name.like(pattern, escape="\\"),
                      sa.func.lower(OrganisationAlias.alias).like(pattern, escape="\\")))).all()
    found: dict[int, NamedRecord] = {}
    for row in candidates:
        for name in (row.name, row.local_name, row.alias):
            if name and legal_core(name) == core and row.id not in found:
                found[row.id] = NamedRecord("organisation", row.id, row.name, f"legal name {text.strip()}")
    return list(found.values())


def named_records(session: Session, text: str | None) -> list[NamedRecord]:
    """The people and organisations ``text`` names (empty when it names none)."""
    text = (text or "").strip().strip('"').strip()
    if not text or len(text) > 200:
        return []
    return _named(session, text, person=True) + _named(session, text, person=False)


def _meetings_of(named: list[NamedRecord]):
    person_ids = [r.id for r in named if r.kind == "person"]
    org_ids = [r.id for r in named if r.kind == "organisation"]
    parts = []
    if person_ids:
        parts.append(sa.select(Participation.meeting_id.label("meeting_id"))
                     .where(Participation.person_id.in_(person_ids)))
    if org_ids:
        parts.append(sa.select(MeetingOrganisation.meeting_id.label("meeting_id"))
                     .where(MeetingOrganisation.organisation_id.in_(org_ids)))
    return sa.union(*parts) if len(parts) > 1 else parts[0] if parts else None


def _holds_words(column, words: list[str]) -> sa.ColumnElement:
    """``column`` holds every word as a whole word (a Chinese word, written without spaces, as a
    substring)."""
    spaced = sa.func.lower(sa.func.coalesce(column, ""))
    for mark in WORD_BREAKS:
        spaced = sa.func.replace(spaced, mark, " ")
    spaced = sa.literal(" ") + spaced + sa.literal(" ")
    return sa.and_(*(spaced.like(like_pattern(w if has_cjk(w) else f" {w} "), escape="\\") for w in words))


def _text_conditions(words: list[str], *, use_index: bool) -> list[sa.ColumnElement]:
    """Every word in ``search_text``: through the trigram index for words of three or more
    characters on SQLite (shorter ones, two-character Chinese names say, by LIKE)."""
    indexed = [w for w in words if len(w) >= 3] if use_index else []
    conditions: list[sa.ColumnElement] = []
    if indexed:
        conditions.append(Meeting.id.in_(sa.select(sa.literal_column("rowid")).select_from(
            sa.table(FTS_TABLE)).where(sa.text(f"{FTS_TABLE} MATCH :fts_query").bindparams(
                fts_query=fts_phrase_query(indexed)))))
    conditions += [Meeting.search_text.like(like_pattern(w), escape="\\") for w in words if w not in indexed]
    return conditions


@dataclass(frozen=True)
class RankedSearch:
    """What a search text selects and how its meetings rank: ``condition`` keeps the meetings that
    match, ``tiers`` rank them (``rank`` as one expression, NAMED first), ``named`` are the
    records the text names."""

    condition: sa.ColumnElement
    tiers: tuple[tuple[int, sa.ColumnElement], ...]  # (rank, condition), best first; IN_TEXT is the rest
    named: tuple[NamedRecord, ...]

    @property
    def rank(self) -> sa.ColumnElement:
        return sa.case(*((condition, rank) for rank, condition in self.tiers), else_=IN_TEXT)

    def reasons(self, session: Session, rows) -> dict[int, str]:
        """Why each of ``rows`` (id and rank, one page) matched, in words."""
        reasons = {r.id: TEXT_REASONS.get(r.rank, "") for r in rows}
        named_ids = [r.id for r in rows if r.rank == NAMED]
        if not named_ids:
            return reasons
        by_key = {(r.kind, r.id): r for r in self.named}
        links = []
        people = [r.id for r in self.named if r.kind == "person"]
        orgs = [r.id for r in self.named if r.kind == "organisation"]
        if people:
            links += [(m, ("person", p)) for m, p in session.execute(
                sa.select(Participation.meeting_id, Participation.person_id).where(
                    Participation.meeting_id.in_(named_ids), Participation.person_id.in_(people)))]
        if orgs:
            links += [(m, ("organisation", o)) for m, o in session.execute(
                sa.select(MeetingOrganisation.meeting_id, MeetingOrganisation.organisation_id).where(
                    MeetingOrganisation.meeting_id.in_(named_ids),
                    MeetingOrganisation.organisation_id.in_(orgs)))]
        said: dict[int, list[str]] = {}
        for meeting_id, key in links:
            said.setdefault(meeting_id, [])
            if by_key[key].reason not in said[meeting_id]:
                said[meeting_id].append(by_key[key].reason)
        return {**reasons, **{m: "; ".join(texts) for m, texts in said.items()}}


def ranked_search(session: Session, text: str | None) -> RankedSearch | None:
    """The ranked search for ``text`` (None when it has no words)."""
    words = search_words(text)
    if not words:
        return None
    named = named_records(session, text)
    text_match = _text_conditions(words, use_index=has_search_index(session))
    matching = sa.select(Meeting.id.label("meeting_id")).where(*text_match)
    of_named = _meetings_of(named)
    candidates = sa.union(of_named, matching) if of_named is not None else matching
    tiers = [(NAMED, Meeting.id.in_(of_named))] if of_named is not None else []
    tiers += [(IN_TITLE, _holds_words(Meeting.title, words)),
              (IN_SUMMARY, _holds_words(Meeting.summary, words))]
    return RankedSearch(condition=Meeting.id.in_(candidates), tiers=tuple(tiers), named=tuple(named))


def search_meetings(session: Session, filters: Filters, text: str, *, limit: int = 20) -> pd.DataFrame:
    """The meetings the reader may see that ``text`` finds, best first (newest first within a
    rank), with why each matched: id, date, title, why.

    One query per rank, newest first, until ``limit`` are found: a common word matches thousands
    of meetings, and ranking them all to keep ten costs more than asking for ten of each rank."""
    search = ranked_search(session, text)
    if search is None:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    limit = max(1, int(limit))
    rows: list = []
    for rank, condition in (*search.tiers, (IN_TEXT, sa.true())):
        # a rank is asked for only when the ranks before it are all listed, so "not listed yet"
        # is "not of a better rank"
        listed = [Meeting.id.not_in([r.id for r in rows])] if rows else []
        rows += session.execute(
            sa.select(Meeting.id, Meeting.date, Meeting.title, sa.literal(rank).label("rank"))
            .where(search.condition, condition, *listed, *on_meeting(filters, held=False))
            .order_by(Meeting.date.desc(), Meeting.id.desc()).limit(limit - len(rows))).all()
        if len(rows) >= limit:
            break
    reasons = search.reasons(session, rows)
    return pd.DataFrame([{"id": r.id, "date": r.date, "title": r.title, "why": reasons[r.id]} for r in rows],
                        columns=SEARCH_COLUMNS)
