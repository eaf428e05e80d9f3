"""When things happen: events (recurring summits and fairs, investment tours, forums) and the
dates of every meeting, with growth over the years, seasons, quiet weekends and the 2020 dip."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass

from seed_data.generator import vocab, vocab_government
from seed_data.generator.people import TIMELINE_START

FUTURE_DAYS = 180
EVENT_SHARE = 0.22
# Relative activity per month: the Spring Festival and August are quiet; May and September busy.
SEASON = [0.9, 0.55, 1.0, 1.1, 1.2, 1.1, 0.9, 0.75, 1.15, 0.85, 1.1, 1.0]


@dataclass
class EventSpec:
    id: int
    name: str
    place: str
    start: dt.date
    end: dt.date
    weight: float
    existing: bool = False
    description: str | None = None

    def row(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "place": self.place,
            "start_date": self.start,
            "end_date": self.end,
            "description": self.description,
        }


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_growth(year: int) -> float:
    factor = 1.12 ** (year - TIMELINE_START.year)
    return factor * (0.6 if year == 2020 else 1.0)


def candidate_events(rng: random.Random, today: dt.date) -> tuple[list[dict], list[dict]]:
    """(recurring, one-off) events from 2015 to the planning horizon, as plain dicts."""
    horizon = today + dt.timedelta(days=FUTURE_DAYS)
    recurring, one_off = [], []
    for year in range(TIMELINE_START.year, horizon.year + 1):
        for pattern, place, month, day, days, first, base, weight in vocab.RECURRING_EVENTS:
            if year < first:
                continue
            if "Digital China" in pattern:
                if year not in vocab.DIGITAL_CHINA_SUMMIT_DATES:
                    continue
                month, day, days = vocab.DIGITAL_CHINA_SUMMIT_DATES[year]
            start = dt.date(year, month, day)
            name = pattern.format(ord=ordinal(base + year - first) if base else "", year=year)
            recurring.append(
                dict(
                    name=name,
                    place=place,
                    start=start,
                    end=start + dt.timedelta(days=days - 1),
                    weight=weight,
                )
            )
        for destination in vocab.TOUR_DESTINATIONS:
            start = dt.date(year, rng.randint(3, 11), rng.randint(1, 25))
            one_off.append(
                dict(
                    name=f"Fujian Investment Promotion Week in {destination} {year}",
                    place=destination,
                    start=start,
                    end=start + dt.timedelta(days=2),
                    weight=1.5,
                )
            )
        for theme in vocab.FORUM_THEMES:
            for season, months in (("Spring", (3, 5)), ("Autumn", (9, 11))):
                start = dt.date(year, rng.randint(*months), rng.randint(1, 27))
                city = rng.choice(vocab_government.CITIES[:4])[0]
                one_off.append(
                    dict(
                        name=f"{year} Fujian {theme} Forum ({season}, {city})",
                        place=f"{city}, Fujian",
                        start=start,
                        end=start + dt.timedelta(days=1),
                        weight=1.0,
                    )
                )
    keep = [e for e in recurring if e["start"] <= horizon]
    return keep, [e for e in one_off if e["start"] <= horizon]


def plan_events(
    rng: random.Random, count: int, today: dt.date, existing: dict[str, int], next_id
) -> list[EventSpec]:
    """``count`` events: the recurring ones first, then one-off tours and forums; an event whose
    name is already in the database is reused, not duplicated."""
    recurring, one_off = candidate_events(rng, today)
    rng.shuffle(one_off)
    chosen = (recurring + one_off)[:count] if count >= len(recurring) else rng.sample(recurring, count)
    result = []
    for spec in sorted(chosen, key=lambda e: e["start"]):
        found = existing.get(spec["name"].casefold())
        result.append(
            EventSpec(
                id=found or next_id(),
                existing=found is not None,
                description=f"Meetings held at the {spec['name']}.",
                **spec,
            )
        )
    return result


class MeetingDates:
    """Draws meeting dates: by month (growth × season), then day (weekends are rare)."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.horizon = today + dt.timedelta(days=FUTURE_DAYS)
        self.months: list[dt.date] = []
        weights: list[float] = []
        month = TIMELINE_START
        while month <= self.horizon:
            weight = _year_growth(month.year) * SEASON[month.month - 1]
            if month > today:
                weight *= 0.5  # the future is only partly planned yet
            self.months.append(month)
            weights.append(weight)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        self.cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def draw(self) -> dt.date:
        while True:
            index = bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])
            start = self.months[min(index, len(self.months) - 1)]
            following = (start + dt.timedelta(days=32)).replace(day=1)
            day = start + dt.timedelta(days=self.rng.randrange((following - start).days))
            if day > self.horizon:
                continue
            if day.weekday() >= 5 and self.rng.random() < 0.85:
                continue
            return day


def plan_meeting_dates(
    rng: random.Random, count: int, events: list[EventSpec], today: dt.date
) -> list[tuple[dt.date, EventSpec | None]]:
    """(date, event) for every meeting, sorted by date; about a fifth sit at events."""
    dates = MeetingDates(rng, today)
    plan: list[tuple[dt.date, EventSpec | None]] = []
    at_events = round(count * EVENT_SHARE) if events else 0
    if at_events:
        for event in rng.choices(events, [e.weight for e in events], k=at_events):
            span = (event.end - event.start).days + 1
            plan.append((event.start + dt.timedelta(days=rng.randrange(span)), event))
    while len(plan) < count:
        plan.append((dates.draw(), None))
    plan.sort(key=lambda item: item[0])
    return plan
