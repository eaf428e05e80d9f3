"""The one ``Filters`` value every dashboard query, list, export and report takes.

It is frozen and hashable, so Streamlit caches key on it, and it always carries the reader's
clearance: nothing above it is selected, counted or exported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from tracker.auth.actor import Actor
from tracker.models.enums import Confidentiality


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    organisation_kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    area_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    event_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    clearance: Confidentiality = field(default=Confidentiality.PUBLIC)

    @classmethod
    def for_actor(cls, actor: Actor, **kwargs) -> Filters:
        """Filters limited to what ``actor`` may see."""
        return cls(clearance=actor.clearance, **kwargs)

    def with_period(self, start: dt.date | None, end: dt.date | None) -> Filters:
        return replace(self, start=start, end=end)

    def previous_period(self) -> Filters:
        """The period of equal length just before this one (needs both ends)."""
        if self.start is None or self.end is None:
            raise ValueError("previous_period needs a start and an end")
        length = (self.end - self.start).days + 1
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=length - 1), end=end)
