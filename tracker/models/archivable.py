"""The records that are archived rather than deleted, and what names a row of each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import SQLModel

from tracker.i18n import N_
from tracker.models.agreement import Agreement
from tracker.models.meeting import Meeting
from tracker.models.organisation import Organisation
from tracker.models.person import Person
from tracker.models.pledge import Pledge

UNDO_MERGE_DAYS = 30  # a merge can be undone for this long


@dataclass(frozen=True)
class Archivable:
    model: type[SQLModel]
    title: str  # the field that names a row of it
    word: str  # what one is called (N_, for messages)


ARCHIVABLE: dict[str, Archivable] = {
    "meeting": Archivable(Meeting, "title", N_("meeting")),
    "agreement": Archivable(Agreement, "title", N_("agreement")),
    "pledge": Archivable(Pledge, "text", N_("pledge")),
    "organisation": Archivable(Organisation, "name", N_("organisation")),
    "person": Archivable(Person, "name", N_("person")),
}
