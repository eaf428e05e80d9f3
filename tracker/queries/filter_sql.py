"""``Filters`` as SQL: the one module that turns the filters' fields into WHERE conditions.

One function per base table a query reads (``meeting``, ``meeting_organisation``,
``participation``, ``pledge``, ``agreement``, ``organisation``), so a filter means the same on
every page, list, export and report. ``tests/unit/test_filter_sql_owner.py`` fails when another
module reads a ``Filters`` field to build SQL.

The meeting-level conditions are written against whichever table a query aggregates
(``meeting``, ``meeting_organisation`` or ``participation`` all carry the meeting's date, status
and confidentiality), so the common questions never join back to ``meeting``.

The cooperation-area filter means an area *with every area beneath it*, everywhere: choosing
"Energy" finds pledges filed under "Energy › Solar" too. The sub-areas are found in SQL (a
recursive query over the small taxonomy), so a prepared statement keyed on the filters' shape
(``filters_shape``) still binds only the chosen ids.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker import definitions
from tracker.auth.visibility import cleared
from tracker.definitions import ENTERPRISE_KIND_VALUES
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Pledge,
)
from tracker.models.enums import Confidentiality
from tracker.queries.filters import Filters

# ---- periods and areas ------------------------------------------------------------------------


def in_period(column, filters: Filters) -> list:
    """``column`` (a date) within the filters' period, each end only when set."""
    conditions = []
    if filters.start is not None:
        conditions.append(column >= filters.start)
    if filters.end is not None:
        conditions.append(column <= filters.end)
    return conditions


def period_of(filters: Filters) -> tuple:
    """The period's (start, end), each None when open, for the questions that split it (the
    whole months a summary answers, the KPI cards' current and previous periods)."""
    return filters.start, filters.end


def areas_within(area_ids) -> sa.Select:
    """The ids of the areas ``area_ids`` and of every area beneath them, as a subquery.

    A recursive query nested in the subquery (``nesting=True``), so one statement can hold it
    more than once (the current and the previous period, say)."""
    tree = (
        sa.select(CooperationArea.id)
        .where(CooperationArea.id.in_(list(area_ids)))
        .cte("area_tree", recursive=True, nesting=True)
    )
    child = aliased(CooperationArea)
    tree = tree.union(sa.select(child.id).join(tree, child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def area_condition(area_column, filters: Filters) -> list:
    """``area_column`` (a pledge's area) is one of the chosen areas or beneath one."""
    return [area_column.in_(areas_within(filters.area_ids))] if filters.area_ids else []


# ---- organisation -----------------------------------------------------------------------------


def organisation_conditions(filters: Filters, org=Organisation) -> list:
    """Conditions on an ``organisation`` row for the kind, sector, region and organisation filters."""
    conditions = []
    if filters.organisation_kinds:
        conditions.append(org.kind.in_(filters.organisation_kinds))
    if filters.sectors:
        conditions.append(org.sector.in_(filters.sectors))
    if filters.regions:
        conditions.append(org.region.in_(filters.regions))
    if filters.organisation_ids:
        conditions.append(org.id.in_(filters.organisation_ids))
    return conditions


def matching_organisations(filters: Filters, *, enterprises: bool = False) -> sa.Select:
    """The ids of the organisations the organisation filters let through (enterprises only, with
    ``enterprises``), for ``… IN (…)`` on a table that names an organisation."""
    conditions = organisation_conditions(filters)
    if enterprises:
        conditions.append(Organisation.kind.in_(ENTERPRISE_KIND_VALUES))
    return sa.select(Organisation.id).where(*conditions)


# ---- meeting_organisation, participation, meeting ---------------------------------------------


def copied_organisation_conditions(
    filters: Filters, mo=MeetingOrganisation, *, enterprises: bool = False
) -> list:
    """The organisation filters (and, with ``enterprises``, "enterprises only") on the kind and
    sector copied into ``meeting_organisation``: no join to ``organisation`` except for regions."""
    conditions = [mo.organisation_kind.in_(ENTERPRISE_KIND_VALUES)] if enterprises else []
    if filters.organisation_kinds:
        conditions.append(mo.organisation_kind.in_(filters.organisation_kinds))
    if filters.sectors:
        conditions.append(mo.organisation_sector.in_(filters.sectors))
    if filters.regions:
        conditions.append(
            mo.organisation_id.in_(sa.select(Organisation.id).where(Organisation.region.in_(filters.regions)))
        )
    if filters.organisation_ids:
        conditions.append(mo.organisation_id.in_(filters.organisation_ids))
    return conditions


def meeting_conditions(
    filters: Filters,
    *,
    meeting_id,
    date,
    status,
    confidentiality,
    event_id=None,
    period: bool = True,
    organisations: bool = True,
    held: bool = True,
) -> list:
    """Conditions that keep the meetings ``filters`` selects, on any table carrying the meeting's
    id, date, status and confidentiality (and, on ``meeting`` itself, ``event_id``).

    ``held=False`` keeps planned and cancelled meetings too (the meeting list, reports).
    ``organisations=False`` leaves out the organisation filters, for queries that apply them to
    the organisation row itself (top enterprises, relationships).
    """
    conditions = [cleared(confidentiality.parent.entity, filters.clearance)]
    if held:
        conditions.append(definitions.held(status))
    if period:
        conditions += in_period(date, filters)
    if organisations and filters.organisation_filtered:
        conditions.append(
            meeting_id.in_(
                sa.select(MeetingOrganisation.meeting_id)
                .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
                .where(*organisation_conditions(filters))
            )
        )
    if filters.person_ids:
        conditions.append(
            meeting_id.in_(
                sa.select(Participation.meeting_id).where(Participation.person_id.in_(filters.person_ids))
            )
        )
    if filters.event_ids:
        if event_id is not None:
            conditions.append(event_id.in_(filters.event_ids))
        else:
            conditions.append(meeting_id.in_(sa.select(Meeting.id).where(Meeting.event_id.in_(filters.event_ids))))
    if filters.area_ids:
        with_pledge = sa.select(Pledge.meeting_id).where(*area_condition(Pledge.area_id, filters))
        conditions.append(meeting_id.in_(with_pledge))
    return conditions


def on_meeting(filters: Filters, **kwargs) -> list:
    return meeting_conditions(
        filters,
        meeting_id=Meeting.id,
        date=Meeting.date,
        status=Meeting.status,
        confidentiality=Meeting.confidentiality,
        event_id=Meeting.event_id,
        **kwargs,
    )


def on_meeting_organisation(filters: Filters, mo=MeetingOrganisation, **kwargs) -> list:
    return meeting_conditions(
        filters,
        meeting_id=mo.meeting_id,
        date=mo.meeting_date,
        status=mo.meeting_status,
        confidentiality=mo.confidentiality,
        **kwargs,
    )


def on_participation(filters: Filters, p=Participation, **kwargs) -> list:
    return meeting_conditions(
        filters,
        meeting_id=p.meeting_id,
        date=p.meeting_date,
        status=p.meeting_status,
        confidentiality=p.confidentiality,
        **kwargs,
    )


def linked_meeting_conditions(filters: Filters, meeting_id_column, *, held: bool = True) -> list:
    """For agreements and pledges: the person and event filters reach them through the meeting
    they were made at (the period applies to their own date, the area to their own pledges)."""
    if not reaches_only_through_meetings(filters):
        return []
    narrowed = Filters(
        person_ids=filters.person_ids, event_ids=filters.event_ids, clearance=filters.clearance
    )
    meetings = sa.select(Meeting.id).where(*on_meeting(narrowed, period=False, held=held))
    return [meeting_id_column.in_(meetings)]


def reaches_only_through_meetings(filters: Filters) -> bool:
    """Officials and events can only be matched through meetings: rows with no meeting drop out."""
    return bool(filters.person_ids or filters.event_ids)


def narrows_meetings(filters: Filters) -> bool:
    """True when the filters narrow which meetings count (period, officials, events, areas),
    so a record with none of those meetings drops out of a list of counts."""
    return bool(filters.start or filters.end or filters.person_ids or filters.event_ids or filters.area_ids)


# ---- pledge, agreement ------------------------------------------------------------------------


def on_pledge(filters: Filters, *, period: bool = True, held: bool = True) -> list:
    """Pledges the filters select: clearance, made in the period (``period``), pledging
    organisation, area with its sub-areas, and officials and events through the meeting."""
    conditions = [
        cleared(Pledge, int(filters.clearance)),
        *linked_meeting_conditions(filters, Pledge.meeting_id, held=held),
    ]
    if period:
        conditions += in_period(Pledge.made_on, filters)
    if filters.organisation_filtered:
        conditions.append(Pledge.organisation_id.in_(matching_organisations(filters)))
    conditions += area_condition(Pledge.area_id, filters)
    return conditions


def on_agreement(filters: Filters, *, period: bool = True, held: bool = True, areas: bool = True) -> list:
    """Agreements the filters select: clearance, signed in the period (``period``), a party the
    organisation filters let through, a pledge in the chosen areas (``areas``), and officials
    and events through the meeting."""
    conditions = [
        cleared(Agreement, int(filters.clearance)),
        *linked_meeting_conditions(filters, Agreement.meeting_id, held=held),
    ]
    if period:
        conditions += in_period(Agreement.signed_on, filters)
    if filters.organisation_filtered:
        conditions.append(
            Agreement.id.in_(
                sa.select(AgreementParty.agreement_id).where(
                    AgreementParty.organisation_id.in_(matching_organisations(filters))
                )
            )
        )
    if areas and filters.area_ids:
        conditions.append(
            Agreement.id.in_(sa.select(Pledge.agreement_id).where(*area_condition(Pledge.area_id, filters)))
        )
    return conditions


# ---- summaries: when the kept totals answer ---------------------------------------------------


def summary_answers(filters: Filters) -> bool:
    """True when the summaries kept by the services (``meetings_by_month``, and over all time
    ``meetings_by_organisation``/``meetings_by_official``) hold the answer: nothing narrowed but
    the period and clearance (they have no region, official, event or area in them)."""
    narrowed = filters.organisation_filtered or filters.person_ids or filters.event_ids or filters.area_ids
    if narrowed or (filters.has_period and filters.start > filters.end):
        return False
    # Month arithmetic needs a month either side of the period (a URL may say 9999-12-31).
    return all(day is None or 1 < day.year < 9999 for day in (filters.start, filters.end))


def all_time_summary_answers(filters: Filters) -> bool:
    """True when the all-time summaries hold the answer: no period at either end, and nothing
    else narrowed."""
    return filters.start is None and filters.end is None and summary_answers(filters)


# ---- prepared statements: the filters' shape and their bound values ---------------------------

FILTER_LISTS = (
    "organisation_kinds",
    "sectors",
    "regions",
    "area_ids",
    "person_ids",
    "event_ids",
    "organisation_ids",
)


def filters_shape(filters: Filters) -> tuple:
    """What a statement built from ``filters`` depends on, besides the values ``filter_values``
    binds: whether each end of the period is set, the length of each list, and the clearance
    (four levels, written into the SQL as the builders' ``int(filters.clearance)`` has it)."""
    return (
        filters.start is not None,
        filters.end is not None,
        *(len(getattr(filters, name)) for name in FILTER_LISTS),
        int(filters.clearance),
    )


def placeholder_filters(shape: tuple) -> Filters:
    """Filters of ``shape`` whose dates and list values are named bind parameters (``filter__start``,
    ``filter__end``, ``filter__<list>_<i>``): the query builders take them as they take real values."""
    has_start, has_end, *lengths, clearance = shape
    lists = {
        name: tuple(sa.bindparam(f"filter__{name}_{i}", None) for i in range(length))
        for name, length in zip(FILTER_LISTS, lengths, strict=True)
    }
    return Filters(
        start=sa.bindparam("filter__start", None, type_=sa.Date) if has_start else None,
        end=sa.bindparam("filter__end", None, type_=sa.Date) if has_end else None,
        clearance=Confidentiality(clearance),
        **lists,
    )


def filter_values(filters: Filters) -> dict:
    """The values for ``placeholder_filters``' parameters."""
    values = {"filter__start": filters.start, "filter__end": filters.end}
    for name in FILTER_LISTS:
        for i, value in enumerate(getattr(filters, name)):
            values[f"filter__{name}_{i}"] = value
    return values
