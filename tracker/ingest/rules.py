"""Extraction rules live in YAML (``tracker/ingest/rules/<language>.yaml``) so that a new phrasing
is a data change, not a code change; this module loads them once and builds the regexes."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from tracker import taxonomy

RULES_DIR = Path(__file__).parent / "rules"


@lru_cache(maxsize=4)
def load_rules(language: str) -> dict:
    with open(RULES_DIR / f"{language}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def phrase_pattern(phrases, *, words: bool = True) -> str:
    """One alternation of the phrases, longest first (so "vice governor" beats "governor")."""
    escaped = [re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)]
    body = "|".join(escaped)
    return rf"(?<![\w-])(?:{body})(?![\w-])" if words else f"(?:{body})"


@lru_cache(maxsize=64)
def compiled(language: str, key: str, words: bool = True) -> re.Pattern:
    """The regex for one phrase list of the rules, case-insensitive."""
    rules = load_rules(language)[key]
    phrases = rules.keys() if isinstance(rules, dict) else rules
    return re.compile(phrase_pattern(phrases, words=words), re.IGNORECASE)


@lru_cache(maxsize=4)
def area_phrases(language: str) -> list[tuple[str, str]]:
    """(phrase, area name) pairs, longest phrase first: the areas' names and synonyms from the
    taxonomy, and the reader's own cues (a pledge "to invest in" is about investment)."""
    cues = [(phrase, area) for area, phrases in load_rules(language)["area_cues"].items()
            for phrase in phrases]
    pairs = {(phrase.lower(), area) for phrase, area in [*taxonomy.phrases(language), *cues]}
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair))
