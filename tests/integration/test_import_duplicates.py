"""The import preview lists the file's meetings that probably duplicate one already recorded
(issue 14 item 2): a day either side, sharing a matched person or organisation."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.factories import make_meeting, make_organisation, make_person
from tracker.importers import propose_mapping, read_table
from tracker.importers.preview import build_preview
from tracker.models import Confidentiality, Side

HEADER = ["Date", "Title", "Official", "Organisations", "People met"]


def register(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_the_preview_lists_probable_duplicates_of_recorded_meetings(session, admin):
    tencent = make_organisation(session, name="Tencent")
    make_organisation(session, name="ByteDance")
    pony = make_person(session, name="Ma Huateng", organisation=tencent)
    recorded = make_meeting(session, title="Talks with Tencent", date=dt.date(2019, 5, 7),
                            people_and_orgs=[(pony, tencent, Side.ENTERPRISE)])
    hidden = make_meeting(session, title="Closed talks with SenseTime", date=dt.date(2019, 5, 7),
                          confidentiality=Confidentiality.SECRET, organisation_ids=[
                              make_organisation(session, name="SenseTime").id])
    table = read_table(register([
        ["2019-05-08", "Tencent visit", "", "Tencent", ""],           # a day later, same organisation
        ["2019-05-07", "Dinner", "", "", "Ma Huateng"],               # same day, same person
        ["2019-05-10", "Tencent again", "", "Tencent", ""],           # three days later
        ["2019-05-07", "ByteDance talks", "", "ByteDance", ""],       # same day, nothing shared
        ["2019-05-07", "SenseTime talks", "", "SenseTime", ""],       # shares only a secret meeting
    ]), "register.csv")
    mapping, missing = propose_mapping(table)
    assert not missing

    preview = build_preview(session, table, mapping, clearance=Confidentiality.INTERNAL)
    frame = preview.duplicates_frame()
    assert list(frame["title"]) == ["Tencent visit", "Dinner"]
    assert list(frame["recorded id"]) == [recorded.id, recorded.id]
    assert list(frame["shared"]) == ["Tencent", "Ma Huateng"]
    assert preview.probable_duplicates == 2
    drafts = preview.drafts_frame().set_index("title")["probable duplicate of"]
    assert drafts["Tencent visit"] == "2019-05-07 · Talks with Tencent"
    assert drafts["Tencent again"] == drafts["ByteDance talks"] == drafts["SenseTime talks"] == ""

    seen_by_secret = build_preview(session, table, mapping, clearance=Confidentiality.SECRET)
    assert hidden.id in set(seen_by_secret.duplicates_frame()["recorded id"])
