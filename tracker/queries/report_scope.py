"""Filters in words for reports, exports and briefings, and cell values for their tables.

Which rows the filters select is ``tracker.queries.filter_sql``'s to say.
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.models import Organisation
from tracker.queries.filters import Filters


def value_of(item) -> object:
    """An enum's value (or the item itself), for DataFrame cells."""
    return getattr(item, "value", item)


def describe_filters(session, filters: Filters) -> list[tuple[str, str]]:
    """The filters as (label, text) pairs a reader understands: names, not ids."""
    from tracker.models import CooperationArea, Event, Person
    from tracker.models.enums import Confidentiality

    def names(model, ids) -> str:
        found = session.execute(sa.select(model.name).where(model.id.in_(list(ids)))
                                .order_by(model.name)).scalars().all()
        return ", ".join(found)

    start = filters.start.isoformat() if filters.start else "the beginning"
    end = filters.end.isoformat() if filters.end else "today"
    pairs = [("Period", f"{start} to {end}")]
    if filters.organisation_kinds:
        kinds = ", ".join(k.replace("_", " ") for k in filters.organisation_kinds)
        pairs.append(("Organisation kinds", kinds))
    if filters.sectors:
        pairs.append(("Sectors", ", ".join(filters.sectors)))
    if filters.regions:
        pairs.append(("Regions", ", ".join(filters.regions)))
    if filters.area_ids:
        pairs.append(("Cooperation areas", names(CooperationArea, filters.area_ids)))
    if filters.organisation_ids:
        pairs.append(("Organisations", names(Organisation, filters.organisation_ids)))
    if filters.person_ids:
        pairs.append(("People", names(Person, filters.person_ids)))
    if filters.event_ids:
        pairs.append(("Events", names(Event, filters.event_ids)))
    pairs.append(("Reader's clearance", Confidentiality.parse(filters.clearance).label))
    return pairs
