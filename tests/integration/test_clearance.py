"""Clearance: a reader below a level sees nothing of it — in no list, search, count or total.

Generic over every read function in ``tracker.queries`` (and reports/exports when they exist):
for each reader level k, every function's output on the full world must equal its output once
everything above k is deleted, i.e. the hidden records change no row, count or sum; and no
output may contain the text markers of a hidden record.
"""

import pytest
from sqlmodel import select

from tests.integration.queries_discovery import arguments_for, call, read_functions
from tests.integration.world import build_world, marker
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import Agreement, Confidentiality, Meeting, Pledge
from tracker.services import agreements, meetings, pledges

READER_LEVELS = [Confidentiality.CONFIDENTIAL, Confidentiality.INTERNAL, Confidentiality.PUBLIC]


def delete_above(session, level: Confidentiality) -> None:
    """Delete (through the services) every meeting, agreement and pledge above ``level``."""
    for model, delete, key in ((Pledge, pledges.delete_pledge, "pledge_id"),
                               (Agreement, agreements.delete_agreement, "agreement_id"),
                               (Meeting, meetings.delete_meeting, "meeting_id")):
        ids = session.exec(select(model.id).where(model.confidentiality > int(level))).all()
        for entity_id in ids:
            delete(session=session, actor=SYSTEM_ACTOR, **{key: entity_id})


def test_read_functions_are_discovered():
    names = [name for name, _ in read_functions()]
    assert "tracker.queries.home.headline_counts" in names
    assert "tracker.queries.audit.list_audit_events" in names


def test_nothing_above_clearance_is_shown_counted_or_totalled(session, tmp_path):
    world = build_world(session)
    functions = read_functions()
    uncallable = [name for name, func in functions
                  if arguments_for(func, Confidentiality.PUBLIC, world, tmp_path) is None]
    assert not uncallable, f"extend queries_discovery.arguments_for for: {uncallable}"

    seen_with_everything = {
        level: {name: call(func, session, arguments_for(func, level, world, tmp_path))
                for name, func in functions}
        for level in READER_LEVELS}
    for level in READER_LEVELS:  # highest reader first: delete what lies above them, compare
        hidden = [marker(other) for other in Confidentiality if other > level]
        for name, output in seen_with_everything[level].items():
            leaked = [m for m in hidden if m in output]
            assert not leaked, f"{name} shows {leaked} to a {level.label} reader"
        delete_above(session, level)
        for name, func in functions:
            without = call(func, session, arguments_for(func, level, world, tmp_path))
            assert seen_with_everything[level][name] == without, (
                f"{name}: records above {level.label} change what a {level.label} reader sees")


@pytest.mark.parametrize("level", list(Confidentiality))
def test_secret_reader_sees_every_level(session, level):
    from tracker.queries.filters import Filters
    from tracker.queries.home import headline_counts, latest_meetings

    build_world(session)
    filters = Filters(clearance=level)
    counts = headline_counts(session, filters)
    assert counts["meetings"] == counts["agreements"] == counts["open_pledges"] == int(level) + 1
    titles = " ".join(latest_meetings(session, filters)["title"])
    assert all(marker(other) in titles for other in Confidentiality if other <= level)
