"""The rows behind each exportable table view, streamed in chunks so 50,000 rows fit in little memory.

A ``TableView`` is a name, its column names and an iterator of row tuples; ``as_frame`` turns a
small one into a DataFrame for a page. Every view selects through ``Filters`` (clearance included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import organisation_visible
from tracker.labels import header, label
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Pledge,
    Position,
    Side,
    Topic,
)
from tracker.models.enums import Confidentiality
from tracker.queries.filter_sql import (
    narrows_meetings,
    on_agreement,
    on_meeting,
    on_pledge,
    organisation_conditions,
)
from tracker.queries.filters import Filters
from tracker.queries.report_scope import value_of

CHUNK = 2000


@dataclass
class TableView:
    name: str
    columns: list[str]
    rows: Iterator[tuple]

    def as_frame(self, limit: int | None = None) -> pd.DataFrame:
        rows = list(islice(self.rows, limit) if limit is not None else self.rows)
        return pd.DataFrame(rows, columns=self.columns)

    @property
    def headers(self) -> list[str]:
        """The column names as a reader sees them in a file or preview ('signed_on' → 'Signed on')."""
        return [header(column) for column in self.columns]


LEVEL_LABELS = {int(level): level.label for level in Confidentiality}


def _level(value) -> str:
    return Confidentiality.parse(value).label if value is not None else ""


def _raw(column):
    """The column's stored value (enum text, level number) without the ORM's conversion: a 50,000-row
    export would otherwise spend seconds building enum objects only to print their values."""
    return sa.type_coerce(column, sa.Integer if column.key == "confidentiality" else sa.String)


def _group(session: Session, query, ids: list[int]) -> dict[int, list[str]]:
    """Run ``query`` (selecting key, text, filtered by ``:ids``) and gather texts per key."""
    grouped: dict[int, list[str]] = {}
    for key, text in session.connection().execute(query(ids)):
        if text:
            grouped.setdefault(key, []).append(text)
    return grouped


def _meeting_chunks(session: Session, filters: Filters) -> Iterator[list]:
    """Meetings in (date, id) order, a chunk at a time (keyset pagination: no OFFSET scans)."""
    last = None
    while True:
        query = (sa.select(Meeting.id, Meeting.date, _raw(Meeting.date_precision).label("date_precision"),
                           Meeting.title, _raw(Meeting.kind).label("kind"),
                           _raw(Meeting.status).label("status"), Meeting.place, Event.name.label("event"),
                           _raw(Meeting.confidentiality).label("confidentiality"))
                 .outerjoin(Event, Event.id == Meeting.event_id)
                 .where(*on_meeting(filters, held=False)).order_by(Meeting.date, Meeting.id).limit(CHUNK))
        if last is not None:
            query = query.where(sa.or_(Meeting.date > last[0],
                                       sa.and_(Meeting.date == last[0], Meeting.id > last[1])))
        chunk = session.connection().execute(query).all()
        if not chunk:
            return
        yield chunk
        last = (chunk[-1].date, chunk[-1].id)


def shown_date(day, precision: str | None):
    """A meeting's date as precisely as it is known: a real date when the day is known (so a
    spreadsheet sorts and formats it), "2019-05" for a month, "2019-Q2" for a quarter."""
    if day is None or precision in (None, "day"):
        return day
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if precision == "month":
        return f"{day:%Y-%m}"
    return f"{day:%Y}-Q{(day.month - 1) // 3 + 1}"


def _people_label(name, local, title) -> str:
    label = f"{name} ({local})" if local else name
    return f"{label}, {title}" if title else label


def meeting_rows(session: Session, filters: Filters) -> TableView:
    """One row per meeting: when, what, who from each side, which organisations and topics."""
    def orgs(ids):
        return (sa.select(MeetingOrganisation.meeting_id, Organisation.name)
                .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
                .where(MeetingOrganisation.meeting_id.in_(ids)).order_by(Organisation.name))

    def topics(ids):
        return (sa.select(MeetingTopic.meeting_id, Topic.name).join(Topic, Topic.id == MeetingTopic.topic_id)
                .where(MeetingTopic.meeting_id.in_(ids)).order_by(Topic.name))

    def rows() -> Iterator[tuple]:
        for chunk in _meeting_chunks(session, filters):
            ids = [r.id for r in chunk]
            org_names, topic_names = _group(session, orgs, ids), _group(session, topics, ids)
            sides: dict[tuple[int, str], list[str]] = {}
            for meeting_id, side, name, local, title in session.connection().execute(
                    sa.select(Participation.meeting_id, _raw(Participation.side), Person.name,
                              Person.local_name, Participation.title)
                    .join(Person, Person.id == Participation.person_id)
                    .where(Participation.meeting_id.in_(ids)).order_by(Participation.id)):
                key = (meeting_id, side == Side.GOVERNMENT.value)
                sides.setdefault(key, []).append(_people_label(name, local, title))
            for r in chunk:
                yield (r.id, shown_date(r.date, r.date_precision), r.title, label(r.kind), label(r.status),
                       r.place or "",
                       r.event or "", "; ".join(org_names.get(r.id, [])),
                       "; ".join(sides.get((r.id, True), [])), "; ".join(sides.get((r.id, False), [])),
                       "; ".join(topic_names.get(r.id, [])), LEVEL_LABELS.get(r.confidentiality, ""))

    return TableView("meetings", ["id", "date", "title", "kind", "status", "place",
                                  "event", "organisations", "officials", "counterparts", "topics",
                                  "confidentiality"], rows())


def organisation_rows(session: Session, filters: Filters) -> TableView:
    """One row per organisation: who they are and how often they were met in the period."""
    scope = sa.select(Meeting.id).where(*on_meeting(filters, held=False))
    counts = (sa.select(MeetingOrganisation.organisation_id.label("org_id"),
                        sa.func.count().label("meetings"),
                        sa.func.min(MeetingOrganisation.meeting_date).label("first_meeting"),
                        sa.func.max(MeetingOrganisation.meeting_date).label("last_meeting"))
              .where(MeetingOrganisation.meeting_id.in_(scope))
              .group_by(MeetingOrganisation.organisation_id).subquery())
    narrowed = narrows_meetings(filters)
    query = (sa.select(Organisation.id, Organisation.name, Organisation.local_name, Organisation.kind,
                       Organisation.sector, Organisation.region, Organisation.website,
                       sa.func.coalesce(counts.c.meetings, 0).label("meetings"),
                       counts.c.first_meeting, counts.c.last_meeting)
             .where(*organisation_conditions(filters), organisation_visible(filters.clearance))
             .order_by(Organisation.name, Organisation.id))
    query = (query.join(counts, counts.c.org_id == Organisation.id) if narrowed
             else query.outerjoin(counts, counts.c.org_id == Organisation.id))

    def rows() -> Iterator[tuple]:
        for r in session.execute(query.execution_options(yield_per=CHUNK)):
            yield (r.id, r.name, r.local_name or "", label(value_of(r.kind)), r.sector or "",
                   r.region or "", r.website or "", r.meetings, r.first_meeting, r.last_meeting)

    return TableView("organisations", ["id", "name", "local_name", "kind", "sector", "region", "website",
                                       "meetings", "first_meeting", "last_meeting"], rows())


def people_rows(session: Session, filters: Filters) -> TableView:
    """One row per person met or meeting in the period, with their latest title and meeting count."""
    scope = sa.select(Meeting.id).where(*on_meeting(filters, held=False))
    counts = (sa.select(Participation.person_id.label("person_id"), sa.func.count().label("meetings"),
                        sa.func.max(Participation.meeting_date).label("last_meeting"))
              .where(Participation.meeting_id.in_(scope)).group_by(Participation.person_id).subquery())
    latest_title = (sa.select(Position.title).where(Position.person_id == Person.id)
                    .order_by(Position.start_date.desc().nulls_last(), Position.id.desc())
                    .limit(1).correlate(Person).scalar_subquery())
    latest_org = (sa.select(Organisation.name).join(Position, Position.organisation_id == Organisation.id)
                  .where(Position.person_id == Person.id, organisation_visible(filters.clearance))
                  .order_by(Position.start_date.desc().nulls_last(), Position.id.desc())
                  .limit(1).correlate(Person).scalar_subquery())
    query = (sa.select(Person.id, Person.name, Person.local_name, latest_title.label("title"),
                       latest_org.label("organisation"), counts.c.meetings, counts.c.last_meeting)
             .join(counts, counts.c.person_id == Person.id).order_by(Person.name, Person.id))

    def rows() -> Iterator[tuple]:
        for r in session.execute(query.execution_options(yield_per=CHUNK)):
            yield (r.id, r.name, r.local_name or "", r.title or "", r.organisation or "", r.meetings,
                   r.last_meeting)

    return TableView("people", ["id", "name", "local_name", "latest_title", "organisation", "meetings",
                                "last_meeting"], rows())


def pledge_rows(session: Session, filters: Filters) -> TableView:
    """One row per pledge made in the period: who, in what area, by when, and where it stands."""
    query = (sa.select(Pledge.id, Organisation.name.label("organisation"),
                       Organisation.local_name, CooperationArea.name.label("area"), Pledge.text,
                       Pledge.made_on, Pledge.target_date, Pledge.status, Pledge.last_update_on,
                       Agreement.title.label("agreement"), Pledge.confidentiality)
             .join(Organisation, Organisation.id == Pledge.organisation_id)
             .join(CooperationArea, CooperationArea.id == Pledge.area_id)
             .outerjoin(Agreement, sa.and_(Agreement.id == Pledge.agreement_id,
                                           Agreement.confidentiality <= int(filters.clearance)))
             .where(*on_pledge(filters, held=False)).order_by(Pledge.made_on, Pledge.id))

    def rows() -> Iterator[tuple]:
        for r in session.execute(query.execution_options(yield_per=CHUNK)):
            yield (r.id, r.organisation, r.local_name or "", r.area, r.text or "", r.made_on,
                   r.target_date, label(value_of(r.status)), r.last_update_on, r.agreement or "",
                   _level(r.confidentiality))

    return TableView("pledges", ["id", "organisation", "local_name", "area", "text", "made_on",
                                 "target_date", "status", "last_update_on", "agreement",
                                 "confidentiality"], rows())


def agreement_rows(session: Session, filters: Filters) -> TableView:
    """One row per agreement signed in the period, with its parties and stated value."""
    query = (sa.select(Agreement.id, Agreement.signed_on, Agreement.title, Agreement.kind, Agreement.status,
                       Agreement.value, Agreement.currency, Agreement.start_date, Agreement.end_date,
                       Agreement.confidentiality)
             .where(*on_agreement(filters, held=False)).order_by(Agreement.signed_on, Agreement.id))

    def parties(ids):
        return (sa.select(AgreementParty.agreement_id, Organisation.name)
                .join(Organisation, Organisation.id == AgreementParty.organisation_id)
                .where(AgreementParty.agreement_id.in_(ids)).order_by(Organisation.name))

    def rows() -> Iterator[tuple]:
        result = session.execute(query.execution_options(yield_per=CHUNK))
        for chunk in result.partitions(CHUNK):
            names = _group(session, parties, [r.id for r in chunk])
            for r in chunk:
                yield (r.id, r.signed_on, r.title, "; ".join(names.get(r.id, [])),
                       label(value_of(r.kind)), label(value_of(r.status)), r.value, r.currency or "",
                       r.start_date, r.end_date, _level(r.confidentiality))

    return TableView("agreements", ["id", "signed_on", "title", "parties", "kind", "status", "value",
                                    "currency", "start_date", "end_date", "confidentiality"], rows())


TABLE_VIEWS: dict[str, Callable[[Session, Filters], TableView]] = {
    "meetings": meeting_rows, "organisations": organisation_rows, "people": people_rows,
    "pledges": pledge_rows, "agreements": agreement_rows,
}


def table_preview(session: Session, filters: Filters, view: str, limit: int = 200) -> pd.DataFrame:
    """The first ``limit`` rows of a table view, for a page to show before the full download,
    headed as the downloaded file is."""
    table = TABLE_VIEWS[view](session, filters)
    return table.as_frame(limit=limit).set_axis(table.headers, axis="columns")
