"""Fixtures shared by the service tests: a small world to write into, and a guard that a refused
write left the database exactly as it was (no row, no audit event, no data-version bump)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlmodel import SQLModel

from tests.conftest import count_rows
from tracker.db import data_version
from tracker.models import (
    AuditEvent,
    CooperationArea,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    utcnow,
)


@dataclass
class World:
    """A provincial government, a company, one official and one executive, and one area."""

    government: Organisation
    company: Organisation
    official: Person
    executive: Person
    area: CooperationArea


@pytest.fixture
def world(session) -> World:
    """Inserted in one transaction, not through the services: it is the backdrop of most tests,
    and five audited service writes per test made it the slowest part of the suite."""
    government = Organisation(name="Fujian Provincial People's Government",
                              kind=OrganisationKind.GOVERNMENT_BODY,
                              name_key="fujian provincial people's government", created_at=utcnow())
    company = Organisation(name="SenseTime", local_name="商汤科技", kind=OrganisationKind.PRIVATE_ENTERPRISE,
                           name_key="sensetime", created_at=utcnow())
    official = Person(name="Tang Dengjie", local_name="唐登杰", name_key="tang dengjie", created_at=utcnow())
    executive = Person(name="Xu Li", local_name="徐立", name_key="xu li", created_at=utcnow())
    area = CooperationArea(name="Smart city", name_key="smart city")
    session.add_all([government, company, official, executive, area])
    session.flush()
    session.add_all([
        Position(person_id=official.id, organisation_id=government.id, title="Governor of Fujian Province",
                 start_date=dt.date(2018, 1, 1)),
        Position(person_id=executive.id, organisation_id=company.id, title="CEO of SenseTime",
                 start_date=dt.date(2014, 10, 1))])
    session.commit()
    return World(government, company, official, executive, area)


def database_state(session, models: tuple[type[SQLModel], ...]) -> tuple:
    """Audit rows, data version and the row count of each model: what a refused write must keep."""
    session.rollback()
    return (count_rows(session, AuditEvent), data_version(session),
            *(count_rows(session, model) for model in models))


@contextmanager
def nothing_changes(session, *models: type[SQLModel]):
    """Assert that the block (a refused write) adds no row, no audit event and no version bump."""
    before = database_state(session, models)
    yield
    assert database_state(session, models) == before
