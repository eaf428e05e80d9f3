"""The Relationships page: one row per enterprise with its contact rhythm, pledges and a health
flag that puts "neglected but important" first; and the network of officials and enterprises.

Contact windows run back from ``today`` (the relationship as it stands now), not the filter
period; the other filters (kinds, sectors, regions, officials, events, areas) still apply.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import cleared, organisation_visible
from tracker.definitions import HELP, delivered, delivered_share, due, is_open, neglected_since, overdue
from tracker.i18n import N_, format_number, gettext, ngettext
from tracker.labels import missing
from tracker.models import (
    MeetingOrganisation,
    MeetingsByOfficial,
    Organisation,
    Participation,
    Person,
    Pledge,
    Side,
)
from tracker.queries.enterprise_counts import (
    enterprise_meeting_counts,
    literal_limit,
    per_organisation,
    seeks_per_enterprise,
)
from tracker.queries.filter_sql import (
    ENTERPRISE_KIND_VALUES,
    all_time_summary_answers,
    area_condition,
    copied_organisation_conditions,
    on_meeting_organisation,
    organisation_conditions,
    reaches_only_through_meetings,
)
from tracker.queries.filters import Filters
from tracker.queries.frames import frame, prepared_frame
from tracker.queries.meeting_rows import shown_name
from tracker.read_model.vocabulary import NO_SECTOR

DORMANT_AFTER_DAYS = 365
# Health flags in the order a leader should look at them.
HEALTH_ORDER = {"neglected": 1, "overdue": 2, "cooling": 3, "dormant": 4, "healthy": 5}
HEALTH_LABELS = {  # marked for the catalogue; health_label() gives one in the reader's language
    "neglected": N_("Neglected"),
    "overdue": N_("Overdue pledges"),
    "cooling": N_("Cooling"),
    "dormant": N_("Dormant"),
    "healthy": N_("Healthy"),
}
# Each flag in a sentence (the page's help), the first from the shared definitions.
HEALTH_HELP_TEMPLATES = {
    "overdue": N_("Overdue pledges: an enterprise with at least one overdue pledge (an open pledge whose "
                  "target date has passed)."),
    "cooling": N_("Cooling: at most half as many meetings held in the last 12 months as in the 12 before "
                  "(when there were two or more then)."),
    "dormant": N_("Dormant: no meeting held for more than {days} days."),
    "healthy": N_("Healthy: none of the flags above."),
}


def health_label(flag: str) -> str:
    """A health flag's name in the reader's language: 'cooling' → 'Cooling' (降温)."""
    return gettext(HEALTH_LABELS[flag])


def health_help(flag: str) -> str:
    """A health flag in a sentence, in the reader's language (the page's help)."""
    if flag == "neglected":
        return HELP["neglected"]
    return gettext(HEALTH_HELP_TEMPLATES[flag]).format(days=format_number(DORMANT_AFTER_DAYS))


RELATIONSHIP_COLUMNS = [
    "organisation_id",
    "name",
    "sector",
    "region",
    "last_contact",
    "days_since",
    "meetings_12m",
    "meetings_prev_12m",
    "open_pledges",
    "overdue_pledges",
    "delivered_pledges",
    "due_pledges",
    "delivery_ratio",
    "health",
    "reason",
]


def relationships(
    session: Session, filters: Filters, today: dt.date | None = None, limit: int = 500
) -> pd.DataFrame:
    """Enterprises with any visible meeting or pledge, most urgent first (see HEALTH_ORDER),
    then by how much is at stake (open pledges, then meetings)."""
    today = today or dt.date.today()
    year_ago, two_years_ago = today - dt.timedelta(days=365), today - dt.timedelta(days=730)
    mo = MeetingOrganisation
    visible = [
        *on_meeting_organisation(filters, period=False, organisations=False),
        *copied_organisation_conditions(filters, enterprises=True),
        mo.meeting_date <= today,
    ]
    columns = [Organisation.id, Organisation.name, Organisation.sector, Organisation.region]
    seek = seeks_per_enterprise(session)
    if seek:
        # Last contact and the two 12-month counts by one index range per enterprise each
        # (faster than grouping every meeting of every enterprise, or grouping the last two
        # years and joining that back), once per enterprise in a materialised CTE since
        # health, filter and order all use them.
        columns += [
            per_organisation(sa.func.max(mo.meeting_date), visible).label("last_contact"),
            per_organisation(sa.func.count(), [*visible, mo.meeting_date > year_ago]).label("m12"),
            per_organisation(
                sa.func.count(), [*visible, mo.meeting_date > two_years_ago, mo.meeting_date <= year_ago]
            ).label("prev12"),
        ]
        contact = None
    else:
        year_before = sa.and_(mo.meeting_date > two_years_ago, mo.meeting_date <= year_ago)
        windows = [
            sa.func.count(sa.case((mo.meeting_date > year_ago, 1), else_=None)).label("m12"),
            sa.func.count(sa.case((year_before, 1), else_=None)).label("prev12"),
        ]
        contact = (
            sa.select(mo.organisation_id, sa.func.max(mo.meeting_date).label("last_contact"), *windows)
            .where(*visible)
            .group_by(mo.organisation_id)
            .subquery()
        )
    enterprises = (
        sa.select(*columns)
        .where(Organisation.kind.in_(ENTERPRISE_KIND_VALUES), *organisation_conditions(filters),
               organisation_visible(filters.clearance))
        .cte("enterprises")
        .prefix_with("MATERIALIZED")
    )
    # The delivered share counts the delivered among the due only (one delivered before its
    # target date is not yet due), so it stays a share and matches the Overview's for the same pledges.
    is_due = due(today)
    pledges = (
        sa.select(
            Pledge.organisation_id,
            sa.func.count(sa.case((is_open(), 1), else_=None)).label("open"),
            sa.func.count(sa.case((overdue(today), 1), else_=None)).label("overdue"),
            sa.func.count(sa.case((delivered(), 1), else_=None)).label("delivered"),
            sa.func.count(sa.case((is_due, 1), else_=None)).label("due"),
            sa.func.count(sa.case((sa.and_(is_due, delivered()), 1), else_=None)).label("delivered_due"),
        )
        .where(
            cleared(Pledge, int(filters.clearance)),
            *area_condition(Pledge.area_id, filters),
        )
        .group_by(Pledge.organisation_id)
        .subquery()
    )

    per_enterprise = enterprises if contact is None else contact
    last = per_enterprise.c.last_contact
    open_count = sa.func.coalesce(pledges.c.open, 0)
    overdue_count = sa.func.coalesce(pledges.c.overdue, 0)
    m12, prev12 = sa.func.coalesce(per_enterprise.c.m12, 0), sa.func.coalesce(per_enterprise.c.prev12, 0)
    not_met_since = sa.or_(last.is_(None), last < neglected_since(today))
    flags = [  # the first that holds is the flag
        (sa.and_(open_count > 0, not_met_since), "neglected"),
        (overdue_count > 0, "overdue"),
        (sa.and_(prev12 >= 2, m12 * 2 <= prev12), "cooling"),
        (sa.or_(last.is_(None), last < today - dt.timedelta(days=DORMANT_AFTER_DAYS)), "dormant"),
    ]
    health = sa.case(*flags, else_="healthy")
    # The rank from the same conditions, not from ``health``: comparing against the flag would
    # repeat its whole CASE once per flag for every enterprise.
    rank = sa.case(
        *[(condition, HEALTH_ORDER[flag]) for condition, flag in flags], else_=HEALTH_ORDER["healthy"]
    )
    joined = enterprises
    if contact is not None:
        joined = joined.outerjoin(contact, contact.c.organisation_id == enterprises.c.id)
    statement = (
        sa.select(
            enterprises.c.id,
            enterprises.c.name,
            sa.func.coalesce(enterprises.c.sector, NO_SECTOR),
            enterprises.c.region,
            last,
            m12,
            prev12,
            open_count,
            overdue_count,
            sa.func.coalesce(pledges.c.delivered, 0),
            sa.func.coalesce(pledges.c.due, 0),
            sa.func.coalesce(pledges.c.delivered_due, 0),
            health,
        )
        .select_from(joined.outerjoin(pledges, pledges.c.organisation_id == enterprises.c.id))
        .where(
            sa.or_(
                last.is_not(None),
                sa.and_(pledges.c.organisation_id.is_not(None), not reaches_only_through_meetings(filters)),
            ),
        )
        .order_by(rank, open_count.desc(), m12.desc(), enterprises.c.name)
        .limit(limit)
    )
    rows = frame(
        session,
        statement,
        [
            "organisation_id",
            "name",
            "sector",
            "region",
            "last_contact",
            "m12",
            "prev12",
            "open",
            "overdue",
            "delivered",
            "due",
            "delivered_due",
            "health",
        ],
    )
    return _finish(rows, today)


def _finish(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Days since, delivery ratio and the reason in words, on the (small, limited) result."""
    result = pd.DataFrame(
        {
            "organisation_id": rows["organisation_id"],
            "name": rows["name"],
            "sector": rows["sector"],
            "region": rows["region"],
            "last_contact": rows["last_contact"],
            "days_since": [None if pd.isna(d) else (today - _as_date(d)).days for d in rows["last_contact"]],
            "meetings_12m": rows["m12"],
            "meetings_prev_12m": rows["prev12"],
            "open_pledges": rows["open"],
            "overdue_pledges": rows["overdue"],
            "delivered_pledges": rows["delivered"],
            "due_pledges": rows["due"],
            "delivery_ratio": [
                delivered_share(due_count, done)
                for done, due_count in zip(rows["delivered_due"], rows["due"], strict=True)
            ],
            "health": rows["health"],
        },
        columns=RELATIONSHIP_COLUMNS[:-1],
    )
    result["reason"] = [health_reason(row) for row in result.itertuples()]
    return result


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def health_reason(row) -> str:
    """The health flag in a sentence a leader can act on, in the reader's language."""
    # One enterprise never met makes the column float, its own value NaN: 501.0 reads "501 days".
    if missing(row.days_since):
        since = gettext("never met")
    else:
        days = int(row.days_since)
        since = gettext("last met {days} ago").format(
            days=ngettext("{count} day", "{count} days", days).format(count=format_number(days)))
    if row.health == "neglected":
        pledges = int(row.open_pledges)
        return gettext("{pledges} but {since}").format(since=since, pledges=ngettext(
            "{count} open pledge", "{count} open pledges", pledges).format(count=format_number(pledges)))
    if row.health == "overdue":
        late = int(row.overdue_pledges)
        return ngettext("{count} pledge past its target date", "{count} pledges past their target date",
                        late).format(count=format_number(late))
    met = int(row.meetings_12m)
    meetings = ngettext("{count} meeting", "{count} meetings", met).format(count=format_number(met))
    if row.health == "cooling":
        return gettext("{meetings} in the last 12 months, {before} the year before").format(
            meetings=meetings, before=format_number(int(row.meetings_prev_12m)))
    if row.health == "dormant":
        return gettext("No open pledges and {since}").format(since=since)
    return gettext("{meetings} in the last 12 months; nothing overdue").format(meetings=meetings)


def network(
    session: Session, filters: Filters, max_edges: int = 60, max_enterprises: int = 25
) -> pd.DataFrame:
    """Who met whom: government-side officials × the ``max_enterprises`` most-met enterprises,
    weighted by held meetings together, the heaviest ``max_edges`` links only (capped twice, to
    stay readable and to stay fast at scale). Columns: person_id, official, organisation_id,
    enterprise, sector, meetings; names as lists show them (``shown_name``: 徐立 (Xu Li) in Chinese).

    With a period the statement is prepared once per shape of the filters, so it is not built
    and compiled again on every rerun."""
    columns = ["person_id", "official", "official_local", "organisation_id", "enterprise", "enterprise_local",
               "sector", "meetings"]
    args = (max_edges, max_enterprises)
    if filters.has_period:
        edges = prepared_frame(_network_statement, session, filters, *args, columns=columns)
    else:
        edges = frame(session, _network_statement(filters, session.get_bind().dialect, *args), columns)
    return edges.assign(official=_shown_names(edges, "official"), enterprise=_shown_names(edges, "enterprise")
                        ).drop(columns=["official_local", "enterprise_local"])


def _shown_names(edges: pd.DataFrame, column: str) -> list[str]:
    """``column``'s names as lists show them, with its ``<column>_local`` beside them."""
    pairs = zip(edges[column], edges[f"{column}_local"], strict=True)
    return [shown_name(name, local) for name, local in pairs]


def _network_statement(filters: Filters, dialect, max_edges: int, max_enterprises: int):
    counts = enterprise_meeting_counts(filters, seek=seeks_per_enterprise(dialect))
    top = (
        sa.select(counts.c.organisation_id)
        .order_by(counts.c.meetings.desc(), counts.c.organisation_id)
        .limit(literal_limit(max_enterprises))
        .subquery("top_enterprises")
    )
    pairs = _pairs(filters, top).limit(max_edges).subquery()
    return (
        sa.select(
            pairs.c.person_id,
            Person.name,
            Person.local_name,
            pairs.c.organisation_id,
            Organisation.name,
            Organisation.local_name,
            sa.func.coalesce(Organisation.sector, NO_SECTOR),
            pairs.c.meetings,
        )
        .join(Person, Person.id == pairs.c.person_id)
        .join(Organisation, Organisation.id == pairs.c.organisation_id)
        .order_by(pairs.c.meetings.desc(), Person.name, Organisation.name)
    )


def _pairs(filters: Filters, top):
    """(person_id, organisation_id, meetings) of every official with each of the ``top``
    enterprises, heaviest first. Joined from the few top enterprises outwards (as ``IN (top)``
    SQLite walked every government participation and probed each against the list, 3x slower).
    Over all time with nothing else narrowed, added up from ``meetings_by_official``, whose rows
    are read in key order instead of walking the top enterprises' meetings."""
    if all_time_summary_answers(filters):
        summary = MeetingsByOfficial
        meetings = sa.func.sum(summary.meetings)
        return (
            sa.select(summary.person_id, summary.organisation_id, meetings.label("meetings"))
            .select_from(top)
            .join(summary, summary.organisation_id == top.c.organisation_id)
            .where(cleared(summary, int(filters.clearance)))
            .group_by(summary.organisation_id, summary.person_id)
            .order_by(meetings.desc(), summary.person_id, summary.organisation_id)
        )
    p, mo = Participation, MeetingOrganisation
    return (
        sa.select(p.person_id, mo.organisation_id, sa.func.count().label("meetings"))
        .select_from(top)
        .join(mo, mo.organisation_id == top.c.organisation_id)
        .join(p, p.meeting_id == mo.meeting_id)
        .where(*on_meeting_organisation(filters, organisations=False), p.side == Side.GOVERNMENT)
        .group_by(p.person_id, mo.organisation_id)
        .order_by(sa.func.count().desc(), p.person_id, mo.organisation_id)
    )
