"""Clearance of existence: which organisations, people, events, topics and sectors a reader may
know of at all.

A record known only from items above the reader's clearance (meetings, agreements, pledges each
carry a confidentiality level) is not listed, searched, suggested, matched, profiled or briefed:
its existence is telling. A record no item mentions (just entered in the directory) is visible.

Written as "mentioned at or below the reader's level, or mentioned nowhere": each test is an
EXISTS that seeks an index on the record's id, and the first one usually answers on its first
row (most records appear in ordinary meetings), so lists stay fast at 100,000 meetings.
Every reader-facing query and matcher takes its conditions from here: one definition.

Archived records ("deleted": ``archived_at`` set) are seen by no reader, whatever their clearance:
``cleared`` is the one test of an item (meeting, its participation and organisation rows,
agreement, pledge) a reader may see — at most their level, and not archived — and the tests of
existence below leave archived organisations and people out. A mention by an archived item counts
as a mention above every reader's level (it still tells something), except to a reader who sees
everything. Only the Archive page (``tracker.queries.archive``) lists archived rows.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm

from tracker.models import (
    Agreement,
    AgreementParty,
    Confidentiality,
    Event,
    FollowUpAction,
    Meeting,
    MeetingOrganisation,
    MeetingTopic,
    Organisation,
    Participation,
    Person,
    Pledge,
    Topic,
)

TOP_LEVEL = max(Confidentiality)


def _levels_up_to(clearance) -> list[int]:
    """The levels a reader at ``clearance`` sees, as a list (an index seeks each value)."""
    return [int(level) for level in Confidentiality if level <= int(clearance)]


def sees_everything(clearance) -> bool:
    return int(clearance) >= int(TOP_LEVEL)


def live(table) -> sa.ColumnElement[bool]:
    """Rows of ``table`` that are not archived (a table without ``archived_at``: every row)."""
    column = getattr(table, "archived_at", None)
    return sa.true() if column is None else column.is_(None)


def cleared(table, clearance) -> sa.ColumnElement[bool]:
    """Rows of ``table`` (meeting, participation, meeting_organisation, agreement, pledge or a
    summary, each with a ``confidentiality``) a reader at ``clearance`` may see: at most their
    level and not archived. Every reader-facing query restricts its items with this."""
    return sa.and_(table.confidentiality <= int(clearance), live(table))


def _mentioned(table, seek, level_column, clearance, join=None):
    """EXISTS tests on the mentions in ``table``: at or below ``clearance``, anywhere, above it."""
    def exists(*conditions):
        query = sa.select(1).select_from(table)
        if join is not None:
            query = query.join(*join)
        return sa.exists(query.where(seek, *conditions))

    seen = _levels_up_to(clearance)
    item = level_column.parent.entity
    return exists(level_column.in_(seen), live(item)), exists(), exists(level_column.not_in(seen))


def _visible(clearance, mentions, record=None) -> sa.ColumnElement[bool]:
    """Not archived itself, and mentioned by a live item at most at ``clearance`` or by none."""
    own = sa.true() if record is None else live(record)
    if sees_everything(clearance):
        return own
    low = [below for below, _, _ in mentions]
    anywhere = [any_ for _, any_, _ in mentions]
    return sa.and_(own, sa.or_(*low, sa.and_(*[~m for m in anywhere])))


_AGREEMENT = (Agreement, Agreement.id == AgreementParty.agreement_id)


def organisation_visible(clearance, org=Organisation) -> sa.ColumnElement[bool]:
    """True for organisations a reader at ``clearance`` may know of (meetings, pledges, agreements)."""
    return _visible(clearance, _organisation_mentions(clearance, org), org)


def _organisation_mentions(clearance, org=Organisation) -> list:
    mo = MeetingOrganisation
    return [
        _mentioned(mo, mo.organisation_id == org.id, mo.confidentiality, clearance),
        _mentioned(Pledge, Pledge.organisation_id == org.id, Pledge.confidentiality, clearance),
        _mentioned(AgreementParty, AgreementParty.organisation_id == org.id, Agreement.confidentiality,
                   clearance, join=_AGREEMENT),
    ]


def person_visible(clearance, person=Person) -> sa.ColumnElement[bool]:
    """True for people a reader at ``clearance`` may know of (meetings taken part in, agreements signed)."""
    return _visible(clearance, _person_mentions(clearance, person), person)


def _person_mentions(clearance, person=Person) -> list:
    p = Participation
    return [_mentioned(p, p.person_id == person.id, p.confidentiality, clearance),
            _signatory_mentions(clearance, person)]


def _signatory_mentions(clearance, person=Person) -> tuple:
    """As ``_mentioned`` for agreements signed. ``signatory_person_id`` has no index, so these are
    uncorrelated IN lists, each read once per statement (a few thousand signatures), not per person."""
    def signed(*conditions):
        return person.id.in_(sa.select(AgreementParty.signatory_person_id).join(*_AGREEMENT)
                             .where(AgreementParty.signatory_person_id.is_not(None), *conditions))

    seen = _levels_up_to(clearance)
    return (signed(Agreement.confidentiality.in_(seen), live(Agreement)), signed(),
            signed(Agreement.confidentiality.not_in(seen)))


def event_visible(clearance, event=Event) -> sa.ColumnElement[bool]:
    """True for events a reader at ``clearance`` may know of (the meetings held at them)."""
    return _visible(clearance, _event_mentions(clearance, event))


def _event_mentions(clearance, event=Event) -> list:
    return [_mentioned(Meeting, Meeting.event_id == event.id, Meeting.confidentiality, clearance)]


def topic_visible(clearance, topic=Topic) -> sa.ColumnElement[bool]:
    """True for topics a reader at ``clearance`` may know of (the meetings that discussed them)."""
    return _visible(clearance, _topic_mentions(clearance, topic))


def _topic_mentions(clearance, topic=Topic) -> list:
    return [
        _mentioned(MeetingTopic, MeetingTopic.topic_id == topic.id, Meeting.confidentiality, clearance,
                   join=(Meeting, Meeting.id == MeetingTopic.meeting_id))]


def visible_organisation_values(clearance, column=Organisation.sector) -> sa.Select:
    """Sectors of the organisations a reader may know of: a sector seen only on hidden ones is hidden."""
    return (sa.select(column).distinct()
            .where(column.is_not(None), organisation_visible(clearance)))


_RULES = {"organisation": (Organisation, _organisation_mentions), "person": (Person, _person_mentions),
          "event": (Event, _event_mentions), "topic": (Topic, _topic_mentions)}


def is_known(session, kind: str, entity_id: int | None, clearance) -> bool:
    """Whether the ``kind`` record with this id exists and a reader at ``clearance`` may know of it
    (a profile of one they may not is "not found", exactly as for a missing id)."""
    if entity_id is None:
        return False
    model, mentions = _RULES[kind]
    visible = _visible(clearance, mentions(clearance, model), model)
    return bool(session.execute(sa.select(sa.exists(
        sa.select(1).select_from(model).where(model.id == entity_id, visible)))).scalar())


def mentioned_above(kind: str, entity_id: int, clearance) -> sa.Exists:
    """EXISTS: an item above ``clearance`` mentions the record (for writes: a merge or delete of it
    would reach there). Not for readers, to whom the answer itself would be telling."""
    model, mentions = _RULES[kind]
    above = sa.or_(*[higher for _, _, higher in mentions(clearance, model)])
    return sa.exists(sa.select(1).select_from(model).where(model.id == entity_id, above))


def action_visible(clearance, action=FollowUpAction) -> sa.ColumnElement[bool]:
    """True for follow-up actions a reader at ``clearance`` may know of: those on a meeting,
    agreement or pledge at most at that level and not archived (an action has no level of its own)."""
    # Aliased, so the test does not correlate with the same tables joined by the query around it.
    items = [(sa.orm.aliased(model), column) for model, column in (
        (Meeting, action.meeting_id), (Agreement, action.agreement_id), (Pledge, action.pledge_id))]
    return sa.or_(*[
        sa.exists(sa.select(1).select_from(item).where(item.id == column, cleared(item, clearance)))
        for item, column in items])


def archive_visible(kind: str, model, clearance) -> sa.ColumnElement[bool]:
    """For the Archive page (administrators): archived rows of ``kind`` a reader at ``clearance``
    may know of — items at most at that level; organisations and people no item above it names."""
    if sees_everything(clearance):
        return sa.true()
    if kind in _RULES:
        rule_model, mentions = _RULES[kind]
        return sa.not_(sa.or_(*[higher for _, _, higher in mentions(clearance, model)]))
    return model.confidentiality <= int(clearance)
