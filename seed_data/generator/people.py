"""People and their careers: officials who are promoted or move between bodies, executives who
rise within a company. Each stint is a Position with a date range, so a meeting shows the title
held that day."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from seed_data.generator import vocab
from seed_data.generator.naming import NameMaker
from seed_data.generator.organisations import Org
from tracker.models.text import normalise_key
from tracker.read_model.names import search_key

TIMELINE_START = dt.date(2015, 1, 1)


@dataclass
class Person:
    id: int
    name: str
    local_name: str | None
    aliases: list[str] = field(default_factory=list)

    def row(self, recorded_at) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "local_name": self.local_name,
            "name_key": normalise_key(self.name),
            "search_key": search_key(self.name, self.local_name, person=True),
            "created_at": recorded_at,
        }


@dataclass(slots=True)
class Stint:
    """A title held at an organisation from ``start`` to ``end`` (None: still held)."""

    person_id: int
    org_id: int
    title: str
    start: dt.date
    end: dt.date | None
    rank: int = 0  # 0 for the head of the body, higher for deputies and staff
    first: int = 0  # ordinals of start and end, for fast date checks
    last: int = 0

    def __post_init__(self) -> None:
        self.first = self.start.toordinal()
        self.last = self.end.toordinal() if self.end else dt.date.max.toordinal()

def titles_for(org: Org) -> tuple[str, ...]:
    """(head title, deputy title, …) for the organisation's kind of body."""
    if isinstance(org.family, tuple):  # provincial department: (tag, head, deputy)
        return org.family[1:]
    if org.family in vocab.GOVERNMENT_TITLES:
        return vocab.GOVERNMENT_TITLES[org.family]
    if org.family == "enterprise":
        return vocab.ENTERPRISE_TITLES
    if org.family == "foreign":
        return vocab.FOREIGN_TITLES
    return vocab.OTHER_TITLES[org.family]


class PeopleMaker:
    """Builds people with careers; ids come from ``next_person_id`` / ``next_position_id``."""

    def __init__(self, rng: random.Random, names: NameMaker, today: dt.date, next_person_id) -> None:
        self.rng, self.names, self.today, self.next_person_id = rng, names, today, next_person_id

    def build(self, orgs: list[Org], count: int) -> tuple[list[Person], list[Stint]]:
        """``count`` people: one long-serving anchor per organisation (most engaged first), the rest
        spread by how much each organisation engages."""
        by_weight = sorted(orgs, key=lambda o: -o.weight)
        homes = by_weight[:count]
        weights = [3.0 if o.is_government else 1.0 + min(o.weight, 6.0) for o in orgs]
        homes += self.rng.choices(orgs, weights, k=max(0, count - len(homes)))
        gov_by_family: dict[object, list[Org]] = {}
        for org in orgs:
            if org.is_government:
                gov_by_family.setdefault(
                    org.family if isinstance(org.family, str) else "department", []
                ).append(org)
        people: list[Person] = []
        stints: list[Stint] = []
        anchors = {id(o) for o in by_weight[:count]}
        seen_anchor: set[int] = set()
        for org in homes:
            anchor = id(org) in anchors and id(org) not in seen_anchor
            seen_anchor.add(id(org))
            person = self._person(org)
            people.append(person)
            stints += self._career(person, org, anchor, gov_by_family)
        return people, stints

    def _person(self, org: Org) -> Person:
        foreign = org.family == "foreign" and org.region not in (
            "Taiwan",
            "Hong Kong",
            "Singapore",
            "Malaysia",
        )
        if foreign and self.rng.random() < 0.7:
            name = self.names.foreign_person()
            first, last = name.split(" ", 1)
            aliases = [f"{first[0]}. {last}"] if self.rng.random() < 0.1 else []
            return Person(self.next_person_id(), name, None, aliases)
        name, local = self.names.chinese_person()
        surname, given = name.split(" ", 1)
        aliases = [f"{given} {surname}"] if self.rng.random() < 0.12 else []
        return Person(self.next_person_id(), name, local, aliases)

    def _date_between(self, low: dt.date, high: dt.date) -> dt.date:
        if high <= low:
            return low
        return low + dt.timedelta(days=self.rng.randrange((high - low).days))

    def _career(self, person: Person, home: Org, anchor: bool, gov_by_family) -> list[Stint]:
        titles = titles_for(home)
        latest_start = self.today - dt.timedelta(days=200)
        if anchor:
            start = self._date_between(dt.date(2008, 1, 1), TIMELINE_START)
        else:
            start = self._date_between(dt.date(2010, 1, 1), latest_start)
        org = home
        # Officials start as deputies and may be promoted; executives get a random rank.
        rank = 1 if home.is_government and self.rng.random() < 0.7 else self.rng.randrange(len(titles))
        stints: list[Stint] = []
        for step in range(3):
            title = titles_for(org)[min(rank, len(titles_for(org)) - 1)]
            length = dt.timedelta(days=self.rng.randint(2 * 365, 6 * 365))
            end = start + length
            next_org, next_rank = org, rank
            if rank > 0 and self.rng.random() < 0.6:
                next_rank = rank - 1  # promotion in the same body
            elif org.is_government and not anchor:
                family = org.family if isinstance(org.family, str) else "department"
                next_org = self.rng.choice(gov_by_family.get(family, [org]))  # transfer to a peer body
            unchanged = next_org is org and next_rank == rank
            if unchanged or step == 2 or end >= self.today or self.rng.random() < 0.35:
                still_there = anchor or self.rng.random() < 0.8 or end >= self.today
                stints.append(Stint(person.id, org.id, title, start, None if still_there else end, rank))
                break
            stints.append(Stint(person.id, org.id, title, start, end, rank))
            start = end + dt.timedelta(days=1)
            org, rank = next_org, next_rank
        return stints


def position_rows(stints: list[Stint], next_position_id) -> list[dict]:
    return [
        {
            "id": next_position_id(),
            "person_id": s.person_id,
            "organisation_id": s.org_id,
            "title": s.title,
            "start_date": s.start,
            "end_date": s.end,
        }
        for s in stints
    ]
