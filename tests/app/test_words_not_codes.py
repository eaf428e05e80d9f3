"""Every value a person sees is a word (issue 14 item 11): every page, opened by an administrator
on demo-like data, shows no stored code ("government_body", "held", "meeting.update"), no raw
column name ("entity_id") and no "None" or "nan" in any table cell or column heading."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from seed_data.reference import load_reference
from tests.app.helpers import ensure_user, sign_in
from tests.app.test_dashboards import APP
from tests.dashboard_data import build_dataset
from tracker import labels
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.auth.sessions import start_session
from tracker.labels import missing
from tracker.models import (
    AgreementCreate,
    AgreementPartyIn,
    OrganisationUpdate,
    PledgeCreate,
    enums,
)
from tracker.services.agreements import create_agreement
from tracker.services.organisations import update_organisation
from tracker.services.pledges import create_pledge

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only

# Codes that read as nothing else: values of the enums whose code differs from its word (a lone
# "other" or "host" capitalised is the word), and the audit's dotted action codes.
CODES = {member.value for cls in (enums.OrganisationKind, enums.MeetingKind, enums.MeetingStatus,
                                  enums.ParticipantRole, enums.Side, enums.AgreementKind,
                                  enums.AgreementStatus, enums.PledgeStatus, enums.Role,
                                  enums.AuditAction, enums.DatePrecision)
         for member in cls}
EMPTY = {"None", "nan", "NaN", "NaT", "<NA>"}
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)+$")  # 'entity_id', 'signed_on': a column name, not a word


def shown_columns(element) -> dict[str, str]:
    """Column → the heading a person sees: the column config's label, else the column name;
    columns configured hidden, or left out of the column order, are not seen."""
    config = json.loads(element.proto.columns or "{}")
    order = list(element.proto.column_order) or [str(c) for c in element.value.columns]
    shown = {}
    for column in order:
        entry = config.get(column) or {}
        if not entry.get("hidden"):
            shown[column] = str(entry["label"]) if "label" in entry else column
    return shown


def cells(values: pd.Series) -> set[str]:
    found = set()
    for value in values:
        if isinstance(value, (list, tuple)):
            found.update(str(v) for v in value)
        else:
            found.add(str(value))
    return found


def problems(at: AppTest, where: str, empties: list[str] | None = None) -> list[str]:
    """Codes, raw names and empty values that would not read "—" in the page's tables; each typed
    empty cell that does read "—" (Streamlit draws the table's placeholder there) is added to
    ``empties``."""
    found = []
    for index, element in enumerate(at.dataframe):
        frame = element.value
        config = json.loads(element.proto.columns or "{}")
        for column, heading in shown_columns(element).items():
            if heading and (heading in CODES or SNAKE.match(heading) or heading.islower()):
                found.append(f"{where} table {index}: heading {heading!r}")
            if column not in frame.columns:
                continue
            kind = (config.get(column) or {}).get("type_config", {}).get("type")
            empty = frame[column].map(missing)
            if empty.any():
                # Streamlit draws an empty cell as the table's placeholder ("None" unless set),
                # but a progress bar's empty cell as nothing at all, placeholder or not.
                if kind == "progress" or element.proto.placeholder != labels.EMPTY:
                    found.append(f"{where} table {index}: {heading!r} shows an empty value as "
                                 f"{'nothing' if kind == 'progress' else 'None'}, not “—”")
                elif empties is not None:
                    empties.append(f"{where} {heading} ({kind or 'text'})")
            for value in cells(frame[column][~empty]):
                if value in CODES or value in EMPTY or value.startswith(("meeting.", "organisation.")):
                    found.append(f"{where} table {index}: {heading!r} cell {value!r}")
    return found


@pytest.fixture
def demo(database_url, session):
    load_reference(session)
    data = build_dataset(session)
    update_organisation(session=session, actor=SYSTEM_ACTOR, organisation_id=data["A"],
                        data=OrganisationUpdate(sector="cloud computing"))
    start_session(session=session, actor=ensure_user("viewer"))  # a sign-in in the trail
    # Dates nobody recorded: a pledge with no due date, an agreement with no signing date.
    alpha = data["A"]
    create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
        organisation_id=alpha, area_id=data["ai"], text="Open a data centre", made_on=dt.date(2024, 1, 1)))
    create_agreement(session=session, actor=SYSTEM_ACTOR, data=AgreementCreate(
        title="Letter of intent", parties=[AgreementPartyIn(organisation_id=alpha)]))
    session.commit()
    return data


def test_every_page_shows_words_not_codes(demo):
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, ensure_user("admin"))
    at.run()
    pages = [(page, {}) for page in (
        "views/home.py", "views/overview.py", "views/relationships.py", "views/enterprise_profile.py",
        "views/official_profile.py", "views/meetings.py", "views/organisations.py", "views/people.py",
        "views/duplicates.py", "views/pledges.py", "views/reports.py", "views/audit.py",
        "views/users.py", "views/log_meeting.py", "views/ingest.py", "views/import.py")]
    pages += [("views/meeting_record.py", {"id": demo["M2"]}),
              ("views/organisation_profile.py", {"id": demo["A"]}),
              ("views/person_profile.py", {"id": demo["a1"]}),
              ("views/enterprise_profile.py", {"id": demo["A"]}),
              ("views/official_profile.py", {"id": demo["g1"]}),
              ("views/pledges.py", {"id": demo["pledge_B"]})]
    found, tables, empties = [], 0, []
    for page, query in pages:
        at.query_params.clear()
        at.switch_page(page)
        at.query_params.update({k: str(v) for k, v in query.items()})
        at.run()
        assert not at.exception, (page, at.exception)
        tables += len(at.dataframe)
        found += problems(at, f"{page} {query}", empties)
    assert tables >= 20  # the pages did show their tables
    assert not found, "\n".join(found)
    # The empty dates and shares above were on the pages, each reading "—".
    alpha = f"views/enterprise_profile.py {({'id': demo['A']})}"
    assert {f"{alpha} Due (date)", f"{alpha} Signed on (date)",
            "views/relationships.py {} Delivered of due (number)"} <= set(empties), empties
