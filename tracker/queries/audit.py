"""Reads of the audit trail: the admin page (filtered, paged in SQL) and one record's history.

Audit rows keep the record before and after as JSON, including its confidentiality; a reader
never sees a row about a record above their clearance (filtered in SQL on that JSON value).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker import labels
from tracker.audit.record import changed_fields
from tracker.audit.verify import verify_connection
from tracker.auth.visibility import event_visible, organisation_visible, person_visible, sees_everything
from tracker.i18n import N_, gettext, pgettext
from tracker.models import AuditEvent, Event, Organisation, Person
from tracker.models.enums import AuditAction, Confidentiality

# Bookkeeping, not what a person changed: the row id is the record's, search keys are derived.
HIDDEN_FIELDS = {"version", "updated_at", "search_text", "search_key", "created_at", "id"}
VALUE_MAX = 120
# ``event`` is the sentence a person reads ("edith updated organisation Tencent") and ``record``
# its record in words; ``action``, ``entity`` and ``entity_id`` stay codes, for filters and links
# (pages show them through tracker.labels).
COLUMNS = ["id", "at", "user", "action", "record", "event", "summary", "changes", "entity",
           "entity_id"]
# The words of the record types and changed fields the trail names ("organisation", "end date"):
# what tracker.labels makes of the codes, marked here for the catalogue.
AUDITED_WORDS = (
    N_("Agreement"), N_("Person"), N_("User"), N_("Session"), N_("Cooperation area"), N_("Database"),
    N_("Duplicate dismissal"), N_("Import mapping"), N_("Pledge update"), N_("Position"),
    N_("Return sign-off"), N_("Currency"), N_("Description"), N_("Document url"), N_("Start date"),
    N_("End date"), N_("First met"), N_("Last met"), N_("Is active"), N_("Made on"), N_("Target date"),
    N_("Last update on"), N_("Meeting date"), N_("Mapping"), N_("On"), N_("Signatory title"),
    N_("Signed at"), N_("Signed by"), N_("Source url"), N_("Value"), N_("Website"), N_("Failed logins"),
    N_("Locked until"), N_("Last login at"), N_("Ended at"), N_("End reason"), N_("Expires at"),
    N_("Absolute expires at"), N_("Last seen at"), N_("User agent"), N_("Dimension"), N_("Segment"),
    N_("Record kind"), N_("Created by"), N_("Dismissed at"), N_("Dismissed by"), N_("Key"),
    N_("Key kind"), N_("Attempts"), N_("Last attempt at"), N_("Organisation sector"),
    N_("Meeting status"), N_("Actor"), N_("Archived at"), N_("Import key"), N_("Organisation alias"),
    N_("Person alias"), N_("Participation"), N_("Meeting topic"), N_("Agreement party"),
    N_("Meeting organisation"),
)
# What names a record in its snapshot, in order of preference.
NAME_FIELDS = ("name", "title", "username", "label")
# The sentence of each action, whole, so that a language can order it its own way (Chinese puts
# the verb's 了 and quotes the record's name: "edith 修改了机构“腾讯”").
EVENT_SENTENCES = {
    "create": N_("{user} created {record}"),
    "update": N_("{user} updated {record}"),
    "delete": N_("{user} deleted {record}"),
    "merge": N_("{user} merged {record}"),
    "import": N_("{user} imported {record}"),
    "sign_off": N_("{user} signed off {record}"),
}


@dataclass(frozen=True)
class AuditQuery:
    """What the audit page filters on (hashable, so pages cache on it)."""

    clearance: Confidentiality = Confidentiality.PUBLIC
    username: str | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    action: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    # Sign-ins and ended sessions outnumber the changes; the audit page hides them unless asked.
    sign_ins: bool = True


def _is_sign_in() -> sa.ColumnElement:
    return sa.or_(AuditEvent.action == AuditAction.SIGN_IN, AuditEvent.entity_type == "user_session")


def _level(column) -> sa.ColumnElement:
    return column["confidentiality"].as_integer()


def record_level() -> sa.ColumnElement:
    """The higher of the before/after confidentiality (a record lowered from secret stays secret
    in its history); 0 for records without one (organisations, people, users)."""
    after = sa.func.coalesce(_level(AuditEvent.after), -1)
    before = sa.func.coalesce(_level(AuditEvent.before), -1)
    return sa.case((after >= before, sa.func.coalesce(_level(AuditEvent.after), 0)),
                   else_=sa.func.coalesce(_level(AuditEvent.before), 0))


def _about_known_records(clearance) -> list[sa.ColumnElement]:
    """Leave out rows about an organisation, person or event the reader may not know of."""
    if sees_everything(clearance):
        return []

    def hidden(entity_type: str, model, visible) -> sa.ColumnElement:
        return sa.and_(AuditEvent.entity_type == entity_type, sa.exists(
            sa.select(1).select_from(model)
            .where(model.id == AuditEvent.entity_id, ~visible(clearance, model))))

    return [~hidden("organisation", Organisation, organisation_visible),
            ~hidden("person", Person, person_visible), ~hidden("event", Event, event_visible),
            ~hidden("organisation_importance", Organisation, organisation_visible)]


def _where(query: AuditQuery) -> list[sa.ColumnElement]:
    level = record_level()
    conditions: list[sa.ColumnElement] = [level <= int(query.clearance),
                                          *_about_known_records(query.clearance)]
    if query.username:
        conditions.append(AuditEvent.actor_username == query.username)
    if query.entity_type:
        conditions.append(AuditEvent.entity_type == query.entity_type)
    if query.entity_id is not None:
        conditions.append(AuditEvent.entity_id == query.entity_id)
    if query.action:
        conditions.append(AuditEvent.action == query.action)
    elif not query.sign_ins:
        conditions.append(~_is_sign_in())
    if query.start:
        conditions.append(AuditEvent.at >= dt.datetime.combine(query.start, dt.time(), dt.UTC))
    if query.end:
        end = dt.datetime.combine(query.end + dt.timedelta(days=1), dt.time(), dt.UTC)
        conditions.append(AuditEvent.at < end)
    return conditions


def _short(field: str, value: Any) -> str:
    text = labels.value_text(field, value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def describe_changes(before: dict | None, after: dict | None, entity: str | None = None) -> str:
    """'field: before → after' per changed field, one per line, fields and codes in words
    ('kind: Private enterprise → State owned enterprise'); created/deleted: the values. The
    ``name`` of a record that is no person (``entity``) is an organisation's or event's: 名称, not 姓名."""
    changes = changed_fields(before, after)
    sentence = gettext("{field}: {before} → {after}")

    def named(field: str) -> str:
        if field == "name" and entity not in (None, "person"):
            word = pgettext("an organisation's", "Name")
            return word[:1].lower() + word[1:]  # inside a sentence, as labels.field writes it
        return labels.field(field)

    lines = [sentence.format(field=named(field), before=_short(field, old), after=_short(field, new))
             for field, (old, new) in changes.items() if field not in HIDDEN_FIELDS]
    return "\n".join(lines)


def _record_name(before: dict | None, after: dict | None) -> str | None:
    for snapshot in (after or {}, before or {}):
        for key in NAME_FIELDS:
            if snapshot.get(key):
                return str(snapshot[key])
    return None


def describe_record(entity: str | None, entity_id: int | None, before: dict | None,
                    after: dict | None) -> str:
    """Which record, in words: 'organisation Tencent', 'meeting #12', 'import'."""
    kind = labels.label(entity).lower() if entity else gettext("record")
    name = _record_name(before, after)
    if name:
        return gettext("{kind} {name}").format(kind=kind, name=name)
    if entity_id is not None:
        return gettext("{kind} #{id}").format(kind=kind, id=entity_id)
    return kind


def describe_event(user: str, action: Any, entity: str | None, entity_id: int | None,
                   before: dict | None, after: dict | None) -> str:
    """Who did what to which record: 'edith updated organisation Tencent', 'edith signed in'."""
    code = str(getattr(action, "value", action))
    if code == AuditAction.SIGN_IN.value:
        return gettext("{user} signed in").format(user=user)
    record = describe_record(entity, entity_id, before, after)
    if code in EVENT_SENTENCES:
        return gettext(EVENT_SENTENCES[code]).format(user=user, record=record)
    return f"{user} {labels.action_verb(action)} {record}"


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": r.id, "at": r.at, "user": r.actor_username, "action": getattr(r.action, "value", r.action),
          "record": describe_record(r.entity_type, r.entity_id, r.before, r.after),
          "event": describe_event(r.actor_username, r.action, r.entity_type, r.entity_id,
                                  r.before, r.after),
          "summary": r.summary or labels.EMPTY,
          "changes": describe_changes(r.before, r.after, r.entity_type) or labels.EMPTY,
          "entity": r.entity_type, "entity_id": r.entity_id} for r in rows],
        columns=COLUMNS)


def count_audit_events(session: Session, query: AuditQuery) -> int:
    """How many audit rows match (for the pager)."""
    return session.execute(sa.select(sa.func.count()).select_from(AuditEvent)
                           .where(*_where(query))).scalar_one()


def list_audit_events(session: Session, query: AuditQuery, *, page: int = 1,
                      page_size: int = 50) -> pd.DataFrame:
    """One page of matching audit rows, newest first, with a before → after line per change."""
    page, page_size = max(1, page), max(1, min(page_size, 500))
    rows = session.execute(
        sa.select(AuditEvent).where(*_where(query))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size).offset((page - 1) * page_size)).scalars().all()
    return _frame(rows)


def audit_facets(session: Session) -> dict[str, list[str]]:
    """The users, entity types and actions present, for the page's filter choices."""
    def distinct(column) -> list[str]:
        values = session.execute(sa.select(column).distinct().order_by(column)).scalars().all()
        return [getattr(v, "value", v) for v in values if v is not None]

    return {"users": distinct(AuditEvent.actor_username),
            "entities": distinct(AuditEvent.entity_type),
            "actions": distinct(AuditEvent.action)}


def entity_history(session: Session, entity_type: str, entity_id: int,
                   clearance: Confidentiality = Confidentiality.PUBLIC, limit: int = 200) -> pd.DataFrame:
    """Every audit row about one record, newest first (the history panel on record pages)."""
    query = AuditQuery(clearance=clearance, entity_type=entity_type, entity_id=entity_id)
    return list_audit_events(session, query, page=1, page_size=limit)


def audit_chain_state(session: Session) -> dict[str, Any]:
    """The hash chain's state for the audit page: intact up to row N, or broken at row N and how."""
    report = verify_connection(session.connection())
    return {"intact": report.intact, "rows": report.rows, "last_id": report.last_id,
            "broken_id": report.broken_id, "problem": report.problem, "message": report.describe()}
