"""Search that finds what a person means: meetings ranked by why they match.

A search box's text is first read as a name. When it is a person's or an organisation's name,
alias, Chinese name, the pinyin of that name, or a legal-name variant ("Tencent Holdings" for
Tencent), that record's meetings come first. Then meetings whose title holds every word as a
whole word, then those whose summary does, then those whose search text (title, summary, place,
people, organisations, topics) holds them anywhere, inside other words too. So "Wang Ning" lists
Wang Ning's meetings before the meetings with Ningde companies.

Names resolve in one indexed lookup of the ``name_key`` rows the read model keeps (every name,
local name, alias, pinyin spelling and legal-name core); meetings are then reached through the
link tables' indexes and the full-text index. Only words the index cannot hold (under three
characters: a two-character Chinese name, say) are looked for by reading the meetings' text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.i18n import N_, gettext
from tracker.matching import has_cjk, legal_core, name_keys
from tracker.models import (
    Meeting,
    MeetingOrganisation,
    NameKey,
    Organisation,
    Participation,
    Person,
)
from tracker.models.text import normalise_key
from tracker.queries.filter_sql import on_meeting
from tracker.queries.filters import Filters
from tracker.search_index import FTS_TABLE, fts_phrase_query, has_search_index

SEARCH_COLUMNS = ["id", "date", "title", "why"]
# Rank of a meeting in the results, best first, and the reason shown for the text ranks.
NAMED, IN_TITLE, IN_SUMMARY, IN_TEXT = 0, 1, 2, 3
# A match inside other words (IN_TEXT) is said by where it is: the title or summary when the words
# are there, else the names, place and topics the search text also holds.
IN_THE_TITLE, IN_THE_SUMMARY = N_("in the title"), N_("in the summary")
PART_OF_A_NAME = N_("part of a name, place or topic")
TEXT_REASONS = {IN_TITLE: IN_THE_TITLE, IN_SUMMARY: IN_THE_SUMMARY, IN_TEXT: PART_OF_A_NAME}
NAMED_KINDS = {"person": N_("person: {name}"), "organisation": N_("organisation: {name}")}
# Marks that end a word in a title or summary ("Ningde's", "(Ningde)"), read as spaces when a
# search word must be a whole word there.
WORD_BREAKS = (",", ".", ":", "'", "(", ")")


@dataclass(frozen=True)
class NamedRecord:
    """A person or organisation the search text names, and how it was recognised."""

    kind: str  # "person" or "organisation"
    id: int
    name: str
    how: str  # "" for the name itself, else e.g. "alias Pony Ma"

    @property
    def reason(self) -> str:
        """'person: Ma Huateng (alias Pony Ma)', in the reader's language."""
        named = gettext(NAMED_KINDS[self.kind]).format(name=self.name)
        return gettext("{reason} ({how})").format(reason=named, how=self.how) if self.how else named


def search_words(text: str | None) -> list[str]:
    """The words of a search box, case-folded as ``search_text`` is (quotes and stray spaces dropped)."""
    return [w for w in (text or "").replace('"', " ").casefold().split() if w]


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _keys(text: str, *, person: bool) -> set[str]:
    return name_keys(text, person=person) | {normalise_key(text)}


def _how(row, text: str) -> str:
    """Why a ``name_key`` row names its record, in words ("" for the record's own name)."""
    if row.key_kind == "local":
        if has_cjk(row.local_name or ""):
            return gettext("Chinese name {name}").format(name=row.local_name)
        return gettext("local name {name}").format(name=row.local_name)
    if row.key_kind == "alias":
        return gettext("alias {name}").format(name=row.source)
    if row.key_kind == "pinyin":
        if not row.local_name:
            return gettext("pinyin")
        return gettext("pinyin of {name}").format(name=row.local_name)
    return gettext("legal name {name}").format(name=text) if row.key_kind == "legal" else ""


def _named(rows, text: str, *, person: bool) -> list[NamedRecord]:
    """The records of one kind the text names, from the ``name_key`` rows its keys found: by name,
    local name or alias; else (Latin-script text) by pinyin; else (organisations) by legal name."""
    kind = "person" if person else "organisation"
    keys = _keys(text, person=person)
    core = legal_core(text) if not person else ""
    wanted = {"name": keys, "local": {text}, "alias": keys, "pinyin": keys,
              "legal": {core} if len(core) >= (2 if has_cjk(core) else 3) else set()}
    mine = [r for r in rows if (r.person_id if person else r.organisation_id) is not None
            and r.key in wanted[r.key_kind]]
    found: dict[int, NamedRecord] = {}
    steps = [("name", "local", "alias")] + ([] if has_cjk(text) else [("pinyin",)]) + [("legal",)]
    for step in steps:
        for row in sorted((r for r in mine if r.key_kind in step),
                          key=lambda r: (step.index(r.key_kind), r.record_id, r.id)):
            if row.record_id not in found:
                found[row.record_id] = NamedRecord(kind, row.record_id, row.name, _how(row, text))
        if found:  # the pinyin and the legal name are read only when nothing before named a record
            break
    return list(found.values())


def _name_key_rows(session: Session, text: str):
    """Every ``name_key`` row holding one of the keys ``text`` could be, with its record's names."""
    candidates = _keys(text, person=True) | _keys(text, person=False) | {text, legal_core(text)}
    nk = NameKey
    return session.execute(
        sa.select(nk.id, nk.person_id, nk.organisation_id, nk.key_kind, nk.key, nk.source,
                  sa.func.coalesce(nk.person_id, nk.organisation_id).label("record_id"),
                  sa.func.coalesce(Person.name, Organisation.name).label("name"),
                  sa.func.coalesce(Person.local_name, Organisation.local_name).label("local_name"))
        .outerjoin(Person, Person.id == nk.person_id)
        .outerjoin(Organisation, Organisation.id == nk.organisation_id)
        .where(nk.key.in_(sorted(k for k in candidates if k)))).all()


def named_records(session: Session, text: str | None) -> list[NamedRecord]:
    """The people and organisations ``text`` names (empty when it names none): each kind by its
    name, local name or alias, else by pinyin, else (organisations) by legal-name variant
    ("Tencent Holdings" for Tencent, "Huawei Technologies Limited" for Huawei Technologies Co., Ltd.)."""
    text = (text or "").strip().strip('"').strip()
    if not text or len(text) > 200:
        return []
    rows = _name_key_rows(session, text)
    return _named(rows, text, person=True) + _named(rows, text, person=False)


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


def _text_conditions(words: list[str], *, use_index: bool) -> tuple[sa.Select | None, list[sa.ColumnElement]]:
    """Every word in ``search_text``: the ids the trigram index finds for the words of three or
    more characters on SQLite (None when there are none), and LIKE for the others (shorter ones,
    two-character Chinese names say)."""
    indexed = [w for w in words if len(w) >= 3] if use_index else []
    hits = sa.select(sa.literal_column("rowid")).select_from(sa.table(FTS_TABLE)).where(
        sa.text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts_phrase_query(indexed)))
    return (hits if indexed else None,
            [Meeting.search_text.like(like_pattern(w), escape="\\") for w in words if w not in indexed])


@dataclass(frozen=True)
class RankedSearch:
    """What a search text selects and how its meetings rank: ``condition`` keeps the meetings that
    match, ``tiers`` rank them (``rank`` as one expression, NAMED first), ``named`` are the
    records the text names; ``of_named`` selects their meetings, ``index_hits`` and ``unindexed``
    together the meetings whose search text holds every word."""

    condition: sa.ColumnElement
    tiers: tuple[tuple[int, sa.ColumnElement], ...]  # (rank, condition), best first; IN_TEXT is the rest
    named: tuple[NamedRecord, ...]
    of_named: sa.Select | None = None
    index_hits: sa.Select | None = None  # what the full-text index finds for the longer words
    unindexed: tuple[sa.ColumnElement, ...] = ()  # LIKE for the words the index does not hold
    words: tuple[str, ...] = ()  # the search's words, case-folded

    @property
    def text_tiers(self) -> tuple[tuple[int, sa.ColumnElement], ...]:
        return tuple((rank, condition) for rank, condition in self.tiers if rank != NAMED)

    @property
    def rank(self) -> sa.ColumnElement:
        return sa.case(*((condition, rank) for rank, condition in self.tiers), else_=IN_TEXT)

    def reasons(self, session: Session, rows) -> dict[int, str]:
        """Why each of ``rows`` (id and rank, one page) matched, in the reader's language."""
        reasons = {r.id: gettext(TEXT_REASONS[r.rank]) if r.rank in TEXT_REASONS else "" for r in rows}
        reasons.update(self._inside_words(session, [r.id for r in rows if r.rank == IN_TEXT]))
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


    def _inside_words(self, session: Session, meeting_ids: list[int]) -> dict[int, str]:
        """Where the words of a match inside other words are: the title, else the summary, when
        every word is there ("ning" in "Ningde delegation"); else a name, place or topic."""
        if not meeting_ids or not self.words:
            return {}
        found = {}
        for meeting_id, title, summary in session.execute(
                sa.select(Meeting.id, Meeting.title, Meeting.summary).where(Meeting.id.in_(meeting_ids))):
            where = next((reason for reason, text in ((IN_THE_TITLE, title), (IN_THE_SUMMARY, summary))
                          if all(word in (text or "").casefold() for word in self.words)), PART_OF_A_NAME)
            found[meeting_id] = gettext(where)
        return found


def ranked_search(session: Session, text: str | None) -> RankedSearch | None:
    """The ranked search for ``text`` (None when it has no words)."""
    words = search_words(text)
    if not words:
        return None
    named = named_records(session, text)
    hits, unindexed = _text_conditions(words, use_index=has_search_index(session))
    matching = sa.select(Meeting.id.label("meeting_id")).where(
        *([Meeting.id.in_(hits)] if hits is not None else []), *unindexed)
    of_named = _meetings_of(named)
    candidates = sa.union(of_named, matching) if of_named is not None else matching
    tiers = [(NAMED, Meeting.id.in_(of_named))] if of_named is not None else []
    tiers += [(IN_TITLE, _holds_words(Meeting.title, words)),
              (IN_SUMMARY, _holds_words(Meeting.summary, words))]
    return RankedSearch(condition=Meeting.id.in_(candidates), tiers=tuple(tiers), named=tuple(named),
                        of_named=of_named, index_hits=hits, unindexed=tuple(unindexed), words=tuple(words))


def search_meetings(session: Session, filters: Filters, text: str, *, limit: int = 20) -> pd.DataFrame:
    """The meetings the reader may see that ``text`` finds, best first (newest first within a
    rank), with why each matched: id, date, title, why."""
    search = ranked_search(session, text)
    if search is None:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    limit = max(1, int(limit))
    visible = on_meeting(filters, held=False)
    rows: list = []
    if search.of_named is not None:
        rows += session.execute(_page(NAMED, Meeting.id.in_(search.of_named), *visible).limit(limit)).all()
    if len(rows) < limit:
        # every meeting of the named records is listed, so the rest are the text's other matches
        rows += _text_matches(session, search, visible, rows, limit - len(rows))
    reasons = search.reasons(session, rows)
    return pd.DataFrame([{"id": r.id, "date": r.date, "title": r.title, "why": reasons[r.id]} for r in rows],
                        columns=SEARCH_COLUMNS)


# Matching meetings read newest first to learn whether only a few match (then ranked at once).
FEW_MATCHES = 200


def _page(rank: int | sa.ColumnElement, *conditions):
    """Meetings (id, date, title, rank) meeting ``conditions``, best rank first (``rank``: one
    for all, or an expression), then newest first."""
    by_rank = [] if isinstance(rank, int) else [rank]
    return (sa.select(Meeting.id, Meeting.date, Meeting.title, (sa.literal(rank) if by_rank == [] else rank)
                      .label("rank")).where(*conditions)
            .order_by(*by_rank, Meeting.date.desc(), Meeting.id.desc()))


def _text_matches(session: Session, search: RankedSearch, visible: list, listed: list, wanted: int) -> list:
    """The best ``wanted`` meetings matching the text that are not ``listed``: in title, then in
    summary, then elsewhere.

    When few meetings match (a rare word), they are all ranked in one query. Otherwise one query
    per rank, newest first, until the page is full: a common word matches thousands of meetings,
    and ranking them all to keep ten costs more than reading the newest of each rank. There SQLite
    would start from the index's thousands of meetings and sort them all by date; ``id + 0`` has
    it read meetings by date instead and look each one up in the index's list, stopping when
    the page is full."""
    not_listed = [Meeting.id.not_in([r.id for r in listed])] if listed else []
    others = [*search.unindexed, *not_listed, *visible]
    if search.index_hits is not None:
        few = session.execute(search.index_hits.limit(FEW_MATCHES)).scalars().all()
        matching = [(Meeting.id + 0).in_(search.index_hits), *others]
    else:  # the words are read in every meeting's search text: the newest first
        few = session.execute(sa.select(Meeting.id).where(*others).order_by(
            Meeting.date.desc(), Meeting.id.desc()).limit(FEW_MATCHES)).scalars().all()
        matching = others
    if len(few) < FEW_MATCHES:
        ranked = sa.case(*((condition, rank) for rank, condition in search.text_tiers), else_=IN_TEXT)
        return session.execute(_page(ranked, Meeting.id.in_(few), *others).limit(wanted)).all() if few else []
    rows: list = []
    for rank, condition in (*search.text_tiers, (IN_TEXT, sa.true())):
        # a rank is asked for only when the ranks before it are all listed, so "not listed yet"
        # is "not of a better rank"
        done = [Meeting.id.not_in([r.id for r in rows])] if rows else []
        rows += session.execute(_page(rank, *matching, condition, *done).limit(wanted - len(rows))).all()
        if len(rows) >= wanted:
            break
    return rows
