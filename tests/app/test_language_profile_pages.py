"""中文, the profiles and the directories: SenseTime's enterprise profile, an official's, an
organisation's and a person's record, the two directories (and their search) and the possible
duplicates, switched to Chinese, show their titles, labels, captions, tables' headings and charts in
Chinese and no English the catalogue knows (names and data excepted); names read Chinese first and
the directories list them in pinyin order."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin
from sqlmodel import select

from tests.app.test_language import demo, english_leftovers  # noqa: F401 (the demo-data fixture)
from tests.app.test_language_pages import chart_titles, headings, open_page
from tests.factories import make_person
from tracker.matching import has_cjk
from tracker.models import Organisation, Person

# What these pages show cannot depend on the database: the queries and services behind them
# are tested on both, so the PostgreSQL half of each page run would repeat the SQLite one.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def officer(demo, monkeypatch):  # noqa: F811 (the fixture imported above)
    """An editor (so the edit and merge forms show too) whose pages run in Chinese."""
    from tests.app.helpers import ensure_user

    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    return ensure_user("editor", clearance="secret", username="chen.jing")


def record_id(session, model, name: str) -> int:
    return session.exec(select(model.id).where(model.name == name)).one()


def pinyin_key(shown: str) -> str:
    """How a Chinese reader's list orders a name: the pinyin of the Chinese name shown first,
    else the name itself, case aside."""
    return " ".join(lazy_pinyin(shown, style=Style.NORMAL)).casefold() if has_cjk(shown) else shown.casefold()


def test_sensetimes_enterprise_profile_in_chinese(officer, session):
    sensetime = record_id(session, Organisation, "SenseTime")
    at = open_page(officer, "views/enterprise_profile.py", id=sensetime)
    assert [t.value for t in at.title] == ["企业档案"]
    assert [h.value for h in at.header] == ["商汤科技 (SenseTime)"]
    assert at.text_input(key="find_Enterprise").label == "按名称查找企业"
    assert at.selectbox(key="pick_Enterprise_False").label == "企业"
    assert [m.label for m in at.metric] == ["已举行会见", "首次会见", "最近会见"]
    assert [m.value for m in at.metric][1:] == ["2019年5月7日", "2019年5月7日"]
    assert [s.value for s in at.subheader] == ["下次会见需提出的事项",
                                               "哪些人员参加了会见（职务为当时所任）？",
                                               "我们达成了哪些协议，是否已兑现？",
                                               "跟进事项"]  # on the agreement signed with SenseTime
    assert at.selectbox(key="prof_agreement_actions_organisation_agreement").label == "所涉协议"
    assert chart_titles(at)[0] == "我们何时会见了商汤科技 (SenseTime)？"
    people = next(t for t in at.dataframe if "side" in t.value.columns)
    assert headings(people) == ["人员", "时任职务", "机构", "所属方", "会见次数", "首次", "最近"]
    assert set(people.value["side"]) <= {"政府方", "企业方"}
    assert english_leftovers(at) == []
    points = [m.value for m in at.markdown if m.value.startswith("- ")]
    # areas in Chinese in the points to raise
    assert points and all("智慧城市" in p or "Smart city" not in p for p in points), points


def test_an_officials_profile_in_chinese(officer, demo):  # noqa: F811
    at = open_page(officer, "views/official_profile.py", id=demo["g1"])
    assert [t.value for t in at.title] == ["官员档案"]
    assert [h.value for h in at.header] == ["Gov One"]
    assert at.caption[0].value == "Governor（Provincial Government）"
    assert at.selectbox(key="pick_Official_False").label == "官员"
    assert "该官员会见了哪些机构？" in [s.value for s in at.subheader]
    met = next(t for t in at.dataframe if "last_met" in t.value.columns and "kind" in t.value.columns)
    assert headings(met) == ["机构", "类型", "会见次数", "最近会见"]
    assert english_leftovers(at) == []


def test_an_organisations_record_in_chinese(officer, session):
    tencent = record_id(session, Organisation, "Tencent")
    at = open_page(officer, "views/organisation_profile.py", id=tencent)
    assert [t.value for t in at.title] == ["腾讯 (Tencent)"]
    assert [m.label for m in at.metric] == ["会见次数", "人员", "协议", "承诺"]
    assert [tab.label for tab in at.tabs] == ["人员", "会见记录", "协议", "承诺", "下属部门"]
    people = at.dataframe[0]
    assert headings(people) == ["人员", "职务", "起始日期", "截止日期"]
    assert "**又称**：Tencent Holdings" in [m.value for m in at.markdown][0], [m.value for m in at.markdown]
    assert [e.label for e in at.expander][:2] == ["修改信息", "删除此机构"]
    assert english_leftovers(at) == []


def test_a_persons_record_in_chinese(officer, session):
    ma = record_id(session, Person, "Ma Huateng")
    at = open_page(officer, "views/person_profile.py", id=ma)
    assert [t.value for t in at.title] == ["马化腾 (Ma Huateng)"]
    assert [s.value for s in at.subheader] == ["任职经历"]
    assert [tab.label for tab in at.tabs] == ["会见记录（1）", "签署协议", "其会见中的承诺"]
    meetings = next(t for t in at.dataframe if "title_then" in t.value.columns)
    assert (meetings.value.iloc[0]["role"], meetings.value.iloc[0]["side"]) == ("客方", "企业方")
    assert "当日职务" in headings(meetings)
    assert [e.label for e in at.expander][:4] == ["修改名称", "新增职务", "修改或删除职务", "删除此人员"]
    assert english_leftovers(at) == []


def test_the_directories_in_chinese_in_pinyin_order(officer):
    at = open_page(officer, "views/organisations.py")
    assert [t.value for t in at.title] == ["机构"]
    assert at.text_input(key="org_search").label == "搜索"
    assert [m.label for m in at.multiselect] == ["类型", "行业", "地区"]
    names = list(at.dataframe[0].value["name"])
    assert "腾讯 (Tencent)" in names and "Alpha Tech" in names
    assert names == sorted(names, key=pinyin_key), names
    # 商汤 (shang) before 腾讯 (teng) before 字节跳动 (zi): in English ByteDance comes first.
    order = [next(i for i, name in enumerate(names) if name.startswith(chinese))
             for chinese in ("福建省人民政府", "商汤科技", "腾讯", "字节跳动")]
    assert order == sorted(order), names
    assert headings(at.dataframe[0])[:3] == ["名称", "类型", "行业"]
    assert f"{len(names)} 个机构" in [c.value for c in at.caption]
    assert english_leftovers(at) == []

    at.text_input(key="org_search").input("腾讯").run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["name"]) == ["腾讯 (Tencent)"]
    assert english_leftovers(at) == []

    at = open_page(officer, "views/people.py")
    assert [t.value for t in at.title] == ["人员"]
    names = list(at.dataframe[0].value["name"])
    assert "马化腾 (Ma Huateng)" in names and names == sorted(names, key=pinyin_key), names
    assert "现任职务" in headings(at.dataframe[0])
    assert english_leftovers(at) == []
    at.text_input(key="people_search").input("Pony").run()
    assert list(at.dataframe[0].value["name"]) == ["马化腾 (Ma Huateng)"]
    assert english_leftovers(at) == []


def test_the_duplicates_page_in_chinese(officer, session):
    make_person(session, name="马化腾")
    at = open_page(officer, "views/duplicates.py")
    assert [t.value for t in at.title] == ["疑似重复"]
    assert at.segmented_control(key="dup_kind").options == ["人员", "机构"]
    assert at.slider(key="dup_threshold").label == "最低相似度"
    assert headings(at.dataframe[0])[:3] == ["相似度", "记录甲", "会见次数"]
    assert [s.value for s in at.subheader] == ["合并一组记录，或标记为不同记录"]
    assert english_leftovers(at) == []

    at.segmented_control(key="dup_kind").set_value("Organisations").run()
    assert not at.exception, at.exception
    assert english_leftovers(at) == []


def test_the_directory_query_orders_by_name_in_english_and_by_pinyin_in_chinese(demo, session):  # noqa: F811
    from tracker.i18n import using_language
    from tracker.models import Confidentiality
    from tracker.queries.directory import list_organisations
    from tracker.queries.filters import Filters

    see_all = Filters(clearance=Confidentiality.SECRET)
    with using_language("en"):
        english = list(list_organisations(session, see_all, limit=100)[0]["name"])
    with using_language("zh_CN"):
        chinese = list(list_organisations(session, see_all, limit=100)[0]["name"])
    assert sorted(english) == sorted(chinese)
    assert english.index("ByteDance") < english.index("SenseTime") < english.index("Tencent")
    # 商汤 (shang), 腾讯 (teng), 字节跳动 (zi)
    assert chinese.index("SenseTime") < chinese.index("Tencent") < chinese.index("ByteDance")
    # A page of the list is a page of that order (the order is SQL's, not the page's).
    with using_language("zh_CN"):
        second = list(list_organisations(session, see_all, limit=3, offset=3)[0]["name"])
    assert second == chinese[3:6]
