"""Figures for the Overview page: KPI cards with their change, meetings per month, top
enterprises and officials, pledges by area and status, agreements on a timeline, and pledge
follow-through. Each function is one SQL aggregation returning a small DataFrame.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from tracker.auth.visibility import cleared
from tracker.definitions import delivered, delivered_share, due
from tracker.i18n import N_, gettext
from tracker.models import (
    Agreement,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    MeetingsByMonth,
    MeetingsByOrganisation,
    Organisation,
    Participation,
    Person,
    Pledge,
    Side,
)
from tracker.palette import OTHER
from tracker.queries.enterprise_counts import (
    enterprise_meeting_counts,
    per_organisation,
    seeks_per_enterprise,
    summarised_enterprises,
)
from tracker.queries.filter_sql import (
    ENTERPRISE_KIND_VALUES,
    copied_organisation_conditions,
    in_period,
    on_agreement,
    on_meeting,
    on_meeting_organisation,
    on_participation,
    on_pledge,
    period_of,
    summary_answers,
)
from tracker.queries.filters import Filters
from tracker.queries.follow_through import (  # noqa: F401  (re-exported: the Overview's pledge figures)
    FUNNEL_LABELS,
    FUNNEL_STAGES,
    SILENT_AFTER_DAYS,
    funnel_label,
    funnel_stage_condition,
    pledge_funnel,
    pledges_by_area_status,
)
from tracker.queries.frames import frame, prepared_frame, prepared_rows
from tracker.read_model.vocabulary import (
    HELD,
    NO_OUTSIDE,
    NO_SECTOR,
    SEVERAL,
    month_key,
    month_of,
    next_month,
    segment_per_meeting,
)

NO_PLEDGE_AREA = N_("No pledge made")
STACK_DIMENSIONS = {"sector": N_("Sector"), "kind": N_("Organisation kind"), "area": N_("Cooperation area")}
# Segments that name no one sector, kind or area (the drill-down lists their month's meetings).
COMBINED_SEGMENTS = frozenset({*SEVERAL.values(), NO_OUTSIDE, OTHER})
# How "meetings per month" counts, said under the chart: each bar is the meetings held that month.
# (The segments' names are filled in translated: see ``monthly_rule``.)
MONTHLY_RULES = {
    "sector": N_("Each held meeting counts once: under the sector of the organisations outside "
                 "government it met, \"{several}\" when they come from more than one, \"{none}\" when "
                 "it met none. A bar's height is the meetings held that month."),
    "kind": N_("Each held meeting counts once: under the kind of the organisations outside government "
               "it met, \"{several}\" when they are of more than one kind, \"{none}\" when it met none. "
               "A bar's height is the meetings held that month."),
    "area": N_("Each held meeting counts once: under the top-level cooperation area of the pledges "
               "made there, \"{several}\" when they fall in more than one, \"{none}\" when none was "
               "made. A bar's height is the meetings held that month."),
}
KPI_LABELS = {
    "meetings_held": N_("Meetings held"),
    "enterprises_engaged": N_("Enterprises engaged"),
    "new_enterprises": N_("New enterprises"),
    "agreements_signed": N_("Agreements signed"),
    "pledges_made": N_("Pledges made"),
    "due_pledges_delivered": N_("Due pledges delivered"),
}


def monthly_rule(by: str) -> str:
    """How "meetings per month" counts when split ``by`` a dimension, in the reader's language."""
    none = NO_PLEDGE_AREA if by == "area" else NO_OUTSIDE
    return gettext(MONTHLY_RULES[by]).format(several=gettext(SEVERAL[by]), none=gettext(none))


# --- KPI cards -----------------------------------------------------------------------------


def _periods(filters: Filters) -> tuple[Filters, Filters | None, Filters]:
    """(current, previous or None, both together) for a filters value."""
    if not filters.has_period:
        return filters, None, filters
    previous = filters.previous_period()
    return filters, previous, filters.with_previous_period()


def _count_in(column, period: Filters | None, value=1):
    """count() of rows whose ``column`` date falls in ``period`` (None: no previous period)."""
    if period is None:
        return sa.literal(None)
    conditions = in_period(column, period)
    return sa.func.count(sa.case((sa.and_(sa.true(), *conditions), value), else_=None))


def kpis(session: Session, filters: Filters, today: dt.date | None = None) -> pd.DataFrame:
    """The six headline figures for the period and for the previous period of equal length.

    Columns: key, label, value, previous (None for all time). ``due_pledges_delivered`` is a
    share (0–1) of the pledges due in the period (target date passed) that were delivered.

    Each figure but the new enterprises is one statement over both periods together, prepared
    once per shape of the filters (``_kpi_statement``), so SQLAlchemy's per-call work is not
    paid on every rerun.
    """
    today = today or dt.date.today()
    current, previous, both = _periods(filters)
    new = _new_enterprises(session, current, previous, both)
    values = {"filter__split": current.start, "filter__today": today}

    def counts(figure: str) -> tuple:
        """The figure's counts: (current, previous) or, with no previous period, (current, None)."""
        rows, _ = prepared_rows(_kpi_statement, session, both, figure, values=values)
        return tuple(rows[0]) if previous is not None else (rows[0][0], None)

    # With no start (all time, or up to a day) the enterprises engaged are exactly those first
    # met in the period: counted once, not again by grouping every meeting row for a distinct
    # count. From a day on, those met since, however long known.
    engaged = new if period_of(filters)[0] is None else counts("enterprises_engaged")
    due, _ = prepared_rows(_kpi_statement, session, both, "due_pledges_delivered", values=values)
    due = due[0]  # (due, delivered) per period
    return _kpi_frame(
        [
            ("meetings_held", *counts("meetings_held")),
            ("enterprises_engaged", *engaged),
            ("new_enterprises", *new),
            ("agreements_signed", *counts("agreements_signed")),
            ("pledges_made", *counts("pledges_made")),
            (
                "due_pledges_delivered",
                delivered_share(due[0], due[1]),
                delivered_share(due[2], due[3]) if previous is not None else None,
            ),
        ]
    )


_KPI_COLUMNS = pd.Index(["key", "label", "value", "previous"])


def _kpi_frame(rows: list[tuple]) -> pd.DataFrame:
    """The KPI rows (key, value, previous) with their labels, as ``pd.DataFrame(rows,
    dtype=object)`` plus the mapped labels gave it (key, value, previous: object; label: str),
    from ready blocks, which is cheaper than building the frame and inserting the labels."""
    import numpy as np
    from pandas.api.internals import create_dataframe_from_blocks

    block = np.empty((3, len(rows)), dtype=object)
    for k, column in enumerate(zip(*rows, strict=True)):
        block[k, :] = column
    labels = pd.array([gettext(KPI_LABELS[row[0]]) for row in rows], dtype="str")
    return create_dataframe_from_blocks(
        [(block, np.array([0, 2, 3])), (labels, np.array([1]))],
        index=pd.RangeIndex(len(rows)),
        columns=_KPI_COLUMNS,
    )


def _kpi_statement(both: Filters, _dialect, figure: str):
    """One KPI figure for the current and the previous period, counted in one pass over both
    (``both``: the filters with the two periods together, placeholders from ``prepared_rows``).

    The rows are already limited to both periods, so a row is in the current one when its date
    is on or after the current period's start (bind parameter ``filter__split``) and in the
    previous one otherwise: one comparison per row and count, as hand-written SQL has it, where
    checking each period's two ends cost 10-35% more. Without a previous period (all time, or
    an open-ended custom period) the rows are the current period's: one count each.
    ``due_pledges_delivered`` gives (due, delivered) per period; ``filter__today`` is the day
    the target dates must have passed."""
    split = sa.bindparam("filter__split", None, type_=sa.Date) if both.has_period else None
    mo = MeetingOrganisation
    if figure == "meetings_held":
        columns, conditions = _split(Meeting.date, split), on_meeting(both)
    elif figure == "enterprises_engaged":
        conditions = [
            *on_meeting_organisation(both, organisations=False),
            *copied_organisation_conditions(both, enterprises=True),
        ]
        if split is None:
            return sa.select(sa.func.count(sa.distinct(mo.organisation_id))).where(*conditions)
        # An enterprise was met in the current period when its last meeting of the two falls in
        # it, in the previous one when its first does: one grouping of the rows, where a distinct
        # count per period sorted them twice (2x slower).
        dates = (
            sa.select(sa.func.max(mo.meeting_date).label("last"), sa.func.min(mo.meeting_date).label("first"))
            .where(*conditions)
            .group_by(mo.organisation_id)
            .subquery()
        )
        return sa.select(_count_where(dates.c.last >= split), _count_where(dates.c.first < split))
    elif figure == "agreements_signed":
        columns, conditions = _split(Agreement.signed_on, split), on_agreement(both, areas=False)
    elif figure == "pledges_made":
        columns, conditions = _split(Pledge.made_on, split), on_pledge(both)
    elif figure == "due_pledges_delivered":
        today = sa.bindparam("filter__today", None, type_=sa.Date)
        done = delivered()
        if split is None:
            columns = [sa.func.count(), _count_where(done)]
        else:
            after, before = Pledge.target_date >= split, Pledge.target_date < split
            columns = [
                _count_where(after),
                _count_where(sa.and_(after, done)),
                _count_where(before),
                _count_where(sa.and_(before, done)),
            ]
        conditions = [*on_pledge(both, period=False), *in_period(Pledge.target_date, both), due(today)]
    else:
        raise ValueError(f"no KPI statement {figure!r}")
    return sa.select(*columns).where(*conditions)


def _split(column, split) -> list:
    """count() of the rows in the current and in the previous period (``_kpi_statement``), or
    of all the rows when there is no previous period (``split`` None)."""
    if split is None:
        return [sa.func.count()]
    return [_count_where(column >= split), _count_where(column < split)]


def _count_where(condition):
    return sa.func.count(sa.case((condition, 1), else_=None))


def _new_enterprises(session, current, previous, both):
    """Enterprises whose first visible held meeting ever falls in the period.

    With nothing narrowed but the period, from ``meetings_by_organisation``'s first meetings.
    Otherwise, on SQLite each enterprise's first meeting is one index seek (faster than grouping
    all their meetings), materialised so the two period counts do not seek twice; PostgreSQL
    groups (``seeks_per_enterprise``)."""
    mo = MeetingOrganisation
    if summary_answers(both):
        first_met = sa.func.min(MeetingsByOrganisation.first_met).label("first_met")
        return _count_firsts(session, summarised_enterprises(both, first_met), current, previous)
    conditions = [
        *on_meeting_organisation(both, period=False, organisations=False),
        *copied_organisation_conditions(both, enterprises=True),
    ]
    if seeks_per_enterprise(session):
        first_met = per_organisation(sa.func.min(mo.meeting_date), conditions)
        firsts = (
            sa.select(first_met.label("first_met"))
            .where(Organisation.kind.in_(ENTERPRISE_KIND_VALUES))
            .cte("firsts")
            .prefix_with("MATERIALIZED")
        )
    else:
        firsts = (
            sa.select(sa.func.min(mo.meeting_date).label("first_met"))
            .where(*conditions)
            .group_by(mo.organisation_id)
            .subquery()
        )
    return _count_firsts(session, firsts, current, previous)


def _count_firsts(session, firsts, current, previous):
    """How many of ``firsts``' first meetings fall in the current and in the previous period."""
    return session.execute(
        sa.select(_count_in(firsts.c.first_met, current), _count_in(firsts.c.first_met, previous)).where(
            firsts.c.first_met.is_not(None)  # enterprises never met (the per-enterprise shape lists them)
        )
    ).one()


# --- charts ---------------------------------------------------------------------------------


def meetings_per_month(session: Session, filters: Filters, by: str = "sector") -> pd.DataFrame:
    """Held meetings per month split by the sector or kind of the organisations outside government
    met, or by the top-level cooperation area of pledges made there. Columns: month ('YYYY-MM'),
    segment, meetings.

    Each meeting counts once (``MONTHLY_RULES``), so a month's segments add up to the meetings
    held that month, the "Meetings held" card's count. By sector or kind with only a period and
    clearance set, whole months come from the ``meetings_by_month`` summary (see
    ``_monthly_from_summary``), which the read model counts the same way.
    """
    if by in ("sector", "kind"):
        if summary_answers(filters):
            statement = _monthly_from_summary(session, filters, by)
        else:
            statement = _monthly_statement(session, filters, by).order_by("month", "segment")
    elif by == "area":
        area, parent = aliased(CooperationArea), aliased(CooperationArea)
        top = sa.func.coalesce(parent.name, area.name)
        lowest = sa.func.min(top)
        per_meeting = (
            sa.select(Pledge.meeting_id, sa.case((lowest == sa.func.max(top), lowest),
                                                 else_=sa.literal(SEVERAL["area"])).label("segment"))
            .join(area, area.id == Pledge.area_id)
            .outerjoin(parent, parent.id == area.parent_id)
            .where(cleared(Pledge, int(filters.clearance)))
            .group_by(Pledge.meeting_id)
            .subquery()
        )
        month = month_of(session, Meeting.date).label("month")
        segment = sa.func.coalesce(per_meeting.c.segment, NO_PLEDGE_AREA).label("segment")
        statement = (
            sa.select(month, segment, sa.func.count())
            .select_from(Meeting)
            .outerjoin(per_meeting, per_meeting.c.meeting_id == Meeting.id)
            .where(*on_meeting(filters))
            .group_by(month, segment)
            .order_by(month, segment)
        )
    else:
        raise ValueError(f"split meetings by one of {sorted(STACK_DIMENSIONS)}")
    return frame(session, statement, ["month", "segment", "meetings"])


def _monthly_statement(session: Session, filters: Filters, by: str):
    """Held meetings per month and sector or kind, each meeting once (``segment_per_meeting``)."""
    mo = MeetingOrganisation
    per_meeting = segment_per_meeting(by, mo.meeting_status == HELD, *in_period(mo.meeting_date, filters))
    month = month_of(session, Meeting.date).label("month")
    segment = sa.func.coalesce(per_meeting.c.segment, NO_OUTSIDE).label("segment")
    return (
        sa.select(month, segment, sa.func.count().label("meetings"))
        .select_from(Meeting)
        .outerjoin(per_meeting, per_meeting.c.meeting_id == Meeting.id)
        .where(*on_meeting(filters))
        .group_by(month, segment)
    )


def whole_months(start: dt.date | None, end: dt.date | None):
    """The period as (first whole month, last whole month, partial date ranges): months 'YYYY-MM'
    (None: unbounded on that side; first > last when no month is whole) and the (from, to) date
    ranges of the months the period only covers in part (at most two)."""
    day = dt.timedelta(days=1)
    first = last = None
    partial = []
    if start is not None:
        first = start if start.day == 1 else next_month(start)
        if start.day != 1:
            partial.append((start, min(end or dt.date.max, next_month(start) - day)))
    if end is not None:
        last = end.replace(day=1)
        if end != next_month(end) - day:
            begin = max(start or dt.date.min, last)
            if not partial or partial[0][0] != begin:  # not the same month as the start's
                partial.append((begin, end))
            last = (last - day).replace(day=1)
    return (None if first is None else month_key(first), None if last is None else month_key(last), partial)


def _monthly_from_summary(session: Session, filters: Filters, by: str):
    """The same rows as ``_monthly_statement``: whole months of the period added up from
    ``meetings_by_month`` (each meeting has one month, one level and one segment, so adding up
    the levels up to the clearance counts each meeting once), and the partial first and last months
    counted over ``meeting_organisation`` as without the summary."""
    first, last, partial = whole_months(*period_of(filters))
    summary = MeetingsByMonth
    parts = []
    if first is None or last is None or first <= last:
        conditions = [summary.dimension == by, cleared(summary, int(filters.clearance))]
        if first is not None:
            conditions.append(summary.month >= first)
        if last is not None:
            conditions.append(summary.month <= last)
        parts.append(
            sa.select(
                summary.month.label("month"),
                summary.segment.label("segment"),
                sa.func.sum(summary.meetings).label("meetings"),
            )
            .where(*conditions)
            .group_by(summary.month, summary.segment)
        )
    parts += [_monthly_statement(session, filters.with_period(begin, end), by) for begin, end in partial]
    if len(parts) == 1:
        return parts[0].order_by("month", "segment")
    union = sa.union_all(*parts)
    return union.order_by(*union.selected_columns[:2])


def top_enterprises(session: Session, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """Enterprises with the most held meetings. Columns: organisation_id, name, sector, meetings,
    last_met. Counts per enterprise first (``enterprise_meeting_counts``), then names the
    winners and finds their last meeting."""
    mo = MeetingOrganisation
    counts = enterprise_meeting_counts(filters, seek=seeks_per_enterprise(session))
    top = (
        sa.select(Organisation.id, Organisation.name, Organisation.sector, counts.c.meetings)
        .join(counts, counts.c.organisation_id == Organisation.id)
        .order_by(counts.c.meetings.desc(), Organisation.name)
        .limit(limit)
        .subquery()
    )
    last_met = (
        sa.select(sa.func.max(mo.meeting_date))
        .where(mo.organisation_id == top.c.id, *on_meeting_organisation(filters, organisations=False))
        .scalar_subquery()
    )
    statement = sa.select(
        top.c.id, top.c.name, sa.func.coalesce(top.c.sector, NO_SECTOR), top.c.meetings, last_met
    ).order_by(top.c.meetings.desc(), top.c.name)
    return frame(session, statement, ["organisation_id", "name", "sector", "meetings", "last_met"])


def top_officials(session: Session, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """Government-side people in the most held meetings. Columns: person_id, name, meetings, last_met.

    Prepared once per shape of the filters, so the statement is not built and compiled again on
    every rerun."""
    columns = ["person_id", "name", "meetings", "last_met"]
    return prepared_frame(_top_officials_statement, session, filters, limit, columns=columns)


def _top_officials_statement(filters: Filters, _dialect, limit: int):
    p = Participation
    counts = (
        sa.select(
            p.person_id, sa.func.count().label("meetings"), sa.func.max(p.meeting_date).label("last_met")
        )
        .where(p.side == Side.GOVERNMENT, *on_participation(filters))
        .group_by(p.person_id)
        .subquery()
    )
    return (
        sa.select(Person.id, Person.name, counts.c.meetings, counts.c.last_met)
        .join(counts, counts.c.person_id == Person.id)
        .order_by(counts.c.meetings.desc(), Person.name)
        .limit(limit)
    )


def agreements_timeline(session: Session, filters: Filters, limit: int = 300) -> pd.DataFrame:
    """The most recent agreements signed in the period, newest first (capped to stay readable).
    Columns: agreement_id, signed_on, title, kind, status, meeting_id."""
    return prepared_frame(
        _agreements_timeline_statement,
        session,
        filters,
        limit,
        columns=["agreement_id", "signed_on", "title", "kind", "status", "meeting_id"],
    )


def _agreements_timeline_statement(filters: Filters, _dialect, limit: int):
    conditions = [*on_agreement(filters, areas=False), Agreement.signed_on.is_not(None)]
    return (
        sa.select(
            Agreement.id,
            Agreement.signed_on,
            Agreement.title,
            Agreement.kind,
            Agreement.status,
            Agreement.meeting_id,
        )
        .where(*conditions)
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc())
        .limit(limit)
    )
