"""The default cooperation-area taxonomy (``tracker/data/taxonomy.yaml``): areas, their
descriptions and their synonyms in English and Chinese.

This is the one place that says what people call an area. The meeting form's picker, the article
reader, saving a reviewed draft and the command line's ``--area`` all read the synonyms here, so
"cloud computing", "云计算" and "Digital infrastructure" are one area wherever a person types them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import yaml
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.i18n import CHINESE, current_language
from tracker.matching import fold, has_cjk
from tracker.models import CooperationArea, CooperationAreaCreate
from tracker.services import areas

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.yaml"
SECTORS_FILE = Path(__file__).parent / "data" / "sectors.yaml"
REGIONS_FILE = Path(__file__).parent / "data" / "regions.yaml"


def default_taxonomy() -> list[dict]:
    return yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))


def _nodes(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _nodes(node.get("children", []))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Area name → what people also call it (both languages), for the default areas."""
    return {node["name"]: tuple(node.get("synonyms", [])) for node in _nodes(default_taxonomy())}


@lru_cache(maxsize=1)
def chinese_area_names() -> dict[str, str]:
    """Folded area name → its Chinese name, for the default areas."""
    return {fold(node["name"]): node["zh"] for node in _nodes(default_taxonomy()) if node.get("zh")}


@lru_cache(maxsize=1)
def chinese_sector_names() -> dict[str, str]:
    """Folded sector → its Chinese name (``tracker/data/sectors.yaml``)."""
    names = yaml.safe_load(SECTORS_FILE.read_text(encoding="utf-8")) or {}
    return {fold(english): chinese for english, chinese in names.items()}


@lru_cache(maxsize=1)
def chinese_region_names() -> dict[str, str]:
    """Folded region → its Chinese name (``tracker/data/regions.yaml``)."""
    names = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8")) or {}
    return {fold(english): chinese for english, chinese in names.items()}


def _in_language(name, chinese: dict[str, str]):
    if not isinstance(name, str) or current_language() != CHINESE:
        return name
    return chinese.get(fold(name), name)


def area_label(name):
    """An area's name as the reader's language writes it: "E-government" → 电子政务 in Chinese;
    as stored in English, and for an area users added (it has only the name they typed). Anything
    that is not a name (None, NaN) comes back as it is."""
    return _in_language(name, chinese_area_names())


def sector_label(name):
    """A sector as the reader's language writes it: "Finance" → 金融 in Chinese; as stored in
    English, and for a sector the tracker has no Chinese for."""
    return _in_language(name, chinese_sector_names())


def region_label(name):
    """A region as the reader's language writes it: "Fujian" → 福建 in Chinese; as stored in
    English, and for a region the tracker has no Chinese for."""
    return _in_language(name, chinese_region_names())


def synonyms_of(name: str) -> tuple[str, ...]:
    """The synonyms of the area called ``name`` (any case); none for an area users added."""
    wanted = fold(name)
    return next((words for area, words in synonyms().items() if fold(area) == wanted), ())


def phrases(language: str) -> list[tuple[str, str]]:
    """(phrase, area name) for text in ``language`` ("en" or "zh"): each sub-area's synonyms in
    that script, and for English its own name too (pledges are filed under sub-areas)."""
    chinese = language == "zh"
    leaves = {node["name"] for node in _nodes(default_taxonomy()) if not node.get("children")}
    pairs: list[tuple[str, str]] = []
    for name, words in synonyms().items():
        if name not in leaves:
            continue
        if not chinese:
            pairs.append((name, name))
        pairs.extend((word, name) for word in words if has_cjk(word) == chinese)
    return pairs


def area_named(text: str, names: Iterable[str]) -> str | None:
    """The one of ``names`` (the areas in the database) that ``text`` names: the area's own name
    in any case, else an area one of whose synonyms it is ("big data" → "Data sharing and
    security"); None when it names none of them."""
    wanted = fold(text)
    if not wanted:
        return None
    by_fold = {fold(name): name for name in names}
    if wanted in by_fold:
        return by_fold[wanted]
    for area, words in synonyms().items():
        if fold(area) in by_fold and any(fold(word) == wanted for word in words):
            return by_fold[fold(area)]
    return None


def find_area(session: Session, text: str) -> CooperationArea | None:
    """The area in the database that ``text`` names, as ``area_named`` reads it: its name in any
    case, else one of its synonyms ("cloud computing", "云计算"); None when it names none."""
    found = areas.get_by_name(session=session, name=text) if text.strip() else None
    if found is None and (name := area_named(text, area_names(session))) is not None:
        found = areas.get_by_name(session=session, name=name)
    return found


def ensure_default_taxonomy(session: Session, actor: Actor = SYSTEM_ACTOR) -> int:
    """Create the default areas that are missing; returns how many were created."""
    created = 0

    def add(node: dict, parent_id: int | None) -> None:
        nonlocal created
        area = areas.get_by_name(session=session, name=node["name"])
        if area is None:
            area = areas.create_area(session=session, actor=actor, data=CooperationAreaCreate(
                name=node["name"], parent_id=parent_id, description=node.get("description")))
            created += 1
        for child in node.get("children", []):
            add(child, area.id)

    for root in default_taxonomy():
        add(root, None)
    return created


def area_names(session: Session) -> list[str]:
    """Every cooperation area's name, for pick lists (sub-areas first, as pledges use them)."""
    from sqlmodel import select

    rows = session.exec(select(CooperationArea.name, CooperationArea.parent_id)).all()
    return [name for name, parent in sorted(rows, key=lambda r: (r[1] is None, r[0]))]


PATH_SEPARATOR = " › "


def picker_label(label: str, name: str) -> str:
    """A pick list's label for an area with its synonyms after it, so that typing what people call
    the area ("cloud", "云计算") finds it: "Digital economy › Digital infrastructure · cloud
    computing, cloud, …"; in Chinese each area of the path by its Chinese name."""
    label = PATH_SEPARATOR.join(area_label(part) for part in label.split(PATH_SEPARATOR))
    words = synonyms_of(name)
    chinese = current_language() == CHINESE  # a Chinese page lists the Chinese synonyms only
    shown = [word for word in words if fold(word) not in fold(label) and (not chinese or has_cjk(word))]
    return f"{label} · {', '.join(shown)}" if shown else label
