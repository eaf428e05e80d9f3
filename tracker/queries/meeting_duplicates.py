"""Meetings already recorded that a meeting about to be saved may duplicate.

A candidate is a meeting within ``WINDOW_DAYS`` of the date that shares at least one person or
organisation with it. A government body or party organ is no evidence on its own: a provincial
government holds a dozen meetings on a summit's day (17 around the reference meeting in the demo
data), so only people and organisations outside government count. The log form, the article
page, the edit form and the importer's preview all ask here, so "probable duplicate" means one
thing.

Clearance: a meeting above the reader's level is never a candidate, so the warning never hints
that it exists. The link tables carry the meeting's date and confidentiality (the read model),
so the search reads ``participation`` and ``meeting_organisation`` through their
(id, date, confidentiality) indexes and joins ``meeting`` only for the few candidates found.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import live
from tracker.matching import sort_key
from tracker.models import (
    Confidentiality,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Person,
)
from tracker.queries.meeting_rows import shown_name
from tracker.read_model.vocabulary import OUTSIDE_KIND_VALUES

WINDOW_DAYS = 1  # "within a day": the day before, the day itself and the day after
CHUNK = 500  # ids and days per IN list, well under SQLite's and PostgreSQL's parameter limits
CANDIDATE_COLUMNS = ["id", "date", "title", "place", "shared_people", "shared_organisations"]


@dataclass(frozen=True)
class Probe:
    """A meeting about to be saved, as the check sees it: its date and the records it names."""

    on: dt.date
    person_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    exclude_id: int | None = None  # the meeting itself, when an edit is saved

    @classmethod
    def of(cls, on: dt.date, person_ids: Iterable[int | None] = (),
           organisation_ids: Iterable[int | None] = (), exclude_id: int | None = None) -> Probe:
        """A probe from loose ids: ``None`` and stand-ins for records created on Save (negative)
        name nothing recorded yet, so they are left out."""
        return cls(on, frozenset(int(i) for i in person_ids if i is not None and int(i) > 0),
                   frozenset(int(i) for i in organisation_ids if i is not None and int(i) > 0),
                   exclude_id)

    @property
    def days(self) -> list[dt.date]:
        return [self.on + dt.timedelta(days=n) for n in range(-WINDOW_DAYS, WINDOW_DAYS + 1)]


@dataclass
class Candidate:
    """An existing meeting a probe may duplicate, with what they share."""

    id: int
    date: dt.date
    title: str
    place: str | None
    shared_people: list[str] = field(default_factory=list)
    shared_organisations: list[str] = field(default_factory=list)

    @property
    def shared(self) -> int:
        return len(self.shared_people) + len(self.shared_organisations)


def _chunks(values: Iterable, size: int = CHUNK) -> list[list]:
    ordered = sorted(set(values))
    return [ordered[i:i + size] for i in range(0, len(ordered), size)]


def _links(session: Session, column, table, ids: set[int], days: set[dt.date],
           levels: list[int], *conditions) -> list[tuple[int, int, dt.date]]:
    """(meeting id, record id, meeting date) for the records ``ids`` at meetings on ``days``."""
    rows: list[tuple[int, int, dt.date]] = []
    for id_chunk in _chunks(ids):
        for day_chunk in _chunks(days):
            rows += session.execute(
                sa.select(table.meeting_id, column, table.meeting_date).where(
                    column.in_(id_chunk), table.meeting_date.in_(day_chunk),
                    table.confidentiality.in_(levels), live(table), *conditions)).all()
    return rows


def _names(session: Session, model, ids: set[int]) -> dict[int, str]:
    """Id → name as a list shows it to its reader (``shown_name``: 马化腾 (Ma Huateng) in Chinese)."""
    names: dict[int, str] = {}
    for chunk in _chunks(ids):
        names.update((row_id, shown_name(name, local)) for row_id, name, local in session.execute(
            sa.select(model.id, model.name, model.local_name).where(model.id.in_(chunk))))
    return names


def duplicate_candidates(session: Session, probes: Sequence[Probe], *,
                         clearance: Confidentiality) -> list[list[Candidate]]:
    """For each probe, the meetings a reader at ``clearance`` may see that it may duplicate:
    most shared records first, then the nearest date."""
    levels = [int(level) for level in Confidentiality if level <= int(clearance)]
    days = {day for probe in probes for day in probe.days}
    person_links = _links(session, Participation.person_id, Participation,
                          {i for p in probes for i in p.person_ids}, days, levels)
    org_links = _links(session, MeetingOrganisation.organisation_id, MeetingOrganisation,
                       {i for p in probes for i in p.organisation_ids}, days, levels,
                       MeetingOrganisation.organisation_kind.in_(OUTSIDE_KIND_VALUES))
    # Who and what each (day, record) pair was at: a probe looks up its own days and records.
    people_at: dict[tuple[dt.date, int], set[int]] = defaultdict(set)
    orgs_at: dict[tuple[dt.date, int], set[int]] = defaultdict(set)
    for meeting_id, person_id, day in person_links:
        people_at[(day, person_id)].add(meeting_id)
    for meeting_id, org_id, day in org_links:
        orgs_at[(day, org_id)].add(meeting_id)

    shared: list[dict[int, tuple[set[int], set[int]]]] = []
    for probe in probes:
        found: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
        for day in probe.days:
            for person_id in probe.person_ids:
                for meeting_id in people_at.get((day, person_id), ()):
                    found[meeting_id][0].add(person_id)
            for org_id in probe.organisation_ids:
                for meeting_id in orgs_at.get((day, org_id), ()):
                    found[meeting_id][1].add(org_id)
        found.pop(probe.exclude_id, None)
        shared.append(dict(found))

    meeting_ids = {m for found in shared for m in found}
    meetings = {}
    for chunk in _chunks(meeting_ids):
        meetings.update((row.id, row) for row in session.execute(
            sa.select(Meeting.id, Meeting.date, Meeting.title, Meeting.place)
            .where(Meeting.id.in_(chunk), Meeting.confidentiality.in_(levels), live(Meeting))))
    person_names = _names(session, Person, {i for f in shared for ps, _ in f.values() for i in ps})
    org_names = _names(session, Organisation, {i for f in shared for _, os in f.values() for i in os})

    results: list[list[Candidate]] = []
    for probe, found in zip(probes, shared, strict=True):
        candidates = [
            Candidate(m.id, m.date, m.title, m.place,
                      sorted((person_names[i] for i in found[m.id][0]), key=sort_key),
                      sorted((org_names[i] for i in found[m.id][1]), key=sort_key))
            for m in (meetings[i] for i in found if i in meetings)
        ]
        candidates.sort(key=lambda c: (-c.shared, abs((c.date - probe.on).days), c.date, c.id))
        results.append(candidates)
    return results


def meeting_duplicates(session: Session, probe: Probe, *, clearance: Confidentiality) -> pd.DataFrame:
    """The candidates for one meeting about to be saved, as a small frame for a page."""
    if not probe.person_ids and not probe.organisation_ids:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    (candidates,) = duplicate_candidates(session, [probe], clearance=clearance)
    return pd.DataFrame([{"id": c.id, "date": c.date, "title": c.title, "place": c.place,
                          "shared_people": c.shared_people,
                          "shared_organisations": c.shared_organisations} for c in candidates],
                        columns=CANDIDATE_COLUMNS)
