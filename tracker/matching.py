"""Name matching for people and organisations across scripts and spellings.

"Ma Huateng", an alias "Pony Ma" and the Chinese "马化腾" must meet: every name is turned into a
set of comparison keys (case-folded, spacing-insensitive, both name orders, and the pinyin of
Chinese characters via ``pypinyin``), and two records are compared with ``rapidfuzz``.

Numbered things are told apart: "Fuzhou No. 2 Hospital" is not "No. 1", "Branch 21" is not
"Branch 12", "第二医院" is not "第一医院", however close the spelling. ``numbered_form`` gives
every fuzzy comparison a name with its numbers, ordinals and numerals masked (so "No. 1" and
"Second" still find each other as candidates) and the numbers it carried; ``same_numbers``
is the one rule that no two names carrying different numbers are matched without a person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz

# Han characters (CJK unified ideographs, extension A, compatibility): what makes a text Chinese.
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
HONORIFICS = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rt", "hon",
    "the", "right", "honourable", "mp", "qc", "kc", "minister", "secretary", "president",
}


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text or ""))


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


@lru_cache(maxsize=50_000)
def pinyin(text: str, *, person: bool = False) -> str:
    """Toneless pinyin; for a person the surname stands apart ("马化腾" → "ma huateng")."""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.strip()]
    if not syllables:
        return ""
    if person and len(syllables) > 1:
        return f"{syllables[0]} {''.join(syllables[1:])}"
    return " ".join(syllables)


@lru_cache(maxsize=50_000)
def sort_key(text: object) -> tuple[str, str]:
    """Where a list is ordered by name: Chinese characters by their pinyin among the Latin letters
    (北京 between "Beta" and "Cloud"), case and accents ignored, so a list reads in order in both
    languages; names that read alike, as written."""
    folded = fold(str(text or ""))
    syllables = lazy_pinyin(folded, style=Style.NORMAL, errors=lambda run: run)
    return " ".join(part.strip() for part in syllables), str(text or "")


_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                   "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_NUMBER_WORDS = {word: value for value, words in enumerate((
    ("zero",), ("one", "first"), ("two", "second"), ("three", "third"), ("four", "fourth"),
    ("five", "fifth"), ("six", "sixth"), ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"),
    ("ten", "tenth"), ("eleven", "eleventh"), ("twelve", "twelfth"), ("thirteen", "thirteenth"),
    ("fourteen", "fourteenth"), ("fifteen", "fifteenth"), ("sixteen", "sixteenth"),
    ("seventeen", "seventeenth"), ("eighteen", "eighteenth"), ("nineteen", "nineteenth"),
    ("twenty", "twentieth"))) for word in words}
# Roman numerals from II: "I", "V" and "X" are too often initials, and "Xi" is a surname.
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xii": 12, "xiii": 13,
          "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20}
_NUMBER = re.compile(
    r"(?P<digits>\d+)"
    rf"|(?P<chinese>[{''.join(_CHINESE_DIGITS)}{''.join(_CHINESE_UNITS)}]+)"
    rf"|\b(?P<word>{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b"
    rf"|\b(?P<roman>{'|'.join(sorted(_ROMAN, key=len, reverse=True))})\b")

# "Number 2", "Nr. 2" and "No. 2" are written alike before the comparison.
_NUMBER_SIGN = re.compile(r"\b(?:number|num|nr)\b(?= 0\b)")


def _chinese_number(run: str) -> int | None:
    """十二 → 12, 二十一 → 21, 一百零五 → 105, 三一 → 31; None for a lone 百, 千 or 万 (百度, 万科)."""
    if not any(c in _CHINESE_DIGITS or c == "十" for c in run):
        return None
    if all(c in _CHINESE_DIGITS for c in run):
        return int("".join(str(_CHINESE_DIGITS[c]) for c in run))
    total = section = digit = 0
    for char in run:
        if char in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[char]
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        else:
            section += (digit or 1) * _CHINESE_UNITS[char]
            digit = 0
    return total + section + digit


@lru_cache(maxsize=100_000)
def numbered_form(name: str) -> tuple[str, tuple[int, ...]]:
    """The folded name with each number, ordinal or numeral replaced by "0", and those numbers
    in order: "Fuzhou No. 2 Hospital" → ("fuzhou no 0 hospital", (2,)); "福州第二医院" →
    ("福州第0医院", (2,))."""
    numbers: list[int] = []

    def mask(found: re.Match) -> str:
        if found["digits"]:
            value = int(found["digits"])
        elif found["chinese"]:
            value = _chinese_number(found["chinese"])
            if value is None:
                return found[0]
        elif found["word"]:
            value = _NUMBER_WORDS[found["word"]]
        else:
            value = _ROMAN[found["roman"]]
        numbers.append(value)
        return "0"

    masked = _NUMBER.sub(mask, fold(name))
    return _NUMBER_SIGN.sub("no", masked) if numbers else masked, tuple(numbers)


def same_numbers(name_a: str, name_b: str) -> bool:
    """Whether two names carry the same numbers (none, or the same in the same order). Names
    that differ in one are different things ("Branch 21", "Branch 12"), never matched fuzzily."""
    return numbered_form(name_a)[1] == numbered_form(name_b)[1]


def strip_honorifics(name: str) -> str:
    """Drop titles such as "The Rt Hon", "MP", "Minister" from a folded name."""
    words = [w for w in fold(name).split() if w not in HONORIFICS]
    return " ".join(words)


def name_keys(*names: str | None, person: bool = False) -> set[str]:
    """Comparison keys for one record's names (name, local-script name, aliases)."""
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        variants = [name]
        if has_cjk(name):
            variants.append(pinyin(name, person=person))
        for variant in variants:
            folded = strip_honorifics(variant) if person else fold(variant)
            if not folded:
                continue
            keys.add(folded)
            keys.add(folded.replace(" ", ""))
            words = folded.split()
            if person and len(words) == 2:
                keys.add(f"{words[1]} {words[0]}")
            if has_cjk(variant):
                keys.add(_SPACES.sub("", variant))
    return keys


def similarity(keys_a: Iterable[str], keys_b: Iterable[str]) -> float:
    """Best similarity (0–100) between any key of one record and any key of the other."""
    keys_b = list(keys_b)
    best = 0.0
    for a in keys_a:
        for b in keys_b:
            if a == b:
                return 100.0
            if has_cjk(a) != has_cjk(b):
                continue
            best = max(best, fuzz.token_sort_ratio(a, b))
    return best


def matches(query: str, keys: Iterable[str], *, person: bool = False, threshold: float = 85) -> bool:
    """True when ``query`` (any script) is a prefix of, or close to, one of ``keys``."""
    query_keys = name_keys(query, person=person)
    keys = set(keys)
    if any(k.startswith(q) for q in query_keys for k in keys if len(q) >= 2):
        return True
    return similarity(query_keys, keys) >= threshold


# Words a company's legal name adds to the name people use ("Tencent Holdings Limited" is Tencent).
LEGAL_WORDS = frozenset({
    "holdings", "holding", "group", "limited", "ltd", "co", "company", "inc", "incorporated",
    "corp", "corporation", "plc", "llc", "gmbh", "ag", "sa", "the",
})
LEGAL_SUFFIXES_CJK = ("股份有限公司", "有限责任公司", "有限公司", "控股", "集团", "公司")


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
