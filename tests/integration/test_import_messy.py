"""Importing the messy files offices really keep: one test per quirk, on a real database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlmodel import select

from tests.conftest import assert_audited, count_rows
from tests.factories import make_organisation
from tracker.db import data_version
from tracker.errors import PermissionDenied
from tracker.importers import propose_mapping, read_table
from tracker.importers.grouping import RowError
from tracker.importers.outputs import error_file
from tracker.importers.run import import_rows, preview_import
from tracker.models import (
    Confidentiality,
    DatePrecision,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Participation,
    Person,
)


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(session, actor, data: bytes, filename: str = "register.csv", mapping=None, **kwargs):
    table = read_table(data, filename)
    if mapping is None:
        mapping, missing = propose_mapping(table)
        assert not missing, missing
    return import_rows(session=session, actor=actor, table=table, mapping=mapping, **kwargs)


def adds_up(result) -> bool:
    return result.imported + result.already_imported + result.rejected == result.rows_read


UK_HEADER = ["Minister", "Date", "Name of Organisation", "Purpose of meeting"]


def test_windows_1252_file_keeps_accents_and_symbols(session, admin):
    data = csv_bytes([UK_HEADER, ["Minister for Trade, The Rt Hon Jane Smith MP", "2019-05-06",
                                  "Café Nero – UK £ Holdings", "Coffee “duty” review"]], "cp1252")
    result = run(session, admin, data)
    assert (result.rows_read, result.imported, result.rejected) == (1, 1, 0)
    names = set(session.exec(select(Organisation.name)))
    assert "Café Nero – UK £ Holdings" in names
    assert session.exec(select(Meeting.title)).one() == "Coffee “duty” review"


def test_bom_does_not_hide_the_first_header(session, admin):
    data = b"\xef\xbb\xbf" + csv_bytes([["Date", "Company", "Subject"],
                                        ["2019-05-06", "腾讯", "数字政府合作"]])
    table = read_table(data, "bom.csv")
    assert table.headers[0] == "Date"
    result = run(session, admin, data)
    assert result.imported == 1
    assert session.exec(select(Organisation.name)).all() == ["腾讯"]


def test_excel_serial_and_text_dates(session, admin):
    data = csv_bytes([["Date", "Organisation", "Purpose"],
                      ["43591", "Serial Ltd", "serial"],          # 2019-05-06
                      ["43591.625", "Serial Time Ltd", "serial with time"],
                      ["6 May 2019", "Text Ltd", "day month year"],
                      ["May 7, 2019 2:30 pm", "Usa Ltd", "month day year with time"],
                      ["2019年5月8日", "Chinese Ltd", "chinese"]])
    result = run(session, admin, data)
    assert result.imported == 5 and adds_up(result)
    got = {m.title: (m.date, m.time, m.date_precision) for m in session.exec(select(Meeting))}
    day = DatePrecision.DAY
    assert got["serial"] == (dt.date(2019, 5, 6), None, day)
    assert got["serial with time"] == (dt.date(2019, 5, 6), dt.time(15, 0), day)
    assert got["day month year"] == (dt.date(2019, 5, 6), None, day)
    assert got["month day year with time"] == (dt.date(2019, 5, 7), dt.time(14, 30), day)
    assert got["chinese"] == (dt.date(2019, 5, 8), None, day)


def test_xlsx_with_merged_title_and_group_header_rows(session, admin, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ministers' meetings, April to June 2019"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Meeting", None, "Counterpart", None])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(["Date", "Purpose", "Organisation", "People"])
    sheet.append([dt.datetime(2019, 5, 6), "Trade talks", "Acme Ltd", "Ann Lee; Bo Chen"])
    sheet.append([None, None, None, None])
    sheet.append([dt.datetime(2019, 6, 1, 9, 30), "Site visit", "Beta plc", ""])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    table = read_table(path.read_bytes(), path.name)
    assert table.headers == ["Meeting Date", "Meeting Purpose", "Counterpart Organisation",
                             "Counterpart People"]
    assert (len(table.rows), table.blank_rows) == (2, 1)
    result = run(session, admin, path.read_bytes(), path.name)
    assert (result.imported, result.created_people) == (2, 2)
    visit = session.exec(select(Meeting).where(Meeting.title == "Site visit")).one()
    assert (visit.date, visit.time) == (dt.date(2019, 6, 1), dt.time(9, 30))


def test_blank_rows_are_not_read_and_counts_add_up(session, admin):
    data = csv_bytes([UK_HEADER, ["", "", "", ""], ["Minister, Ann Lee", "2019-05-06", "Acme", "Talk"],
                      [" ", "", "  ", ""], ["", "2019-05-07", "Beta", "Talk"], ["", "", "", ""]])
    result = run(session, admin, data)
    assert (result.rows_read, result.imported, result.rejected) == (2, 2, 0)


def test_trailing_spaces_and_unknown_columns(session, admin):
    existing = make_organisation(session, name="Tencent")
    data = csv_bytes([["Minister   ", "Date ", "Name of Organisation  ", "Purpose of meeting²",
                       "Internal ref", ""],
                      ["Governor, Tang Dengjie ", " 2019-05-06 ", "Tencent ", "Digital Fujian  ",
                       "X-17", ""]])
    table = read_table(data, "spaces.csv")
    spec, missing = propose_mapping(table)
    assert not missing
    assert "Internal ref" not in [c for rule in spec.fields.values() for c in rule.column]
    result = import_rows(session=session, actor=admin, table=table, mapping=spec)
    assert (result.imported, result.matched_organisations, result.created_organisations) == (1, 1, 0)
    meeting = session.exec(select(Meeting)).one()
    assert meeting.title == "Digital Fujian"
    orgs = session.exec(select(MeetingOrganisation.organisation_id)).all()
    assert orgs == [existing.id]


def test_titled_names_are_split_into_name_and_title(session, admin):
    data = csv_bytes([UK_HEADER,
                      ["Minister for the Cabinet Office, Paymaster General, The Rt Hon Francis Maude MP",
                       "2013-01-10", "IPSA", "Bilateral"],
                      ["Minister Zhang Wei", "2013-01-11", "Huawei", "Talk"],
                      ["福建省省长唐登杰", "2013-01-12", "腾讯", "会谈"]])
    result = run(session, admin, data)
    assert result.imported == 3 and result.created_people == 3
    rows = session.exec(select(Person.name, Participation.title).join(
        Participation, Participation.person_id == Person.id)).all()
    assert set(rows) == {("Francis Maude", "Minister for the Cabinet Office, Paymaster General"),
                         ("Zhang Wei", "Minister"), ("唐登杰", "福建省省长")}


def test_month_and_quarter_dates_keep_their_precision(session, admin):
    data = csv_bytes([UK_HEADER, ["Prime Minister, The Rt Hon David Cameron MP", "July", "BBC", "A"],
                      ["", "Jan/Feb/Mar", "ITV", "B"], ["", "Sept", "Sky", "C"], ["", "Jan-14", "RBS", "D"],
                      ["", "2013 Q4", "BT", "E"]])
    result = run(session, admin, data, "pmmeetingsjulsept13.csv")
    assert result.imported == 5
    got = {m.title: (m.date, m.date_precision) for m in session.exec(select(Meeting))}
    assert got == {"A": (dt.date(2013, 7, 1), DatePrecision.MONTH),
                   "B": (dt.date(2013, 1, 1), DatePrecision.QUARTER),
                   "C": (dt.date(2013, 9, 1), DatePrecision.MONTH),
                   "D": (dt.date(2014, 1, 1), DatePrecision.MONTH),
                   "E": (dt.date(2013, 10, 1), DatePrecision.QUARTER)}


def test_month_without_any_year_is_rejected_with_the_reason(session, admin):
    data = csv_bytes([UK_HEADER, ["Minister, Ann Lee", "July", "BBC", "A"]])
    result = run(session, admin, data, "no-year.csv")
    assert (result.imported, result.rejected) == (0, 1)
    assert "no year" in result.errors[0]["reason"]


def test_rows_grouped_by_meeting_id(session, admin):
    data = csv_bytes([["Meeting ID", "Date", "Organisation", "People met", "Purpose"],
                      ["M1", "2019-05-06", "Acme", "Ann Lee", "Signing"],
                      ["M1", "2019-05-06", "Beta", "Bo Chen", "Signing"],
                      ["M1", "", "Gamma", "", ""],
                      ["M2", "2019-05-07", "Acme", "Ann Lee", "Follow-up"]])
    result = run(session, admin, data)
    assert (result.rows_read, result.imported, result.meetings_created) == (4, 4, 2)
    signing = session.exec(select(Meeting).where(Meeting.title == "Signing")).one()
    orgs = session.exec(select(Organisation.name).join(
        MeetingOrganisation, MeetingOrganisation.organisation_id == Organisation.id).where(
        MeetingOrganisation.meeting_id == signing.id)).all()
    assert sorted(orgs) == ["Acme", "Beta", "Gamma"]


def test_rows_grouped_by_date_official_and_purpose(session, admin):
    data = csv_bytes([UK_HEADER, ["Premier, Ann Lee", "2019-05-06", "Acme", "Roundtable"],
                      ["Premier, Ann Lee", "2019-05-06", "Beta", "Roundtable"],
                      ["Premier, Ann Lee", "2019-05-06", "Gamma", "Other"]])
    table = read_table(data, "g.csv")
    spec, _ = propose_mapping(table)
    spec.group_by = ["date", "official", "title"]
    result = import_rows(session=session, actor=admin, table=table, mapping=spec)
    assert (result.imported, result.meetings_created) == (3, 2)


def test_empty_official_on_follow_on_rows_means_the_one_above(session, admin):
    data = csv_bytes([UK_HEADER, ["Deputy Prime Minister, The Rt Hon Nick Clegg MP", "2010-08-02", "FIFA",
                                  "World Cup bid"],
                      ["", "2010-08-03", "TEDCO", "Low carbon"],
                      ["", "", "Quadrus Centre", ""],         # adds an organisation to the meeting above
                      ["Prime Minister, The Rt Hon David Cameron MP", "2010-08-04", "HSBC", "Economy"]])
    result = run(session, admin, data)
    assert (result.rows_read, result.imported, result.meetings_created) == (4, 4, 3)
    hosts = dict(session.exec(select(Meeting.title, Person.name).join(
        Participation, Participation.meeting_id == Meeting.id).join(
        Person, Person.id == Participation.person_id)).all())
    assert hosts == {"World Cup bid": "Nick Clegg", "Low carbon": "Nick Clegg", "Economy": "David Cameron"}
    low_carbon = session.exec(select(Meeting).where(Meeting.title == "Low carbon")).one()
    assert count_rows(session, MeetingOrganisation) == 4
    assert "quadrus centre" in low_carbon.search_text


def test_invalid_rows_come_back_in_the_error_file(session, admin):
    data = csv_bytes([UK_HEADER, ["Minister, Ann Lee", "2019-05-06", "Acme", "ok"],
                      ["Minister, Ann Lee", "31/02/2019", "Beta", "bad date"],
                      ["Minister, Ann Lee", "2019-05-07", "", "nobody met"],
                      ["Minister, Ann Lee", "nil return", "", ""],
                      ["Note: does not include meetings with government bodies", "", "", ""]])
    table = read_table(data, "errors.csv")
    spec, _ = propose_mapping(table)
    preview = preview_import(session=session, table=table, mapping=spec,
                             clearance=Confidentiality.SECRET)
    assert count_rows(session, Meeting) == 0          # the preview writes nothing
    assert [e.row for e in preview.errors] == [3, 4, 5, 6]
    result = import_rows(session=session, actor=admin, table=table, mapping=spec, preview=preview)
    assert (result.rows_read, result.imported, result.rejected) == (5, 1, 4) and adds_up(result)
    reasons = {e["row"]: e["reason"] for e in result.errors}
    assert reasons[3] == "“31/02/2019” is not a real date"
    assert "no organisation or person" in reasons[4]
    assert "nil return" in reasons[5]
    assert "note or heading" in reasons[6]
    lines = list(csv.reader(io.StringIO(error_file(table, [RowError(e["row"], e["reason"])
                                                           for e in result.errors]).decode("utf-8-sig"))))
    assert lines[0] == ["row", "reason", *UK_HEADER]
    assert lines[1][:3] == ["3", reasons[3], "Minister, Ann Lee"]
    assert len(lines) == 5


def test_reimport_adds_nothing_and_is_audited(session, admin, editor):
    data = csv_bytes([UK_HEADER, ["Minister, Ann Lee", "2019-05-06", "Acme, Beta", "Talk"],
                      ["Minister, Ann Lee", "2019-05-06", "Acme, Beta", "Talk"],   # a second, equal meeting
                      ["", "2019-05-08", "Gamma", "Talk"]])
    version = data_version(session)
    first = run(session, editor, data)
    assert (first.imported, first.meetings_created) == (3, 3)
    assert data_version(session) > version
    assert_audited(session, entity="import", entity_id=None, action="import", actor="edith")
    assert_audited(session, entity="meeting", entity_id=None, action="create", actor="edith")
    counts = {m: count_rows(session, m) for m in (Meeting, Organisation, Person, Participation)}
    again = run(session, admin, data)
    assert (again.imported, again.already_imported, again.rejected) == (0, 3, 0)
    assert {m: count_rows(session, m) for m in counts} == counts


def test_existing_records_are_matched_by_alias_and_fuzzily(session, admin):
    make_organisation(session, name="International Business Machines", aliases=["IBM"])
    make_organisation(session, name="Rolls-Royce Holdings plc")
    data = csv_bytes([["Date", "Organisation", "Purpose"], ["2019-05-06", "IBM", "a"],
                      ["2019-05-07", "Rolls Royce Holdings PLC.", "b"], ["2019-05-08", "Newco", "c"]])
    table = read_table(data, "match.csv")
    spec, _ = propose_mapping(table)
    preview = preview_import(session=session, table=table, mapping=spec,
                             clearance=Confidentiality.SECRET)
    how = {m.source: (m.method, m.record_name) for m in preview.matches.values()}
    assert how["IBM"] == ("alias", "International Business Machines")
    assert how["Rolls Royce Holdings PLC"][1] == "Rolls-Royce Holdings plc"   # trailing "." dropped
    assert how["Rolls Royce Holdings PLC"][0] in ("exact", "fuzzy")
    assert how["Newco"] == ("new", "Newco")
    result = import_rows(session=session, actor=admin, table=table, mapping=spec, preview=preview)
    assert (result.matched_organisations, result.created_organisations) == (2, 1)
    assert count_rows(session, Organisation) == 3


def test_chinese_headers_are_proposed(session, admin):
    data = csv_bytes([["日期", "领导", "部门", "企业", "事由", "地点"],
                      ["2019-05-06", "省长 唐登杰", "福建省人民政府", "腾讯；阿里巴巴", "数字福建合作",
                       "福州"]])
    table = read_table(data, "中文.csv")
    spec, missing = propose_mapping(table)
    assert not missing
    assert {name: rule.column[0] for name, rule in spec.fields.items()} == {
        "date": "日期", "official": "领导", "government_body": "部门", "organisations": "企业",
        "title": "事由", "place": "地点"}
    result = import_rows(session=session, actor=admin, table=table, mapping=spec)
    assert (result.imported, result.created_organisations, result.created_people) == (1, 3, 1)
    person, title = session.exec(select(Person.name, Participation.title).join(
        Participation, Participation.person_id == Person.id)).one()
    assert (person, title) == ("唐登杰", "省长")


def test_dry_run_writes_nothing(session, admin):
    data = csv_bytes([UK_HEADER, ["Minister, Ann Lee", "2019-05-06", "Acme", "Talk"]])
    result = run(session, admin, data, dry_run=True)
    assert (result.imported, result.created_organisations, result.created_people) == (1, 1, 1)
    assert count_rows(session, Meeting) == 0 and count_rows(session, Organisation) == 0


def test_viewer_may_not_import(session, viewer):
    data = csv_bytes([UK_HEADER, ["Minister, Ann Lee", "2019-05-06", "Acme", "Talk"]])
    with pytest.raises(PermissionDenied):
        run(session, viewer, data)
    assert count_rows(session, Meeting) == 0


def test_several_organisations_in_one_cell(session, admin):
    """Commas split organisations; "Org: person, person" names an organisation's people; a
    label such as "Roundtable with:" is not an organisation (the cell is kept in the summary)."""
    data = csv_bytes([UK_HEADER, ["Prime Minister, The Rt Hon David Cameron MP", "2013-01-10",
                                  "ITV: Geoff Hill, Michael Jeremy, Tom Bradby", "General discussion"],
                      ["", "2013-01-11", "Roundtable with: Age UK, RSPCA, RNIB", "Charities"],
                      ["", "2013-01-12", "O2, EE, Three and Vodafone", "Civil contingencies"]])
    table = read_table(data, "pm.csv")
    spec, _ = propose_mapping(table)
    spec.fields["organisations"].split = [",", " and "]
    result = import_rows(session=session, actor=admin, table=table, mapping=spec)
    assert (result.imported, result.created_organisations, result.created_people) == (3, 8, 4)
    itv = session.exec(select(Person.name, Organisation.name).join(
        Participation, Participation.person_id == Person.id).join(
        Organisation, Organisation.id == Participation.organisation_id).where(
        Organisation.name == "ITV")).all()
    assert sorted(name for name, _org in itv) == ["Geoff Hill", "Michael Jeremy", "Tom Bradby"]
    charities = session.exec(select(Meeting).where(Meeting.title == "Charities")).one()
    assert charities.summary == "Listed as: Roundtable with: Age UK, RSPCA, RNIB"
