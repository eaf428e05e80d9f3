"""Fields listed in a pledge ("in fields such as A, B and C", "在A、B等领域"), item by item.

Each item is filed under the taxonomy area one of whose phrases it contains; an item the
taxonomy does not know takes the area of the field the list names ("氢能源、光伏产业等新能源领域"),
else it is kept in the article's own words, for the reviewer to file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.ingest.rules import area_phrases
from tracker.ingest.scripts import in_mainland_words


@dataclass(frozen=True)
class Item:
    area: str
    known: bool
    start: int
    end: int


def area_of(text: str, language: str) -> str | None:
    """The area of the longest taxonomy phrase ``text`` contains, if any; a Chinese field is also
    read in mainland words (Taiwan's "人工智慧" is the taxonomy's "人工智能")."""
    readings = [text.lower()]
    if language == "zh":
        readings.append(in_mainland_words(text))
    for reading in readings:
        for phrase, area in area_phrases(language):
            if phrase in reading if language == "zh" else _whole_words(phrase).search(reading):
                return area
    return None


@lru_cache(maxsize=2)
def _heads(language: str) -> dict[str, str]:
    """Head words (an English phrase's last word, a Chinese one's last two characters) that at
    least three of the taxonomy's phrases end with, all of one area: "training" (vocational, skills,
    workforce training) is Talent cultivation; a head the areas share is none's."""
    from tracker import taxonomy

    found: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for phrase, area in taxonomy.phrases(language):
        head = phrase[-2:] if language == "zh" else phrase.lower().split()[-1]
        if (language == "zh" and len(phrase) < 4) or (language != "zh" and len(phrase.split()) < 2):
            continue
        found.setdefault(head, set()).add(area)
        counts[head] = counts.get(head, 0) + 1
    return {head: areas.pop() for head, areas in found.items() if len(areas) == 1 and counts[head] >= 3}


def head_area(item: str, language: str) -> str | None:
    """The area an item the taxonomy does not name takes by its head word ("apprenticeship
    training", "技术人员培训"), if the taxonomy's phrases with that head are all of one area."""
    item = item.strip()
    head = item[-2:] if language == "zh" else (item.lower().split() or [""])[-1]
    if (language == "zh" and len(item) < 4) or (language != "zh" and len(item.split()) < 2):
        return None
    return _heads(language).get(head)


@lru_cache(maxsize=2048)
def _whole_words(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


def items_of(text: str, start: int, separators: str, language: str, field: str = "") -> list[Item]:
    """The items of the list ``text`` (which starts at ``start`` in its sentence)."""
    field_area = area_of(field, language) if field else None
    items: list[Item] = []
    position = 0
    for part in re.split(f"({separators})", text):
        item = part.strip(" ,，、")
        if not re.fullmatch(separators, part) and len(item) >= 2:
            begin = start + position + part.find(item)
            area = area_of(item, language) or field_area or head_area(item, language)
            items.append(Item(area or item, area is not None, begin, begin + len(item)))
        position += len(part)
    return items
