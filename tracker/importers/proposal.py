"""Proposing a mapping for a file nobody has mapped: header words first (``vocabulary``, in
several languages, matched after folding case, accents and punctuation, then near matches by
``rapidfuzz``), then the columns' values where the headers say nothing (dates, lists of names,
a small vocabulary of kinds). Each field carries a confidence (0–100) and the reason, shown on
the import page so a person checks the doubtful ones first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from tracker.i18n import gettext
from tracker.importers.mapping import REQUIRED_FIELDS, TARGET_FIELDS, VALUE_CHOICES, MappingSpec
from tracker.importers.parsing import CellError, numeric_date_order, parse_date, split_values
from tracker.importers.reading import SourceTable
from tracker.importers.vocabulary import (
    DATE_PART_WORDS,
    HEADER_WORDS,
    SKIP,
    UNMAPPED_VALUE,
    VALUE_WORDS,
    expand_abbreviations,
    header_words,
    value_key,
)
from tracker.matching import CJK, has_cjk

SAMPLE = 200
NEAR_MATCH = 88
MAX_VALUE_CHOICES = 60
# Contact types that are no meeting: proposed as skipped (a person can map them back).
NOT_MEETING_WORDS = ("email", "e-mail", "e mail", "mail", "letter", "text message", "sms", "social media",
                     "courrier", "correo", "carta", "brief", "邮件", "郵件", "信函")
_NUMBERISH = re.compile(r"^[\d\s.,:/\-+%]+$")


@dataclass(frozen=True)
class Confidence:
    score: int
    reason: str


@dataclass
class Proposal:
    spec: MappingSpec
    missing: list[str]
    confidence: dict[str, Confidence] = field(default_factory=dict)


def header_score(header: str, target: str) -> int:
    """How surely a header names a field: 100 for a whole known phrase, 60–90 for a known phrase
    inside it (longer phrases surer), about 55 for a near match, 0 for nothing."""
    words = header_words(header)
    expanded = expand_abbreviations(words)
    if expanded != words:
        return max(_score_words(words, target), _score_words(expanded, target) - 5)
    return _score_words(words, target)


def _score_words(words: str, target: str) -> int:
    if not words:
        return 0
    anywhere, whole = HEADER_WORDS[target]
    if words in anywhere or words in whole:
        return 100
    best = 0
    for phrase in anywhere:
        if has_cjk(phrase):
            found = phrase in words
        else:
            found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words) is not None
        if found:
            best = max(best, 60 + min(len(phrase) * (5 if has_cjk(phrase) else 1), 30))
    if best:
        return best
    for phrase in (*anywhere, *whole):
        if len(phrase) >= 5 and not has_cjk(phrase) and fuzz.ratio(words, phrase) >= NEAR_MATCH:
            best = max(best, 55)
    return best


def _date_ratio(values: list[str], day_first: bool) -> float:
    if not values:
        return 0.0
    good = 0
    for value in values[:50]:
        try:
            parse_date(value, default_year=2000, day_first=day_first)
            good += 1
        except CellError:
            pass
    return good / min(len(values), 50)


def _needs_year(values: list[str]) -> bool:
    """True when some dates give no year (then the file name's year is used)."""
    for value in values[:SAMPLE]:
        try:
            parse_date(value)
        except CellError as exc:
            if "no year" in str(exc):
                return True
    return False


def guess_split(values: list[str]) -> list[str] | None:
    """"," as a further separator when many cells hold one, unless the file already separates
    with ";" (then a comma belongs to a name: "Dunphy, Jamie")."""
    if not values or any(";" in v for v in values):
        return None
    with_comma = sum(1 for v in values if "," in v and len(split_values(v, [","])) > 1)
    return [","] if with_comma / len(values) >= 0.2 else None


def _looks_like_names(values: list[str]) -> float:
    """How much a column looks like names of bodies or people: varied short text, not dates,
    numbers or sentences."""
    if len(values) < 3:
        return 0.0
    texty = [v for v in values if not _NUMBERISH.match(v) and len(v) <= 150]
    if len(texty) < 0.8 * len(values) or _date_ratio(values, True) > 0.3:
        return 0.0
    distinct = len(set(texty)) / len(texty)
    words = sum(len(v.split()) for v in texty) / len(texty)
    capitals = sum(1 for v in texty if v[:1].isupper() or CJK.match(v)) / len(texty)
    if distinct < 0.2 or words > 8:
        return 0.0
    return round(min(1.0, distinct + 0.3) * capitals * (1.0 if words <= 5 else 0.6), 2)


def _kind_vocabulary(values: list[str]) -> bool:
    """A small set of repeated values, most of them naming a kind of contact."""
    counts = Counter(value_key(v) for v in values)
    if len(values) < 10 or len(counts) > 20:
        return False
    named = sum(1 for v in counts if _value_word(v, VALUE_WORDS["kind"]) or _not_meeting(v))
    return named >= 0.5 * len(counts)


def _value_word(value: str, words: list[tuple[str, str]]) -> str | None:
    for word, target in words:
        if word in value:
            return target
    return None


def _not_meeting(value: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", value) for w in NOT_MEETING_WORDS)


def propose_values(target: str, values: list[str]) -> dict[str, str]:
    """A value mapping for a kind, status or confidentiality column, from the distinct values
    found: our own value when the file uses it, a known word's value, "skip" for a contact type
    that is no meeting, else what an unmapped value becomes."""
    choices = VALUE_CHOICES[target]
    proposed: dict[str, str] = {}
    for value, _count in Counter(values).most_common(MAX_VALUE_CHOICES):
        key = value_key(value)
        if key.replace(" ", "_") in choices:
            proposed[value] = key.replace(" ", "_")
        elif target == "kind" and _not_meeting(key):
            proposed[value] = SKIP
        else:
            proposed[value] = _value_word(key, VALUE_WORDS[target]) or UNMAPPED_VALUE[target] or ""
    return proposed


def value_counts(table: SourceTable, column: str) -> list[tuple[str, int]]:
    """The distinct values of one column with their counts, most frequent first (for the page)."""
    index = table.column_index(column)
    if index is None:
        return []
    return Counter(v for row in table.rows if (v := row.get(index))).most_common()


def _date_rule(table: SourceTable, index: int) -> tuple[dict[str, Any], Confidence | None]:
    values = table.values(index, SAMPLE)
    rule: dict[str, Any] = {"column": table.headers[index]}
    order = numeric_date_order(values)
    if order == "month_first":
        rule["day_first"] = False
    note = None
    if order == "ambiguous":
        note = Confidence(60, gettext("numeric dates could be day or month first: check the date order"))
    elif order == "month_first":
        note = Confidence(90, gettext("dates read as month first (US): a value like 01/21 says so"))
    if _needs_year(values):
        rule["year_from_filename"] = True
    return rule, note


def _date_parts(table: SourceTable, free: list[int]) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part, words in DATE_PART_WORDS.items():
        for index in free:
            if header_words(table.headers[index]) in words and part not in parts:
                parts[part] = table.headers[index]
    return parts if "month" in parts and len(parts) >= 2 else {}


def propose_mapping(table: SourceTable) -> tuple[MappingSpec, list[str]]:
    """A mapping guessed from headers and values, and the required fields it could not find."""
    proposal = propose(table)
    return proposal.spec, proposal.missing


def propose(table: SourceTable) -> Proposal:
    """The proposed mapping, the required fields still missing and the confidence per field."""
    scores = [(score, target, index) for index, header in enumerate(table.headers)
              for target in TARGET_FIELDS if (score := header_score(header, target))]
    scores.sort(key=lambda item: (-item[0], item[2]))
    chosen: dict[str, int] = {}
    confidence: dict[str, Confidence] = {}
    for score, target, index in scores:
        if target not in chosen and index not in chosen.values():
            chosen[target] = index
            reason = gettext("header “{header}”").format(header=table.headers[index])
            confidence[target] = Confidence(score, reason)
    part_words = {w for words in DATE_PART_WORDS.values() for w in words}
    if "date" in chosen and header_words(table.headers[chosen["date"]]) in part_words:
        # A "Day" column beside "Month" and "Year" is a part of the date, not the date.
        free_parts = [i for i in range(len(table.headers)) if i == chosen["date"] or i not in chosen.values()]
        if len(_date_parts(table, free_parts)) >= 2:
            del chosen["date"]
    free = [i for i in range(len(table.headers)) if i not in chosen.values()]
    parts: dict[str, str] = {}
    if "date" not in chosen:
        parts = _date_parts(table, free)
        if parts:
            confidence["date"] = Confidence(80, gettext("date from columns {columns}").format(
                columns=", ".join(parts.values())))
            free = [i for i in free if table.headers[i] not in parts.values()]
        else:
            ratios = {i: max(_date_ratio(table.values(i, 50), True), _date_ratio(table.values(i, 50), False))
                      for i in free}
            best = max(ratios, key=ratios.get, default=None)
            if best is not None and ratios[best] >= 0.6:
                chosen["date"] = best
                confidence["date"] = Confidence(int(50 * ratios[best]), gettext("its values read as dates"))
                free.remove(best)
    if "kind" not in chosen:
        found = next((i for i in free if _kind_vocabulary(table.values(i, SAMPLE))), None)
        if found is not None:
            chosen["kind"] = found
            confidence["kind"] = Confidence(50, gettext("a small vocabulary of contact types"))
            free.remove(found)
    if "organisations" not in chosen:
        likeness = {i: _looks_like_names(table.values(i, SAMPLE)) for i in free}
        best = max(likeness, key=likeness.get, default=None)
        if best is not None and likeness[best] >= 0.5:
            chosen["organisations"] = best
            confidence["organisations"] = Confidence(int(45 * likeness[best]),
                                                         gettext("its values look like names"))
    fields: dict[str, Any] = {}
    for target, index in sorted(chosen.items(), key=lambda item: item[1]):
        rule: dict[str, Any] = {"column": table.headers[index]}
        values = table.values(index, SAMPLE)
        if target == "date":
            rule, note = _date_rule(table, index)
            if note:
                confidence["date"] = Confidence(min(confidence["date"].score, note.score),
                                                gettext("{reason}; {more}").format(
                                                    reason=confidence["date"].reason, more=note.reason))
        if target in ("organisations", "people") and (split := guess_split(values)):
            rule["split"] = split
        if target in VALUE_CHOICES:
            rule["values"] = propose_values(target, [row.get(index) for row in table.rows if row.get(index)])
        fields[target] = rule
    if parts:
        fields["date"] = {f"{part}_column": column for part, column in parts.items()}
        if "year" not in parts:
            fields["date"]["year_from_filename"] = True
    spec = MappingSpec(fields=fields)
    missing = [f for f in REQUIRED_FIELDS if f not in spec.fields]
    return Proposal(spec, missing, confidence)
