"""Directory figures: duplicate detection over 40,000 people, and (when the generated
100k-meeting database is available) the directory search, a profile and the pledge follow-up list.

The people for duplicate detection are made here (Faker, fixed seed, half Chinese names with
their pinyin, one in ten with an alias, 1% planted duplicates), so the figure does not depend on
the generator's name pool.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from faker import Faker

from bench.harness import BenchContext, p50, timings_ms
from tracker.db import make_engine, new_session
from tracker.matching import pinyin
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Person, PersonAlias, utcnow
from tracker.models.text import normalise_key
from tracker.queries.filters import Filters

PEOPLE = 40_000
EVERYTHING = Filters(clearance=Confidentiality.SECRET)


def _people_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    chinese, english, rng = Faker("zh_CN"), Faker("en_US"), random.Random(7)
    chinese.seed_instance(7)
    english.seed_instance(7)
    people, aliases = [], []
    for index in range(1, PEOPLE + 1):
        if index % 100 == 0:  # a planted duplicate of an earlier record, spelled differently
            source = people[rng.randrange(len(people))]
            name, local = source["name"].upper(), source["local_name"]
        elif index % 2:
            local = chinese.name()
            name = pinyin(local, person=True).title()
        else:
            name, local = english.name(), None
        people.append({"id": index, "name": name, "local_name": local, "name_key": normalise_key(name),
                       "created_at": utcnow()})
        if index % 10 == 0:
            aliases.append({"person_id": index, "alias": f"{name.split()[-1]} {index}",
                            "alias_key": normalise_key(f"{name.split()[-1]} {index}")})
    with engine.begin() as conn:
        conn.execute(sa.insert(Person), people)
        conn.execute(sa.insert(PersonAlias), aliases)
    engine.dispose()
    return url


def _duplicates(figures: dict) -> None:
    from tracker.queries import duplicates

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(_people_database(Path(folder) / "people.db"))
        with new_session(engine) as session:
            duplicates.comparison_keys.cache_clear()
            pinyin.cache_clear()
            started, cpu = time.perf_counter(), time.process_time()
            frame = duplicates.duplicate_pairs(session, EVERYTHING, person=True)
            figures["duplicates_40k_people_s"] = round(time.perf_counter() - started, 2)
            figures["duplicates_40k_people_cpu_s"] = round(time.process_time() - cpu, 2)
            figures["duplicates_40k_people_pairs_shown"] = len(frame)
            started = time.perf_counter()  # again, with the name keys cached as in a running app
            duplicates.duplicate_pairs(session, EVERYTHING, person=True)
            figures["duplicates_40k_people_warm_s"] = round(time.perf_counter() - started, 2)
        engine.dispose()


def _queries(context: BenchContext, figures: dict) -> None:
    from tracker.queries.directory import list_organisations, list_people
    from tracker.queries.directory_profiles import organisation_profile
    from tracker.queries.pledges import FollowUp, pledge_follow_up

    engine = make_engine(context.sqlite_url())
    with new_session(engine) as session:
        figures["people_search_p50_ms"] = round(p50(timings_ms(
            lambda: list_people(session, EVERYTHING, search="wang"))), 1)
        figures["organisation_list_by_meetings_p50_ms"] = round(p50(timings_ms(
            lambda: list_organisations(session, EVERYTHING, order="meetings"))), 1)
        busiest = int(list_organisations(session, EVERYTHING, order="meetings", limit=1)[0].iloc[0]["id"])
        figures["organisation_profile_p50_ms"] = round(p50(timings_ms(
            lambda: organisation_profile(session, EVERYTHING, busiest))), 1)
        figures["pledge_follow_up_overdue_p50_ms"] = round(p50(timings_ms(
            lambda: pledge_follow_up(session, EVERYTHING, FollowUp(overdue_only=True)))), 1)
        _below_full_clearance(session, figures)
    engine.dispose()


def _below_full_clearance(session, figures: dict) -> None:
    """The same lists for a viewer (Internal clearance), where every organisation and person is
    tested for being known only from items above it (tracker/auth/visibility.py)."""
    from tracker.queries.directory import list_organisations, list_people
    from tracker.queries.options import filter_options
    from tracker.queries.relationships import relationships

    viewer = Filters(clearance=Confidentiality.INTERNAL)
    figures["people_search_viewer_p50_ms"] = round(p50(timings_ms(
        lambda: list_people(session, viewer, search="wang"))), 1)
    figures["organisation_list_by_meetings_viewer_p50_ms"] = round(p50(timings_ms(
        lambda: list_organisations(session, viewer, order="meetings"))), 1)
    figures["filter_options_viewer_p50_ms"] = round(p50(timings_ms(
        lambda: filter_options(session, viewer), repeat=5)), 1)
    figures["relationships_viewer_p50_ms"] = round(p50(timings_ms(
        lambda: relationships(session, viewer), repeat=5)), 1)
    figures["relationships_full_clearance_p50_ms"] = round(p50(timings_ms(
        lambda: relationships(session, EVERYTHING), repeat=5)), 1)


def run(context: BenchContext) -> dict:
    figures: dict = {}
    _duplicates(figures)
    try:
        _queries(context, figures)
    except ImportError as exc:  # the generated database's builder is not there yet
        print(f"   (directory queries skipped: {exc})")
    return figures
