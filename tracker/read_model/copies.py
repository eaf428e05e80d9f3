"""Fields copied from a meeting and an organisation onto the rows that hang on them.

``participation`` and ``meeting_organisation`` carry the meeting's date, status, level and
``archived_at`` (an archived meeting's rows are hidden with it, and come back when it is
restored), and ``meeting_organisation`` the organisation's kind and sector too, so the
dashboards aggregate them without joining back to ``meeting`` or ``organisation`` for every
row. Agreements signed and pledges made at a meeting carry its date and level as theirs. Which
fields are copied is said once here; the unit of work fills new rows and updates old ones, the
bulk paths use ``meeting_copies`` and ``organisation_copies`` for the rows they insert.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from tracker.models import Agreement, Meeting, MeetingOrganisation, Organisation, Participation, Pledge
from tracker.read_model.summaries import IDS, chunks

# Row column → meeting field, per table that copies the meeting.
MEETING_COPIES: dict[type, dict[str, str]] = {
    Participation: {"meeting_date": "date", "meeting_status": "status", "confidentiality": "confidentiality",
                    "archived_at": "archived_at"},
    MeetingOrganisation: {"meeting_date": "date", "meeting_status": "status",
                          "confidentiality": "confidentiality", "archived_at": "archived_at"},
    Pledge: {"made_on": "date", "confidentiality": "confidentiality"},
    Agreement: {"signed_on": "date", "confidentiality": "confidentiality"},
}
# Row column → organisation field, on meeting_organisation.
ORGANISATION_COPIES = {"organisation_kind": "kind", "organisation_sector": "sector"}
# The tables whose new rows must be given the copies before they are inserted (NOT NULL there).
ROW_TABLES = (Participation, MeetingOrganisation)


def meeting_copies(meeting: Meeting | Mapping, model: type = Participation) -> dict:
    """The values a ``model`` row of this meeting (an object or a row dict) copies from it."""
    get = meeting.get if isinstance(meeting, Mapping) else lambda name: getattr(meeting, name, None)
    return {column: get(field) for column, field in MEETING_COPIES[model].items()}


def organisation_copies(bind, organisation_ids: Iterable[int]) -> dict[int, dict]:
    """``{organisation id: {"organisation_kind": ..., "organisation_sector": ...}}``."""
    found: dict[int, dict] = {}
    for batch in chunks(organisation_ids):
        rows = bind.execute(_organisations(), {"ids": batch})
        found.update({org_id: {"organisation_kind": kind, "organisation_sector": sector}
                      for org_id, kind, sector in rows})
    return found


@cache
def _organisations():
    return sa.select(Organisation.id, Organisation.kind, Organisation.sector).where(Organisation.id.in_(IDS))


def fill_new_rows(session: Session, rows: list) -> None:
    """Give new ``participation`` and ``meeting_organisation`` objects their copies (the meeting
    as it is in this session, the organisation as stored), so no writer has to."""
    orgs = organisation_copies(session, {row.organisation_id for row in rows
                                         if isinstance(row, MeetingOrganisation)})
    for row in rows:
        meeting = session.get(Meeting, row.meeting_id)
        for column, value in meeting_copies(meeting, type(row)).items():
            setattr(row, column, value)
        if isinstance(row, MeetingOrganisation):
            for column, value in orgs[row.organisation_id].items():
                setattr(row, column, value)


def _from(model: type, source: type, field: str, key):
    """The correlated ``source.field`` of the row ``key`` points at."""
    return sa.select(getattr(source, field)).where(source.id == key).correlate(model).scalar_subquery()


def _differs(model: type, source: type, key, copies: dict[str, str]):
    """Rows of ``model`` whose copies of ``source`` are out of date (only those are rewritten)."""
    return sa.exists().where(source.id == key, sa.or_(*[
        getattr(model, column).is_distinct_from(getattr(source, field)) for column, field in copies.items()
    ]))


def recopy_meetings(bind, meeting_ids: Iterable[int]) -> None:
    """Copy these meetings' current date, status and level onto every row that copies them."""
    for batch in chunks(meeting_ids):
        for model in MEETING_COPIES:
            bind.execute(_recopy_meetings(model), {"ids": batch})


@cache
def _recopy_meetings(model: type):
    key, copies = model.meeting_id, MEETING_COPIES[model]
    return (sa.update(model)
            .where(key.in_(IDS), _differs(model, Meeting, key, copies))
            .values({column: _from(model, Meeting, field, key) for column, field in copies.items()})
            .execution_options(synchronize_session=False))


def recopy_organisations(bind, *, organisation_ids: Iterable[int] = (),
                         meeting_ids: Iterable[int] = ()) -> None:
    """Copy the organisations' current kind and sector onto their meeting rows: every row of
    ``organisation_ids``, and the rows of ``meeting_ids`` (rows moved between organisations)."""
    for by, ids in (("organisation_id", organisation_ids), ("meeting_id", meeting_ids)):
        for batch in chunks(ids):
            bind.execute(_recopy_organisations(by), {"ids": batch})


@cache
def _recopy_organisations(by: str):
    mo = MeetingOrganisation
    key = mo.organisation_id
    values = {column: _from(mo, Organisation, field, key) for column, field in ORGANISATION_COPIES.items()}
    return (sa.update(mo)
            .where(getattr(mo, by).in_(IDS), _differs(mo, Organisation, key, ORGANISATION_COPIES))
            .values(values)
            .execution_options(synchronize_session=False))


def sync_loaded_rows(session: Session, *, meeting_ids: set[int], organisation_ids: set[int]) -> None:
    """Show the copies just written on the objects this session holds (they stay readable after
    commit, so they must not keep the values from before)."""
    loaded = [obj for obj in session.identity_map.values() if type(obj) in MEETING_COPIES]
    wanted_meetings = {obj.meeting_id for obj in loaded if obj.meeting_id in meeting_ids}
    wanted_orgs = {obj.organisation_id for obj in loaded if isinstance(obj, MeetingOrganisation)
                   and (obj.organisation_id in organisation_ids or obj.meeting_id in meeting_ids)}
    if not (wanted_meetings or wanted_orgs):
        return
    meetings = {row.id: row for batch in chunks(wanted_meetings) for row in session.execute(
        sa.select(Meeting.id, Meeting.date, Meeting.status, Meeting.confidentiality, Meeting.archived_at)
        .where(Meeting.id.in_(batch))).mappings()}
    orgs = organisation_copies(session, wanted_orgs)
    for obj in loaded:
        if obj.meeting_id in meetings:
            for column, value in meeting_copies(meetings[obj.meeting_id], type(obj)).items():
                set_committed_value(obj, column, value)
        if isinstance(obj, MeetingOrganisation) and obj.organisation_id in orgs:
            for column, value in orgs[obj.organisation_id].items():
                set_committed_value(obj, column, value)
