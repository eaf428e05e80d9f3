"""The form's event picker offers the event whose dates cover the meeting's date first (issue 14
item 3), then the rest latest first."""

import datetime as dt

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import Confidentiality, EventCreate
from tracker.queries.meeting_form import event_choices
from tracker.services import events


def _event(session, name, start, end=None):
    return events.create_event(session=session, actor=SYSTEM_ACTOR, data=EventCreate(
        name=name, start_date=start, end_date=end)).id


def test_the_event_covering_the_date_comes_first(session):
    summit = _event(session, "Digital China Summit", dt.date(2019, 5, 6), dt.date(2019, 5, 8))
    expo = _event(session, "Cross-Strait Fair", dt.date(2019, 5, 18), dt.date(2019, 5, 21))
    forum = _event(session, "Investment Forum", dt.date(2019, 9, 8))  # one day, no end date
    undated = _event(session, "Standing dialogue", None)

    def order(on):
        return list(event_choices(session, clearance=Confidentiality.SECRET, on=on)["id"])

    assert order(None) == [forum, expo, summit, undated]
    assert order(dt.date(2019, 5, 7)) == [summit, forum, expo, undated]
    assert order(dt.date(2019, 5, 8)) == [summit, forum, expo, undated]  # the last day counts
    assert order(dt.date(2019, 5, 9)) == [forum, expo, summit, undated]  # the day after does not
    assert order(dt.date(2019, 9, 8)) == [forum, expo, summit, undated]
    assert order(dt.date(2019, 5, 20)) == [expo, forum, summit, undated]
