"""The unit of work keeps the read model in step: it records what a transaction touched and
projects it just before the transaction commits, whichever writer changed what.

Recorded, with the values from before the change:

- from the ORM at every flush (``before_flush`` for changed and deleted objects, whose rows still
  exist, ``after_flush`` for new ones, which have their ids by then), from the objects' history;
- from UPDATE and DELETE statements a session executes on the watched tables
  (``do_orm_execute``): the rows they match are read before, and after for an UPDATE.

Bulk writers that INSERT with Core or COPY name the meetings they wrote (``touch``) and project
per batch (``project``); the generator and a restored dump recount everything instead.

Projected before commit (``before_commit``, ahead of the audit chain's listener, whose lock on the
chain's head must be the transaction's last): the copies of changed meetings and organisations,
the search text of every meeting whose words may have changed, the summaries of every month
and organisation those meetings are or were in, and the name keys of every person and
organisation created, renamed or given other aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from tracker.models import (
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationAlias,
    Participation,
    Person,
    PersonAlias,
    Topic,
)
from tracker.read_model import copies, names, search_text, summaries
from tracker.read_model.vocabulary import month_key, month_of

TOUCHED = "tracker_read_model_touched"
PROJECTING = "tracker_read_model_projecting"
COPIED_MEETING_FIELDS = ("date", "status", "confidentiality", "archived_at")
WORDED_MEETING_FIELDS = ("title", "place", "summary")
COPIED_ORGANISATION_FIELDS = ("kind", "sector")
NAME_FIELDS = ("name", "local_name")


@dataclass
class Touched:
    """What a transaction changed that the read model derives from."""

    meetings: set[int] = field(default_factory=set)  # rows or copied fields changed: recount, reword
    worded: set[int] = field(default_factory=set)  # only the words changed: search text
    written: set[int] = field(default_factory=set)  # search text written by a bulk writer
    recopied_meetings: set[int] = field(default_factory=set)  # date, status or level changed
    recopied_organisations: set[int] = field(default_factory=set)  # kind or sector changed
    regrouped: set[int] = field(default_factory=set)  # meetings whose rows moved between organisations
    renamed_people: set[int] = field(default_factory=set)
    renamed_organisations: set[int] = field(default_factory=set)
    renamed_topics: set[int] = field(default_factory=set)
    named_people: set[int] = field(default_factory=set)  # new, or aliases changed: name keys
    named_organisations: set[int] = field(default_factory=set)
    months: set[str] = field(default_factory=set)  # months the meetings were in before
    organisations: set[int] = field(default_factory=set)  # organisations the meetings had before

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def touched(session: Session) -> Touched:
    return session.info.setdefault(TOUCHED, Touched())


def touch(session: Session, *, meetings: Iterable[int] = (), organisations: Iterable[int] = (),
          search_text_written: bool = False, new_people: Iterable[int] = (),
          new_organisations: Iterable[int] = ()) -> None:
    """Record meetings (and organisations) a bulk writer inserted rows for with Core or COPY,
    which the session's events cannot see. ``search_text_written``: the writer inserted them with
    their search text from ``meeting_search_text`` (rewriting it would cost as much again).
    ``new_people``, ``new_organisations``: records it inserted the same way (their name keys)."""
    found = touched(session)
    found.named_people.update(new_people)
    found.named_organisations.update(new_organisations)
    meetings = set(meetings)
    found.meetings |= meetings
    found.organisations.update(organisations)
    if search_text_written:
        found.written |= meetings


# --- what the ORM changed --------------------------------------------------------------------


def _history(obj, name: str):
    return sa.inspect(obj).attrs[name].history


def _changed(obj, names: Iterable[str]) -> bool:
    return any(_history(obj, name).has_changes() for name in names)


def _old(obj, name: str):
    history = _history(obj, name)
    return history.deleted[0] if history.deleted else getattr(obj, name)


def _meetings_of(session: Session, column, ids: Iterable[int]) -> set[int]:
    """Meetings with a ``participation``, ``meeting_organisation`` or ``meeting_topic`` row whose
    ``column`` is in ``ids``."""
    return {meeting_id for batch in summaries.chunks(ids)
            for meeting_id in session.execute(_ids_where(column.class_.meeting_id, column), {"ids": batch})
            .scalars()}


def _organisations_of(session: Session, meeting_ids: Iterable[int]) -> set[int]:
    mo = MeetingOrganisation
    return {org_id for batch in summaries.chunks(meeting_ids)
            for org_id in session.execute(_ids_where(mo.organisation_id, mo.meeting_id), {"ids": batch})
            .scalars()}


@cache
def _ids_where(wanted, column):
    """SELECT DISTINCT ``wanted`` WHERE ``column`` IN the ids given."""
    return sa.select(wanted).where(column.in_(summaries.IDS)).distinct()


@cache
def _where_meetings_are():
    """(date, organisation id) of the meetings given: the months and organisations to recount."""
    mo = MeetingOrganisation
    return (sa.select(Meeting.date, mo.organisation_id).outerjoin(mo, mo.meeting_id == Meeting.id)
            .where(Meeting.id.in_(summaries.IDS)))


def _note_changed(session: Session, found: Touched, obj) -> None:
    """A changed object, from its history (before the flush writes it)."""
    if isinstance(obj, Meeting):
        if _changed(obj, COPIED_MEETING_FIELDS):
            found.recopied_meetings.add(obj.id)
            found.meetings.add(obj.id)
            found.months.add(month_key(_old(obj, "date")))
        elif _changed(obj, WORDED_MEETING_FIELDS):
            found.worded.add(obj.id)
    elif isinstance(obj, (Participation, MeetingOrganisation)):
        found.meetings.update({obj.meeting_id, _old(obj, "meeting_id")})
        if isinstance(obj, MeetingOrganisation):
            found.organisations.add(_old(obj, "organisation_id"))
            found.regrouped.add(obj.meeting_id)
    elif isinstance(obj, Organisation):
        if _changed(obj, COPIED_ORGANISATION_FIELDS):
            found.recopied_organisations.add(obj.id)
        if _changed(obj, NAME_FIELDS):
            found.renamed_organisations.add(obj.id)
    elif isinstance(obj, Person):
        if _changed(obj, NAME_FIELDS):
            found.renamed_people.add(obj.id)
    elif isinstance(obj, Topic) and _changed(obj, ("name",)):
        found.renamed_topics.add(obj.id)
    elif isinstance(obj, PersonAlias):
        found.named_people.update({obj.person_id, _old(obj, "person_id")})
    elif isinstance(obj, OrganisationAlias):
        found.named_organisations.update({obj.organisation_id, _old(obj, "organisation_id")})


def _note_deleted(session: Session, found: Touched, obj) -> None:
    """A deleted object, before its row (and the rows the database cascades to) go."""
    if isinstance(obj, Meeting):
        found.months.add(month_key(_old(obj, "date")))
        found.organisations |= _organisations_of(session, [obj.id])
    elif isinstance(obj, Participation):
        found.meetings.add(_old(obj, "meeting_id"))
    elif isinstance(obj, MeetingOrganisation):
        found.meetings.add(_old(obj, "meeting_id"))
        found.organisations.add(_old(obj, "organisation_id"))
    elif isinstance(obj, MeetingTopic):
        found.worded.add(_old(obj, "meeting_id"))
    elif isinstance(obj, Organisation):
        found.organisations.add(obj.id)
        found.meetings |= _meetings_of(session, MeetingOrganisation.organisation_id, [obj.id])
    elif isinstance(obj, Person):
        found.meetings |= _meetings_of(session, Participation.person_id, [obj.id])
    elif isinstance(obj, PersonAlias):
        found.named_people.add(_old(obj, "person_id"))
    elif isinstance(obj, OrganisationAlias):
        found.named_organisations.add(_old(obj, "organisation_id"))


def _note_new(found: Touched, obj) -> None:
    if isinstance(obj, Meeting):
        found.meetings.add(obj.id)
    elif isinstance(obj, (Participation, MeetingOrganisation)):
        found.meetings.add(obj.meeting_id)
    elif isinstance(obj, MeetingTopic):
        found.worded.add(obj.meeting_id)
    elif isinstance(obj, (Person, PersonAlias)):
        found.named_people.add(obj.id if isinstance(obj, Person) else obj.person_id)
    elif isinstance(obj, (Organisation, OrganisationAlias)):
        found.named_organisations.add(obj.id if isinstance(obj, Organisation) else obj.organisation_id)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    new_rows = [obj for obj in session.new if isinstance(obj, copies.ROW_TABLES)]
    if new_rows:
        copies.fill_new_rows(session, new_rows)
    if session.info.get(PROJECTING):
        return
    found = touched(session)
    for obj in session.deleted:
        _note_deleted(session, found, obj)
    for obj in session.dirty:
        if session.is_modified(obj):
            _note_changed(session, found, obj)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if session.info.get(PROJECTING):
        return
    found = touched(session)
    for obj in session.new:
        _note_new(found, obj)


# --- what UPDATE and DELETE statements changed -----------------------------------------------

# Per watched table, the columns read from the rows a statement matches.
WATCHED = {
    "meeting": ("id", "date", *COPIED_MEETING_FIELDS[1:], *WORDED_MEETING_FIELDS),
    "participation": ("id", "meeting_id"),
    "meeting_organisation": ("meeting_id", "organisation_id"),
    "meeting_topic": ("meeting_id",),
    "organisation": ("id", *COPIED_ORGANISATION_FIELDS, *NAME_FIELDS),
    "person": ("id", *NAME_FIELDS),
    "topic": ("id", "name"),
    "person_alias": ("id", "person_id"),
    "organisation_alias": ("id", "organisation_id"),
}


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state) -> object | None:
    if not (state.is_update or state.is_delete) or state.session.info.get(PROJECTING):
        return None
    table = state.statement.table
    columns = WATCHED.get(getattr(table, "name", None))
    if columns is None:
        return None
    session = state.session
    read = sa.select(*[table.c[name] for name in columns])
    if state.statement.whereclause is not None:
        read = read.where(state.statement.whereclause)
    parameters = state.parameters or {}
    before = [row._asdict() for params in (parameters if isinstance(parameters, list) else [parameters])
              for row in session.execute(read, params)]
    result = state.invoke_statement()
    found = touched(session)
    if state.is_delete:
        _note_deleted_rows(session, found, table.name, before)
    else:
        after = {}
        if "id" in columns and before:
            for batch in summaries.chunks(row["id"] for row in before):
                after.update({row.id: row._asdict() for row in session.execute(
                    sa.select(*[table.c[name] for name in columns]).where(table.c.id.in_(batch)))})
        _note_updated_rows(found, table.name, before, after)
    return result


def _note_deleted_rows(session: Session, found: Touched, table: str, rows: list[dict]) -> None:
    if table == "meeting":
        found.months |= {month_key(row["date"]) for row in rows}
        found.organisations |= _organisations_of(session, [row["id"] for row in rows])
    elif table in ("participation", "meeting_organisation"):
        found.meetings |= {row["meeting_id"] for row in rows}
        found.organisations |= {row["organisation_id"] for row in rows if "organisation_id" in row}
    elif table == "meeting_topic":
        found.worded |= {row["meeting_id"] for row in rows}
    elif table == "organisation":
        ids = [row["id"] for row in rows]
        found.organisations.update(ids)
        found.meetings |= _meetings_of(session, MeetingOrganisation.organisation_id, ids)
    elif table == "person":
        found.meetings |= _meetings_of(session, Participation.person_id, [row["id"] for row in rows])
    elif table == "person_alias":
        found.named_people |= {row["person_id"] for row in rows}
    elif table == "organisation_alias":
        found.named_organisations |= {row["organisation_id"] for row in rows}


def _differ(old: dict, new: dict | None, names: Iterable[str]) -> bool:
    return new is not None and any(old[name] != new[name] for name in names)


def _note_updated_rows(found: Touched, table: str, before: list[dict], after: dict[int, dict]) -> None:
    for old in before:
        new = after.get(old.get("id"))
        if table == "meeting":
            if _differ(old, new, COPIED_MEETING_FIELDS):
                found.recopied_meetings.add(old["id"])
                found.meetings.add(old["id"])
                found.months.add(month_key(old["date"]))
            elif _differ(old, new, WORDED_MEETING_FIELDS):
                found.worded.add(old["id"])
        elif table == "participation":
            found.meetings.add(old["meeting_id"])
            if new is not None:
                found.meetings.add(new["meeting_id"])
        elif table == "meeting_organisation":
            found.meetings.add(old["meeting_id"])
            found.regrouped.add(old["meeting_id"])
            found.organisations.add(old["organisation_id"])
        elif table == "meeting_topic":
            found.worded.add(old["meeting_id"])
        elif table == "organisation":
            if _differ(old, new, COPIED_ORGANISATION_FIELDS):
                found.recopied_organisations.add(old["id"])
            if _differ(old, new, NAME_FIELDS):
                found.renamed_organisations.add(old["id"])
        elif table == "person":
            if _differ(old, new, NAME_FIELDS):
                found.renamed_people.add(old["id"])
        elif table == "topic" and _differ(old, new, ("name",)):
            found.renamed_topics.add(old["id"])
        elif table in ("person_alias", "organisation_alias"):
            owner = "person_id" if table == "person_alias" else "organisation_id"
            named = found.named_people if table == "person_alias" else found.named_organisations
            named.update(row[owner] for row in (old, new) if row is not None)


# --- the projection --------------------------------------------------------------------------


def project(session: Session) -> None:
    """Bring the read model in step with what this session's transaction has touched so far."""
    if not session.info.get(TOUCHED):
        return
    session.flush()
    found = session.info.pop(TOUCHED)
    session.info[PROJECTING] = True
    try:
        _project(session, found)
    finally:
        session.info.pop(PROJECTING, None)


def _project(session: Session, found: Touched) -> None:
    mo = MeetingOrganisation
    copies.recopy_meetings(session, found.recopied_meetings)
    copies.recopy_organisations(session, organisation_ids=found.recopied_organisations,
                                meeting_ids=found.regrouped)
    worded = (found.worded | found.meetings) - found.written
    worded |= _meetings_of(session, Participation.person_id, found.renamed_people)
    worded |= _meetings_of(session, mo.organisation_id, found.renamed_organisations)
    worded |= _meetings_of(session, MeetingTopic.topic_id, found.renamed_topics)
    search_text.refresh_search_text(session, worded)
    names.refresh_name_keys(session, people=found.renamed_people | found.named_people,
                            organisations=found.renamed_organisations | found.named_organisations)

    months, organisations = set(found.months), found.organisations | found.recopied_organisations
    for batch in summaries.chunks(found.meetings):  # where the meetings are now
        for day, org_id in session.execute(_where_meetings_are(), {"ids": batch}):
            months.add(month_key(day))
            organisations.add(org_id)
    organisations.discard(None)
    for batch in summaries.chunks(found.recopied_organisations):
        months.update(session.execute(sa.select(month_of(session, mo.meeting_date))
                                      .where(mo.organisation_id.in_(batch)).distinct()).scalars())
    summaries.refresh_months(session, months)
    summaries.refresh_organisations(session, organisations)
    copies.sync_loaded_rows(session, meeting_ids=found.recopied_meetings,
                            organisation_ids=found.recopied_organisations)


def _before_commit(session: Session) -> None:
    project(session)


# First among the before-commit listeners: see the module's docstring.
event.listen(Session, "before_commit", _before_commit, insert=True)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """What a transaction that rolled back touched is not carried into the next."""
    if transaction.parent is None:
        session.info.pop(TOUCHED, None)
