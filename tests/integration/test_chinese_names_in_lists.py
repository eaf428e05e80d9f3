"""中文 where the screenshots of every page found English (issue 15): the network chart's officials
and enterprises, the People list's organisations, the organisation pickers, the transparency
return's officials and dates, the audit trail's field names and values, and the command line's
messages about an organisation. English keeps the stored names, as every list does."""

from __future__ import annotations

import pytest

from seed_data.reference import load_reference
from tests.cli_helpers import run_cli as run
from tracker.i18n import using_language
from tracker.models import Confidentiality
from tracker.queries.audit import describe_changes
from tracker.queries.directory import list_people, organisation_choices
from tracker.queries.filters import Filters
from tracker.queries.relationships import network
from tracker.queries.transparency import transparency_return
from tracker.reports.transparency import date_text, return_bytes

SECRET = Filters(clearance=Confidentiality.SECRET)


@pytest.fixture
def reference(session):
    load_reference(session)
    return session


def test_the_network_names_officials_and_enterprises_in_the_readers_language(reference):
    from tests.factories import make_meeting, make_organisation, make_person
    from tracker.models import OrganisationKind, Side

    bureau = make_organisation(reference, name="Commerce Bureau", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(reference, name="Wei Official", organisation=bureau, title="Director")
    unnamed = make_organisation(reference, name="Acme Widgets")  # no Chinese name: NaN in the frame
    make_meeting(reference, people_and_orgs=[(official, bureau, Side.GOVERNMENT)],
                 organisation_ids=[unnamed.id])
    with using_language("zh_CN"):
        edges = network(reference, SECRET)
    assert {"Acme Widgets", "Wei Official"} <= set(edges["enterprise"]) | set(edges["official"])
    assert "于伟国 (Yu Weiguo)" in set(edges["official"])
    assert "商汤科技 (SenseTime)" in set(edges["enterprise"])
    with using_language("en"):
        edges = network(reference, SECRET)
    assert "Yu Weiguo" in set(edges["official"]) and "SenseTime" in set(edges["enterprise"])
    assert "official_local" not in edges.columns


def test_people_list_and_organisation_pickers_name_organisations_in_chinese(reference):
    with using_language("zh_CN"):
        people, _total = list_people(reference, SECRET, search="Ma Huateng")
        choices = organisation_choices(reference, clearance=Confidentiality.SECRET, search="Tencent")
    assert list(people["organisation"]) == ["腾讯 (Tencent)"]
    assert list(choices["name"]) == ["腾讯 (Tencent)"]
    with using_language("en"):
        choices = organisation_choices(reference, clearance=Confidentiality.SECRET, search="Tencent")
    assert list(choices["name"]) == ["Tencent"]


def test_the_return_names_officials_and_writes_dates_in_chinese(reference):
    with using_language("zh_CN"):
        rows, _problems = transparency_return(reference, SECRET, "2019Q2")
        official = rows["Official"].iloc[0]
        assert official.startswith("Secretary of CPC Fujian Provincial Committee　于伟国 (Yu Weiguo)；")
        assert {date_text(text) for text in rows["Date"]} == {"2019年5月7日"}
        assert date_text("May 2019") == "2019年5月"
        csv = return_bytes(reference, SECRET, "2019Q2", "csv").decode("utf-8-sig")
    assert csv.splitlines()[0] == "官员,日期,机构名称,会见事由"
    assert "2019年5月7日" in csv and "2019-05-07" not in csv
    with using_language("en"):
        assert date_text("2019-05-07") == "2019-05-07"


def test_the_audit_trail_names_fields_and_values_in_chinese():
    before = {"name": "Tencent", "aliases": [], "parent_id": None, "email": None, "language": None}
    after = {"name": "Tencent Holdings", "aliases": ["腾讯控股"], "parent_id": 3, "email": "a@b.cn",
             "language": "zh_CN"}
    with using_language("zh_CN"):
        organisation = describe_changes(before, after, "organisation")
        person = describe_changes({"name": "Ma"}, {"name": "Ma Huateng"}, "person")
    fields = {line.split("：")[0] for line in organisation.splitlines()}
    assert fields == {"名称", "其他名称", "上级机构", "电子邮箱", "语言"}, organisation
    assert "语言：— → 中文" in organisation
    assert person.startswith("姓名：")
    with using_language("en"):
        assert describe_changes({"name": "Ma"}, {"name": "Mo"}, "organisation") == "name: Ma → Mo"


def test_the_command_line_names_the_organisation_in_chinese(reference, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    code, out, _ = run(monkeypatch, capsys, "--lang", "zh_CN", "brief", "SenseTime",
                       "--out", str(tmp_path / "brief.pdf"))
    assert code == 0 and "商汤科技 (SenseTime)的简报" in out, out
    code, _, err = run(monkeypatch, capsys, "--lang", "zh_CN", "brief", "Tencnet", "--out", "x.pdf")
    assert code == 2 and "“腾讯”" in err and "“Tencent”" not in err, err
    code, _, err = run(monkeypatch, capsys, "brief", "Tencnet", "--out", "x.pdf")
    assert code == 2 and "“Tencent”" in err, err


def test_a_wrong_format_lists_the_formats_the_chinese_way(database_url, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, "--lang", "zh_CN", "report", "--format", "pdfx", "--out", "x")
    assert code == 2 and "pdf、docx、xlsx" in err, err
