"""A stand-in for ``bench/bench_seed.py`` while the generator is not on main: bulk-inserts a
synthetic engagement history of the working scale's shape (meetings over ten years, with
participations, organisations met, topics, agreements and pledges) straight into a migrated
SQLite file. ``bench_reports`` uses ``BenchContext.sqlite_100k()`` when that exists.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import sqlalchemy as sa

from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.models import (
    Agreement,
    AgreementParty,
    CooperationArea,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Pledge,
    Topic,
)
from tracker.taxonomy import ensure_default_taxonomy

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3652
SECTORS = ["Artificial intelligence", "Internet and digital platforms", "Semiconductors", "Logistics",
           "Finance", "Health", "Energy", "Manufacturing", "Retail", "Telecoms"]
REGIONS = ["Fujian", "Guangdong", "Beijing", "Shanghai", "Zhejiang", "Jiangsu"]
KINDS = ["private_enterprise", "state_owned_enterprise", "foreign_enterprise"]
STATUSES = ["pledged", "in_progress", "delivered", "stalled", "withdrawn"]


def _insert(conn, model, rows: list[dict], batch: int = 20_000) -> None:
    for start in range(0, len(rows), batch):
        conn.execute(sa.insert(model.__table__), rows[start:start + batch])


def build_synthetic_database(path: Path, meetings: int = 100_000, seed: int = 7) -> Path:
    """Create ``path`` with ``meetings`` synthetic meetings (and proportional everything else)."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine) as session:
        ensure_default_taxonomy(session)
    now = dt.datetime.now(dt.UTC)
    n_gov, n_ent = max(20, meetings // 50), max(80, meetings // 12)
    n_people = max(100, meetings * 2 // 5)
    with engine.begin() as conn:
        area_ids = list(conn.execute(sa.select(CooperationArea.id).where(
            CooperationArea.parent_id.is_not(None))).scalars())
        orgs = [{"id": i + 1, "name": f"Government body {i + 1}", "local_name": None,
                 "name_key": f"government body {i + 1}",
                 "kind": "government_body", "sector": "Government", "region": rng.choice(REGIONS),
                 "created_at": now} for i in range(n_gov)]
        orgs += [{"id": n_gov + i + 1, "name": f"Enterprise {i + 1} Co", "local_name": f"企业{i + 1}有限公司",
                  "name_key": f"enterprise {i + 1} co", "kind": rng.choice(KINDS),
                  "sector": rng.choice(SECTORS), "region": rng.choice(REGIONS), "created_at": now}
                 for i in range(n_ent)]
        _insert(conn, Organisation, orgs)
        _insert(conn, Person, [{"id": i + 1, "name": f"Person {i + 1}", "local_name": f"人员{i + 1}",
                                "name_key": f"person {i + 1}", "created_at": now} for i in range(n_people)])
        _insert(conn, Topic, [{"id": i + 1, "name": f"Topic {i + 1}", "name_key": f"topic {i + 1}"}
                              for i in range(200)])
        half = n_people // 5
        rows = {name: [] for name in ("meeting", "participation", "mo", "topic", "agreement", "party",
                                      "pledge")}
        for meeting_id in range(1, meetings + 1):
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            status = "held" if rng.random() < 0.93 else rng.choice(["planned", "cancelled"])
            level = rng.choices([0, 1, 2, 3], [30, 55, 12, 3])[0]
            rows["meeting"].append({"id": meeting_id, "title": f"Talks on cooperation number {meeting_id}",
                                    "date": day, "date_precision": "day", "kind": "talk", "status": status,
                                    "place": "Fuzhou", "confidentiality": level, "version": 1,
                                    "search_text": "", "created_at": now, "updated_at": now})
            gov, ent = rng.randrange(1, n_gov + 1), n_gov + rng.randrange(1, n_ent + 1)
            ent2 = n_gov + rng.randrange(1, n_ent + 1)
            copy = {"meeting_date": day, "meeting_status": status, "confidentiality": level}
            for org in {gov, ent, ent2}:
                rows["mo"].append({"meeting_id": meeting_id, "organisation_id": org, **copy})
            people = {rng.randrange(1, half + 1): (gov, "government", "host"),
                      rng.randrange(1, half + 1): (gov, "government", "attendee"),
                      rng.randrange(half + 1, n_people + 1): (ent, "enterprise", "guest"),
                      rng.randrange(half + 1, n_people + 1): (ent2, "enterprise", "guest")}
            for person, (org, side, role) in people.items():
                rows["participation"].append({"meeting_id": meeting_id, "person_id": person,
                                              "organisation_id": org, "title": "Director", "role": role,
                                              "side": side, **copy})
            for topic in rng.sample(range(1, 201), 2):
                rows["topic"].append({"meeting_id": meeting_id, "topic_id": topic})
            if meeting_id % 10 == 0:
                agreement_id = meeting_id // 10
                rows["agreement"].append({
                    "id": agreement_id, "title": f"Cooperation agreement {agreement_id}",
                    "kind": "cooperation_agreement", "signed_on": day, "status": "signed",
                    "meeting_id": meeting_id, "confidentiality": level, "created_at": now})
                rows["party"] += [{"agreement_id": agreement_id, "organisation_id": gov},
                                  {"agreement_id": agreement_id, "organisation_id": ent}]
            if rng.random() < 0.3:
                rows["pledge"].append({"organisation_id": ent, "area_id": rng.choice(area_ids),
                                       "text": f"Invest in project {meeting_id}", "made_on": day,
                                       "target_date": day + dt.timedelta(days=rng.randrange(90, 900)),
                                       "status": rng.choice(STATUSES), "meeting_id": meeting_id,
                                       "confidentiality": level, "created_at": now})
        for model, key in ((Meeting, "meeting"), (Participation, "participation"),
                           (MeetingOrganisation, "mo"), (MeetingTopic, "topic"), (Agreement, "agreement"),
                           (AgreementParty, "party"), (Pledge, "pledge")):
            _insert(conn, model, rows[key])
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return path
