"""Fixtures shared by the service tests: a small world to write into, and a guard that a refused
write left the database exactly as it was (no row, no audit event, no data-version bump)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlmodel import SQLModel

from tests.conftest import count_rows
from tests.factories import make_organisation, make_person
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.db import data_version
from tracker.models import (
    AuditEvent,
    CooperationArea,
    CooperationAreaCreate,
    Organisation,
    OrganisationKind,
    Person,
)
from tracker.services import areas


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
    government = make_organisation(session, name="Fujian Provincial People's Government",
                                   kind=OrganisationKind.GOVERNMENT_BODY)
    company = make_organisation(session, name="SenseTime", local_name="商汤科技")
    official = make_person(session, name="Tang Dengjie", local_name="唐登杰", organisation=government,
                           title="Governor of Fujian Province", start=dt.date(2018, 1, 1))
    executive = make_person(session, name="Xu Li", local_name="徐立", organisation=company,
                            title="CEO of SenseTime", start=dt.date(2014, 10, 1))
    area = areas.create_area(session=session, actor=SYSTEM_ACTOR,
                             data=CooperationAreaCreate(name="Smart city"))
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
