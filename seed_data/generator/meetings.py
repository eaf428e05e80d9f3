"""Turns the meeting plan into rows: meetings with participants (titles as held that day),
organisations, topics and the search text, exactly as the meeting service would store them."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass

from seed_data.generator import vocab
from seed_data.generator.organisations import Org
from seed_data.generator.people import TIMELINE_START, Person, Stint
from seed_data.generator.text import meeting_summary, meeting_title
from tracker.models import OrganisationKind

KINDS = ["talk", "visit", "call", "inspection", "forum", "banquet", "other"]
KIND_WEIGHTS = [42, 17, 9, 10, 9, 6, 3]
CONFIDENTIALITY_WEIGHTS = [40, 35, 18, 7]  # public, internal, confidential, secret
PARTICIPANTS = [2, 3, 4, 5, 6, 7, 8]
PARTICIPANT_WEIGHTS = [20, 25, 20, 15, 10, 5, 5]  # mean ≈ 4 per meeting, as DESIGN.md's ratio
PARTICIPANT_CUM = list(itertools.accumulate(PARTICIPANT_WEIGHTS))
CONFIDENTIALITY_CUM = list(itertools.accumulate(CONFIDENTIALITY_WEIGHTS))
LEVELS = range(4)


@dataclass
class MeetingPlan:
    """What the orchestrator decided for one meeting before its rows are drawn."""

    date: dt.date
    event: object | None
    status: str
    precision: str
    agreements: int
    pledges: int


def _cumulative(weights) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


class Roster:
    """Who can attend for each organisation on a given day, and which title they hold then."""

    def __init__(self, orgs: list[Org], people: list[Person], stints: list[Stint], until: dt.date) -> None:
        self.by_org: dict[int, list[Stint]] = {}
        self.by_person: dict[int, list[Stint]] = {}
        for stint in stints:
            self.by_org.setdefault(stint.org_id, []).append(stint)
            self.by_person.setdefault(stint.person_id, []).append(stint)
        # Stints by organisation and calendar year, so "who is in office that day" scans few rows.
        self.by_org_year: dict[tuple[int, int], list[Stint]] = {}
        for stint in stints:
            last_year = stint.end.year if stint.end else until.year
            for year in range(max(stint.start.year, TIMELINE_START.year), last_year + 1):
                self.by_org_year.setdefault((stint.org_id, year), []).append(stint)
        staffed = [o for o in orgs if o.id in self.by_org]
        self.government = [o for o in staffed if o.is_government]
        self.others = [o for o in staffed if not o.is_government]
        self.gov_cum = _cumulative(o.weight for o in self.government)
        self.other_cum = _cumulative(o.weight for o in self.others)
        self.names = {p.id: (p.name, p.local_name) for p in people}

    def pick(self, rng: random.Random, government: bool) -> Org:
        pool, cum = (self.government, self.gov_cum) if government else (self.others, self.other_cum)
        return pool[min(bisect.bisect(cum, rng.random() * cum[-1]), len(pool) - 1)]

    def present(self, org_id: int, ordinal: int) -> list[Stint]:
        year = dt.date.fromordinal(ordinal).year
        bucket = self.by_org_year.get((org_id, year), ())
        return [s for s in bucket if s.first <= ordinal <= s.last]

    def title_on(self, person_id: int, ordinal: int, org_id: int) -> str | None:
        """The title the meeting service would fill in (``position_on``: prefer the org, then latest)."""
        best, best_key = None, None
        for stint in self.by_person.get(person_id, ()):
            if stint.first <= ordinal <= stint.last:
                key = (stint.org_id != org_id, -stint.first)
                if best_key is None or key < best_key:
                    best, best_key = stint, key
        return best.title if best else None


def side_of(org: Org) -> str:
    if org.is_government:
        return "government"
    if org.kind in (
        OrganisationKind.PRIVATE_ENTERPRISE,
        OrganisationKind.STATE_OWNED_ENTERPRISE,
        OrganisationKind.FOREIGN_ENTERPRISE,
    ):
        return "enterprise"
    return "other"


def period_start(day: dt.date, precision: str) -> dt.date:
    if precision == "month":
        return day.replace(day=1)
    if precision == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day


class MeetingBuilder:
    """Draws one meeting's rows; ids come from the writer's allocator."""

    def __init__(
        self,
        rng: random.Random,
        roster: Roster,
        orgs: dict[int, Org],
        topics: list[tuple[int, str]],
        today: dt.date,
        ids,
        highest_level: int = max(LEVELS),
    ) -> None:
        self.rng, self.roster, self.orgs, self.today, self.ids = rng, roster, orgs, today, ids
        # Generated data never exceeds the actor's clearance: levels above it are not drawn (the
        # draw stays one random number, so a fully cleared actor's data is unchanged).
        self.levels = LEVELS[: int(highest_level) + 1]
        self.level_cum = CONFIDENTIALITY_CUM[: int(highest_level) + 1]
        self.topics = topics
        self.topic_cum = _cumulative(1.0 / (rank + 1) ** 0.6 for rank in range(len(topics)))

    def _topics(self) -> list[tuple[int, str]]:
        chosen: dict[int, tuple[int, str]] = {}
        for _ in range(self.rng.choice((1, 2, 2, 3, 3, 4))):
            index = min(
                bisect.bisect(self.topic_cum, self.rng.random() * self.topic_cum[-1]), len(self.topics) - 1
            )
            chosen.setdefault(index, self.topics[index])
        return list(chosen.values())

    def _attendees(
        self, government: bool, wanted: int, orgs_wanted: int, ordinal: int, taken: set[int]
    ) -> list[tuple[Org, Stint]]:
        """Up to ``wanted`` people in office that day, from up to ``orgs_wanted`` organisations."""
        result: list[tuple[Org, Stint]] = []
        tried: set[int] = set()
        for _ in range(orgs_wanted * 4):
            if len(result) >= wanted or len(tried) >= orgs_wanted + 3:
                break
            org = self.roster.pick(self.rng, government)
            if org.id in tried:
                continue
            present = [s for s in self.roster.present(org.id, ordinal) if s.person_id not in taken]
            if not present:
                continue
            tried.add(org.id)
            quota = wanted - len(result) if len(tried) >= orgs_wanted else max(1, (wanted - len(result)) // 2)
            for stint in self.rng.sample(present, min(quota, len(present))):
                taken.add(stint.person_id)
                result.append((org, stint))
        return result

    def build(self, plan: MeetingPlan, rows: dict[str, list[dict]]) -> dict:
        """Append the meeting's rows to ``rows``; returns a context for agreements and pledges."""
        rng = self.rng
        meeting_id = self.ids("meeting")
        day = period_start(plan.date, plan.precision)
        ordinal = day.toordinal()
        total = rng.choices(PARTICIPANTS, cum_weights=PARTICIPANT_CUM)[0]
        gov_count = 1 if total <= 3 else min(total - 1, rng.choice((1, 2, 2, 3)))
        taken: set[int] = set()
        government = self._attendees(
            True, gov_count, 2 if gov_count > 1 and rng.random() < 0.3 else 1, ordinal, taken
        )
        other_orgs = rng.choices((1, 2, 3), (65, 27, 8))[0]
        others = self._attendees(False, total - len(government), other_orgs, ordinal, taken)
        government.sort(key=lambda pair: pair[1].rank)  # the most senior official hosts
        attendees = government + others

        if plan.agreements and rng.random() < 0.6:
            kind = "signing_ceremony"
        elif plan.event is not None:
            kind = rng.choices(("talk", "forum", "banquet"), (60, 28, 12))[0]
        else:
            weights = list(KIND_WEIGHTS)
            if day.year == 2020:
                weights[2] *= 3  # calls replaced visits in 2020
            kind = rng.choices(KINDS, weights)[0]
        topics = self._topics()
        host_org, host = government[0] if government else attendees[0]
        guest_org, guest = others[0] if others else attendees[-1]
        host_name = self.roster.names[host.person_id][0]
        guest_name = self.roster.names[guest.person_id][0]
        event = plan.event
        title = meeting_title(
            kind,
            host_name,
            guest_name,
            guest_org.short,
            topics[0][1],
            event.name if event else None,
            local=guest_org.region == "Fujian",
        )
        city = guest_org.city if guest_org.region == "Fujian" else host_org.city
        summary = (
            meeting_summary(guest_org.short, guest_org.sector, [t[1] for t in topics], city)
            if rng.random() < 0.85
            else None
        )
        place = self._place(kind, event, host_org, guest_org)
        confidentiality = rng.choices(self.levels, cum_weights=self.level_cum)[0]
        source, source_url = self._source(day, confidentiality, meeting_id, host_org)
        created = self._created_at(day)

        participation_rows = rows["participation"]
        seen_people: list[int] = []
        org_ids: set[int] = set()
        guests_seen: set[int] = set()
        for index, (org, stint) in enumerate(attendees):
            side = side_of(org)
            if index == 0 and side == "government":
                role = "host"
            elif side != "government" and org.id not in guests_seen:
                role = "guest"
                guests_seen.add(org.id)
            else:
                role = "attendee"
            participation_rows.append(
                {
                    "id": self.ids("participation"),
                    "meeting_id": meeting_id,
                    "person_id": stint.person_id,
                    "organisation_id": org.id,
                    "title": self.roster.title_on(stint.person_id, ordinal, org.id),
                    "role": role,
                    "side": side,
                    "meeting_date": day,
                    "meeting_status": plan.status,
                    "confidentiality": confidentiality,
                }
            )
            seen_people.append(stint.person_id)
            org_ids.add(org.id)
        if rng.random() < 0.08:  # a body present without named people
            org_ids.add(self.roster.pick(rng, rng.random() < 0.5).id)
        rows["meeting_topic"].extend(
            {"meeting_id": meeting_id, "topic_id": topic_id} for topic_id, _ in topics
        )
        meeting = {
            "id": meeting_id,
            "title": title,
            "date": day,
            "date_precision": plan.precision,
            "time": dt.time(rng.randrange(8, 18), rng.choice((0, 30)))
            if plan.precision == "day" and kind != "call" and rng.random() < 0.6
            else None,
            "kind": kind,
            "status": plan.status,
            "place": place,
            "event_id": event.id if event else None,
            "summary": summary,
            "source": source,
            "source_url": source_url,
            "confidentiality": confidentiality,
            "version": 1,
            "import_key": None,
            "created_at": created,
            "updated_at": created,
        }
        rows["meeting"].append(meeting)
        return {
            "meeting": meeting,
            "attendees": attendees,
            "org_ids": org_ids,
            "people": seen_people,
            "topics": [t[1] for t in topics],
            "city": city,
            "ordinal": ordinal,
        }

    def _place(self, kind: str, event, host_org: Org, guest_org: Org) -> str | None:
        if kind == "call":
            return "Video call"
        if event is not None:
            return event.place
        if kind in ("visit", "inspection") and guest_org.region == "Fujian":
            return f"{guest_org.short}, {guest_org.city}"
        city = host_org.city
        return self.rng.choice(
            vocab.PLACES_BY_CITY.get(city, [f"{city} Municipal Government, {city}", f"{city} Guest House"])
        )

    def _source(self, day: dt.date, confidentiality: int, meeting_id: int, host_org: Org):
        if confidentiality == 0 and self.rng.random() < 0.7:
            published = day + dt.timedelta(days=1)
            url = (
                f"https://fjrb.fjdaily.com/pc/con/{published:%Y%m}/{published:%d}/content_{meeting_id}.html"
                if self.rng.random() < 0.5
                else None
            )
            return f"Fujian Daily, {published.isoformat()}", url
        if self.rng.random() < 0.5:
            return f"Minutes kept by the {host_org.name}", None
        return None, None

    def _created_at(self, day: dt.date) -> dt.datetime:
        """When staff logged it: a few days after it was held, or weeks before when planned."""
        if day > self.today:
            logged = day - dt.timedelta(days=self.rng.randrange(7, 61))
        else:
            logged = day + dt.timedelta(days=self.rng.randrange(6))
        logged = min(logged, self.today)
        return dt.datetime.combine(
            logged, dt.time(self.rng.randrange(1, 11), self.rng.randrange(60)), tzinfo=dt.UTC
        )

