"""The demo generator: deterministic, at DESIGN.md's ratios, every pledge state present, and
rows the services would have written themselves (same copies, titles and search text)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import sqlalchemy as sa
from sqlmodel import select

from seed_data.generator import generate, target_sizes, vocab, vocab_government
from seed_data.generator.text import ENTERPRISE_PLEDGE_WORDS, GOVERNMENT_PLEDGE_WORDS
from seed_data.reference import load_reference
from tests.conftest import BACKENDS, truncate_all
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingTopic,
    OrganisationCreate,
    ParticipantIn,
    Participation,
    PersonCreate,
    PledgeCreate,
    PledgeProgressCreate,
    Topic,
)
from tracker.services import meetings as meeting_service

TODAY = dt.date(2025, 6, 30)
MEETINGS = 1500


@pytest.fixture(scope="module", params=BACKENDS)
def generated(request, sqlite_template, tmp_path_factory):
    """One database per backend: the reference scenario, then MEETINGS generated meetings."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("generated") / "tracker.db"
        shutil.copy(sqlite_template, path)
        engine = tracker_db.make_engine(f"sqlite:///{path}")
    else:
        engine = request.getfixturevalue("pg_engine")
        truncate_all(engine)
    with tracker_db.session_scope(engine) as session:
        reference = load_reference(session)
    counts = generate(engine, meetings=MEETINGS, seed=11, today=TODAY)
    yield engine, counts, reference.id
    if request.param == "sqlite":
        engine.dispose()


def scalar(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(sa.text(sql), params).scalar_one()


def fetch(engine, sql: str, **params) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(sa.text(sql), params).mappings()]


def test_counts_follow_the_design_ratios(generated):
    engine, counts, _ = generated
    sizes = target_sizes(MEETINGS)
    assert counts["meeting"] == MEETINGS
    # Two government bodies of the reference scenario are reused, not duplicated.
    assert sizes["organisation"] - 2 <= counts["organisation"] <= sizes["organisation"]
    assert counts["person"] == sizes["person"]
    assert counts["pledge"] == sizes["pledge"]
    assert abs(counts["agreement"] - sizes["agreement"]) <= sizes["agreement"] * 0.03
    assert abs(counts["participation"] / MEETINGS - 4.0) < 0.2
    assert scalar(engine, "SELECT COUNT(*) FROM meeting") == MEETINGS + 1


@pytest.mark.parametrize("meetings", [200, 20_000])
def test_target_sizes_scale_linearly_with_minimums(meetings):
    sizes = target_sizes(meetings)
    if meetings >= 20_000:
        assert sizes == {"meeting": meetings, "organisation": meetings // 10, "person": meetings * 4 // 10,
                         "agreement": meetings // 10, "pledge": meetings * 3 // 10, "event": meetings // 250}
    else:
        assert sizes["organisation"] >= 16 and sizes["person"] >= 48


def test_every_pledge_state_is_present(generated):
    engine, _, _ = generated
    grouped = fetch(engine, "SELECT status, COUNT(*) AS n FROM pledge GROUP BY status")
    statuses = {row["status"]: row["n"] for row in grouped}
    assert {"pledged", "in_progress", "delivered", "stalled", "withdrawn"} <= set(statuses)
    open_ = "status IN ('pledged', 'in_progress', 'stalled')"
    late = scalar(engine, f"SELECT COUNT(*) FROM pledge WHERE {open_} AND target_date < :day", day=TODAY)
    silent = scalar(engine, f"SELECT COUNT(*) FROM pledge WHERE {open_} AND "
                            "COALESCE(last_update_on, made_on) < :since",
                    since=TODAY - dt.timedelta(days=180))
    assert late > 0 and silent > 0


def test_pledge_updates_are_dated_within_the_pledge_life(generated):
    engine, _, _ = generated
    assert scalar(engine, "SELECT COUNT(*) FROM pledge_update u JOIN pledge p ON p.id = u.pledge_id "
                          "WHERE u.\"on\" < p.made_on OR u.\"on\" > :today", today=TODAY) == 0
    assert scalar(engine, "SELECT COUNT(*) FROM pledge p WHERE COALESCE(p.last_update_on, '1900-01-01') <> "
                          "COALESCE((SELECT MAX(u.\"on\") FROM pledge_update u WHERE u.pledge_id = p.id), "
                          "'1900-01-01')") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM pledge WHERE target_date < made_on") == 0


def test_copies_on_linked_rows_match_their_meeting(generated):
    engine, _, _ = generated
    for table in ("participation", "meeting_organisation"):
        assert scalar(engine, f"SELECT COUNT(*) FROM {table} x JOIN meeting m ON m.id = x.meeting_id "
                              "WHERE x.meeting_date <> m.date OR x.meeting_status <> m.status "
                              "OR x.confidentiality <> m.confidentiality") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM pledge p JOIN meeting m ON m.id = p.meeting_id "
                          "WHERE p.made_on <> m.date OR p.confidentiality <> m.confidentiality") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM agreement a JOIN meeting m ON m.id = a.meeting_id "
                          "WHERE a.signed_on <> m.date OR a.confidentiality <> m.confidentiality") == 0
    # Every participant's organisation is listed on the meeting.
    assert scalar(engine, "SELECT COUNT(*) FROM participation p WHERE NOT EXISTS (SELECT 1 FROM "
                          "meeting_organisation o WHERE o.meeting_id = p.meeting_id AND "
                          "o.organisation_id = p.organisation_id)") == 0


def test_the_story_is_varied(generated):
    engine, _, reference_id = generated
    with engine.connect() as connection:
        kinds = set(connection.execute(sa.text("SELECT DISTINCT kind FROM organisation")).scalars())
        statuses = set(connection.execute(sa.text("SELECT DISTINCT status FROM meeting")).scalars())
        levels = set(connection.execute(sa.text("SELECT DISTINCT confidentiality FROM meeting")).scalars())
        years = set(connection.execute(sa.text("SELECT DISTINCT date FROM meeting")).scalars())
    assert {"government_body", "party_organ", "state_owned_enterprise", "private_enterprise",
            "foreign_enterprise"} <= kinds
    assert statuses == {"held", "planned", "cancelled"}
    assert levels == {0, 1, 2, 3}
    assert len({str(day)[:4] for day in years}) >= 10
    held_later = "SELECT COUNT(*) FROM meeting WHERE status = 'held' AND date > :day"
    assert scalar(engine, held_later, day=TODAY) == 0
    assert scalar(engine, "SELECT COUNT(*) FROM meeting WHERE status = 'planned' AND date <= :today",
                  today=TODAY) == 0
    assert scalar(engine, "SELECT COUNT(*) FROM meeting WHERE event_id IS NOT NULL") > MEETINGS * 0.1
    assert scalar(engine, "SELECT COUNT(*) FROM organisation WHERE parent_id IS NOT NULL") > 10
    # Officials change titles: some people held several positions, with distinct titles.
    assert scalar(engine, "SELECT COUNT(*) FROM (SELECT person_id FROM position GROUP BY person_id "
                          "HAVING COUNT(DISTINCT title) > 1) AS promoted") > 20
    assert scalar(engine, "SELECT COUNT(*) FROM agreement_party p JOIN agreement a ON a.id = p.agreement_id "
                          "WHERE p.signatory_person_id IS NULL AND a.meeting_id <> :ref",
                  ref=reference_id) == 0


def test_no_duplicate_names_and_the_reference_is_untouched(generated):
    engine, _, reference_id = generated
    assert scalar(engine, "SELECT COUNT(*) - COUNT(DISTINCT name_key) FROM organisation") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM organisation WHERE name_key = "
                          "'fujian provincial people''s government'") == 1
    assert scalar(engine, "SELECT COUNT(*) FROM participation WHERE meeting_id = :id", id=reference_id) == 7
    with tracker_db.session_scope(engine) as session:
        assert load_reference(session).id == reference_id        # loading again adds nothing


def test_generated_meetings_pass_the_services_and_match_what_they_store(generated):
    """Re-log a sample of generated meetings through ``create_meeting``: the input validates, and
    the service derives the same titles, organisations and search words the generator stored."""
    engine, _, _ = generated
    with tracker_db.session_scope(engine) as session:
        sample = session.exec(select(Meeting).where(Meeting.id % 97 == 0).order_by(Meeting.id)).all()
        assert len(sample) >= 10
        for meeting in sample:
            participations = session.exec(select(Participation).where(Participation.meeting_id == meeting.id)
                                          .order_by(Participation.id)).all()
            org_ids = sorted(session.exec(select(MeetingOrganisation.organisation_id)
                                          .where(MeetingOrganisation.meeting_id == meeting.id)))
            topics = list(session.exec(select(Topic.name)
                                       .join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                                       .where(MeetingTopic.meeting_id == meeting.id)))
            data = MeetingCreate.model_validate({
                **meeting.model_dump(include={"title", "date", "date_precision", "time", "kind", "status",
                                              "place", "event_id", "summary", "source", "source_url",
                                              "confidentiality"}),
                "participants": [ParticipantIn(person_id=p.person_id, organisation_id=p.organisation_id,
                                               role=p.role, side=p.side) for p in participations],
                "organisation_ids": org_ids, "topics": topics})
            relogged = meeting_service.create_meeting(session=session, actor=SYSTEM_ACTOR, data=data)
            again = session.exec(select(Participation).where(Participation.meeting_id == relogged.id)
                                 .order_by(Participation.id)).all()
            assert [p.title for p in again] == [p.title for p in participations]
            assert sorted(session.exec(select(MeetingOrganisation.organisation_id).where(
                MeetingOrganisation.meeting_id == relogged.id))) == org_ids
            assert set(relogged.search_text.split(" | ")) == set(meeting.search_text.split(" | "))


def test_generated_organisations_people_and_pledges_validate(generated):
    engine, _, _ = generated
    orgs = fetch(engine, "SELECT name, local_name, kind, sector, region, parent_id, website "
                         "FROM organisation")
    people = fetch(engine, "SELECT id, name, local_name FROM person ORDER BY id")
    positions = fetch(engine, "SELECT person_id, organisation_id, title, start_date, end_date FROM position")
    pledges = fetch(engine, "SELECT organisation_id, area_id, text, target_date, status, meeting_id, "
                            "agreement_id, made_on, confidentiality FROM pledge ORDER BY id")
    updates = fetch(engine, 'SELECT "on", note, status FROM pledge_update ORDER BY id')
    for row in orgs[::7]:
        created = OrganisationCreate.model_validate(dict(row))
        assert created.name == row["name"]                    # already trimmed and normalised
    by_person: dict[int, list] = {}
    for row in positions:
        by_person.setdefault(row["person_id"], []).append(dict(row))
    for row in people[::11]:
        created = PersonCreate.model_validate({"name": row["name"], "local_name": row["local_name"],
                                               "positions": by_person.get(row["id"], [])})
        assert created.name == row["name"]
    for row in pledges[::5]:
        PledgeCreate.model_validate(dict(row))
    for row in updates[::5]:
        PledgeProgressCreate.model_validate(dict(row))


def test_titles_keep_the_capitals_of_acronyms(generated):
    """'Roundtable on AI applications', never '... on ai applications' (QA found the lower case)."""
    engine, _, _ = generated
    sql = "SELECT title FROM meeting WHERE title LIKE 'Roundtable on %'"
    titles = [row["title"] for row in fetch(engine, sql)]
    assert titles
    lowered = (" ai ", " 5g ", " sme ", " rcep ", " rmb ")
    assert not [title for title in titles if any(word in f" {title} " for word in lowered)]
    acronyms = ("Roundtable on AI ", "Roundtable on 5G ", "Roundtable on SME ")
    assert any(title.startswith(acronyms) for title in titles)


def fetch_rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


def _has_word(text: str, words) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in words)


def test_governments_pledge_what_governments_pledge_and_enterprises_what_enterprises_do(generated):
    engine, _, reference_id = generated
    rows = fetch(engine, "SELECT o.kind, p.text FROM pledge p JOIN organisation o "
                         "ON o.id = p.organisation_id WHERE p.meeting_id <> :ref", ref=reference_id)
    government = [r["text"] for r in rows if r["kind"] in ("government_body", "party_organ")]
    enterprises = [r["text"] for r in rows if r["kind"] in
                   ("private_enterprise", "state_owned_enterprise", "foreign_enterprise")]
    assert len(government) > 20 and len(enterprises) > 100
    # Policy support, land, approvals and talent services; never an investment or a headquarters.
    assert all(_has_word(t, GOVERNMENT_PLEDGE_WORDS) for t in government), government[:5]
    assert not any(_has_word(t, ENTERPRISE_PLEDGE_WORDS) for t in government), [
        t for t in government if _has_word(t, ENTERPRISE_PLEDGE_WORDS)][:5]
    # Investment, headquarters, R&D centres, what they build; never policy support or approvals.
    assert not any(_has_word(t, GOVERNMENT_PLEDGE_WORDS) for t in enterprises), [
        t for t in enterprises if _has_word(t, GOVERNMENT_PLEDGE_WORDS)][:5]
    investing = [t for t in enterprises if _has_word(t, ("invest", "headquarters", "development centre"))]
    assert len(investing) > len(enterprises) / 10


def _region_of_city() -> dict[str, str]:
    cities = {city: "Fujian" for city, _zh in vocab_government.CITIES}
    cities.update({zh: "Fujian" for _city, zh in vocab_government.CITIES})
    for region, city, city_zh in vocab.OTHER_REGIONS:
        cities[city], cities[city_zh] = region, region
    return cities


def test_an_enterprises_region_matches_its_name_and_address(generated):
    engine, _, _ = generated
    regions = _region_of_city()
    enterprises = fetch(engine, "SELECT id, name, local_name, region FROM organisation WHERE kind IN "
                                "('private_enterprise', 'state_owned_enterprise', 'foreign_enterprise')")
    checked = 0
    for org in enterprises:
        branch = re.search(r"(\w+) Branch$", org["name"])
        named = branch.group(1) if branch else org["name"].split()[0]
        if named in regions:
            assert org["region"] == regions[named], org
            checked += 1
        local = org["local_name"] or ""
        local_city = re.search(r"(\w\w)分公司$", local)
        city_zh = local_city.group(1) if local_city else local[:2]
        if city_zh in regions:
            assert org["region"] == regions[city_zh], org
    assert checked > len(enterprises) / 3
    # A visit to an enterprise takes place at its address, "<enterprise>, <city>", in its region.
    by_name = {org["name"]: org["region"] for org in enterprises}
    visited = 0
    for (place,) in fetch_rows(engine, "SELECT DISTINCT place FROM meeting "
                                       "WHERE kind IN ('visit', 'inspection') AND place LIKE '%, %'"):
        head, city = place.rsplit(", ", 1)
        owners = {region for name, region in by_name.items() if name == head or name.startswith(f"{head} ")}
        if owners and city in regions:
            assert regions[city] in owners, place
            visited += 1
    assert visited > 0
