"""The one ``Filters`` value every dashboard query, list, export and report takes.

It is frozen and hashable, so Streamlit caches key on it, and it always carries the reader's
clearance: nothing above it is selected, counted or exported.

It also converts to and from URL query parameters (pure functions, no Streamlit), so a copied
link opens the same view. Clearance never travels in a URL: it comes from the signed-in user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from tracker.auth.actor import Actor
from tracker.i18n import N_, format_short_date, gettext
from tracker.labels import label
from tracker.models.enums import Confidentiality, OrganisationKind

# What ``Filters.describe`` counts: "3 sectors" (3 个行业).
DESCRIBED_COUNTS = (
    ("organisation_kinds", N_("{count} kinds")), ("sectors", N_("{count} sectors")),
    ("regions", N_("{count} regions")), ("area_ids", N_("{count} areas")),
    ("person_ids", N_("{count} officials")), ("event_ids", N_("{count} events")),
    ("organisation_ids", N_("{count} organisations")),
)

# Named periods a leader picks from; "custom" uses explicit from/to dates.
PERIODS: dict[str, str] = {
    "12m": N_("Last 12 months"),
    "90d": N_("Last 90 days"),
    "ytd": N_("This year so far"),
    "last_year": N_("Last calendar year"),
    "all": N_("All time"),
    "custom": N_("Custom dates"),
}
DEFAULT_PERIOD = "12m"

# URL parameter names, one per Filters field (multi-valued ones repeat: ?sector=A&sector=B).
PARAM_PERIOD, PARAM_FROM, PARAM_TO = "period", "from", "to"
LIST_PARAMS: dict[str, str] = {
    "organisation_kinds": "kind",
    "sectors": "sector",
    "regions": "region",
    "area_ids": "area",
    "person_ids": "official",
    "event_ids": "event",
    "organisation_ids": "org",
}
INT_FIELDS = {"area_ids", "person_ids", "event_ids", "organisation_ids"}
FILTER_PARAM_NAMES = (PARAM_PERIOD, PARAM_FROM, PARAM_TO, *LIST_PARAMS.values())


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
    period: str = "custom"

    @classmethod
    def for_actor(cls, actor: Actor, **kwargs) -> Filters:
        """Filters limited to what ``actor`` may see."""
        return cls(clearance=actor.clearance, **kwargs)

    def with_period(self, start: dt.date | None, end: dt.date | None) -> Filters:
        return replace(self, start=start, end=end, period="custom")

    def previous_period(self) -> Filters:
        """The period of equal length just before this one (needs both ends)."""
        if self.start is None or self.end is None:
            raise ValueError("previous_period needs a start and an end")
        length = (self.end - self.start).days + 1
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=length - 1), end=end, period="custom")

    def with_previous_period(self) -> Filters:
        """This period and the one of equal length before it, together (needs both ends)."""
        return self.with_period(self.previous_period().start, self.end)

    @property
    def has_period(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def organisation_filtered(self) -> bool:
        """True when the organisation's own attributes (kind, sector, region, id) narrow the view."""
        return bool(self.organisation_kinds or self.sectors or self.regions or self.organisation_ids)

    def describe(self) -> str:
        """One line saying what the view shows, for captions and exports (in the reader's language)."""
        if self.start is None and self.end is None:
            span = gettext(N_("all time"))
        else:
            span = gettext(N_("{start} to {end}")).format(
                start=format_short_date(self.start) if self.start else gettext(N_("the start")),
                end=format_short_date(self.end) if self.end else gettext(N_("today")))
        parts = [span]
        for name, counted in DESCRIBED_COUNTS:
            values = getattr(self, name)
            if values:
                parts.append(gettext(counted).format(count=len(values)))
        return " · ".join(parts)


    def period_text(self) -> str | None:
        """"2025-01-01 to 2025-12-31" for a period with both ends, else None (report titles)."""
        if self.start is None or self.end is None:
            return None
        return gettext("{start} to {end}").format(start=format_short_date(self.start),
                                                  end=format_short_date(self.end))

    def described(self, names: Callable[[str, tuple[int, ...]], str]) -> list[tuple[str, str]]:
        """The filters as (label, text) pairs a reader understands; ``names(kind, ids)`` gives the
        names of the chosen areas, organisations, people and events ("area", "organisation",
        "person", "event"), so a report says names, not ids."""
        start = format_short_date(self.start) if self.start else gettext("the beginning")
        end = format_short_date(self.end) if self.end else gettext("today")
        comma = gettext(", ")
        pairs = [(gettext("Period"), gettext("{start} to {end}").format(start=start, end=end))]
        if self.organisation_kinds:
            kinds = comma.join(label(k) for k in self.organisation_kinds)
            pairs.append((gettext("Organisation kinds"), kinds))
        if self.sectors:
            pairs.append((gettext("Sectors"), comma.join(self.sectors)))
        if self.regions:
            pairs.append((gettext("Regions"), comma.join(self.regions)))
        for kind, heading, ids in (("area", N_("Cooperation areas"), self.area_ids),
                                   ("organisation", N_("Organisations"), self.organisation_ids),
                                   ("person", N_("People"), self.person_ids),
                                   ("event", N_("Events"), self.event_ids)):
            if ids:
                pairs.append((gettext(heading), names(kind, ids)))
        pairs.append((gettext("Reader's clearance"), gettext(Confidentiality.parse(self.clearance).label)))
        return pairs


def period_bounds(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Start and end (inclusive) of a named period ending today; (None, None) for all time."""
    if period == "12m":
        return _months_before(today, 12) + dt.timedelta(days=1), today
    if period == "90d":
        return today - dt.timedelta(days=89), today
    if period == "ytd":
        return today.replace(month=1, day=1), today
    if period == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if period == "all":
        return None, None
    raise ValueError(f"unknown period {period!r}")


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the month's last day (31 March → 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_filters(clearance: Confidentiality, today: dt.date | None = None) -> Filters:
    """The default view: the last 12 months, nothing else narrowed."""
    start, end = period_bounds(DEFAULT_PERIOD, today or dt.date.today())
    return Filters(start=start, end=end, clearance=clearance, period=DEFAULT_PERIOD)


def filters_to_params(filters: Filters) -> dict[str, list[str]]:
    """URL query parameters for ``filters`` (clearance left out; empty lists left out)."""
    params: dict[str, list[str]] = {PARAM_PERIOD: [filters.period]}
    if filters.period == "custom":
        if filters.start is not None:
            params[PARAM_FROM] = [filters.start.isoformat()]
        if filters.end is not None:
            params[PARAM_TO] = [filters.end.isoformat()]
    for name, key in LIST_PARAMS.items():
        values = getattr(filters, name)
        if values:
            params[key] = [str(v) for v in values]
    return params


def filters_from_params(params: Mapping[str, str | Sequence[str]], *, clearance: Confidentiality,
                        today: dt.date | None = None) -> Filters:
    """The Filters a URL describes; unknown or malformed values are ignored, never an error."""
    today = today or dt.date.today()

    def values(key: str) -> list[str]:
        raw = params.get(key)
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [item.strip() for item in items if item and item.strip()]

    period = (values(PARAM_PERIOD) or [None])[-1]
    start = _parse_date((values(PARAM_FROM) or [None])[-1])
    end = _parse_date((values(PARAM_TO) or [None])[-1])
    if period in PERIODS and period != "custom":
        start, end = period_bounds(period, today)
    elif start is None and end is None and period != "custom":
        period = DEFAULT_PERIOD
        start, end = period_bounds(period, today)
    else:
        period = "custom"
        if start is not None and end is not None and end < start:
            start, end = end, start
    fields: dict[str, tuple] = {}
    for name, key in LIST_PARAMS.items():
        items = values(key)
        if name in INT_FIELDS:
            fields[name] = tuple(sorted({int(v) for v in items if v.isdigit()}))
        elif name == "organisation_kinds":
            known = {k.value for k in OrganisationKind}
            fields[name] = tuple(sorted({v for v in items if v in known}))
        else:
            fields[name] = tuple(sorted(set(items)))
    return Filters(start=start, end=end, clearance=clearance, period=period, **fields)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
