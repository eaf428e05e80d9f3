"""Precision and recall of drafts against hand-written facts, so rule changes are measured.

A fact is a tuple: a meeting date, a person with their title, a person's organisation, an
organisation, an agreement's parties, or an (organisation, cooperation area) pledge, the area
being the article's own words when the taxonomy has none. Names and areas are compared folded
(case, spacing and punctuation ignored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.ingest.draft import Draft
from tracker.matching import fold


def draft_facts(draft: Draft) -> set[tuple]:
    facts: set[tuple] = set()
    for meeting in draft.meetings:
        if meeting.date:
            facts.add(("meeting", meeting.date.isoformat()))
        for agreement in meeting.agreements:
            parties = frozenset(fold(draft.organisation(k).name) for k in agreement.party_keys)
            facts.add(("agreement", parties))
        for pledge in meeting.pledges:
            facts.add(("pledge", fold(draft.organisation(pledge.organisation_key).name), fold(pledge.area)))
    for person in draft.people:
        name = fold(person.local_name if draft.language == "zh" and person.local_name else person.name)
        facts.add(("person", name, fold(person.title or "")))
        org = draft.organisation(person.organisation_key)
        facts.add(("person_organisation", name, fold(org.name) if org else ""))
    for org in draft.organisations:
        facts.add(("organisation", fold(org.name)))
    return facts


def expected_facts(expected: dict) -> set[tuple]:
    facts: set[tuple] = {
        ("meeting", d.isoformat() if isinstance(d, dt.date) else str(d)) for d in expected.get("meetings", [])
    }
    for person in expected.get("people", []):
        facts.add(("person", fold(person["name"]), fold(person.get("title") or "")))
        facts.add(("person_organisation", fold(person["name"]), fold(person.get("organisation") or "")))
    facts |= {("organisation", fold(name)) for name in expected.get("organisations", [])}
    facts |= {
        ("agreement", frozenset(fold(p) for p in parties)) for parties in expected.get("agreements", [])
    }
    facts |= {("pledge", fold(org), fold(area)) for org, area in expected.get("pledges", [])}
    return facts


@dataclass
class Score:
    true_positives: int = 0
    extracted: int = 0
    expected: int = 0

    def add(self, found: set[tuple], wanted: set[tuple]) -> None:
        self.true_positives += len(found & wanted)
        self.extracted += len(found)
        self.expected += len(wanted)

    @classmethod
    def total(cls, scores) -> Score:
        scores = list(scores)
        return cls(sum(s.true_positives for s in scores), sum(s.extracted for s in scores),
                   sum(s.expected for s in scores))

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0
