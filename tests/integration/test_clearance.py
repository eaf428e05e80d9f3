"""Clearance: a reader below a level sees nothing of it — in no list, search, count or total.

Generic over every read function in ``tracker.queries`` and ``tracker.reports``: for each reader
level k, every function's output on the full world must equal its output on a world that never
held anything above k (built the same way, so shared records keep their ids). Hidden records
therefore change no row, count, sum or order, and no organisation or person known only from them
shows. No output, the audit trail included, may contain the text of a hidden record.
"""

import pytest

from tests.integration.queries_discovery import arguments_for, call, read_functions
from tests.integration.world import LEVELS, build_world, marker
from tracker.dump import clear_all
from tracker.models import Confidentiality

READER_LEVELS = [Confidentiality.CONFIDENTIAL, Confidentiality.INTERNAL, Confidentiality.PUBLIC]
# Audit rows carry the time they were written, so two builds never match; they get the text check.
TIME_STAMPED = "tracker.queries.audit."


def test_read_functions_are_discovered():
    names = [name for name, _ in read_functions()]
    assert "tracker.queries.home.headline_counts" in names
    assert "tracker.queries.audit.list_audit_events" in names


@pytest.mark.slow
def test_nothing_above_clearance_is_shown_counted_or_totalled(session, engine, tmp_path):
    world = build_world(session)
    functions = read_functions()
    uncallable = [name for name, func in functions
                  if arguments_for(func, Confidentiality.PUBLIC, world, tmp_path) is None]
    assert not uncallable, f"extend queries_discovery.arguments_for for: {uncallable}"
    calls = {(name, level): arguments_for(func, level, world, tmp_path)
             for name, func in functions for level in READER_LEVELS}
    seen_with_everything = {(name, level): call(func, session, calls[name, level])
                            for name, func in functions for level in READER_LEVELS}

    for level in READER_LEVELS:
        hidden = [marker(other) for other in Confidentiality if other > level]
        for name, _ in functions:
            leaked = [m for m in hidden if m in seen_with_everything[name, level]]
            assert not leaked, f"{name} shows {leaked} to a {level.label} reader"
        session.rollback()
        with engine.begin() as conn:
            clear_all(conn)
        session.expire_all()
        build_world(session, levels=[other for other in LEVELS if other <= level])
        for name, func in functions:
            if name.startswith(TIME_STAMPED):
                continue
            assert seen_with_everything[name, level] == call(func, session, calls[name, level]), (
                f"{name}: records above {level.label} change what a {level.label} reader sees")


@pytest.mark.parametrize("level", list(Confidentiality))
def test_secret_reader_sees_every_level(session, level):
    from tracker.queries.filters import Filters
    from tracker.queries.home import headline_counts

    build_world(session)
    filters = Filters(clearance=level)
    counts = headline_counts(session, filters)
    assert counts["meetings"] == int(level) + 1
    # each level: one agreement and pledge at its meeting, one of each outside meetings
    assert counts["agreements"] == counts["open_pledges"] == 2 * (int(level) + 1)


def _names_planted_above(level: Confidentiality) -> list[str]:
    """The names (see ``world``) known only from items above ``level``, of every kind."""
    return [name for other in Confidentiality if other > level for mark in [marker(other)]
            for name in (f"Org {other.name.title()} {mark}", f"Envoy {mark}", f"Summit {mark}",
                         f"Signer Org {mark}", f"Signatory {mark}", f"Pledger Org {mark}")]


@pytest.mark.parametrize("level", READER_LEVELS)
def test_names_known_only_above_clearance_are_not_matched(session, level):
    """The importer's and the article reader's name matching see only what the reader may know of,
    while a name the reader does know still matches."""
    from tracker.importers.resolve import organisation_index, person_index
    from tracker.ingest.gazetteer import Gazetteer

    build_world(session)
    organisations, people = organisation_index(session, 85, clearance=level), person_index(
        session, 85, clearance=level)
    gazetteer = Gazetteer(session, clearance=level)
    hidden = _names_planted_above(level)
    assert hidden
    for name in hidden:
        index = people if name.startswith(("Envoy", "Signatory")) else organisations
        assert index.resolve(name).is_new, f"the importer matched {name!r} for a {level.label} reader"
        assert gazetteer.match_organisation(name)[1] is None, name
        assert gazetteer.match_person(name)[1] is None, name
        assert gazetteer.match_event(name) is None, name
    assert not gazetteer.organisations_named_in(set(hidden))
    assert not gazetteer.people_named_in(set(hidden))
    mine = f"Signer Org {marker(level)}"
    assert not organisations.resolve(mine).is_new and gazetteer.match_organisation(mine)[1] is not None
    assert gazetteer.match_person(f"Envoy {marker(level)}")[1] is not None
    assert gazetteer.match_event(f"Summit {marker(level)}") is not None
