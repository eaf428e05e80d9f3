"""The quarterly transparency return: rows per meeting × outside organisation, problems, sign-off."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from seed_data.reference import load_reference
from tests.conftest import assert_audited
from tests.factories import make_meeting, make_organisation, make_person
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import Confidentiality, DatePrecision, OrganisationKind, Side
from tracker.models.quarters import parse_quarter
from tracker.queries.filters import Filters
from tracker.queries.transparency import RETURN_COLUMNS, sign_offs, transparency_return
from tracker.reports.transparency import write_return
from tracker.services.return_sign_off import ReturnSignOffCreate, sign_off_return

READER = Filters(clearance=Confidentiality.INTERNAL)


def test_quarters_parse_and_bad_ones_are_refused():
    assert parse_quarter("2019Q2") == (dt.date(2019, 4, 1), dt.date(2019, 6, 30))
    assert parse_quarter("2019-q4") == (dt.date(2019, 10, 1), dt.date(2019, 12, 31))
    for bad in ("2019Q5", "Q2 2019", "", "2019"):
        with pytest.raises(ValidationError):
            parse_quarter(bad)


def test_reference_meeting_is_listed_once_per_organisation_met(session):
    load_reference(session)
    rows, problems = transparency_return(session, READER, "2019Q2")
    assert list(rows.columns) == RETURN_COLUMNS
    assert sorted(rows["Name of Organisation"]) == ["ByteDance", "SenseTime", "Tencent"]
    assert set(rows["Date"]) == {"2019-05-07"}
    official = rows["Official"].iloc[0]
    assert official.startswith("Secretary of CPC Fujian Provincial Committee, Yu Weiguo")
    assert "Governor of Fujian Province, Tang Dengjie" in official
    assert "Data security" in rows["Purpose of meeting"].iloc[0]
    assert problems.empty
    assert transparency_return(session, READER, "2019Q3")[0].empty


def test_meetings_that_cannot_go_in_are_listed_with_the_reason(session):
    company = make_organisation(session, name="Acme Widgets")
    bureau = make_organisation(session, name="Commerce Bureau", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(session, name="Wei Official", organisation=bureau, title="Director")
    ours = [(official, bureau, Side.GOVERNMENT)]
    good = make_meeting(session, title="Monthly catch-up", date=dt.date(2019, 5, 20), people_and_orgs=ours,
                        organisation_ids=[company.id], date_precision=DatePrecision.MONTH,
                        summary="Discussed the new plant. Also lunch.")
    no_purpose = make_meeting(session, title="Silent", date=dt.date(2019, 4, 2), people_and_orgs=ours,
                              organisation_ids=[company.id])
    vague = make_meeting(session, title="Sometime", date=dt.date(2019, 5, 1), people_and_orgs=ours,
                         organisation_ids=[company.id], topics=["Trade"],
                         date_precision=DatePrecision.QUARTER)
    internal_only = make_meeting(session, title="Internal", date=dt.date(2019, 6, 2), people_and_orgs=ours,
                                 topics=["Budget"])
    make_meeting(session, title="Secret one", date=dt.date(2019, 6, 3), people_and_orgs=ours,
                 organisation_ids=[company.id], topics=["Secret"], confidentiality=Confidentiality.SECRET)
    rows, problems = transparency_return(session, READER, "2019Q2")
    assert rows.to_dict("records") == [{"Official": "Director, Wei Official", "Date": "May 2019",
                                        "Name of Organisation": "Acme Widgets",
                                        "Purpose of meeting": "Discussed the new plant."}]
    reasons = dict(zip(problems["meeting_id"], problems["problem"], strict=True))
    assert set(reasons) == {no_purpose.id, vague.id, internal_only.id}
    assert "no purpose" in reasons[no_purpose.id]
    assert "date too vague" in reasons[vague.id]
    assert "no outside organisation" in reasons[internal_only.id]
    assert good.id not in reasons


def test_return_files_in_the_published_layout(session, tmp_path):
    load_reference(session)
    csv_path = tmp_path / "return.csv"
    assert write_return(session, READER, "2019Q2", "csv", csv_path) == (3, 0)
    lines = csv_path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "Official,Date,Name of Organisation,Purpose of meeting" and len(lines) == 4
    xlsx_path = tmp_path / "return.xlsx"
    write_return(session, READER, "2019Q2", "xlsx", xlsx_path)
    book = openpyxl.load_workbook(xlsx_path)
    assert book.sheetnames == ["Return 2019Q2", "Left out", "About"]
    assert [c.value for c in book["Return 2019Q2"][1]] == RETURN_COLUMNS
    assert book["Return 2019Q2"].max_row == 4


def test_sign_off_is_recorded_and_audited(session, editor, viewer):
    signed = sign_off_return(session=session, actor=editor,
                             data=ReturnSignOffCreate(quarter="2019q2", rows=3, note="Checked"))
    assert signed.quarter == "2019Q2" and signed.signed_by == editor.username
    assert_audited(session, entity="return_sign_off", entity_id=signed.id, action="sign_off",
                   actor=editor.username)
    history = sign_offs(session, "2019Q2")
    assert list(history["signed_by"]) == [editor.username] and history["rows"].iloc[0] == 3
    with pytest.raises(PermissionDenied):
        sign_off_return(session=session, actor=viewer, data=ReturnSignOffCreate(quarter="2019Q2"))
    with pytest.raises(ValidationError):
        sign_off_return(session=session, actor=editor, data={"quarter": "2019Q9"})
