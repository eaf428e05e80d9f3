"""How one ``Filters`` value narrows meetings, pledges and agreements, as SQL conditions.

Reports, exports and briefings all select through these conditions, so the same filters give
the same rows everywhere, and nothing above the reader's clearance is ever selected.
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.models import (
    Agreement,
    AgreementParty,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Pledge,
)
from tracker.queries.filters import Filters
from tracker.queries.scope import organisation_conditions


def meeting_conditions(filters: Filters, *, period: bool = True) -> list:
    """Conditions on ``Meeting``: clearance, period, event, and EXISTS for the other filters."""
    conditions = [Meeting.confidentiality <= int(filters.clearance)]
    if period and filters.start is not None:
        conditions.append(Meeting.date >= filters.start)
    if period and filters.end is not None:
        conditions.append(Meeting.date <= filters.end)
    if filters.event_ids:
        conditions.append(Meeting.event_id.in_(list(filters.event_ids)))
    org_conditions = organisation_conditions(filters)
    if org_conditions:
        conditions.append(sa.exists(
            sa.select(1).select_from(MeetingOrganisation)
            .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
            .where(MeetingOrganisation.meeting_id == Meeting.id, *org_conditions)))
    if filters.person_ids:
        conditions.append(sa.exists(sa.select(1).where(
            Participation.meeting_id == Meeting.id,
            Participation.person_id.in_(list(filters.person_ids)))))
    if filters.area_ids:
        conditions.append(sa.exists(sa.select(1).where(
            Pledge.meeting_id == Meeting.id, Pledge.area_id.in_(list(filters.area_ids)))))
    return conditions


def pledge_conditions(filters: Filters, *, period: bool = False) -> list:
    """Conditions on ``Pledge`` (joined to its ``Organisation``); ``period`` limits ``made_on``."""
    conditions = [Pledge.confidentiality <= int(filters.clearance), *organisation_conditions(filters)]
    if filters.area_ids:
        conditions.append(Pledge.area_id.in_(list(filters.area_ids)))
    if period and filters.start is not None:
        conditions.append(Pledge.made_on >= filters.start)
    if period and filters.end is not None:
        conditions.append(Pledge.made_on <= filters.end)
    if filters.event_ids or filters.person_ids:
        conditions.append(Pledge.meeting_id.in_(
            sa.select(Meeting.id).where(*meeting_conditions(filters, period=False))))
    return conditions


def agreement_conditions(filters: Filters, *, period: bool = True) -> list:
    """Conditions on ``Agreement``: clearance, signed in the period, a party matching the filters."""
    conditions = [Agreement.confidentiality <= int(filters.clearance)]
    if period and filters.start is not None:
        conditions.append(Agreement.signed_on >= filters.start)
    if period and filters.end is not None:
        conditions.append(Agreement.signed_on <= filters.end)
    org_conditions = organisation_conditions(filters)
    if org_conditions:
        conditions.append(sa.exists(
            sa.select(1).select_from(AgreementParty)
            .join(Organisation, Organisation.id == AgreementParty.organisation_id)
            .where(AgreementParty.agreement_id == Agreement.id, *org_conditions)))
    if filters.area_ids:
        conditions.append(sa.exists(sa.select(1).where(
            Pledge.agreement_id == Agreement.id, Pledge.area_id.in_(list(filters.area_ids)))))
    if filters.event_ids or filters.person_ids:
        conditions.append(Agreement.meeting_id.in_(
            sa.select(Meeting.id).where(*meeting_conditions(filters, period=False))))
    return conditions


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
