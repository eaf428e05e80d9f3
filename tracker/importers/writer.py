"""The validated bulk path that writes a preview's new meetings, a batch per transaction.

Writing 10,000 rows through ``create_meeting`` one by one would cost a transaction and a dozen
queries each; here every batch validates its meetings with the same input models the services
use (``MeetingCreate``, ``OrganisationCreate``, ``PersonCreate``), then inserts meetings,
participations, organisations-at-meeting and topics with multi-row INSERTs, and stages one
audit row per created record (chained and inserted as the batch commits), inside
``unit_of_work`` (so the data version is bumped with each batch). The read model's projection
then runs once per batch for the batch's meetings (search text, summaries), as for any write.
Called only by ``tracker.importers.run.import_rows``, which checks the actor's role.

A dry run takes the same path in one transaction that is rolled back at the end, so it rejects
exactly the rows the import would (a value too long once cleaned, a level above the actor's
clearance, anything the database refuses) and counts what the import would write.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from tracker.audit import chain as audit_chain
from tracker.audit.record import record_audit, to_json
from tracker.auth.actor import Actor
from tracker.db import DIRECTORY_LOCK, lock_until_commit, unit_of_work
from tracker.errors import ValidationError, validate
from tracker.i18n import gettext
from tracker.importers.grouping import MeetingDraft, RowError
from tracker.importers.preview import ImportPreview, existing_import_keys
from tracker.importers.resolve import Match
from tracker.models import (
    AuditAction,
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    OrganisationCreate,
    OrganisationKind,
    ParticipantIn,
    ParticipantRole,
    Participation,
    Person,
    PersonCreate,
    Side,
    Topic,
    utcnow,
)
from tracker.models.text import normalise_key
from tracker.read_model import meeting_copies, meeting_search_text, organisation_copies, project, touch
from tracker.read_model.names import search_key
from tracker.read_model.search_text import names_by_id
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


def bulk_insert(session: Session, model, rows: list[dict], *returning: str) -> list[tuple]:
    """A multi-row INSERT. On PostgreSQL, rows without RETURNING go through ``COPY`` (an
    executemany costs a round trip per row on psycopg); otherwise asking for RETURNING makes
    SQLAlchemy batch the rows into a few ``INSERT … VALUES (…), (…)`` ("insertmanyvalues")."""
    if not rows:
        return []
    table = model.__table__
    if not returning and session.get_bind().dialect.name == "postgresql":
        _copy_rows(session, table, rows)
        return []
    columns = [table.c[name] for name in (returning or [table.primary_key.columns.keys()[0]])]
    return [tuple(row) for row in session.execute(sa.insert(table).returning(*columns), rows)]


def _copy_value(value, json_type):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dict, list)):
        return json_type(value)
    return value


def _copy_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """``COPY table (columns) FROM STDIN`` inside the session's transaction (PostgreSQL)."""
    from psycopg.types.json import Json

    columns = list(rows[0])
    quoted = ", ".join(f'"{name}"' for name in columns)
    connection = session.connection().connection.dbapi_connection
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_copy_value(row[name], Json) for name in columns])


class _Writer:
    def __init__(self, session: Session, actor: Actor, preview: ImportPreview):
        self.session = session
        self.actor = actor
        self.preview = preview
        self.org_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.topic_ids: dict[str, int] = {}
        self.staged_orgs: dict[str, dict] = {}
        self.staged_people: dict[str, dict] = {}

    def _audit(self, action: AuditAction, entity: str, entity_id: int, after: dict, summary: str) -> None:
        audit_chain.stage(self.session, {
            "at": utcnow(), "actor_id": self.actor.user_id, "actor_username": self.actor.username,
            "action": action, "entity_type": entity, "entity_id": entity_id, "before": None,
            "after": to_json(after), "summary": summary[:500]})

    def _match(self, kind: str, name: str) -> Match:
        """The preview's match; a name it did not need then (its meeting looked imported) now."""
        key = (kind, name)
        if key not in self.preview.matches:
            index = self.preview.organisations if kind == "organisation" else self.preview.people
            self.preview.matches[key] = index.resolve(name)
        return self.preview.matches[key]

    def _insert_and_fetch_ids(self, model, rows: list[dict], key: str) -> dict[str, int]:
        """Multi-row INSERT returning the new ids by ``key`` (unique within ``rows``)."""
        if not rows:
            return {}
        if model is Meeting and self.session.get_bind().dialect.name == "postgresql":
            # COPY, then the ids by their unique import key: far faster than RETURNING there.
            bulk_insert(self.session, model, rows)
            keys = [row[key] for row in rows]
            found: dict[str, int] = {}
            for start in range(0, len(keys), 1000):
                query = sa.select(Meeting.id, Meeting.import_key).where(
                    Meeting.import_key.in_(keys[start:start + 1000]))
                found.update({found_key: found_id for found_id, found_key in self.session.execute(query)})
            return found
        inserted = bulk_insert(self.session, model, rows, "id", key)
        return {found_key: found_id for found_id, found_key in inserted}

    def stage_new_records(self, draft: MeetingDraft) -> None:
        """Validate the new organisations and people a draft needs and queue them for insert."""
        spec = self.preview.spec
        organisations: dict[str, dict] = {}
        people: dict[str, dict] = {}
        names = [(n, False) for n in draft.organisations]
        if draft.government_body:
            names.append((draft.government_body, True))
        for name, government in names:
            match = self._match("organisation", name)
            key = normalise_key(match.record_name)
            if match.is_new and key not in self.org_ids and key not in self.staged_orgs:
                kind = OrganisationKind(spec.government_kind if government else spec.organisation_kind)
                data = validate(OrganisationCreate, {"name": match.record_name, "kind": kind})
                organisations[key] = {**data.model_dump(exclude={"aliases"}), "name_key": key,
                                      "search_key": search_key(data.name, data.local_name, person=False),
                                      "created_at": utcnow()}
        for name in [p[0] for p in draft.people] + ([draft.official] if draft.official else []) \
                + draft.other_officials:
            match = self._match("person", name)
            key = normalise_key(match.record_name)
            if match.is_new and key not in self.person_ids and key not in self.staged_people:
                data = validate(PersonCreate, {"name": match.record_name})
                people[key] = {"name": data.name, "name_key": key,
                               "search_key": search_key(data.name, person=True), "created_at": utcnow()}
        self.staged_orgs.update(organisations)
        self.staged_people.update(people)

    def insert_staged(self) -> None:
        """Insert the queued organisations and people with one multi-row INSERT each; a name
        another writer created since the preview (an import running at the same time) is taken
        from the database instead of created twice."""
        for model, rows, ids, entity in ((Organisation, self.staged_orgs, self.org_ids, "organisation"),
                                         (Person, self.staged_people, self.person_ids, "person")):
            for key, found_id in self._created_meanwhile(model, list(rows)).items():
                ids[key] = found_id
                del rows[key]
            if not rows:
                continue
            new_ids = self._insert_and_fetch_ids(model, list(rows.values()), "name_key")
            created = {"new_people" if model is Person else "new_organisations": list(new_ids.values())}
            touch(self.session, **created)
            for key, row in rows.items():
                new_id = new_ids[row["name_key"]]
                ids[key] = new_id
                self._audit(AuditAction.CREATE, entity, new_id,
                            {k: v for k, v in row.items()
                             if k not in ("name_key", "search_key", "created_at")}
                            | {"source": "import"}, row["name"])
            rows.clear()

    def _created_meanwhile(self, model, keys: list[str]) -> dict[str, int]:
        """The oldest record of ``model`` for each of these name keys that now exists."""
        found: dict[str, int] = {}
        for start in range(0, len(keys), 1000):
            query = sa.select(model.name_key, sa.func.min(model.id)).where(
                model.name_key.in_(keys[start:start + 1000])).group_by(model.name_key)
            found.update(dict(self.session.execute(query).all()))
        return found

    def organisation_id(self, name: str) -> int:
        match = self._match("organisation", name)
        return match.record_id if not match.is_new else self.org_ids[normalise_key(match.record_name)]

    def person_id(self, name: str) -> int:
        match = self._match("person", name)
        return match.record_id if not match.is_new else self.person_ids[normalise_key(match.record_name)]

    def topic_id(self, name: str) -> int:
        key = normalise_key(name)
        if key not in self.topic_ids:
            self.topic_ids[key] = topic_ids(self.session, [name])[0]
        return self.topic_ids[key]

    def participants(self, draft: MeetingDraft) -> tuple[list[dict], set[int]]:
        """Participation rows (without meeting id) and the organisations present."""
        people: dict[int, dict] = {}
        organisations: set[int] = {self.organisation_id(n) for n in draft.organisations}
        body_id = self.organisation_id(draft.government_body) \
            if draft.government_body else None
        if body_id:
            organisations.add(body_id)
        if draft.official:
            people[self.person_id(draft.official)] = {
                "organisation_id": body_id, "title": draft.official_title,
                "role": ParticipantRole.HOST, "side": Side.GOVERNMENT}
        for name in draft.other_officials:
            people.setdefault(self.person_id(name), {
                "organisation_id": body_id, "title": None, "role": ParticipantRole.ATTENDEE,
                "side": Side.GOVERNMENT})
        single_org = self.organisation_id(draft.organisations[0]) if len(draft.organisations) == 1 else None
        for name, title in draft.people:
            people.setdefault(self.person_id(name), {
                "organisation_id": single_org, "title": title, "role": ParticipantRole.GUEST,
                "side": Side.ENTERPRISE})
        return [{"person_id": pid, **values} for pid, values in people.items()], organisations

    @staticmethod
    def check_titles(draft: MeetingDraft) -> None:
        """The participants' titles as ``create_meeting`` takes them (cleaned, at most 300
        characters); kept cleaned on the draft, as the database stores them."""
        def cleaned(name: str | None, title: str | None) -> str | None:
            try:
                return validate(ParticipantIn, {"person_id": 0, "title": title}).title
            except ValidationError as exc:
                raise ValidationError({f"title of {name}": exc.errors.get("title", exc.message)}) \
                    from None
        draft.official_title = cleaned(draft.official, draft.official_title)
        draft.people = [(name, cleaned(name, title)) for name, title in draft.people]

    def check(self, draft: MeetingDraft) -> MeetingCreate:
        """The same validation ``create_meeting`` applies to the meeting's own fields."""
        self.check_titles(draft)
        return validate(MeetingCreate, {
            "title": draft.title, "date": draft.date, "date_precision": draft.precision,
            "time": draft.time, "kind": draft.kind, "status": draft.status, "place": draft.place,
            "summary": draft.summary, "confidentiality": draft.confidentiality,
            "source": draft.source or f"Imported from {self.preview.table.filename}, "
                                      f"row{'s' if len(draft.rows) > 1 else ''} "
                                      f"{', '.join(map(str, draft.rows[:20]))}",
            "topics": draft.topics, "import_key": draft.import_key, "organisation_ids": [0]})

    def search_texts(self, planned, present, topics) -> list[str]:
        """The meetings' search text as the read model builds it for any meeting (the records'
        stored names and local names, the topics' stored names), before they are inserted."""
        names = {model: names_by_id(self.session, model, ids) for model, ids in (
            (Person, {p["person_id"] for participants, _orgs in present for p in participants}),
            (Organisation, {o for _participants, orgs in present for o in orgs}),
            (Topic, {t for ids in topics for t in ids}))}
        return [meeting_search_text(
            data.title, data.place, data.summary,
            [names[Person][p["person_id"]] for p in participants],
            [names[Organisation][o] for o in sorted(orgs)],
            [names[Topic][t][0] for t in topic_ids_])
            for (_draft, data), (participants, orgs), topic_ids_
            in zip(planned, present, topics, strict=True)]

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
                    raise ValidationError({"confidentiality": gettext("above your clearance")})
                self.stage_new_records(draft)
            except ValidationError as exc:
                outcome.errors += [RowError(row, exc.message) for row in draft.rows]
                continue
            planned.append((draft, data))
        self.insert_staged()
        present = [self.participants(draft) for draft, _data in planned]
        topics = [list(dict.fromkeys(self.topic_id(n) for n in data.topics)) for _draft, data in planned]
        texts = self.search_texts(planned, present, topics)
        now = utcnow()
        meeting_rows = []
        for (_draft, data), text in zip(planned, texts, strict=True):
            meeting_rows.append({
                "title": data.title, "date": data.date, "date_precision": data.date_precision,
                "time": data.time, "kind": data.kind, "status": data.status, "place": data.place,
                "event_id": None, "summary": data.summary, "source": data.source, "source_url": None,
                "confidentiality": data.confidentiality, "version": 1, "import_key": data.import_key,
                "created_at": now, "updated_at": now, "search_text": text})
        ids_by_key = self._insert_and_fetch_ids(Meeting, meeting_rows, "import_key")
        meeting_ids = [ids_by_key[row["import_key"]] for row in meeting_rows]
        participation_rows, organisation_rows, topic_rows = [], [], []
        org_copies = organisation_copies(self.session, {o for _p, orgs in present for o in orgs})
        for meeting_id, row, (draft, data), (participants, organisations), topic_ids_ in zip(
                meeting_ids, meeting_rows, planned, present, topics, strict=True):
            copies = meeting_copies(row)
            participation_rows += [{"meeting_id": meeting_id, **p, **copies} for p in participants]
            organisation_rows += [{"meeting_id": meeting_id, "organisation_id": o, **copies, **org_copies[o]}
                                  for o in sorted(organisations)]
            topic_rows += [{"meeting_id": meeting_id, "topic_id": t} for t in topic_ids_]
            self._audit(AuditAction.CREATE, "meeting", meeting_id, {
                "title": row["title"], "date": row["date"], "date_precision": row["date_precision"],
                "import_key": row["import_key"], "organisation_ids": sorted(organisations),
                "participants": [p["person_id"] for p in participants], "topics": data.topics,
                "source_rows": draft.rows}, row["title"])
            outcome.imported_rows += len(draft.rows)
            outcome.meeting_ids.append(meeting_id)
        for model, rows in ((Participation, participation_rows), (MeetingOrganisation, organisation_rows),
                            (MeetingTopic, topic_rows)):
            bulk_insert(self.session, model, rows)
        # Inserted with Core, which the session's events do not see; their search text is written.
        touch(self.session, meetings=meeting_ids, search_text_written=True)
        project(self.session)
        outcome.meetings_created += len(meeting_ids)


@contextmanager
def _rolled_back(session: Session) -> Iterator[Session]:
    """One transaction around every batch of a dry run, rolled back whatever happens."""
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()   # a read snapshot left open cannot become a write on SQLite
    try:
        yield session
    finally:
        session.rollback()


@contextmanager
def _flushed(session: Session) -> Iterator[Session]:
    """A dry run's batch: written (so the database checks it) but not committed."""
    yield session
    session.flush()


def write_preview(session: Session, actor: Actor, preview: ImportPreview, *,
                  progress: Progress | None = None, dry_run: bool = False) -> WriteOutcome:
    """Write the preview's new meetings in batches; the last batch carries the import's audit row.
    With ``dry_run`` everything is written the same way in one transaction, then rolled back."""
    writer = _Writer(session, actor, preview)
    outcome = WriteOutcome()
    drafts = preview.drafts
    total = sum(len(d.rows) for d in drafts)
    done = 0
    batches = [drafts[i:i + BATCH_MEETINGS] for i in range(0, len(drafts), BATCH_MEETINGS)] or [[]]
    transaction = _flushed if dry_run else unit_of_work
    with _rolled_back(session) if dry_run else nullcontext():
        for number, batch in enumerate(batches, start=1):
            with transaction(session):
                # Concurrent imports take turns per batch, so the import keys and the names checked
                # below are what the others committed: without it, imports at once duplicated people
                # and crashed on the topic and import-key unique constraints (PostgreSQL).
                lock_until_commit(session, DIRECTORY_LOCK)
                writer.write_batch(batch, outcome)
                if number == len(batches):
                    record_audit(
                        session, actor=actor, action=AuditAction.IMPORT, entity="import", entity_id=None,
                        after=to_json({
                            "file": preview.table.filename, "rows_read": preview.rows_read,
                            "imported": outcome.imported_rows,
                            "already_imported": outcome.already_imported_rows,
                            "rejected": preview.rejected + len(outcome.errors),
                            "skipped_by_rule": preview.skipped_by_rule,
                            "meetings_created": outcome.meetings_created}),
                        summary=f"Imported {preview.table.filename}")
            done += sum(len(d.rows) for d in batch)
            if progress is not None:
                progress(done, total)
    return outcome
