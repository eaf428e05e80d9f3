"""The demo generator: a believable, deterministic engagement history around the reference
scenario, at DESIGN.md's ratios for any number of meetings, written in batches.

Per 100,000 meetings: 10,000 organisations, 40,000 people, about 400,000 participations,
10,000 agreements and 30,000 pledges (with small minimums). The same seed, the same day and the
same starting database give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from seed_data.generator import vocab
from seed_data.generator.calendar import FUTURE_DAYS, plan_events, plan_meeting_dates
from seed_data.generator.meetings import MeetingBuilder, MeetingPlan, Roster
from seed_data.generator.naming import NameMaker
from seed_data.generator.organisations import OrganisationMaker
from seed_data.generator.people import PeopleMaker, position_rows
from seed_data.generator.pipeline import draw_chunks, write_pipelined
from seed_data.generator.signings import SigningBuilder
from seed_data.generator.vocab_government import government_specs
from seed_data.generator.writer import BatchWriter
from tracker.audit.chain import append_rows
from tracker.auth.actor import SYSTEM_ACTOR, Actor, require_write
from tracker.db import bump_data_version, refresh_statistics
from tracker.errors import ValidationError
from tracker.models import (
    AuditEvent,
    CooperationArea,
    Event,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Topic,
)
from tracker.models.text import normalise_key
from tracker.read_model import refresh_name_keys, refresh_summaries
from tracker.taxonomy import ensure_default_taxonomy

__all__ = ["generate", "target_sizes"]

BULK_CACHE_KIB = 400_000
DEFER_INDEXES_FROM = 20_000  # meetings; below this, rebuilding indexes costs more than it saves
RECORDED_AT = dt.datetime(2014, 12, 31, 9, 0, tzinfo=dt.UTC)  # directories were entered before 2015


def target_sizes(meetings: int) -> dict[str, int]:
    """How many of each entity ``meetings`` meetings come with (DESIGN.md's working-scale ratios)."""
    return {
        "meeting": meetings,
        "organisation": max(16, round(meetings * 0.1)),
        "person": max(48, round(meetings * 0.4)),
        "agreement": round(meetings * 0.1),
        "pledge": round(meetings * 0.3),
        "event": max(3, round(meetings / 250)),
    }


def generate(
    target: Engine | Session,
    *,
    meetings: int,
    seed: int = 42,
    actor: Actor = SYSTEM_ACTOR,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Generate ``meetings`` meetings with everything around them; returns rows written per table.

    Given an engine, it writes in its own transaction; given a session, inside the session's
    transaction, which the caller commits."""
    if meetings < 1:
        raise ValidationError({"meetings": "generate at least one meeting"})
    require_write(actor, "generate demo data")
    today = today or dt.date.today()
    if isinstance(target, Session):
        ensure_default_taxonomy(target, actor)
        connection = target.connection()
        with _bulk_settings(connection):
            return _generate(connection, meetings, seed, actor, progress, today)
    with Session(target) as session:
        ensure_default_taxonomy(session, actor)
    with target.begin() as connection, _bulk_settings(connection):
        return _generate(connection, meetings, seed, actor, progress, today)


@contextmanager
def _bulk_settings(connection: Connection):
    """SQLite: a large page cache while writing, so index pages stay in memory (then the default)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _existing(connection: Connection) -> dict:
    def pairs(query):
        return {key: value for key, value in connection.execute(query)}

    used = set(pairs(sa.select(Organisation.name_key, Organisation.id)))
    used |= set(pairs(sa.select(OrganisationAlias.alias_key, OrganisationAlias.id)))
    used |= set(pairs(sa.select(Person.name_key, Person.id)))
    used |= set(pairs(sa.select(PersonAlias.alias_key, PersonAlias.id)))
    return {
        "organisations": pairs(sa.select(Organisation.name_key, Organisation.id)),
        "used": used,
        "events": {name.casefold(): id_ for name, id_ in connection.execute(sa.select(Event.name, Event.id))},
        "topics": pairs(sa.select(Topic.name_key, Topic.id)),
        "areas": {
            name: id_ for name, id_ in connection.execute(sa.select(CooperationArea.name, CooperationArea.id))
        },
    }


def _alias_rows(
    owner_field: str, owner_id: int, name: str, aliases: list[str], ids, table: str
) -> list[dict]:
    own, seen, rows = normalise_key(name), set(), []
    for alias in aliases:
        key = normalise_key(alias)
        if key != own and key not in seen:
            seen.add(key)
            rows.append({"id": ids(table), owner_field: owner_id, "alias": alias, "alias_key": key})
    return rows


def _plan(rng: random.Random, dated, sizes: dict[str, int], today: dt.date) -> list[MeetingPlan]:
    """Status, date precision, agreements and pledges of every meeting, decided up front so the
    totals match the ratios exactly."""
    plans = []
    for day, event in dated:
        if day > today:
            status, precision = ("cancelled" if rng.random() < 0.08 else "planned"), "day"
        else:
            status = "cancelled" if rng.random() < 0.03 else "held"
            precision = (
                "day" if event is not None else rng.choices(("day", "month", "quarter"), (88, 9, 3))[0]
            )
        plans.append(MeetingPlan(day, event, status, precision, 0, 0))
    held = [i for i, p in enumerate(plans) if p.status == "held"]
    signing = rng.sample(held, min(sizes["agreement"], len(held)))
    budget = sizes["pledge"]
    for index in signing:
        plans[index].agreements = 1
        count = min(budget, rng.choice((1, 2, 2, 3)))
        plans[index].pledges += count
        budget -= count
    if held:
        for index in rng.choices(held, k=budget):
            plans[index].pledges += 1
    return plans


def _write_directory(writer: BatchWriter, orgs, people, stints) -> None:
    """Organisations, people, their aliases and positions (titles over time)."""
    writer.insert("organisation", [o.row(RECORDED_AT) for o in orgs])
    writer.insert(
        "organisation_alias",
        [
            row
            for o in orgs
            for row in _alias_rows("organisation_id", o.id, o.name, o.aliases, writer, "organisation_alias")
        ],
    )
    writer.insert("person", [p.row(RECORDED_AT) for p in people])
    writer.insert(
        "person_alias",
        [
            row
            for p in people
            for row in _alias_rows("person_id", p.id, p.name, p.aliases, writer, "person_alias")
        ],
    )
    writer.insert("position", position_rows(stints, lambda: writer("position")))


def _topics(writer: BatchWriter, existing: dict[str, int]) -> list[tuple[int, str]]:
    """(id, name) of the topic vocabulary, reusing topics already in the database."""
    topics, rows = [], []
    for name in vocab.TOPICS:
        key = normalise_key(name)
        topic_id = existing.get(key)
        if topic_id is None:
            topic_id = writer("topic")
            rows.append({"id": topic_id, "name": name, "name_key": key})
        topics.append((topic_id, name))
    writer.insert("topic", rows)
    return topics


def _generate(
    connection: Connection,
    meetings: int,
    seed: int,
    actor: Actor,
    progress: Callable[[int], None] | None,
    today: dt.date,
) -> dict[str, int]:
    rng = random.Random(seed)
    sizes = target_sizes(meetings)
    writer = BatchWriter(connection)
    existing = _existing(connection)
    names = NameMaker(rng, seed, existing["used"])

    org_maker = OrganisationMaker(rng, names, lambda: writer("organisation"))
    gov_count = min(len(government_specs()), max(8, round(sizes["organisation"] * 0.12)))
    government = org_maker.government(gov_count, existing["organisations"])
    new_gov = sum(not o.existing for o in government)
    enterprises = org_maker.enterprises(max(8, sizes["organisation"] - new_gov))
    orgs = government + enterprises
    people, stints = PeopleMaker(rng, names, today, lambda: writer("person")).build(orgs, sizes["person"])
    _write_directory(writer, [o for o in orgs if not o.existing], people, stints)

    events = plan_events(rng, sizes["event"], today, existing["events"], lambda: writer("event"))
    writer.insert("event", [e.row() for e in events if not e.existing])
    topics = _topics(writer, existing["topics"])

    plans = _plan(rng, plan_meeting_dates(rng, meetings, events, today), sizes, today)
    roster = Roster(orgs, people, stints, until=today + dt.timedelta(days=FUTURE_DAYS))
    org_names = {o.id: (o.name, o.local_name) for o in orgs}
    # Kind and sector as stored (reference organisations included), copied into meeting_organisation.
    org_copies = {
        org_id: {"organisation_kind": kind, "organisation_sector": sector}
        for org_id, kind, sector in connection.exec_driver_sql("SELECT id, kind, sector FROM organisation")
    }
    builder = MeetingBuilder(rng, roster, {o.id: o for o in orgs}, topics, today, writer,
                             highest_level=actor.clearance)
    signings = SigningBuilder(rng, existing["areas"], today, writer, actor.username)
    with writer.indexes_deferred(meetings >= DEFER_INDEXES_FROM):
        chunks = draw_chunks(plans, builder, signings, roster, org_names, org_copies)
        write_pipelined(chunks, writer.insert_all, progress)

    counts = dict(writer.counts)
    refresh_summaries(connection)  # every month and organisation: the new meetings span the whole history
    refresh_name_keys(connection)
    bump_data_version(connection)
    # Last, after the data version: the audit chain's head is the last lock a writer takes.
    append_rows(connection, [{
        "at": dt.datetime.now(dt.UTC), "actor_id": actor.user_id, "actor_username": actor.username,
        "action": "import", "entity_type": "meeting", "entity_id": None,
        "summary": f"Generated {meetings:,} meetings (seed {seed})", "before": None, "after": counts}])
    writer.move_sequences()
    refresh_statistics(connection)
    return counts
