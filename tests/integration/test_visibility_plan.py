"""Clearance of existence stays fast: each rule is an EXISTS that seeks an index on the record's
id (never a scan of meetings, pledges or participations per record), read from SQLite's plan."""

import re

import pytest
import sqlalchemy as sa

from tracker.auth import visibility
from tracker.models import Confidentiality, Event, Organisation, Person, Topic

MENTION_TABLES = ("meeting_organisation", "pledge", "participation", "meeting", "meeting_topic",
                  "agreement", "agreement_party")
RULES = [(Organisation, visibility.organisation_visible), (Person, visibility.person_visible),
         (Event, visibility.event_visible), (Topic, visibility.topic_visible)]


@pytest.mark.parametrize(("model", "rule"), RULES, ids=[model.__name__ for model, _ in RULES])
def test_every_mention_is_an_index_seek_per_record(engine, database_url, model, rule):
    if not database_url.startswith("sqlite"):
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN")
    statement = sa.select(model.id).where(rule(Confidentiality.INTERNAL))
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        plan = [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    per_record, scans = False, []
    for line in plan:
        if line.startswith(("CORRELATED", "LIST SUBQUERY")):
            per_record = line.startswith("CORRELATED")
        match = re.match(r"SCAN (\w+)", line)
        if match and match.group(1) in MENTION_TABLES and per_record:
            scans.append(line)
    assert "CORRELATED SCALAR SUBQUERY" in "\n".join(plan)
    assert not scans, "\n".join(plan)
