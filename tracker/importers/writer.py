"""The validated bulk path that writes a preview's new meetings, a batch per transaction.

Writing 10,000 rows through ``create_meeting`` one by one would cost a transaction and a dozen
queries each; here every batch validates its meetings with the same input models the services
use (``MeetingCreate``, ``OrganisationCreate``, ``PersonCreate``), then inserts meetings,
participations, organisations-at-meeting, topics and one audit row per created record with
multi-row INSERTs, inside ``unit_of_work`` (so the data version is bumped with each batch).
Called only by ``tracker.services.imports.import_rows``, which checks the actor's role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.db import unit_of_work
from tracker.errors import ValidationError, validate
from tracker.importers.grouping import MeetingDraft, RowError
from tracker.importers.preview import ImportPreview, existing_import_keys
from tracker.importers.resolve import Match
from tracker.models import (
    AuditAction,
    AuditEvent,
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationCreate,
    OrganisationKind,
    ParticipantRole,
    Participation,
    Person,
    PersonCreate,
    Side,
    utcnow,
)
from tracker.models.text import normalise_key
from tracker.services.common import to_json
from tracker.services.meetings import topic_ids

BATCH_MEETINGS = 2000
Progress = Callable[[int, int], None]


@dataclass
class WriteOutcome:
    imported_rows: int = 0
    already_imported_rows: int = 0
    meetings_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    meeting_ids: list[int] = field(default_factory=list)


class _Writer:
    def __init__(self, session: Session, actor: Actor, preview: ImportPreview):
        self.session = session
        self.actor = actor
        self.preview = preview
        self.org_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.topic_ids: dict[str, int] = {}
        self.audit_rows: list[dict] = []

    def _audit(self, action: AuditAction, entity: str, entity_id: int, after: dict, summary: str) -> None:
        self.audit_rows.append({
            "at": utcnow(), "actor_id": self.actor.user_id, "actor_username": self.actor.username,
            "action": action, "entity_type": entity, "entity_id": entity_id, "before": None,
            "after": to_json(after), "summary": summary[:500]})

    def _match(self, kind: str, name: str) -> Match:
        return self.preview.matches[(kind, name)]

    def organisation_id(self, name: str, *, government: bool = False) -> int:
        match = self._match("organisation", name)
        if not match.is_new:
            return match.record_id
        key = normalise_key(match.record_name)
        if key not in self.org_ids:
            spec = self.preview.spec
            kind = OrganisationKind(spec.government_kind if government else spec.organisation_kind)
            data = validate(OrganisationCreate, {"name": match.record_name, "kind": kind})
            org = Organisation(**data.model_dump(exclude={"aliases"}), name_key=normalise_key(data.name),
                               created_at=utcnow())
            self.session.add(org)
            self.session.flush()
            self.org_ids[key] = org.id
            self._audit(AuditAction.CREATE, "organisation", org.id,
                        {"name": org.name, "kind": org.kind, "source": "import"}, org.name)
        return self.org_ids[key]

    def person_id(self, name: str) -> int:
        match = self._match("person", name)
        if not match.is_new:
            return match.record_id
        key = normalise_key(match.record_name)
        if key not in self.person_ids:
            data = validate(PersonCreate, {"name": match.record_name})
            person = Person(name=data.name, name_key=normalise_key(data.name), created_at=utcnow())
            self.session.add(person)
            self.session.flush()
            self.person_ids[key] = person.id
            self._audit(AuditAction.CREATE, "person", person.id, {"name": person.name, "source": "import"},
                        person.name)
        return self.person_ids[key]

    def topic_id(self, name: str) -> int:
        key = normalise_key(name)
        if key not in self.topic_ids:
            self.topic_ids[key] = topic_ids(self.session, [name])[0]
        return self.topic_ids[key]

    def participants(self, draft: MeetingDraft) -> tuple[list[dict], set[int]]:
        """Participation rows (without meeting id) and the organisations present."""
        people: dict[int, dict] = {}
        organisations: set[int] = {self.organisation_id(n) for n in draft.organisations}
        body_id = self.organisation_id(draft.government_body, government=True) \
            if draft.government_body else None
        if body_id:
            organisations.add(body_id)
        if draft.official:
            people[self.person_id(draft.official)] = {
                "organisation_id": body_id, "title": draft.official_title,
                "role": ParticipantRole.HOST, "side": Side.GOVERNMENT}
        single_org = self.organisation_id(draft.organisations[0]) if len(draft.organisations) == 1 else None
        for name, title in draft.people:
            people.setdefault(self.person_id(name), {
                "organisation_id": single_org, "title": title, "role": ParticipantRole.GUEST,
                "side": Side.ENTERPRISE})
        return [{"person_id": pid, **values} for pid, values in people.items()], organisations

    def check(self, draft: MeetingDraft) -> MeetingCreate:
        """The same validation ``create_meeting`` applies to the meeting's own fields."""
        return validate(MeetingCreate, {
            "title": draft.title, "date": draft.date, "date_precision": draft.precision,
            "time": draft.time, "kind": draft.kind, "status": draft.status, "place": draft.place,
            "summary": draft.summary, "source": draft.source, "confidentiality": draft.confidentiality,
            "topics": draft.topics, "import_key": draft.import_key, "organisation_ids": [0]})

    def write_batch(self, drafts: list[MeetingDraft], outcome: WriteOutcome) -> None:
        existing = existing_import_keys(self.session, [d.import_key for d in drafts])
        planned: list[tuple[MeetingDraft, MeetingCreate, list[dict], set[int]]] = []
        for draft in drafts:
            if draft.import_key in existing:
                outcome.already_imported_rows += len(draft.rows)
                continue
            try:
                data = self.check(draft)
                if data.confidentiality > self.actor.clearance:
                    raise ValidationError({"confidentiality": "above your clearance"})
                participants, organisations = self.participants(draft)
            except ValidationError as exc:
                outcome.errors += [RowError(row, exc.message) for row in draft.rows]
                continue
            planned.append((draft, data, participants, organisations))
        now = utcnow()
        meetings = []
        for draft, data, participants, organisations in planned:
            names = [data.title, data.place, data.summary, draft.official, *(p[0] for p in draft.people),
                     *draft.organisations, draft.government_body, *data.topics]
            meetings.append(Meeting(
                title=data.title, date=data.date, date_precision=data.date_precision, time=data.time,
                kind=data.kind, status=data.status, place=data.place, summary=data.summary,
                source=data.source, confidentiality=data.confidentiality, version=1,
                import_key=data.import_key, created_at=now, updated_at=now,
                search_text=" | ".join(n for n in names if n).casefold()))
        self.session.add_all(meetings)
        self.session.flush()
        participation_rows, organisation_rows, topic_rows = [], [], []
        for meeting, (draft, data, participants, organisations) in zip(meetings, planned, strict=True):
            copies = {"meeting_date": meeting.date, "meeting_status": meeting.status,
                      "confidentiality": meeting.confidentiality}
            participation_rows += [{"meeting_id": meeting.id, **p, **copies} for p in participants]
            organisation_rows += [{"meeting_id": meeting.id, "organisation_id": o, **copies}
                                  for o in sorted(organisations)]
            topic_rows += [{"meeting_id": meeting.id, "topic_id": t}
                           for t in dict.fromkeys(self.topic_id(n) for n in data.topics)]
            self._audit(AuditAction.CREATE, "meeting", meeting.id, {
                "title": meeting.title, "date": meeting.date, "date_precision": meeting.date_precision,
                "import_key": meeting.import_key, "organisation_ids": sorted(organisations),
                "participants": [p["person_id"] for p in participants], "topics": data.topics,
                "source_rows": draft.rows}, meeting.title)
            outcome.imported_rows += len(draft.rows)
            outcome.meeting_ids.append(meeting.id)
        for model, rows in ((Participation, participation_rows), (MeetingOrganisation, organisation_rows),
                            (MeetingTopic, topic_rows), (AuditEvent, self.audit_rows)):
            if rows:
                self.session.execute(sa.insert(model), rows)
        self.audit_rows = []
        outcome.meetings_created += len(meetings)


def write_preview(session: Session, actor: Actor, preview: ImportPreview, *,
                  progress: Progress | None = None) -> WriteOutcome:
    """Write the preview's new meetings in batches; the last batch carries the import's audit row."""
    writer = _Writer(session, actor, preview)
    outcome = WriteOutcome()
    drafts = preview.drafts
    total = sum(len(d.rows) for d in drafts)
    done = 0
    batches = [drafts[i:i + BATCH_MEETINGS] for i in range(0, len(drafts), BATCH_MEETINGS)] or [[]]
    for number, batch in enumerate(batches, start=1):
        with unit_of_work(session):
            writer.write_batch(batch, outcome)
            if number == len(batches):
                session.add(AuditEvent(
                    actor_id=actor.user_id, actor_username=actor.username, action=AuditAction.IMPORT,
                    entity_type="import", entity_id=None, after=to_json({
                        "file": preview.table.filename, "rows_read": preview.rows_read,
                        "imported": outcome.imported_rows,
                        "already_imported": outcome.already_imported_rows,
                        "rejected": preview.rejected + len(outcome.errors),
                        "meetings_created": outcome.meetings_created}),
                    summary=f"Imported {preview.table.filename}"[:500]))
        done += sum(len(d.rows) for d in batch)
        if progress is not None:
            progress(done, total)
    return outcome
