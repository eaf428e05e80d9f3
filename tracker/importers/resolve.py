"""Matching the organisations and people a file names to records already in the tracker.

Exact name first, then an alias, then a fuzzy match (``rapidfuzz``) above the mapping's
threshold; a name that meets none is new. Names new to the tracker are also matched against each
other, so "Telefonica" and "Telefónica" in one file make one organisation. The indexes are
built once per import from a few column-only queries (no ORM objects), so they stay cheap at
10,000 organisations and 40,000 people.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from tracker.matching import fold, name_keys, strip_honorifics
from tracker.models import Organisation, OrganisationAlias, Person, PersonAlias
from tracker.models.text import normalise_key


@dataclass(frozen=True)
class Match:
    """How one source name was resolved: to an existing record, or to a new one."""

    kind: str            # "organisation" or "person"
    source: str
    method: str          # exact, alias, fuzzy or new
    record_id: int | None
    record_name: str
    score: float = 100.0

    @property
    def is_new(self) -> bool:
        return self.record_id is None


class NameIndex:
    """Existing names of one kind, searchable exactly, by alias and fuzzily."""

    def __init__(self, kind: str, threshold: float):
        self.kind = kind
        self.threshold = threshold
        self.exact: dict[str, tuple[int, str]] = {}
        self.alias: dict[str, tuple[int, str]] = {}
        # Fuzzy candidates by the first letter of their word-sorted key: a name that close
        # almost always starts alike, and the blocks keep matching linear, not quadratic.
        self.fuzzy_keys: dict[str, list[str]] = {}
        self.fuzzy_owner: dict[str, list[tuple[int | None, str]]] = {}
        self.new_names: dict[str, str] = {}
        self.cache: dict[str, Match] = {}

    def _keys(self, name: str) -> set[str]:
        if self.kind == "person":
            return name_keys(name, person=True)
        folded = fold(name)
        return {folded, folded.replace(" ", "")} if folded else set()

    def _fuzzy_key(self, name: str) -> str:
        folded = strip_honorifics(name) if self.kind == "person" else fold(name)
        return " ".join(sorted(folded.split()))

    def _add_fuzzy(self, key: str, owner: tuple[int | None, str]) -> None:
        if key:
            self.fuzzy_keys.setdefault(key[0], []).append(key)
            self.fuzzy_owner.setdefault(key[0], []).append(owner)

    def add_existing(self, record_id: int, name: str, *others: str | None) -> None:
        self.exact.setdefault(normalise_key(name), (record_id, name))
        for key in self._keys(name):
            self.exact.setdefault(key, (record_id, name))
        self._add_fuzzy(self._fuzzy_key(name), (record_id, name))
        for other in others:
            if other:
                self.alias.setdefault(normalise_key(other), (record_id, name))
                for key in self._keys(other):
                    self.alias.setdefault(key, (record_id, name))

    def resolve(self, source: str) -> Match:
        """The match for ``source``; repeated names are answered from a cache."""
        cached = self.cache.get(source)
        if cached is not None:
            return cached
        match = self._resolve(source)
        self.cache[source] = match
        return match

    def _resolve(self, source: str) -> Match:
        key = normalise_key(source)
        keys = self._keys(source) | {key}
        for method, table in (("exact", self.exact), ("alias", self.alias)):
            for candidate in (key, *sorted(keys)):
                if candidate in table:
                    record_id, name = table[candidate]
                    return Match(self.kind, source, method, record_id, name)
        fuzzy_key = self._fuzzy_key(source)
        if fuzzy_key and fuzzy_key[0] in self.fuzzy_keys:
            best = process.extractOne(fuzzy_key, self.fuzzy_keys[fuzzy_key[0]], scorer=fuzz.ratio,
                                      processor=None, score_cutoff=self.threshold)
            if best is not None:
                record_id, name = self.fuzzy_owner[fuzzy_key[0]][best[2]]
                if record_id is None:
                    return Match(self.kind, source, "new", None, name, best[1])
                return Match(self.kind, source, "fuzzy", record_id, name, round(best[1], 1))
        for candidate in keys:
            if candidate in self.new_names:
                return Match(self.kind, source, "new", None, self.new_names[candidate])
        for candidate in keys:
            self.new_names[candidate] = source
        self._add_fuzzy(fuzzy_key, (None, source))
        return Match(self.kind, source, "new", None, source)


def organisation_index(session: Session, threshold: float) -> NameIndex:
    index = NameIndex("organisation", threshold)
    aliases: dict[int, list[str]] = {}
    for org_id, alias in session.exec(select(OrganisationAlias.organisation_id, OrganisationAlias.alias)):
        aliases.setdefault(org_id, []).append(alias)
    for org_id, name, local_name in session.exec(
            select(Organisation.id, Organisation.name, Organisation.local_name).order_by(Organisation.id)):
        index.add_existing(org_id, name, local_name, *aliases.get(org_id, []))
    return index


def person_index(session: Session, threshold: float) -> NameIndex:
    index = NameIndex("person", threshold)
    aliases: dict[int, list[str]] = {}
    for person_id, alias in session.exec(select(PersonAlias.person_id, PersonAlias.alias)):
        aliases.setdefault(person_id, []).append(alias)
    for person_id, name, local_name in session.exec(
            select(Person.id, Person.name, Person.local_name).order_by(Person.id)):
        index.add_existing(person_id, name, local_name, *aliases.get(person_id, []))
    return index
