"""The ranked search lists the same meetings in the same order whichever way it reads the text's
matches: all ranked at once when few match, or newest first rank by rank when many do."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_meeting, make_organisation, make_person
from tracker.models import Confidentiality, Side
from tracker.queries import meeting_search
from tracker.queries.filters import Filters
from tracker.queries.meeting_search import search_meetings

ALL = Filters(clearance=Confidentiality.SECRET)


@pytest.fixture
def harbour(session):
    """Two meetings of Lin Ping, then title, summary and other-text matches of 'harbour', older
    ones better ranked than newer ones so that a rank's order is not the date's."""
    person = make_person(session, name="Lin Ping")
    board = [make_organisation(session, name="Harbour Board").id]
    other = [make_organisation(session, name="Inland Office").id]
    day = dt.date(2024, 1, 1)
    make_meeting(session, title="Her first talk", people_and_orgs=[(person, None, Side.OTHER)],
                 organisation_ids=other, date=day)
    make_meeting(session, title="Her second talk", people_and_orgs=[(person, None, Side.OTHER)],
                 organisation_ids=other, date=day + dt.timedelta(days=400))
    for n in range(4):
        later = day + dt.timedelta(days=n)
        make_meeting(session, title=f"Harbour plans {n}", organisation_ids=other, date=later)
        make_meeting(session, title=f"Budget {n}", summary="The harbour was discussed",
                     organisation_ids=other, date=later + dt.timedelta(days=100))
        make_meeting(session, title=f"Expo {n}", organisation_ids=board, date=later + dt.timedelta(days=200))
    make_meeting(session, title="Hidden harbour talk", organisation_ids=other,
                 confidentiality=Confidentiality.SECRET, date=day + dt.timedelta(days=300))
    return session


@pytest.mark.parametrize("text", ["harbour", "lin ping", "harbour budget", "harbour board"])
def test_few_or_many_matches_rank_alike(harbour, monkeypatch, text):
    at_once = {limit: search_meetings(harbour, ALL, text, limit=limit) for limit in (3, 8, 20)}
    monkeypatch.setattr(meeting_search, "FEW_MATCHES", 2)  # every search here now has "many" matches
    for limit, expected in at_once.items():
        by_rank = search_meetings(harbour, ALL, text, limit=limit)
        assert by_rank.to_dict("records") == expected.to_dict("records"), (text, limit)


def test_ranks_and_dates_in_order(harbour, monkeypatch):
    expected = (["Hidden harbour talk"] + [f"Harbour plans {n}" for n in (3, 2, 1, 0)]
                + [f"Budget {n}" for n in (3, 2, 1, 0)] + [f"Expo {n}" for n in (3, 2, 1, 0)])
    for few in (200, 2):
        monkeypatch.setattr(meeting_search, "FEW_MATCHES", few)
        found = search_meetings(harbour, ALL, "harbour", limit=20)
        assert found["title"].tolist() == expected, few
        assert found["why"].tolist() == (["in the title"] * 5 + ["in the summary"] * 4
                                         + ["part of a name, place or topic"] * 4)
        viewer = search_meetings(harbour, Filters(clearance=Confidentiality.INTERNAL), "harbour", limit=6)
        assert viewer["title"].tolist() == expected[1:7], few
