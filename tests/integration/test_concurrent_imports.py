"""Imports and draft saves running at the same time: four files naming the same people,
organisations and topics, and one file imported three times at once. Each preview is taken
before any of them writes (as on the import page: preview, then import), then all write
together, each on its own connection. Nothing may crash, each name becomes one record, and each
meeting is written once."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from sqlmodel import select

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import make_engine, session_scope
from tracker.importers.proposal import propose_mapping
from tracker.importers.reading import read_table
from tracker.importers.run import import_rows, preview_import
from tracker.ingest.draft import Draft, DraftMeeting, DraftOrganisation
from tracker.ingest.save import save_draft
from tracker.models import Event, Meeting, Organisation, Person, Topic

OWN = [("Nordwind Energy", "Olga Petrova", "Energy"), ("Sakura Robotics", "Kenji Sato", "Robotics"),
       ("Lagos Fintech", "Amara Okafor", "Finance"), ("Provence Wines", "Lucas Moreau", "Wine")]
SHARED_ORGANISATIONS = ["SenseTime", "Huawei"]
SHARED_PEOPLE = ["Zhang Wei", "Li Na"]
SHARED_TOPICS = ["AI", "Trade"]
ROWS_PER_FILE = 5


def register(index: int) -> bytes:
    """A file of meetings with the shared names and this file's own organisation, person, topic."""
    organisation, person, topic = OWN[index]
    lines = ["Date,Organisation,People met,Topics,Title"]
    for row in range(1, ROWS_PER_FILE + 1):
        lines.append(f"2019-0{index + 1}-0{row},{'; '.join([*SHARED_ORGANISATIONS, organisation])},"
                     f"{'; '.join([*SHARED_PEOPLE, person])},{'; '.join([*SHARED_TOPICS, topic])},"
                     f"Talks {row} of register {index + 1}")
    return "\n".join(lines).encode()


def import_at_once(database_url: str, files: list[tuple[str, bytes]], editor) -> list:
    """Preview every file first, then import them all at once; each run's result or exception."""
    engine = make_engine(database_url, poolclass=NullPool)
    tables = [read_table(data, name) for name, data in files]
    previews = []
    for table in tables:
        with session_scope(engine) as session:
            previews.append(preview_import(session=session, table=table,
                                           mapping=propose_mapping(table)[0],
                                           clearance=SYSTEM_ACTOR.clearance))
    start = threading.Barrier(len(files))

    def run(index: int):
        start.wait()
        with session_scope(engine) as session:
            try:
                return import_rows(session=session, actor=editor, table=tables[index],
                                   mapping=previews[index].spec, preview=previews[index])
            except Exception as exc:  # noqa: BLE001 — the test reports what it got
                return exc

    try:
        with ThreadPoolExecutor(len(files)) as pool:
            return list(pool.map(run, range(len(files))))
    finally:
        engine.dispose()


def name_counts(session, model, names: list[str]) -> dict[str, int]:
    rows = session.execute(select(model.name, sa.func.count()).where(model.name.in_(names))
                           .group_by(model.name)).all()
    return {name: count for name, count in rows}


def test_four_imports_sharing_names_create_each_once(database_url, session, editor):
    files = [(f"register-{i + 1}.csv", register(i)) for i in range(len(OWN))]
    results = import_at_once(database_url, files, editor)
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    assert [r.imported for r in results] == [ROWS_PER_FILE] * len(OWN)
    organisations = SHARED_ORGANISATIONS + [o for o, _p, _t in OWN]
    people = SHARED_PEOPLE + [p for _o, p, _t in OWN]
    topics = SHARED_TOPICS + [t for _o, _p, t in OWN]
    assert name_counts(session, Organisation, organisations) == dict.fromkeys(organisations, 1)
    assert name_counts(session, Person, people) == dict.fromkeys(people, 1)
    assert name_counts(session, Topic, topics) == dict.fromkeys(topics, 1)
    assert session.scalar(select(sa.func.count()).select_from(Meeting)) == ROWS_PER_FILE * len(OWN)


def test_same_file_three_times_at_once_imports_it_once(database_url, session, editor):
    files = [("register-1.csv", register(0))] * 3
    results = import_at_once(database_url, files, editor)
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    assert sorted(r.imported for r in results) == [0, 0, ROWS_PER_FILE]
    assert sorted(r.already_imported for r in results) == [0, ROWS_PER_FILE, ROWS_PER_FILE]
    assert session.scalar(select(sa.func.count()).select_from(Meeting)) == ROWS_PER_FILE
    organisation, person, topic = OWN[0]
    assert name_counts(session, Person, [*SHARED_PEOPLE, person]) == dict.fromkeys(
        [*SHARED_PEOPLE, person], 1)
    assert name_counts(session, Organisation, [*SHARED_ORGANISATIONS, organisation]) == dict.fromkeys(
        [*SHARED_ORGANISATIONS, organisation], 1)
    assert name_counts(session, Topic, [*SHARED_TOPICS, topic]) == dict.fromkeys(
        [*SHARED_TOPICS, topic], 1)


def test_drafts_saved_at_once_create_their_new_organisation_event_and_topic_once(
        database_url, session, editor):
    """Articles turned into drafts name a new organisation, event and topic; four editors save
    such drafts at the same moment (the ingest page's get-or-create of each)."""
    draft = Draft(language="en", event_name="Digital China Summit",
                  organisations=[DraftOrganisation(key="o1", name="Nordwind Energy")],
                  meetings=[DraftMeeting(title="Talks", date=dt.date(2024, 4, 1),
                                         organisation_keys=["o1"], topics=["Hydrogen"])])
    engine = make_engine(database_url, poolclass=NullPool)
    start = threading.Barrier(4)

    def save(_index: int):
        start.wait()
        with session_scope(engine) as own:
            try:
                return save_draft(session=own, actor=editor, draft=draft).id
            except Exception as exc:  # noqa: BLE001 — the test reports what it got
                return exc

    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(save, range(4)))
    finally:
        engine.dispose()
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    assert name_counts(session, Organisation, ["Nordwind Energy"]) == {"Nordwind Energy": 1}
    assert name_counts(session, Event, ["Digital China Summit"]) == {"Digital China Summit": 1}
    assert name_counts(session, Topic, ["Hydrogen"]) == {"Hydrogen": 1}
    assert session.scalar(select(sa.func.count()).select_from(Meeting)) == 4
