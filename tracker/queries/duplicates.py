"""Likely duplicate people and organisations, for the "Possible duplicates" page.

Every record's names (name, local-script name, aliases) become comparison keys through
``tracker.matching`` (folded, both name orders, pinyin of Chinese characters; for organisations
also without legal suffixes such as "Holdings" or "有限公司"), so "Ma Huateng", a record with the
alias "Pony Ma" and one named "马化腾" meet.

Comparing all pairs is out of the question at 40,000 people, so candidates come from blocking:
records sharing an exact key, and neighbours in sorted orders of the compact keys (forwards and
reversed, which catches a typo at either end). Only candidates are scored with ``rapidfuzz``.
Names that carry different numbers ("Branch 21", "Branch 12"; "第一医院", "第二医院") are
different things, whatever their score (``tracker.matching.same_numbers``).

A close spelling is not enough to be worth a person's time. What else is known about the two
records counts for and against: different Chinese names (own or among the aliases) mean different
people, whose pinyin merely meets ("Qian Xia" 钱霞 is not "Xia Qiang" 夏强); two people whose
positions share an organisation are more likely one, two whose positions share none less;
organisations of different regions, or a government body and an enterprise, are less likely one.
Pairs a person marked "Not the same" are never listed again (``DuplicateDismissal``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlmodel import Session

from tracker.auth.visibility import cleared, organisation_visible, person_visible
from tracker.i18n import _
from tracker.matching import fold, has_cjk, name_keys, same_numbers
from tracker.models import (
    Confidentiality,
    DuplicateDismissal,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Position,
)
from tracker.queries.filters import Filters

DEFAULT_THRESHOLD = 85.0
WINDOW = 6
MAX_EXACT_GROUP = 40
MAX_FUZZY_PRODUCT = 64  # namesake groups this large are not fuzzy-compared with each other
MIN_KEY_LENGTH = 4
MIN_WORD_SIMILARITY = 85
# Different Chinese names: below the page's lowest similarity, so listed only when asked for.
DIFFERENT_CHARACTERS_CAP = 60.0
SHARED_ORGANISATION_BONUS = 5.0  # positions at one organisation: more likely one person
DIFFERENT_ORGANISATIONS_PENALTY = 20.0  # both hold positions, at no organisation in common
DIFFERENT_REGIONS_PENALTY = 15.0  # organisations based in different regions
DIFFERENT_KINDS_PENALTY = 20.0  # a government body (or party organ) and anything else
DIFFERENT_NUMBERS_CAP = 60.0  # below any useful threshold: listed only when asked for (--threshold 50)
PAIR_COLUMNS = ["score", "a_id", "a_name", "a_meetings", "b_id", "b_name", "b_meetings", "reason"]

_LEGAL_SUFFIXES = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|group|"
    r"holdings?|technology|technologies|tech)\b")
_CJK_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|控股|科技|公司)$")


def organisation_variants(name: str) -> list[str]:
    """The name, and the name without legal suffixes ("Tencent Holdings Ltd" → "tencent")."""
    variants = [name]
    if has_cjk(name):
        stripped = name
        while (shorter := _CJK_SUFFIXES.sub("", stripped)) != stripped and shorter:
            stripped = shorter
        if stripped != name:
            variants.append(stripped)
    else:
        folded = fold(name)
        stripped = " ".join(_LEGAL_SUFFIXES.sub(" ", folded).split())
        if stripped and stripped != folded:
            variants.append(stripped)
    return variants


@dataclass
class Record:
    id: int
    name: str
    keys: dict[str, str] = field(default_factory=dict)  # comparison key → the name it came from
    fuzzy_keys: list[str] = field(default_factory=list)  # keys worth a fuzzy comparison
    organisations: set[int] = field(default_factory=set)  # a person's: where they hold positions
    region: str | None = None  # an organisation's
    government: bool | None = None  # an organisation's: a government body or party organ

    @property
    def chinese_keys(self) -> set[str]:
        return {key for key in self.keys if has_cjk(key)}


@lru_cache(maxsize=200_000)
def comparison_keys(name: str, person: bool) -> tuple[tuple[str, bool], ...]:
    """(key, worth a fuzzy comparison) for one name; cached, as namesakes are common."""
    result: dict[str, bool] = {}
    for variant in ([name] if person else organisation_variants(name)):
        multiword = " " in fold(variant)
        for key in name_keys(variant, person=person):
            fuzzy = not has_cjk(key) and (" " in key or not multiword)
            result[key] = result.get(key, False) or fuzzy
    return tuple(result.items())


def _add_names(record: Record, names: list[str | None], *, person: bool) -> None:
    """Adds the comparison keys of ``names``; spaced Latin keys are also kept for fuzzy scoring
    (their compact and Chinese-character forms only match exactly, or "zhaoshuying" would be
    close to "zhangshuying")."""
    seen = set(record.fuzzy_keys)
    for name in names:
        if not name:
            continue
        for key, fuzzy in comparison_keys(name, person):
            if key not in record.keys:
                record.keys[key] = name
                # Word order does not matter to the fuzzy score: keep the words sorted, once.
                canonical = " ".join(sorted(key.split()))
                if fuzzy and canonical not in seen:
                    seen.add(canonical)
                    record.fuzzy_keys.append(canonical)
                    record.keys.setdefault(canonical, name)


def load_records(session: Session, *, person: bool, clearance: Confidentiality) -> dict[int, Record]:
    """Every person (or organisation) a reader at ``clearance`` may know of, with its comparison
    keys; reads three narrow columns."""
    model, alias_model, owner = ((Person, PersonAlias, PersonAlias.person_id) if person else
                                 (Organisation, OrganisationAlias, OrganisationAlias.organisation_id))
    visible = person_visible(clearance) if person else organisation_visible(clearance)
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner_id, alias in session.execute(sa.select(owner, alias_model.alias)):
        aliases[owner_id].append(alias)
    records: dict[int, Record] = {}
    columns = [model.id, model.name, model.local_name]
    if not person:
        columns += [Organisation.region, Organisation.kind]
    # By id: the same records in the same order whatever the table's physical order (PostgreSQL
    # moves a row it updates, an archived and restored one say).
    for record_id, name, local_name, *facts in session.execute(
            sa.select(*columns).where(visible).order_by(model.id)):
        record = Record(id=record_id, name=name)
        _add_names(record, [name, local_name, *aliases.get(record_id, [])], person=person)
        if facts:
            region, kind = facts
            record.region = fold(region) or None if region else None
            record.government = bool(kind and kind.is_government)
        records[record_id] = record
    if person:
        for person_id, organisation_id in session.execute(
                sa.select(Position.person_id, Position.organisation_id)):
            if person_id in records:
                records[person_id].organisations.add(organisation_id)
    return records


def dismissed_pairs(session: Session, *, person: bool) -> set[tuple[int, int]]:
    """(lower id, higher id) of the pairs a person marked "Not the same"."""
    kind = "person" if person else "organisation"
    rows = session.execute(sa.select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)
                           .where(DuplicateDismissal.record_kind == kind))
    return {(low, high) for low, high in rows}


def exact_pairs(records: dict[int, Record]) -> dict[tuple[int, int], tuple[str, str]]:
    """Pairs sharing a comparison key (score 100), with the names that met.

    A key shared by more than ``MAX_EXACT_GROUP`` records (a very common name) is left out:
    listing thousands of namesakes helps nobody.
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for record in records.values():
        for key in record.keys:
            if len(key.replace(" ", "")) >= 2:
                by_key[key].append(record.id)
    pairs: dict[tuple[int, int], tuple[str, str]] = {}
    for key, ids in by_key.items():
        if 1 < len(ids) <= MAX_EXACT_GROUP:
            ordered = sorted(set(ids))
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    if (a, b) not in pairs:
                        pairs[(a, b)] = (records[a].keys[key], records[b].keys[key])
    return pairs


def candidate_pairs(records: dict[int, Record], *, window: int = WINDOW,
                    prefilter: float = DEFAULT_THRESHOLD) -> set[tuple[int, int]]:
    """Pairs worth a full score: records whose distinct fuzzy keys are close neighbours in the
    sorted order of their compact forms (forwards, and reversed for a typo near the start) and
    are similar word by word."""
    key_ids: dict[str, set[int]] = defaultdict(set)
    for record in records.values():
        for key in record.fuzzy_keys:
            if len(key.replace(" ", "")) >= MIN_KEY_LENGTH:
                key_ids[key].add(record.id)
    forwards = sorted(key_ids, key=lambda k: k.replace(" ", ""))
    backwards = sorted(key_ids, key=lambda k: k.replace(" ", "")[::-1])
    pairs: set[tuple[int, int]] = set()
    for ordering in (forwards, backwards):
        for index, key in enumerate(ordering):
            for other in ordering[index + 1:index + 1 + window]:
                ids_a, ids_b = key_ids[key], key_ids[other]
                if len(ids_a) * len(ids_b) > MAX_FUZZY_PRODUCT or \
                        _key_similarity(key, other) < prefilter:
                    continue
                pairs.update((min(a, b), max(a, b)) for a in ids_a for b in ids_b if a != b)
    return pairs


def _key_similarity(key_a: str, key_b: str) -> float:
    """Similarity of two spaced keys; 0 when any word is far from its counterpart, so that
    "Zhao Shuying" and "Zhang Shuying" (one surname apart) do not pass as one person."""
    words_a, words_b = sorted(key_a.split()), sorted(key_b.split())
    if len(words_a) == len(words_b) and any(
            fuzz.ratio(x, y) < MIN_WORD_SIMILARITY for x, y in zip(words_a, words_b, strict=True)):
        return 0.0
    return fuzz.token_sort_ratio(key_a, key_b)


def _different_characters(a: Record, b: Record) -> bool:
    """Both have a Chinese name and they differ (梁欣 and 梁新 share the pinyin "liang xin")."""
    chinese_a, chinese_b = a.chinese_keys, b.chinese_keys
    return bool(chinese_a and chinese_b and not chinese_a & chinese_b)


def score_pair(a: Record, b: Record) -> tuple[float, tuple[str, str], str]:
    """Best similarity (0–100) between the records' keys, the names that met, and how ("=" for
    a shared key, "≈" for a fuzzy one)."""
    shared = a.keys.keys() & b.keys.keys()
    if shared:
        key = min(shared)
        return 100.0, (a.keys[key], b.keys[key]), "="
    best, met = 0.0, (a.name, b.name)
    for key_a in a.fuzzy_keys:
        for key_b in b.fuzzy_keys:
            score = _key_similarity(key_a, key_b)
            if score > best:
                best, met = score, (a.keys[key_a], b.keys[key_b])
    return best, met, "≈"


def _evidence(a: Record, b: Record) -> tuple[float, str | None]:
    """What else is known, as a change to the score and the words that say why."""
    if a.organisations and b.organisations:
        if a.organisations & b.organisations:
            return SHARED_ORGANISATION_BONUS, _("positions at the same organisation")
        return -DIFFERENT_ORGANISATIONS_PENALTY, _("positions at different organisations")
    change, why = 0.0, []
    if a.government is not None and b.government is not None and a.government != b.government:
        change -= DIFFERENT_KINDS_PENALTY
        why.append(_("one is a government body"))
    if a.region and b.region and a.region != b.region:
        change -= DIFFERENT_REGIONS_PENALTY
        why.append(_("different regions"))
    if len(why) == 2:
        return change, _("{first}, {second}").format(first=why[0], second=why[1])
    return change, why[0] if why else None


def _judged(a: Record, b: Record, score: float, met: tuple[str, str], same: str) -> tuple[float, str]:
    """The pair's score and reason; capped when the names that met carry different numbers
    (never the same thing) or the Chinese names differ (the same pinyin is not the same person),
    else moved by what else is known (``_evidence``)."""
    reason = f"“{met[0]}” {same} “{met[1]}”"
    if score > DIFFERENT_NUMBERS_CAP and not same_numbers(*met):
        return DIFFERENT_NUMBERS_CAP, _("{reason}, but their numbers differ").format(reason=reason)
    if score > DIFFERENT_CHARACTERS_CAP and _different_characters(a, b):
        return DIFFERENT_CHARACTERS_CAP, _("{reason}, but the Chinese names differ").format(reason=reason)
    change, why = _evidence(a, b)
    if why is None:
        return score, reason
    joined = _("{reason}; {why}") if change > 0 else _("{reason}; but {why}")
    return max(0.0, min(100.0, score + change)), joined.format(reason=reason, why=why)


def find_duplicates(records: dict[int, Record], *, threshold: float = DEFAULT_THRESHOLD,
                    dismissed: set[tuple[int, int]] = frozenset()) -> list[tuple]:
    """(score, id_a, id_b, reason) for likely duplicates, best first; ``dismissed`` pairs (lower
    id first) are left out."""
    exact = {pair: met for pair, met in exact_pairs(records).items() if pair not in dismissed}
    found = []
    for (a, b), met in exact.items():
        score, reason = _judged(records[a], records[b], 100.0, met, "=")
        if score >= threshold:
            found.append((score, a, b, reason))
    # A shared position can lift a near spelling over the threshold: candidates are those
    # within the bonus of it.
    prefilter = threshold - SHARED_ORGANISATION_BONUS
    for a, b in candidate_pairs(records, prefilter=prefilter) - exact.keys() - dismissed:
        score, reason = _judged(records[a], records[b], *score_pair(records[a], records[b]))
        if score >= threshold:
            found.append((round(score, 1), a, b, reason))
    return sorted(found, key=lambda item: (-item[0], item[1], item[2]))


def _meeting_counts(session: Session, filters: Filters, ids: set[int], *, person: bool) -> dict[int, int]:
    if not ids:
        return {}
    table, column = ((Participation, Participation.person_id) if person else
                     (MeetingOrganisation, MeetingOrganisation.organisation_id))
    rows = session.execute(sa.select(column, sa.func.count()).where(
        column.in_(sorted(ids)), cleared(table, int(filters.clearance))).group_by(column))
    return dict(rows.all())


def duplicate_pairs(session: Session, filters: Filters, *, person: bool,
                    threshold: float = DEFAULT_THRESHOLD, limit: int = 200) -> pd.DataFrame:
    """Likely duplicate pairs of people (``person=True``) or organisations, best first."""
    records = load_records(session, person=person, clearance=filters.clearance)
    found = find_duplicates(records, threshold=threshold,
                            dismissed=dismissed_pairs(session, person=person))[:limit]
    counts = _meeting_counts(session, filters, {i for _s, a, b, _r in found for i in (a, b)},
                             person=person)
    rows = [{"score": score, "a_id": a, "a_name": records[a].name, "a_meetings": counts.get(a, 0),
             "b_id": b, "b_name": records[b].name, "b_meetings": counts.get(b, 0), "reason": reason}
            for score, a, b, reason in found]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)
