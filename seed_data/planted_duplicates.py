"""True duplicates planted in demo data, to measure how much of the "Possible duplicates" list is
worth a person's time (``duplicates_top50_precision_ratio``: of the 50 best-scored pairs of
people, the share that are planted duplicates; target 0.9).

Each planted record is a second record of an existing person, typed as offices type a name they
met before: in Chinese characters only, given name first, with two letters swapped, with the
given name's syllables spaced. Half hold the original's current position (typed from a business
card), half none (typed from a register). They are written through the people service, as a
person would; the demo itself stays free of duplicates (``tests/integration/test_generator.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.models import Confidentiality, Person, PersonCreate, Position, PositionCreate
from tracker.queries.duplicates import duplicate_pairs
from tracker.queries.filters import Filters
from tracker.services.people import create_person

TOP = 50
LOWEST = 70.0  # the page's lowest similarity: what a person could be shown


def _characters(name: str, local: str, rng: random.Random) -> tuple[str, str | None]:
    return local, None


def _given_first(name: str, local: str, rng: random.Random) -> tuple[str, str | None]:
    surname, given = name.split(" ", 1)
    return f"{given} {surname}", None


def _swapped_letters(name: str, local: str, rng: random.Random) -> tuple[str, str | None]:
    surname, given = name.split(" ", 1)
    if len(given) < 4:
        return f"{surname} {given}{given[-1]}", None  # a doubled last letter instead
    i = rng.randrange(1, len(given) - 2)
    return f"{surname} {given[:i]}{given[i + 1]}{given[i]}{given[i + 2:]}", None


def _spaced(name: str, local: str, rng: random.Random) -> tuple[str, str | None]:
    surname, given = name.split(" ", 1)
    return f"{surname} {given.capitalize()}", local  # same characters, re-typed in pinyin


VARIANTS: list[Callable[[str, str, random.Random], tuple[str, str | None]]] = [
    _characters, _given_first, _swapped_letters, _spaced]


def plant_duplicates(session: Session, *, count: int = 60, seed: int = 7,
                     actor: Actor = SYSTEM_ACTOR) -> set[tuple[int, int]]:
    """Create ``count`` second records of people who have a Chinese name and a current position;
    returns the planted pairs (lower id first)."""
    rng = random.Random(seed)
    rows = session.execute(
        sa.select(Person.id, Person.name, Person.local_name, Position.organisation_id, Position.title)
        .join(Position, Position.person_id == Person.id)
        .where(Person.local_name.is_not(None), Position.end_date.is_(None))
        .order_by(Person.id, Position.id)).all()
    originals = list({row.id: row for row in rows if " " in row.name}.values())
    planted: set[tuple[int, int]] = set()
    for index, row in enumerate(rng.sample(originals, min(count, len(originals)))):
        name, local = VARIANTS[index % len(VARIANTS)](row.name, row.local_name, rng)
        positions = [PositionCreate(organisation_id=row.organisation_id, title=row.title)] \
            if index % 2 == 0 else []
        copy = create_person(session=session, actor=actor,
                             data=PersonCreate(name=name, local_name=local, positions=positions))
        planted.add((min(row.id, copy.id), max(row.id, copy.id)))
    return planted


def top_pairs(session: Session, *, top: int = TOP) -> pd.DataFrame:
    """The ``top`` best-scored pairs of people a reader cleared for everything is shown."""
    return duplicate_pairs(session, Filters(clearance=Confidentiality.SECRET), person=True,
                           threshold=LOWEST, limit=top)


def top_precision(session: Session, planted: set[tuple[int, int]], *, top: int = TOP) -> float:
    """Share of the ``top`` best-scored pairs of people that are planted duplicates."""
    pairs = top_pairs(session, top=top)
    if pairs.empty:
        return 0.0
    hits = sum((min(a, b), max(a, b)) in planted for a, b in zip(pairs["a_id"], pairs["b_id"], strict=True))
    return hits / len(pairs)
