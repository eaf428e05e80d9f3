"""Agreements signed at meetings (parties with signatories) and pledges with their dated progress
updates, covering every state a leader asks about: delivered, on track, late, stalled, silent for
months, withdrawn, and freshly pledged."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from seed_data.generator import vocab
from seed_data.generator.text import (
    AGREEMENT_LABELS,
    GOVERNMENT_PLEDGES,
    PLEDGE_TEXTS,
    UPDATE_NOTES,
    in_sentence,
)
from tracker.definitions import SILENT_AFTER_DAYS

AGREEMENT_KINDS = list(AGREEMENT_LABELS)
AGREEMENT_KIND_WEIGHTS = [35, 25, 15, 10, 15]
# Pledge stories; the first pledges old enough take each in turn so every state is present.
STORIES = ["delivered", "on_track", "late", "stalled", "silent_unstarted", "silent", "withdrawn"]
STORY_WEIGHTS = [30, 18, 14, 10, 7, 13, 8]
# A silent story's last news is this many days old: past the silent threshold whatever it is
# configured to, with room to spare (the default threshold gives the demo's long-standing 200).
QUIET_DAYS = 2 * SILENT_AFTER_DAYS + 20


class SigningBuilder:
    """Draws agreements and pledges for a held meeting."""

    def __init__(
        self, rng: random.Random, areas: dict[str, int], today: dt.date, ids, actor_name: str
    ) -> None:
        self.rng, self.areas, self.today, self.ids, self.actor_name = rng, areas, today, ids, actor_name
        self.area_names = sorted(n for n in areas if n in PLEDGE_TEXTS) or sorted(areas)
        self.forced = list(STORIES)

    def agreement(self, context: dict, rows: dict[str, list[dict]]) -> dict | None:
        """One agreement between the leading government body and the first enterprise present."""
        attendees = context["attendees"]
        government = [(o, s) for o, s in attendees if o.is_government]
        others = [(o, s) for o, s in attendees if not o.is_government]
        if not government or not others:
            return None
        meeting = context["meeting"]
        day = meeting["date"]
        parties = [government[0], others[0]]
        second = next(((o, s) for o, s in others[1:] if o.id != others[0][0].id), None)
        if second and self.rng.random() < 0.3:
            parties.append(second)
        kind = self.rng.choices(AGREEMENT_KINDS, AGREEMENT_KIND_WEIGHTS)[0]
        value = currency = None
        if kind == "investment_contract" or self.rng.random() < 0.25:
            value = Decimal(self.rng.randrange(5, 3000) * 1_000_000)
            currency = "USD" if others[0][0].family == "foreign" and self.rng.random() < 0.5 else "CNY"
        end = day + dt.timedelta(days=365 * self.rng.choice((3, 5))) if self.rng.random() < 0.7 else None
        if self.rng.random() < 0.04:
            status = "terminated"
        elif end is not None and end < self.today:
            status = "expired"
        else:
            status = "in_force" if (self.today - day).days > 30 else "signed"
        names = " and ".join(o.short for o, _ in parties)
        agreement = {
            "id": self.ids("agreement"),
            "title": f"{AGREEMENT_LABELS[kind]} between {names}"[:300],
            "kind": kind,
            "signed_on": day,
            "value": value,
            "currency": currency,
            "start_date": day,
            "end_date": end,
            "status": status,
            "document_url": None,
            "meeting_id": meeting["id"],
            "confidentiality": meeting["confidentiality"],
            "created_at": meeting["created_at"],
        }
        rows["agreement"].append(agreement)
        for org, stint in parties:
            rows["agreement_party"].append(
                {
                    "id": self.ids("agreement_party"),
                    "agreement_id": agreement["id"],
                    "organisation_id": org.id,
                    "signatory_person_id": stint.person_id,
                    "signatory_title": stint.title,
                }
            )
        return {"row": agreement, "orgs": [o for o, _ in parties]}

    def pledges(self, context: dict, count: int, agreement: dict | None, rows: dict[str, list[dict]]) -> None:
        meeting = context["meeting"]
        day: dt.date = meeting["date"]
        attendees = context["attendees"]
        enterprises = [o for o, _ in attendees if not o.is_government]
        government = [o for o, _ in attendees if o.is_government]
        for _ in range(count):
            tied = agreement is not None and self.rng.random() < 0.7
            if tied:
                org = self.rng.choice(agreement["orgs"])
            elif enterprises and (not government or self.rng.random() < 0.8):
                org = self.rng.choice(enterprises)
            else:
                org = self.rng.choice(government or enterprises)
            area, text = self._what(org, enterprises, context["city"])
            pledge_id = self.ids("pledge")
            target = day + dt.timedelta(days=self.rng.randint(180, 1095))
            status, target, updates = self._story(pledge_id, day, target, context["city"])
            rows["pledge"].append(
                {
                    "id": pledge_id,
                    "organisation_id": org.id,
                    "area_id": self.areas[area],
                    "text": text,
                    "target_date": target,
                    "status": status,
                    "meeting_id": meeting["id"],
                    "agreement_id": agreement["row"]["id"] if tied else None,
                    "made_on": day,
                    "last_update_on": max((u["on"] for u in updates), default=None),
                    "confidentiality": meeting["confidentiality"],
                    "created_at": meeting["created_at"],
                }
            )
            rows["pledge_update"].extend(updates)
            context["org_ids"].add(org.id)

    def _what(self, org, enterprises: list, city: str) -> tuple[str, str]:
        """(area, text) of a pledge: a government pledges policy support, land, approvals or talent
        services for an enterprise present; others what their sector tends to build or invest in."""
        if org.is_government:
            choices = [(a, t) for a, t in GOVERNMENT_PLEDGES if a in self.areas]
            if choices:
                area, template = self.rng.choice(choices)
                partner = self.rng.choice(enterprises).short if enterprises else "investment"
                return area, template.format(city=city, partner=partner)
        preferred = [a for a in vocab.SECTOR_AREAS.get(org.sector, ()) if a in self.area_names]
        area = (
            self.rng.choice(preferred)
            if preferred and self.rng.random() < 0.75
            else self.rng.choice(self.area_names)
        )
        template = PLEDGE_TEXTS.get(area, "Deepen cooperation in {area}")
        text = template.format(city=city, area=in_sentence(area))
        return area, text

    def _when(self, low: dt.date, high: dt.date) -> dt.date:
        if high <= low:
            return low
        return low + dt.timedelta(days=self.rng.randrange((high - low).days + 1))

    def _update(self, pledge_id: int, on: dt.date, status: str | None, city: str) -> dict:
        note = self.rng.choice(UPDATE_NOTES[status]).format(city=city)
        logged = dt.datetime.combine(
            min(on + dt.timedelta(days=1), self.today), dt.time(9, 30), tzinfo=dt.UTC
        )
        return {
            "id": self.ids("pledge_update"),
            "pledge_id": pledge_id,
            "on": on,
            "note": note,
            "status": status,
            "created_at": logged,
            "created_by": self.actor_name,
        }

    def _story(self, pledge_id: int, made: dt.date, target: dt.date, city: str):
        """(status, target date, updates) for one pledge, consistent with its age."""
        age = (self.today - made).days
        today = self.today
        if age < 45:
            if age > 7 and self.rng.random() < 0.4:
                return (
                    "in_progress",
                    target,
                    [self._update(pledge_id, self._when(made, today), "in_progress", city)],
                )
            return "pledged", target, []
        if self.forced and age > QUIET_DAYS + 60:
            story = self.forced.pop(0)
        else:
            story = self.rng.choices(STORIES, STORY_WEIGHTS)[0]
        if story.startswith("silent") and age <= QUIET_DAYS + 30:
            story = "on_track"
        update = self._update
        if story == "delivered":
            done = self._when(
                made + dt.timedelta(days=min(30, age)), min(today, target + dt.timedelta(days=90))
            )
            steps = (
                [update(pledge_id, self._when(made, done), "in_progress", city)]
                if self.rng.random() < 0.7
                else []
            )
            if steps and self.rng.random() < 0.5:
                steps.append(update(pledge_id, self._when(steps[0]["on"], done), None, city))
            steps.append(update(pledge_id, done, "delivered", city))
            return "delivered", target, steps
        if story == "on_track":
            if target < today + dt.timedelta(days=30):
                target = today + dt.timedelta(days=self.rng.randint(30, 540))
            first = self._when(made, today - dt.timedelta(days=30))
            steps = [update(pledge_id, first, "in_progress", city)]
            # Its latest news falls within the silent threshold, so an on-track pledge is never silent.
            recent = max(first, today - dt.timedelta(days=SILENT_AFTER_DAYS - 1))
            steps.append(update(pledge_id, self._when(recent, today), None, city))
            return "in_progress", target, steps
        if story == "late":
            target = made + dt.timedelta(days=self.rng.randint(30, max(30, age - 1)))
            steps = [update(pledge_id, self._when(made, today), "in_progress", city)]
            return "in_progress", min(target, today - dt.timedelta(days=1)), steps
        if story == "stalled":
            first = self._when(made, today)
            steps = [
                update(pledge_id, first, "in_progress", city),
                update(pledge_id, self._when(first, today), "stalled", city),
            ]
            return "stalled", target, steps
        if story == "silent_unstarted":
            return "pledged", target, []
        if story == "silent":
            quiet_since = today - dt.timedelta(days=QUIET_DAYS)
            return (
                "in_progress",
                target,
                [update(pledge_id, self._when(made, quiet_since), "in_progress", city)],
            )
        withdrawn = self._when(made, today)
        return "withdrawn", target, [update(pledge_id, withdrawn, "withdrawn", city)]
