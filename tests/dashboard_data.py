"""A small hand-built engagement history whose dashboard figures are worked out by hand in
``tests/integration/test_dashboard_queries.py``.

Seven meetings between a provincial government and three enterprises (2023-06 to 2024-03), one
of them confidential and one only planned; three pledges, one agreement, one progress update;
an official whose title changed on 1 January 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    AgreementCreate,
    AgreementPartyIn,
    Confidentiality,
    CooperationAreaCreate,
    EventCreate,
    MeetingCreate,
    MeetingPledgeIn,
    MeetingStatus,
    OrganisationCreate,
    OrganisationKind,
    ParticipantIn,
    PersonCreate,
    PledgeProgressCreate,
    PledgeStatus,
    PositionCreate,
    Side,
)
from tracker.services import areas, events, meetings, organisations, people, pledges


@dataclass
class Dataset:
    ids: dict[str, int]

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def build_dataset(session, level: Confidentiality = Confidentiality.INTERNAL) -> Dataset:
    """The dataset; ``level`` is the confidentiality of every meeting but M4 (always confidential)."""
    actor = SYSTEM_ACTOR
    ids: dict[str, int] = {}

    def org(key, name, kind, sector, region):
        ids[key] = organisations.create_organisation(
            session=session,
            actor=actor,
            data=OrganisationCreate(name=name, kind=kind, sector=sector, region=region),
        ).id

    org("G", "Provincial Government", OrganisationKind.GOVERNMENT_BODY, None, "Fujian")
    org("A", "Alpha Tech", OrganisationKind.PRIVATE_ENTERPRISE, "AI", "Fujian")
    org("B", "Beta Bank", OrganisationKind.STATE_OWNED_ENTERPRISE, "Finance", "Beijing")
    org("C", "Gamma Cloud", OrganisationKind.FOREIGN_ENTERPRISE, "AI", "Shanghai")

    def person(key, name, *positions):
        ids[key] = people.create_person(
            session=session,
            actor=actor,
            data=PersonCreate(
                name=name,
                positions=[
                    PositionCreate(organisation_id=ids[o], title=t, start_date=s, end_date=e)
                    for o, t, s, e in positions
                ],
            ),
        ).id

    person(
        "g1",
        "Gov One",
        ("G", "Vice Governor", dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        ("G", "Governor", dt.date(2024, 1, 1), None),
    )
    person("g2", "Gov Two", ("G", "Director", None, None))
    person("a1", "Alice Alpha", ("A", "CEO", None, None))
    person("b1", "Bob Beta", ("B", "Chairman", None, None))
    person("c1", "Carl Gamma", ("C", "President", None, None))

    def area(key, name, parent=None):
        found = areas.get_by_name(session=session, name=name)  # the default taxonomy may hold it
        ids[key] = (
            found.id
            if found
            else areas.create_area(
                session=session,
                actor=actor,
                data=CooperationAreaCreate(name=name, parent_id=ids[parent] if parent else None),
            ).id
        )

    area("digital", "Digital economy")
    area("ai", "AI R&D", "digital")
    area("health", "Health")
    ids["summit"] = events.create_event(session=session, actor=actor, data=EventCreate(name="Summit")).id

    default_level = level

    def meeting(
        key,
        day,
        attendees,
        *,
        status=MeetingStatus.HELD,
        level=None,
        topics=(),
        pledges_made=(),
        agreements=(),
        event=None,
    ):
        participants = [
            ParticipantIn(
                person_id=ids[p],
                organisation_id=ids[o],
                side=Side.GOVERNMENT if o == "G" else Side.ENTERPRISE,
            )
            for p, o in attendees
        ]
        ids[key] = meetings.create_meeting(
            session=session,
            actor=actor,
            data=MeetingCreate(
                title=f"Meeting {key}",
                date=day,
                status=status,
                confidentiality=level or default_level,
                topics=list(topics),
                participants=participants,
                event_id=ids[event] if event else None,
                agreements=list(agreements),
                pledges=list(pledges_made),
            ),
        ).id

    meeting("M6", dt.date(2023, 6, 15), [("g2", "G"), ("b1", "B")])
    meeting("M1", dt.date(2023, 12, 31), [("g1", "G"), ("a1", "A")], topics=["AI"])
    meeting(
        "M2",
        dt.date(2024, 1, 1),
        [("g1", "G"), ("a1", "A"), ("b1", "B")],
        topics=["AI", "Finance"],
        agreements=[
            AgreementCreate(
                title="Alpha AI agreement",
                parties=[
                    AgreementPartyIn(organisation_id=ids["G"]),
                    AgreementPartyIn(organisation_id=ids["A"]),
                ],
            )
        ],
        pledges_made=[
            MeetingPledgeIn(
                organisation_id=ids["A"],
                area_id=ids["ai"],
                text="AI lab",
                target_date=dt.date(2024, 6, 30),
                agreement_index=0,
            )
        ],
    )
    meeting(
        "M3",
        dt.date(2024, 1, 31),
        [("g2", "G"), ("c1", "C")],
        pledges_made=[
            MeetingPledgeIn(
                organisation_id=ids["C"],
                area_id=ids["health"],
                text="Clinic cloud",
                target_date=dt.date(2024, 3, 1),
            )
        ],
    )
    meeting(
        "M4",
        dt.date(2024, 2, 15),
        [("g1", "G"), ("b1", "B")],
        level=Confidentiality.CONFIDENTIAL,
        pledges_made=[
            MeetingPledgeIn(
                organisation_id=ids["B"],
                area_id=ids["ai"],
                text="AI fund",
                target_date=dt.date(2025, 12, 31),
                status=PledgeStatus.IN_PROGRESS,
            )
        ],
    )
    meeting(
        "M5",
        dt.date(2024, 3, 10),
        [("g1", "G"), ("g2", "G"), ("a1", "A")],
        topics=["Data security"],
        event="summit",
    )
    meeting("M7", dt.date(2024, 2, 1), [("g1", "G"), ("a1", "A")], status=MeetingStatus.PLANNED)

    from sqlmodel import select

    from tracker.models import Pledge

    ids["pledge_A"] = session.exec(select(Pledge.id).where(Pledge.organisation_id == ids["A"])).one()
    ids["pledge_B"] = session.exec(select(Pledge.id).where(Pledge.organisation_id == ids["B"])).one()
    ids["pledge_C"] = session.exec(select(Pledge.id).where(Pledge.organisation_id == ids["C"])).one()
    pledges.create_pledge_update(
        session=session,
        actor=actor,
        pledge_id=ids["pledge_A"],
        data=PledgeProgressCreate(on=dt.date(2024, 5, 1), note="Lab opened", status=PledgeStatus.DELIVERED),
    )
    return Dataset(ids)


def summary_rows(connection) -> list[tuple]:
    """``meetings_by_month`` as stored: (dimension, month, segment, level, meetings), sorted."""
    import sqlalchemy as sa

    from tracker.models import MeetingsByMonth

    table = MeetingsByMonth.__table__
    query = sa.select(table.c.dimension, table.c.month, table.c.segment, table.c.confidentiality,
                      table.c.meetings)
    return sorted((d, m, s, int(c), n) for d, m, s, c, n in connection.execute(query))


def organisation_summaries(connection) -> dict[str, list[tuple]]:
    """``meetings_by_organisation`` and ``meetings_by_official`` as stored, sorted."""
    import sqlalchemy as sa

    from tracker.models import MeetingsByOfficial, MeetingsByOrganisation

    stored = {}
    for model in (MeetingsByOrganisation, MeetingsByOfficial):
        rows = connection.execute(sa.select(*model.__table__.c))
        stored[model.__tablename__] = sorted(tuple(_level_as_int(v) for v in row) for row in rows)
    return stored


def recounted_organisation_summaries(connection) -> dict[str, list[tuple]]:
    """What both all-time summaries should hold, counted afresh from the meeting rows."""
    from tracker.read_model.summaries import official_counts, organisation_counts

    return {
        name: sorted(tuple(_level_as_int(v) for v in row) for row in connection.execute(counts()))
        for name, counts in (("meetings_by_organisation", organisation_counts),
                             ("meetings_by_official", official_counts))
    }


def _level_as_int(value):
    """Levels (an IntEnum as stored, an int as counted) as plain ints."""
    return int(value) if hasattr(value, "__index__") else value


def recounted_summary(connection) -> list[tuple]:
    """What ``meetings_by_month`` should hold, counted afresh from ``meeting_organisation``."""
    from tracker.read_model.summaries import monthly_counts

    return sorted((d, m, s, int(c), n) for m, d, s, c, n in connection.execute(monthly_counts(connection)))
