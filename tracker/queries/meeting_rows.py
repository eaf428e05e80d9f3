"""The columns a list of meetings shows, declared once for every list a person sees (the Meetings
page and its download, home, drill-down, profiles, the directory, briefing, period report, table
exports, transparency return): a list picks what it shows from these, so a field added to
meetings is offered to them all here.

Two kinds of column. The meeting's own fields (``MEETING_ROW``, read off ``meeting``, with the
event and the level as options) and the derived ones, named here with the label a list shows them
under: the organisations present, the people on each side, the topics. A derived column is looked
up for a chunk of meetings at a time (``organisation_names`` …: one query per chunk, not per
meeting) or, for a list that is one statement, as a correlated subquery (``organisations_of``).
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlmodel import Session

from tracker.i18n import CHINESE, current_language, display_name
from tracker.matching import has_cjk, sort_key
from tracker.models import (
    AgreementParty,
    Event,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Side,
    Topic,
)
from tracker.read_model.vocabulary import GOVERNMENT_KIND_VALUES

MEETING_ROW = (Meeting.id, Meeting.date, Meeting.date_precision, Meeting.time, Meeting.title,
               Meeting.kind, Meeting.status, Meeting.place)
# The name a list shows a field of the row under, where it is not the model's.
SHOWN_AS = {"date_precision": "precision"}
ROW_NAMES = [SHOWN_AS.get(column.key, column.key) for column in MEETING_ROW]
EVENT = Event.name.label("event")  # with ``with_event``
CONFIDENTIALITY = Meeting.confidentiality

# Labels of the derived columns, as the lists' frames and exports head them.
ORGANISATIONS = "organisations"  # the organisations present, by name
PEOPLE = "people"  # everyone present, in the order they were entered
OFFICIALS, COUNTERPARTS = "officials", "counterparts"  # each side: "Name (local name), title then"
TOPICS = "topics"


def meeting_row(*extra, only: tuple[str, ...] = (), raw: bool = False) -> tuple:
    """The meeting-row projection, followed by ``extra`` columns of the list's own joins.

    ``only``: the row's columns a list shows, by name, where it shows fewer than all. ``raw``:
    enum columns and the level as stored (text, number), under the same names, without the ORM's
    conversion: a 50,000-row export would otherwise build enum objects only to print their
    values."""
    row = tuple(column for column in MEETING_ROW if column.key in only) if only else MEETING_ROW
    if not raw:
        return (*row, *extra)
    return tuple(_raw(column) for column in (*row, *extra))


def shown_value(value):
    """A field of the row as a list's frame holds it: an enum as its stored value, a time as
    HH:MM, a field not recorded as an empty text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return "" if value is None else value


def row_values(row) -> dict:
    """The meeting row's fields of a result row (of ``meeting_row()``), by ``ROW_NAMES``."""
    return {name: shown_value(getattr(row, column.key))
            for name, column in zip(ROW_NAMES, MEETING_ROW, strict=True)}


def _raw(column):
    if column.key == "confidentiality":
        return sa.type_coerce(column, sa.Integer).label(column.key)
    if isinstance(column.type, sa.Enum):
        return sa.type_coerce(column, sa.String).label(column.key)
    return column


def with_event(statement):
    """``statement`` joined to the meeting's event, for ``EVENT``."""
    return statement.outerjoin(Event, Event.id == Meeting.event_id)


def joined_names(session_or_dialect, names, separator: str = ", "):
    """The one column of ``names`` (a correlated SELECT) joined with ``separator`` in alphabetical
    order, as a scalar subquery, on either database (takes a session or, inside a prepared
    statement's builder, the dialect).

    The order is asked for: an aggregate otherwise follows whatever order the plan reads rows in, so
    the same meeting's names could come back in another order on another day. PostgreSQL takes the
    order inside the aggregate; SQLite (before 3.44) has none there and concatenates in the order of
    an ordered subquery."""
    dialect = (
        session_or_dialect.get_bind().dialect
        if isinstance(session_or_dialect, Session)
        else session_or_dialect
    )
    name = names.selected_columns[0]
    if dialect.name == "postgresql":
        joined = sa.func.string_agg(name, aggregate_order_by(sa.literal(separator), name), type_=sa.String)
        return names.with_only_columns(joined).scalar_subquery()
    ordered = names.order_by(name).subquery()
    return sa.select(sa.func.group_concat(ordered.c[0], separator, type_=sa.String)).scalar_subquery()


def organisations_of(session_or_dialect):
    """``ORGANISATIONS`` of the enclosing query's meeting, in one text (", " between names)."""
    names = (
        sa.select(Organisation.name)
        .select_from(MeetingOrganisation)
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.meeting_id == Meeting.id)
        .correlate(Meeting)
    )
    return joined_names(session_or_dialect, names).label(ORGANISATIONS)


def _none(meetings) -> bool:
    """Whether ``meetings`` is an empty list of ids (nothing to look up)."""
    return isinstance(meetings, list | tuple) and not meetings


def shown_name(name: str, local: str | None) -> str:
    """A record's name as a list shows it to its reader: in Chinese, its Chinese name first and the
    English after ("腾讯 (Tencent)", ``display_name``); in English the stored name, as every list
    and download has shown it."""
    if isinstance(local, str) and local and current_language() == CHINESE and has_cjk(local):  # not NaN
        return display_name(name, local)
    return name


def shown_names(session: Session, kind: str, ids) -> dict[int, str]:
    """Id → ``shown_name`` of the organisations (``kind`` "organisation") or people ("person")
    ``ids``, for a list or chart whose query gave the stored names only."""
    model = Organisation if kind == "organisation" else Person
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    rows = session.connection().execute(
        sa.select(model.id, model.name, model.local_name).where(model.id.in_(wanted)))
    return {row_id: shown_name(name, local) for row_id, name, local in rows}


def _gather_shown(session: Session, statement, *, by_name: bool) -> dict:
    """(key, name, local name) rows gathered into shown names per key; ``by_name``: in the order of
    the names shown (pinyin in Chinese), else the statement's."""
    gathered: dict = {}
    for key, name, local in session.connection().execute(statement):
        if name:
            gathered.setdefault(key, []).append(shown_name(name, local))
    if by_name and current_language() == CHINESE:
        for names in gathered.values():
            names.sort(key=sort_key)
    return gathered


def _names(session: Session, meetings, link_key, named, *conditions) -> dict[int, list[str]]:
    """Meeting id → names (by name) of the ``named`` rows linked to ``meetings`` through the
    link table of ``link_key`` (its column naming them), in the reader's language."""
    link = link_key.table
    local = getattr(named, "local_name", sa.null())  # topics have one name
    return _gather_shown(session, sa.select(link.c.meeting_id, named.name, local)
                         .join(named, named.id == link_key)
                         .where(link.c.meeting_id.in_(meetings), *conditions)
                         .order_by(named.name), by_name=True)


def organisation_names(session: Session, meetings, *, outside_only: bool = False) -> dict[int, list[str]]:
    """``ORGANISATIONS`` of ``meetings`` (ids, or a select of them): meeting id → names by name.
    ``outside_only``: organisations outside government only."""
    if _none(meetings):
        return {}
    outside = [Organisation.kind.not_in(GOVERNMENT_KIND_VALUES)] if outside_only else []
    return _names(session, meetings, MeetingOrganisation.organisation_id, Organisation, *outside)


def people_names(session: Session, meetings) -> dict[int, list[str]]:
    """``PEOPLE`` of ``meetings``: meeting id → names, in the order they were entered."""
    if _none(meetings):
        return {}
    return _gather_shown(session, sa.select(Participation.meeting_id, Person.name, Person.local_name)
                         .join(Person, Person.id == Participation.person_id)
                         .where(Participation.meeting_id.in_(meetings)).order_by(Participation.id),
                         by_name=False)


def person_label(name: str, local: str | None, title: str | None) -> str:
    """A person as a side's column shows them: "Name (local name), title held that day", the name
    in the reader's language first (``display_name``: 马化腾 (Ma Huateng) in Chinese)."""
    shown = display_name(name, local)
    return f"{shown}, {title}" if title else shown


def people_by_side(session: Session, meetings) -> dict[tuple[int, bool], list[str]]:
    """``OFFICIALS`` and ``COUNTERPARTS`` of ``meetings``: (meeting id, on the government side) →
    ``person_label``s, in the order they were entered."""
    if _none(meetings):
        return {}
    sides: dict[tuple[int, bool], list[str]] = {}
    for meeting_id, side, name, local, title in session.connection().execute(
            sa.select(Participation.meeting_id, sa.type_coerce(Participation.side, sa.String),
                      Person.name, Person.local_name, Participation.title)
            .join(Person, Person.id == Participation.person_id)
            .where(Participation.meeting_id.in_(meetings)).order_by(Participation.id)):
        sides.setdefault((meeting_id, side == Side.GOVERNMENT.value), []).append(
            person_label(name, local, title))
    return sides


def party_names(session: Session, agreements) -> dict[int, list[str]]:
    """The parties of ``agreements`` (ids): agreement id → ``shown_name``s by name (pinyin in
    Chinese), as a list of organisations shows them."""
    if _none(agreements):
        return {}
    return _gather_shown(session, sa.select(AgreementParty.agreement_id, Organisation.name,
                                            Organisation.local_name)
                         .join(Organisation, Organisation.id == AgreementParty.organisation_id)
                         .where(AgreementParty.agreement_id.in_(agreements))
                         .order_by(Organisation.name), by_name=True)


def topic_names(session: Session, meetings) -> dict[int, list[str]]:
    """``TOPICS`` of ``meetings``: meeting id → topic names by name."""
    if _none(meetings):
        return {}
    return _names(session, meetings, MeetingTopic.topic_id, Topic)
