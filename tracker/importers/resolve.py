"""Matching the organisations and people a file names to records already in the tracker.

Exact name first (case and spacing ignored), then an alias, then a fuzzy match (``rapidfuzz``
token-sort ratio, punctuation ignored) above the mapping's threshold; a name that meets none is
new. A fuzzy match needs the same numbers (``tracker.matching.same_numbers``): "Fuzhou No. 2
Hospital" close to an existing "No. 1" is new, with "No. 1" kept as a possible match that a
person confirms on the preview (``ImportPreview.confirm_match``). Chinese names also match
through their pinyin ("马化腾" ~ "Ma Huateng"). Names new to the tracker are matched against
each other too, so "Telefonica" and "Telefónica" in one file make one organisation.

The index is built from the keys the database already stores (``name_key``, ``alias_key``), and
fuzzy candidates are kept in blocks by first letter and the numbers they carry, so building it
and matching stay fast at 10,000 organisations and 40,000 people.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlmodel import Session, select

from tracker.auth.visibility import organisation_visible, person_visible
from tracker.matching import has_cjk, name_keys, numbered_form
from tracker.models import Confidentiality, Organisation, OrganisationAlias, Person, PersonAlias
from tracker.models.text import normalise_key


@dataclass(frozen=True)
class Match:
    """How one source name was resolved: to an existing record, or to a new one."""

    kind: str            # "organisation" or "person"
    source: str
    method: str          # exact, alias, fuzzy, confirmed, new, or possible (new unless confirmed)
    record_id: int | None
    record_name: str
    score: float = 100.0
    possible_id: int | None = None      # an existing record close but for a number
    possible_name: str | None = None

    @property
    def is_new(self) -> bool:
        return self.record_id is None


def _block(text: str) -> str:
    """The fuzzy block of a name: its first letter or digit, accents removed."""
    for char in text:
        if char.isalnum():
            return unicodedata.normalize("NFKD", char)[0].casefold()
    return ""


class NameIndex:
    """Existing names of one kind, searchable exactly, by alias and fuzzily."""

    def __init__(self, kind: str, threshold: float):
        self.kind = kind
        self.threshold = threshold
        self.exact: dict[str, tuple[int | None, str]] = {}
        self.alias: dict[str, tuple[int, str]] = {}
        # Fuzzy candidates by first character and the numbers they carry, so that only names
        # with the same numbers compete; existing names by first character alone, to offer a
        # name close but for a number as a possible match.
        self.blocks: dict[tuple[str, tuple[int, ...]], list[str]] = {}
        self.owners: dict[tuple[str, tuple[int, ...]], list[tuple[int | None, str]]] = {}
        self.existing: dict[str, list[str]] = {}
        self.existing_owners: dict[str, list[tuple[int, str]]] = {}
        self.cache: dict[str, Match] = {}

    def _add_fuzzy(self, name: str, owner: tuple[int | None, str]) -> None:
        # Source names come without honorifics (``parse_person``); stored names are kept clean.
        comparable, numbers = numbered_form(name)
        block = _block(comparable)
        if block:
            self.blocks.setdefault((block, numbers), []).append(comparable)
            self.owners.setdefault((block, numbers), []).append(owner)
            if owner[0] is not None:
                self.existing.setdefault(block, []).append(comparable)
                self.existing_owners.setdefault(block, []).append(owner)

    def add_existing(self, record_id: int, name: str, name_key: str, local_name: str | None = None) -> None:
        self.exact.setdefault(name_key, (record_id, name))
        if local_name:
            self.exact.setdefault(normalise_key(local_name), (record_id, name))
        if self.kind == "person" and (has_cjk(name) or has_cjk(local_name or "")):
            for key in name_keys(name, local_name, person=True):
                self.exact.setdefault(key, (record_id, name))
        self._add_fuzzy(name, (record_id, name))

    def add_alias(self, record_id: int, name: str, alias_key: str) -> None:
        self.alias.setdefault(alias_key, (record_id, name))

    def resolve(self, source: str) -> Match:
        """The match for ``source``; repeated names are answered from a cache."""
        cached = self.cache.get(source)
        if cached is None:
            cached = self.cache[source] = self._resolve(source)
        return cached

    def _query_keys(self, source: str) -> list[str]:
        keys = [normalise_key(source)]
        if self.kind == "person" and has_cjk(source):
            keys += sorted(name_keys(source, person=True))
        return keys

    def _resolve(self, source: str) -> Match:
        keys = self._query_keys(source)
        for method, table in (("exact", self.exact), ("alias", self.alias)):
            for key in keys:
                if key in table:
                    record_id, name = table[key]
                    return Match(self.kind, source, method if record_id else "new", record_id, name)
        comparable, numbers = numbered_form(source)
        block = _block(comparable)
        best = self._closest(comparable, self.blocks.get((block, numbers)))
        if best is not None:
            record_id, name = self.owners[(block, numbers)][best[2]]
            method = "fuzzy" if record_id else "new"
            return Match(self.kind, source, method, record_id, name, round(best[1], 1))
        for key in keys:
            self.exact[key] = (None, source)
        self._add_fuzzy(source, (None, source))
        # Nothing close with the same numbers: an existing name close but for them is only offered.
        possible = self._closest(comparable, self.existing.get(block))
        if possible is not None:
            record_id, name = self.existing_owners[block][possible[2]]
            return Match(self.kind, source, "possible", None, source, round(possible[1], 1),
                         record_id, name)
        return Match(self.kind, source, "new", None, source)

    def _closest(self, comparable: str, names: list[str] | None):
        if not names:
            return None
        return process.extractOne(comparable, names, scorer=fuzz.token_sort_ratio,
                                  processor=utils.default_process, score_cutoff=self.threshold)


def organisation_index(session: Session, threshold: float, *, clearance: Confidentiality) -> NameIndex:
    """The organisations an importer at ``clearance`` may know of (clearance of existence: a
    name known only from items above it is not matched, so the file's row makes a new record)."""
    index = NameIndex("organisation", threshold)
    names: dict[int, str] = {}
    for org_id, name, name_key, local_name in session.exec(select(
            Organisation.id, Organisation.name, Organisation.name_key, Organisation.local_name)
            .where(organisation_visible(clearance)).order_by(Organisation.id)):
        names[org_id] = name
        index.add_existing(org_id, name, name_key, local_name)
    for org_id, alias_key in session.exec(select(OrganisationAlias.organisation_id,
                                                 OrganisationAlias.alias_key)):
        if org_id in names:
            index.add_alias(org_id, names[org_id], alias_key)
    return index


def person_index(session: Session, threshold: float, *, clearance: Confidentiality) -> NameIndex:
    """The people an importer at ``clearance`` may know of (as ``organisation_index``)."""
    index = NameIndex("person", threshold)
    names: dict[int, str] = {}
    for person_id, name, name_key, local_name in session.exec(select(
            Person.id, Person.name, Person.name_key, Person.local_name)
            .where(person_visible(clearance)).order_by(Person.id)):
        names[person_id] = name
        index.add_existing(person_id, name, name_key, local_name)
    for person_id, alias_key in session.exec(select(PersonAlias.person_id, PersonAlias.alias_key)):
        if person_id in names:
            index.add_alias(person_id, names[person_id], alias_key)
    return index
