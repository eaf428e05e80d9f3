"""Likely duplicate people and organisations, for the "Possible duplicates" page.

Every record's names (name, local-script name, aliases) become comparison keys through
``tracker.matching`` (folded, both name orders, pinyin of Chinese characters; for organisations
also without legal suffixes such as "Holdings" or "有限公司"), so "Ma Huateng", a record with the
alias "Pony Ma" and one named "马化腾" meet.

Comparing all pairs is out of the question at 40,000 people, so candidates come from blocking:
records sharing an exact key, and neighbours in sorted orders of the compact keys (forwards and
reversed, which catches a typo at either end). Only candidates are scored with ``rapidfuzz``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlmodel import Session

from tracker.matching import fold, has_cjk, name_keys
from tracker.models import (
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
)
from tracker.queries.filters import Filters

DEFAULT_THRESHOLD = 88.0
WINDOW = 6
MAX_EXACT_GROUP = 40
MIN_KEY_LENGTH = 4
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
        variants.append(stripped)
    else:
        stripped = " ".join(_LEGAL_SUFFIXES.sub(" ", fold(name)).split())
        if stripped:
            variants.append(stripped)
    return variants


@dataclass
class Record:
    id: int
    name: str
    keys: dict[str, str] = field(default_factory=dict)  # comparison key → the name it came from


def _add_names(record: Record, names: list[str | None], *, person: bool) -> None:
    for name in names:
        if not name:
            continue
        variants = [name] if person else organisation_variants(name)
        for variant in variants:
            for key in name_keys(variant, person=person):
                record.keys.setdefault(key, name)


def load_records(session: Session, *, person: bool) -> dict[int, Record]:
    """Every person (or organisation) with its comparison keys; reads three narrow columns."""
    model, alias_model, owner = ((Person, PersonAlias, PersonAlias.person_id) if person else
                                 (Organisation, OrganisationAlias, OrganisationAlias.organisation_id))
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner_id, alias in session.execute(sa.select(owner, alias_model.alias)):
        aliases[owner_id].append(alias)
    records: dict[int, Record] = {}
    for record_id, name, local_name in session.execute(sa.select(model.id, model.name, model.local_name)):
        record = Record(id=record_id, name=name)
        _add_names(record, [name, local_name, *aliases.get(record_id, [])], person=person)
        records[record_id] = record
    return records


def candidate_pairs(records: dict[int, Record], *, window: int = WINDOW,
                    prefilter: float = 80.0) -> set[tuple[int, int]]:
    """Pairs worth scoring: an exact key in common, or close neighbours in sorted key orders."""
    by_key: dict[str, set[int]] = defaultdict(set)
    for record in records.values():
        for key in record.keys:
            if len(key.replace(" ", "")) >= 2:
                by_key[key].add(record.id)
    pairs: set[tuple[int, int]] = set()
    for ids in by_key.values():
        if 1 < len(ids) <= MAX_EXACT_GROUP:
            ordered = sorted(ids)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    compact = sorted({(key.replace(" ", ""), record.id) for record in records.values()
                      for key in record.keys if not has_cjk(key) and len(key) >= MIN_KEY_LENGTH})
    for ordering in (compact, sorted((k[::-1], i) for k, i in compact)):
        for index, (key, record_id) in enumerate(ordering):
            for other_key, other_id in ordering[index + 1:index + 1 + window]:
                if other_id != record_id and fuzz.ratio(key, other_key) >= prefilter:
                    pairs.add((min(record_id, other_id), max(record_id, other_id)))
    return pairs


def score_pair(a: Record, b: Record) -> tuple[float, str]:
    """Best similarity (0–100) between any key of each, and which names met."""
    best, reason = 0.0, ""
    for key_a, source_a in a.keys.items():
        for key_b, source_b in b.keys.items():
            if key_a == key_b:
                return 100.0, f"“{source_a}” = “{source_b}”"
            if has_cjk(key_a) != has_cjk(key_b):
                continue
            score = fuzz.token_sort_ratio(key_a, key_b)
            if score > best:
                best, reason = score, f"“{source_a}” ≈ “{source_b}”"
    return best, reason


def find_duplicates(records: dict[int, Record], *, threshold: float = DEFAULT_THRESHOLD) -> list[tuple]:
    """(score, id_a, id_b, reason) for likely duplicates, best first."""
    found = []
    for a, b in candidate_pairs(records):
        score, reason = score_pair(records[a], records[b])
        if score >= threshold:
            found.append((round(score, 1), a, b, reason))
    return sorted(found, key=lambda item: (-item[0], item[1], item[2]))


def _meeting_counts(session: Session, filters: Filters, ids: set[int], *, person: bool) -> dict[int, int]:
    if not ids:
        return {}
    table, column = ((Participation, Participation.person_id) if person else
                     (MeetingOrganisation, MeetingOrganisation.organisation_id))
    rows = session.execute(sa.select(column, sa.func.count()).where(
        column.in_(sorted(ids)), table.confidentiality <= int(filters.clearance)).group_by(column))
    return dict(rows.all())


def duplicate_pairs(session: Session, filters: Filters, *, person: bool,
                    threshold: float = DEFAULT_THRESHOLD, limit: int = 200) -> pd.DataFrame:
    """Likely duplicate pairs of people (``person=True``) or organisations, best first."""
    records = load_records(session, person=person)
    found = find_duplicates(records, threshold=threshold)[:limit]
    counts = _meeting_counts(session, filters, {i for _s, a, b, _r in found for i in (a, b)},
                             person=person)
    rows = [{"score": score, "a_id": a, "a_name": records[a].name, "a_meetings": counts.get(a, 0),
             "b_id": b, "b_name": records[b].name, "b_meetings": counts.get(b, 0), "reason": reason}
            for score, a, b, reason in found]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)
