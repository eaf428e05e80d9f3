"""Name matching for people and organisations across scripts and spellings.

"Ma Huateng", an alias "Pony Ma" and the Chinese "马化腾" must meet: every name is turned into a
set of comparison keys (case-folded, spacing-insensitive, both name orders, and the pinyin of
Chinese characters via ``pypinyin``), and two records are compared with ``rapidfuzz``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
HONORIFICS = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rt", "hon",
    "the", "right", "honourable", "mp", "qc", "kc", "minister", "secretary", "president",
}


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


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
