"""One palette for every page, so a sector, a status or a health flag has the same colour
wherever a leader meets it. Colour-blind-safe base (Okabe–Ito plus Tableau extensions)."""

from __future__ import annotations

import hashlib

BASE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#8C6D31",
    "#6B6ECF",
    "#B5CF6B",
    "#E7969C",
    "#17BECF",
]  # no grey: grey means "not recorded"
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
    "state_owned_enterprise": "#0072B2",
    "private_enterprise": "#E69F00",
    "foreign_enterprise": "#009E73",
    "association": "#CC79A7",
    "university": "#56B4E9",
    "other": GREY,
    "government_body": "#8C6D31",
    "party_organ": "#7F7F7F",
}
SIDE = {"government": "#8C6D31", "enterprise": "#0072B2", "other": GREY}
FIXED = {"Sector not recorded": GREY, "No pledge made": GREY}


def colour_for(name: str) -> str:
    """A stable colour for an open-ended category (sector, area): the same name always maps to the
    same colour, on every page and every run."""
    if name in FIXED:
        return FIXED[name]
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16)
    return BASE[digest % len(BASE)]


def colour_map(names, fixed: dict[str, str] | None = None) -> dict[str, str]:
    fixed = fixed or {}
    return {name: fixed.get(name, colour_for(str(name))) for name in names}


def label(value: str) -> str:
    """'state_owned_enterprise' → 'State owned enterprise' for legends and axes."""
    return str(value).replace("_", " ").capitalize()
