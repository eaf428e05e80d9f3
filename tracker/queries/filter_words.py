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

    models = {"area": CooperationArea, "organisation": Organisation, "person": Person, "event": Event}

    def names(kind: str, ids: tuple[int, ...]) -> str:
        model = models[kind]
        found = session.execute(sa.select(model.name).where(model.id.in_(list(ids)))
                                .order_by(model.name)).scalars().all()
        return ", ".join(found)

    return filters.described(names)
