"""One palette for every page and every printed chart, so a sector, a status or a health flag has
the same colour wherever a leader meets it (the dashboards and ``tracker.reports.charts`` both read
it). Statuses and health flags take the Okabe–Ito colours; categories (sectors, kinds, areas,
topics) never take a status colour, so a blue bar is never both "Pledged" and a sector."""

from __future__ import annotations

import hashlib

from tracker import labels
from tracker.i18n import N_

BASE = [
    "#0067A5",
    "#F38400",
    "#875692",
    "#8DB600",
    "#BE0032",
    "#6B6ECF",
    "#8C6D31",
    "#17BECF",
    "#E7969C",
    "#B5CF6B",
    "#604E97",
    "#F99379",
]  # category colours: no grey (grey means "not recorded") and no status colour
GREY = "#B0B0B0"

PLEDGE_STATUS = {
    "pledged": "#56B4E9",
    "in_progress": "#E69F00",
    "delivered": "#009E73",
    "stalled": "#D55E00",
    "withdrawn": GREY,
    "silent": "#CC79A7",
}
FUNNEL = {
    "pledged": PLEDGE_STATUS["pledged"],
    "in_progress": PLEDGE_STATUS["in_progress"],
    "delivered": PLEDGE_STATUS["delivered"],
    "stalled": PLEDGE_STATUS["stalled"],
    "silent": PLEDGE_STATUS["silent"],
}
AGREEMENT_STATUS = {"signed": "#0072B2", "in_force": "#009E73", "expired": GREY, "terminated": "#D55E00"}
HEALTH = {
    "neglected": "#D55E00",
    "overdue": "#E69F00",
    "cooling": "#F0E442",
    "dormant": GREY,
    "healthy": "#009E73",
}
ORGANISATION_KIND = {
    "state_owned_enterprise": "#0067A5",
    "private_enterprise": "#F38400",
    "foreign_enterprise": "#8DB600",
    "association": "#875692",
    "university": "#17BECF",
    "other": GREY,
    "government_body": "#8C6D31",
    "party_organ": "#7F7F7F",
}
SIDE = {"government": "#8C6D31", "enterprise": "#0067A5", "other": GREY}
OTHER = N_("Other")  # the smaller categories of a chart whose legend would list more than LEGEND_MAX
LEGEND_MAX = 12
FIXED = {"Sector not recorded": GREY, "No pledge made": GREY, OTHER: GREY,
         "No organisation outside government": GREY}
# A meeting's status on a timeline (planned, held, cancelled).
MEETING_STATUS = {"held": "#0072B2", "planned": "#E69F00", "cancelled": GREY}

# One colour per sector, no two alike: sectors that sit side by side on a chart (AI,
# semiconductors, digital infrastructure; finance, real estate) are given far-apart hues.
# Based on Kelly's colours of maximum contrast, grey left out (grey means "not recorded").
SECTOR = {
    "Artificial intelligence": "#0067A5",  # strong blue
    "Internet and digital platforms": "#F38400",  # orange
    "Semiconductors": "#875692",  # purple
    "Digital infrastructure": "#DCD300",  # greenish yellow
    "Telecommunications": "#A1CAF1",  # light blue
    "Electronic information": "#BE0032",  # red
    "New energy": "#008856",  # green
    "New energy vehicles": "#8DB600",  # yellow green
    "Biomedicine": "#E68FAC",  # pink
    "Healthcare": "#604E97",  # violet
    "Finance": "#F3C300",  # yellow
    "Real estate and construction": "#882D17",  # reddish brown
    "Logistics": "#2B3D26",  # olive green
    "Advanced manufacturing": "#E25822",  # reddish orange
    "Textiles and footwear": "#C2B280",  # buff
    "Food and agriculture": "#654522",  # yellowish brown
    "Tourism and culture": "#B3446C",  # purplish red
    "Petrochemicals": "#F99379",  # salmon
    "Marine economy": "#00A3A3",  # teal
    "E-commerce": "#F6A600",  # amber
    "Education": "#1B3A5C",  # navy
    "Environmental services": "#5F8A3A",  # moss green
    "Government": "#8C6D31",  # the government side's brown
    "Research and education": "#6B6ECF",  # periwinkle
    "Industry association": "#9D5B8B",  # plum
}


def colour_for(name: str) -> str:
    """A stable colour for an open-ended category (sector, area): the same name always maps to the
    same colour, on every page and every run."""
    if name in FIXED:
        return FIXED[name]
    if name in SECTOR:
        return SECTOR[name]
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16)
    return BASE[digest % len(BASE)]


EXTRA = [*dict.fromkeys([*SECTOR.values(), *BASE])]  # every colour, for names that would collide
STATUS_COLOURS = frozenset({*PLEDGE_STATUS.values(), *AGREEMENT_STATUS.values(), *HEALTH.values(),
                            *MEETING_STATUS.values()}) - {GREY}


def colour_map(names, fixed: dict[str, str] | None = None) -> dict[str, str]:
    """Colours for the names on one chart: each its stable colour, except that a name whose
    colour is already taken on this chart gets the next unused one, so no two series share one."""
    fixed = fixed or {}
    names = list(dict.fromkeys(names))
    chosen = {name: fixed.get(name, colour_for(str(name))) for name in names}
    taken: set[str] = set()

    def settled(name) -> bool:  # names with a colour of their own keep it; hashed ones give way
        return name in fixed or str(name) in SECTOR or str(name) in FIXED

    for name in sorted(names, key=lambda n: (not settled(n), str(n))):
        colour = chosen[name]
        if colour in taken and colour != GREY:
            colour = next((c for c in EXTRA if c not in taken), colour)
        chosen[name] = colour
        taken.add(colour)
    return chosen


label = labels.label  # 'state_owned_enterprise' → 'State owned enterprise', 'mou' → 'MoU'
