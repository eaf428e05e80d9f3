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

from tracker.auth.visibility import cleared, organisation_visible
from tracker.definitions import overdue, silent
from tracker.labels import header, label
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Person,
    Pledge,
    Position,
)
from tracker.models.enums import Confidentiality
from tracker.queries.filter_sql import (
    narrows_meetings,
    on_agreement,
    on_meeting,
    on_pledge,
    organisation_conditions,
)
from tracker.queries.filter_words import value_of
from tracker.queries.filters import Filters
from tracker.queries.meeting_rows import (
    CONFIDENTIALITY,
    COUNTERPARTS,
    EVENT,
    MEETING_ROW,
    OFFICIALS,
    ORGANISATIONS,
    TOPICS,
    meeting_row,
    organisation_names,
    people_by_side,
    topic_names,
    with_event,
)

CHUNK = 2000


@dataclass
class TableView:
    name: str
    columns: list[str]
    rows: Iterator[tuple]
    # The shared figures its columns carry (keys of ``tracker.definitions.HELP``), whose
    # definitions a workbook's "About" sheet states.
    defines: tuple[str, ...] = ()

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
        query = (with_event(sa.select(*meeting_row(EVENT, CONFIDENTIALITY, raw=True)))
                 .where(*on_meeting(filters, held=False)).order_by(Meeting.date, Meeting.id).limit(CHUNK))
        if last is not None:
            query = query.where(sa.or_(Meeting.date > last[0],
                                       sa.and_(Meeting.date == last[0], Meeting.id > last[1])))
        chunk = session.connection().execute(query).all()
        if not chunk:
            return
        yield chunk
        last = (chunk[-1].date, chunk[-1].id)


# The meeting row's fields an export writes (not the time). The date column holds dates only: a
# month or quarter is its first day, and the precision column says which (a workbook formats the
# date to match).
EXPORTED_FIELDS = tuple(column for column in MEETING_ROW if column.key != "time")
MEETING_VIEW_COLUMNS = [*(column.key for column in EXPORTED_FIELDS), "event", ORGANISATIONS,
                        OFFICIALS, COUNTERPARTS, TOPICS, "confidentiality"]


def _exported(column, row):
    """A field of the meeting row (read ``raw``) as the export writes it."""
    value = getattr(row, column.key)
    if column.key == "date_precision":
        return label(value or "day")
    if isinstance(column.type, sa.Enum):
        return label(value)
    return "" if value is None else value


def meeting_rows(session: Session, filters: Filters) -> TableView:
    """One row per meeting: when, what, who from each side, which organisations and topics."""
    def rows() -> Iterator[tuple]:
        for chunk in _meeting_chunks(session, filters):
            ids = [r.id for r in chunk]
            org_names, topics = organisation_names(session, ids), topic_names(session, ids)
            sides = people_by_side(session, ids)
            for r in chunk:
                yield (*(_exported(column, r) for column in EXPORTED_FIELDS),
                       r.event or "", "; ".join(org_names.get(r.id, [])),
                       "; ".join(sides.get((r.id, True), [])), "; ".join(sides.get((r.id, False), [])),
                       "; ".join(topics.get(r.id, [])), LEVEL_LABELS.get(r.confidentiality, ""))

    return TableView("meetings", MEETING_VIEW_COLUMNS, rows())


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


def pledge_rows(session: Session, filters: Filters, today: dt.date | None = None) -> TableView:
    """One row per pledge made in the period: who, in what area, by when, where it stands, and
    whether it is overdue or silent today (``tracker.definitions``)."""
    today = today or dt.date.today()
    query = (sa.select(Pledge.id, Organisation.name.label("organisation"),
                       Organisation.local_name, CooperationArea.name.label("area"), Pledge.text,
                       Pledge.made_on, Pledge.target_date, Pledge.status, Pledge.last_update_on,
                       sa.case((overdue(today), True), else_=False).label("overdue"),
                       sa.case((silent(today), True), else_=False).label("silent"),
                       Agreement.title.label("agreement"), Pledge.confidentiality)
             .join(Organisation, Organisation.id == Pledge.organisation_id)
             .join(CooperationArea, CooperationArea.id == Pledge.area_id)
             .outerjoin(Agreement, sa.and_(Agreement.id == Pledge.agreement_id,
                                           cleared(Agreement, int(filters.clearance))))
             .where(*on_pledge(filters, held=False)).order_by(Pledge.made_on, Pledge.id))

    def rows() -> Iterator[tuple]:
        for r in session.execute(query.execution_options(yield_per=CHUNK)):
            yield (r.id, r.organisation, r.local_name or "", r.area, r.text or "", r.made_on,
                   r.target_date, label(value_of(r.status)), r.last_update_on, _yes_no(r.overdue),
                   _yes_no(r.silent), r.agreement or "", _level(r.confidentiality))

    return TableView("pledges", ["id", "organisation", "local_name", "area", "text", "made_on",
                                 "target_date", "status", "last_update_on", "overdue", "silent",
                                 "agreement", "confidentiality"], rows(), defines=("overdue", "silent"))


def _yes_no(flag) -> str:
    return "Yes" if flag else "No"


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
