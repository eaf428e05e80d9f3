"""The import preview lists the file's meetings that probably duplicate one already recorded
(issue 14 item 2): a day either side, sharing a matched person or organisation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tests.factories import make_meeting, make_organisation, make_person
from tracker.cli import app
from tracker.importers import propose_mapping, read_table
from tracker.importers.preview import build_preview
from tracker.models import Confidentiality, Meeting, Side

HEADER = ["Date", "Title", "Official", "Organisations", "People met"]


def register(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


ROWS = [
    ["2019-05-08", "Tencent visit", "", "Tencent", ""],           # a day later, same organisation
    ["2019-05-07", "Dinner", "", "", "Ma Huateng"],               # same day, same person
    ["2019-05-10", "Tencent again", "", "Tencent", ""],           # three days later
    ["2019-05-07", "ByteDance talks", "", "ByteDance", ""],       # same day, nothing shared
    ["2019-05-07", "SenseTime talks", "", "SenseTime", ""],       # shares only a secret meeting
]


@dataclass
class Recorded:
    tencent: Meeting
    secret: Meeting


@pytest.fixture
def recorded(session) -> Recorded:
    """A meeting with Tencent and Ma Huateng on 7 May 2019, and a secret one with SenseTime."""
    tencent = make_organisation(session, name="Tencent")
    make_organisation(session, name="ByteDance")
    pony = make_person(session, name="Ma Huateng", organisation=tencent)
    talks = make_meeting(session, title="Talks with Tencent", date=dt.date(2019, 5, 7),
                         people_and_orgs=[(pony, tencent, Side.ENTERPRISE)])
    secret = make_meeting(session, title="Closed talks with SenseTime", date=dt.date(2019, 5, 7),
                          confidentiality=Confidentiality.SECRET, organisation_ids=[
                              make_organisation(session, name="SenseTime").id])
    return Recorded(talks, secret)


def test_the_preview_lists_probable_duplicates_of_recorded_meetings(session, recorded):
    recorded, hidden = recorded.tencent, recorded.secret
    table = read_table(register(ROWS), "register.csv")
    mapping, missing = propose_mapping(table)
    assert not missing

    preview = build_preview(session, table, mapping, clearance=Confidentiality.INTERNAL)
    frame = preview.duplicates_frame()
    assert list(frame["title"]) == ["Tencent visit", "Dinner"]
    assert list(frame["recorded id"]) == [recorded.id, recorded.id]
    assert list(frame["shared"]) == ["Tencent", "Ma Huateng"]
    assert preview.probable_duplicates == 2
    drafts = preview.drafts_frame().set_index("title")["probable duplicate of"]
    assert drafts["Tencent visit"] == "7 May 2019 · Talks with Tencent"
    assert drafts["Tencent again"] == drafts["ByteDance talks"] == drafts["SenseTime talks"] == ""

    seen_by_secret = build_preview(session, table, mapping, clearance=Confidentiality.SECRET)
    assert hidden.id in set(seen_by_secret.duplicates_frame()["recorded id"])


runner = CliRunner()


@pytest.fixture
def edith(database_url):
    """An editor cleared to internal: the secret SenseTime meeting is above her."""
    added = runner.invoke(app, ["user", "add", "edith", "--role", "editor", "--clearance", "internal",
                                "--password-stdin"], input="editor-password\n")
    assert added.exit_code == 0, added.output


def _import(path, *options: str):
    result = runner.invoke(app, ["import", str(path), *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_tracker_import_lists_the_probable_duplicates_in_its_dry_run_and_its_result(
        session, recorded, edith, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(register(ROWS))
    talks = recorded.tencent.id
    listed = [
        f"  row 2 · 2019-05-08 “Tencent visit” ≈ #{talks} · 2019-05-07 “Talks with Tencent”: "
        "a day apart, both with Tencent",
        f"  row 3 · 2019-05-07 “Dinner” ≈ #{talks} · 2019-05-07 “Talks with Tencent”: "
        "the same day, both with Ma Huateng",
    ]

    dry = _import(path, "--dry-run", "--as", "edith").splitlines()
    heading = dry.index("Probable duplicates of meetings already recorded (2 pairs; the meetings "
                        "in the file would be imported all the same, check them):")
    assert dry[heading + 1:heading + 3] == listed
    assert "Closed talks with SenseTime" not in "\n".join(dry)
    assert session.exec(select(Meeting.title).where(Meeting.title == "Dinner")).all() == []

    done = _import(path, "--as", "edith").splitlines()
    heading = done.index("Probable duplicates of meetings already recorded (2 pairs; the meetings "
                         "in the file were imported all the same, check them):")
    assert done[heading + 1:heading + 3] == listed
    session.rollback()   # read what the command committed, not this session's earlier snapshot
    assert session.exec(select(Meeting.title).where(Meeting.title == "Dinner")).all() == ["Dinner"]


def test_tracker_import_json_gives_the_duplicates_within_the_importers_clearance(
        session, recorded, edith, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(register(ROWS))

    as_editor = json.loads(_import(path, "--dry-run", "--json", "--as", "edith"))
    assert as_editor["probable_duplicates"] == [
        {"rows": "2", "date": "2019-05-08", "title": "Tencent visit", "recorded_id": recorded.tencent.id,
         "recorded_date": "2019-05-07", "recorded_title": "Talks with Tencent", "shared": ["Tencent"]},
        {"rows": "3", "date": "2019-05-07", "title": "Dinner", "recorded_id": recorded.tencent.id,
         "recorded_date": "2019-05-07", "recorded_title": "Talks with Tencent",
         "shared": ["Ma Huateng"]},
    ]
    as_admin = json.loads(_import(path, "--dry-run", "--json"))   # no --as: the system, cleared to secret
    assert [(p["title"], p["recorded_id"]) for p in as_admin["probable_duplicates"]] == [
        ("Tencent visit", recorded.tencent.id), ("Dinner", recorded.tencent.id),
        ("SenseTime talks", recorded.secret.id)]
