"""The database's own names as a gazetteer: match what an article names to existing records.

Names are looked up by key in SQL (name, local-script name, alias, pinyin of a Chinese name and
both name orders), never by loading every record, so this stays fast at 40,000 people; a fuzzy
comparison (``tracker.matching``) decides between the few candidates that share a surname.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.auth.visibility import event_visible, organisation_visible, person_visible
from tracker.ingest.draft import Match
from tracker.matching import has_cjk, name_keys, pinyin, same_numbers, similarity
from tracker.models import (
    Confidentiality,
    Event,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Position,
)
from tracker.models.text import normalise_key

FUZZY_THRESHOLD = 88.0
# "腾讯公司" is the record "腾讯": legal-form words are dropped before a second look-up.
ORGANISATION_SUFFIXES = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|公司|集团)$|,?\s+(?:Co\.,?\s*Ltd\.?|Ltd\.?|Inc\.?|Group|Corporation)$"
)


@dataclass(frozen=True)
class KnownPerson:
    id: int
    name: str
    local_name: str | None


@dataclass(frozen=True)
class KnownOrganisation:
    id: int
    name: str
    local_name: str | None
    kind: str


def _variants(name: str) -> set[str]:
    """Keys to look a name up by: as written, pinyin of Chinese, and reversed word order."""
    keys = {normalise_key(name)}
    if has_cjk(name):
        keys.add(normalise_key(pinyin(name, person=True)))
    words = name.split()
    if len(words) == 2:
        keys.add(normalise_key(f"{words[1]} {words[0]}"))
    return keys


class Gazetteer:
    """Lookups against one session's database; with no session every name is new. Only records a
    reader at ``clearance`` may know of are matched (clearance of existence)."""

    def __init__(self, session: Session | None, *,
                 clearance: Confidentiality = Confidentiality.PUBLIC) -> None:
        self.session = session
        self.person_known = person_visible(clearance)
        self.organisation_known = organisation_visible(clearance)
        self.event_known = event_visible(clearance)

    def _person_by_alias(self, keys):
        return select(PersonAlias).join(Person, Person.id == PersonAlias.person_id).where(
            PersonAlias.alias_key.in_(keys), self.person_known)

    def _organisation_by_alias(self, keys):
        return (select(OrganisationAlias)
                .join(Organisation, Organisation.id == OrganisationAlias.organisation_id)
                .where(OrganisationAlias.alias_key.in_(keys), self.organisation_known))

    # -- people -------------------------------------------------------------------------------
    def match_person(self, name: str, local_name: str | None = None) -> tuple[Match, KnownPerson | None]:
        if self.session is None:
            return Match(), None
        keys: set[str] = set()
        for value in (name, local_name):
            if value:
                keys |= _variants(value)
        exact = self.session.exec(
            select(Person).where(
                sa.or_(Person.name_key.in_(keys),
                       Person.local_name.in_([v for v in (name, local_name) if v])),
                self.person_known,
            )
        ).first()
        if exact is None:
            alias = self.session.exec(self._person_by_alias(keys)).first()
            exact = self.session.get(Person, alias.person_id) if alias else None
        if exact is not None:
            return Match(record_id=exact.id, record_name=exact.name, score=100.0), self._person(exact)
        return self._fuzzy_person(name, local_name)

    def _fuzzy_person(self, name: str, local_name: str | None) -> tuple[Match, KnownPerson | None]:
        latin = pinyin(name, person=True) if has_cjk(name) else name
        surname = latin.split()[0] if latin.split() else ""
        if len(surname) < 2:
            return Match(), None
        candidates = self.session.exec(
            select(Person)
            .where(Person.name_key.like(f"{normalise_key(surname)}%"), self.person_known).limit(300)
        ).all()
        wanted = name_keys(name, local_name, person=True)
        best, best_score = None, 0.0
        for person in candidates:
            if not same_numbers(name, person.name):
                continue
            score = similarity(wanted, name_keys(person.name, person.local_name, person=True))
            if score > best_score:
                best, best_score = person, score
        if best is not None and best_score >= FUZZY_THRESHOLD:
            return Match(record_id=best.id, record_name=best.name, score=round(best_score, 1)), self._person(
                best
            )
        return Match(), None

    @staticmethod
    def _person(person: Person) -> KnownPerson:
        return KnownPerson(person.id, person.name, person.local_name)

    def position_on(self, person_id: int, day: dt.date | None) -> tuple[int, str] | None:
        """(organisation id, title) the person held that day, or their latest position."""
        if self.session is None:
            return None
        query = select(Position).where(Position.person_id == person_id)
        if day is not None:
            query = query.where(
                sa.or_(Position.start_date.is_(None), Position.start_date <= day),
                sa.or_(Position.end_date.is_(None), Position.end_date >= day),
            )
        position = self.session.exec(query.order_by(Position.start_date.desc())).first()
        return (position.organisation_id, position.title) if position else None

    def people_named_in(self, candidates: set[str]) -> dict[str, KnownPerson]:
        """Which of these candidate strings (names as written) are known people."""
        if self.session is None or not candidates:
            return {}
        by_key = {normalise_key(c): c for c in candidates}
        found: dict[str, KnownPerson] = {}
        rows = self.session.exec(
            select(Person).where(sa.or_(Person.name_key.in_(by_key), Person.local_name.in_(candidates)),
                                 self.person_known)
        ).all()
        for person in rows:
            written = by_key.get(person.name_key) or person.local_name
            found[written] = self._person(person)
        aliases = self.session.exec(self._person_by_alias(list(by_key))).all()
        for alias in aliases:
            found.setdefault(by_key[alias.alias_key], self._person(self.session.get(Person, alias.person_id)))
        return found

    # -- organisations ------------------------------------------------------------------------
    def match_organisation(self, name: str) -> tuple[Match, KnownOrganisation | None]:
        if self.session is None or not name:
            return Match(), None
        match, known = self._match_organisation_exactly(name)
        bare = ORGANISATION_SUFFIXES.sub("", name).strip(" ,")
        if known is None and bare and bare != name:
            match, known = self._match_organisation_exactly(bare)
        return match, known

    def _match_organisation_exactly(self, name: str) -> tuple[Match, KnownOrganisation | None]:
        key = normalise_key(name)
        org = self.session.exec(
            select(Organisation).where(
                sa.or_(Organisation.name_key == key, Organisation.local_name == name.strip()),
                self.organisation_known,
            )
        ).first()
        if org is None:
            alias = self.session.exec(self._organisation_by_alias([key])).first()
            org = self.session.get(Organisation, alias.organisation_id) if alias else None
        if org is None:
            return Match(), None
        return (
            Match(record_id=org.id, record_name=org.name, score=100.0),
            KnownOrganisation(org.id, org.name, org.local_name, str(org.kind)),
        )

    def organisation(self, organisation_id: int) -> KnownOrganisation | None:
        org = self.session.get(Organisation, organisation_id) if self.session else None
        return KnownOrganisation(org.id, org.name, org.local_name, str(org.kind)) if org else None

    def organisations_named_in(self, candidates: set[str]) -> dict[str, KnownOrganisation]:
        """Which of these candidate strings are known organisations (by name, local name, alias)."""
        found: dict[str, KnownOrganisation] = {}
        if self.session is None or not candidates:
            return found
        by_key = {normalise_key(c): c for c in candidates}
        for org in self.session.exec(
            select(Organisation).where(
                sa.or_(Organisation.name_key.in_(by_key), Organisation.local_name.in_(candidates)),
                self.organisation_known,
            )
        ).all():
            written = by_key.get(org.name_key) or org.local_name
            found[written] = KnownOrganisation(org.id, org.name, org.local_name, str(org.kind))
        for alias in self.session.exec(self._organisation_by_alias(list(by_key))).all():
            org = self.session.get(Organisation, alias.organisation_id)
            found.setdefault(
                by_key[alias.alias_key], KnownOrganisation(org.id, org.name, org.local_name, str(org.kind))
            )
        return found

    # -- events -------------------------------------------------------------------------------
    def match_event(self, name: str) -> Event | None:
        if self.session is None or not name:
            return None
        wanted = name_keys(name)
        for event in self.session.exec(
            select(Event).where(self.event_known).order_by(Event.id.desc()).limit(2000)
        ).all():
            # "Summit 2019" is not "Summit 2018", however close the spelling.
            if same_numbers(name, event.name) and \
                    similarity(wanted, name_keys(event.name)) >= FUZZY_THRESHOLD:
                return event
        return None
