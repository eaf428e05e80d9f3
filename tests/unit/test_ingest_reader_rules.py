"""The article reader's rules for issue 16, each on a short text of its own: Traditional script,
dates without a year, enumerated fields, bare titles, people named twice, deputies who sign."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.ingest import extract_draft
from tracker.models import AgreementKind, ParticipantRole

TRADITIONAL = (
    "滇南省與港企簽署戰略合作框架協議\n發布時間:2024-06-12 08:30\n"
    "本報香港6月12日電 省委書記鄭國華11日在香港會見了恒信集團主席梁嘉偉一行。"
    "會見後,副省長周立新與恒信集團副主席陳敏儀代表雙方簽署戰略合作框架協議。"
)


def test_a_traditional_report_is_drafted_in_its_own_script_with_the_simplified_as_alias():
    draft = extract_draft(TRADITIONAL)
    people = {p.local_name: p for p in draft.people}
    assert set(people) == {"鄭國華", "梁嘉偉", "周立新", "陳敏儀"}
    assert people["鄭國華"].aliases == ["郑国华"] and people["鄭國華"].name == "Zheng Guohua"
    assert people["梁嘉偉"].title == "恒信集團主席"
    assert people["周立新"].aliases == []  # the same in both scripts
    assert {o.name: o.aliases for o in draft.organisations} == {
        "中共滇南省委": [], "恒信集團": ["恒信集团"], "滇南省人民政府": []}
    for _label, span in draft.all_spans():
        assert TRADITIONAL[span.start : span.end] == span.text
    assert draft.meetings[0].date == dt.date(2024, 6, 11)


def test_deputies_who_sign_are_kept_apart_from_the_leaders_who_met():
    draft = extract_draft(TRADITIONAL)
    [meeting] = draft.meetings
    roles = {draft.person(k).local_name: draft.person(k).role for k in meeting.person_keys}
    assert roles == {"鄭國華": ParticipantRole.HOST, "梁嘉偉": ParticipantRole.GUEST,
                     "周立新": ParticipantRole.ATTENDEE, "陳敏儀": ParticipantRole.ATTENDEE}
    [agreement] = meeting.agreements
    assert agreement.kind is AgreementKind.STRATEGIC_COOPERATION
    signed = {draft.organisation(k).name: draft.person(p).local_name
              for k, p in agreement.signatories.items()}
    assert signed == {"滇南省人民政府": "周立新", "恒信集團": "陳敏儀"}


@pytest.mark.parametrize(
    ("text", "published_on", "day"),
    [
        ("5月6日,省长王明会见了华信集团董事长李强。", dt.date(2024, 5, 10), dt.date(2024, 5, 6)),
        ("12月30日,省长王明会见了华信集团董事长李强。", dt.date(2024, 1, 2), dt.date(2023, 12, 30)),
        ("28日,省长王明会见了华信集团董事长李强。", dt.date(2024, 3, 2), dt.date(2024, 2, 28)),
        ("昨日,省长王明会见了华信集团董事长李强。", dt.date(2024, 3, 1), dt.date(2024, 2, 29)),
        ("星期三,省长王明会见了华信集团董事长李强。", dt.date(2024, 3, 1), dt.date(2024, 2, 28)),
        ("市政府今(22)日與華信集團簽署合作意向書。", dt.date(2012, 6, 22), dt.date(2012, 6, 22)),
        ("市長王明昨日會見了華信集團董事長李強。", dt.date(2012, 6, 22), dt.date(2012, 6, 21)),
        ("On March 3, Mayor Zhou Hai met with Anita Rao, CEO of Orchid Pharma.", dt.date(2021, 3, 5),
         dt.date(2021, 3, 3)),
        ("Mayor Zhou Hai met with Anita Rao, CEO of Orchid Pharma, on Wednesday.", dt.date(2022, 10, 14),
         dt.date(2022, 10, 12)),
        ("Governor Anne Whitfield met Tuesday with Park Ji-hoon, CEO of Hanil Chem.", dt.date(2024, 9, 12),
         dt.date(2024, 9, 10)),
    ],
)
def test_dates_without_a_year_resolve_to_the_latest_day_not_after_publication(text, published_on, day):
    assert extract_draft(text, published_on=published_on).meetings[0].date == day


def test_a_dateline_in_september_dates_the_report():
    draft = extract_draft("Capital Ledger | Thursday, September 12, 2024\n\n"
                          "Governor Anne Whitfield met Tuesday with Park Ji-hoon, CEO of Hanil Chem.")
    assert draft.dateline == dt.date(2024, 9, 12)
    assert draft.meetings[0].date == dt.date(2024, 9, 10)
    assert {(p.name, p.title) for p in draft.people} == {
        ("Anne Whitfield", "Governor"), ("Park Ji-hoon", "CEO of Hanil Chem")}


def test_the_dateline_and_the_address_date_the_report_when_nothing_else_does():
    text = "东北网双鸭山5月30日讯 5月27日,市长宫镇江会见了省建投集团总经理周军一行。"
    draft = extract_draft(text, url="https://example.org/system/2022/05/30/058901656.shtml")
    assert draft.meetings[0].date == dt.date(2022, 5, 27)
    assert draft.dateline == dt.date(2022, 5, 30)


def test_enumerated_fields_are_mapped_item_by_item_and_unknown_ones_kept():
    text = ("2023年9月21日 来源:东川日报\n昨日,市长王立平会见了远航物流集团有限公司总裁赵明。"
            "赵明表示,远航物流集团将在冷链物流、跨境电商和人才培养等领域加大合作。")
    pledges = extract_draft(text).meetings[0].pledges
    assert {(p.area, p.area_known) for p in pledges} == {
        ("冷链物流", False), ("Consumption", True), ("Talent cultivation", True)}


def test_an_unknown_item_takes_the_area_its_field_names():
    text = ("2021年8月24日 来源:海南日报\n8月23日,省长冯飞会见山东能源集团有限公司董事长李伟。"
            "李伟表示,山东能源集团将在氢能源、光伏产业等新能源领域深化合作。")
    [pledge] = extract_draft(text).meetings[0].pledges
    assert (pledge.area, pledge.area_known) == ("Environmental protection", True)


def test_english_fields_such_as_are_read_item_by_item():
    text = ("Source: Lakeshore Herald   2022-10-14\n\nGovernor Maria Jensen met with Henrik Dahl, CEO of "
            "Nordvind Energy, on Wednesday. Dahl said Nordvind Energy will cooperate with the state "
            "in fields such as offshore wind, cloud computing and tourism.")
    pledges = extract_draft(text).meetings[0].pledges
    assert {(p.area, p.area_known) for p in pledges} == {
        ("offshore wind", False), ("Digital infrastructure", True), ("Publicity and promotion", True)}


def test_a_bare_title_takes_the_province_of_the_report_and_names_nobody():
    text = ("2023年5月8日 来源:滇南日报\n7日,省委书记李明在昆城会见了华信集团董事长王强一行。"
            "滇南省政府与华信集团签署了战略合作协议。省委书记出席签约仪式。")
    draft = extract_draft(text)
    assert [(p.local_name, p.title) for p in draft.people] == [
        ("李明", "省委书记"), ("王强", "华信集团董事长")]
    assert draft.organisation(draft.people[0].organisation_key).name == "中共滇南省委"


def test_the_governor_who_speaks_is_the_governor_named_before():
    text = ("Source: Riverton Daily   2021-03-05\n\nOn March 3, Riverton Mayor Zhou Hai met with Anita Rao, "
            "Chairwoman of Orchid Pharma. The mayor pledged better services for enterprises.")
    draft = extract_draft(text)
    assert [p.name for p in draft.people] == ["Zhou Hai", "Anita Rao"]
    [pledge] = draft.meetings[0].pledges
    assert draft.organisation(pledge.organisation_key).name == "Riverton Municipal People's Government"
    assert pledge.area == "Business environment"


def test_short_forms_are_the_organisation_named_in_full():
    text = ("2023年1月10日 来源:甘肃日报\n今天,省委书记胡昌升会见了中国一重集团有限公司董事长刘明忠。"
            "刘明忠表示,中国一重将同甘肃在项目建设、人才培养等方面深入合作。会见后,省政府和中国一重集团签署了战略合作框架协议。")
    draft = extract_draft(text)
    assert sorted(o.name for o in draft.organisations) == sorted(
        ["中共甘肃省委", "甘肃省人民政府", "中国一重集团有限公司"])
    assert {(draft.organisation(p.organisation_key).name, p.area) for p in draft.meetings[0].pledges} == {
        ("中国一重集团有限公司", "项目建设"), ("中国一重集团有限公司", "Talent cultivation")}


def test_a_taiwanese_city_government_is_its_own_name_and_a_division_stays_in_the_title():
    text = ("2023-11-03 記者王淑芬/嘉港報導\n"
            "嘉港市長林文傑2日在市政府接見德國風電大廠北風能源公司亞太區總裁穆勒一行。經發局長蔡明宏也出席會議。")
    draft = extract_draft(text)
    found = {p.local_name: (p.title, draft.organisation(p.organisation_key).name) for p in draft.people}
    assert found == {"林文傑": ("市長", "嘉港市政府"), "穆勒": ("北風能源公司亞太區總裁", "北風能源公司"),
                     "蔡明宏": ("經發局長", "嘉港市政府")}


def test_a_title_whose_place_follows_the_name():
    text = ("Source: Harbor Times   2024-02-09\n\n"
            "Mayor Chen Lin of Harborview met with Daniel Moreau, President of X Line.")
    [chen, _] = extract_draft(text).people
    assert chen.title == "Mayor of Harborview"


def test_the_page_asks_for_the_area_of_a_field_the_taxonomy_lacks_and_keeps_its_words():
    from tracker.ingest.corrections import pledge_rows

    text = ("2023年9月21日 来源:东川日报\n昨日,市长王立平会见了远航物流集团有限公司总裁赵明。"
            "赵明表示,远航物流集团将在冷链物流、人才培养等领域加大合作。")
    rows = {(r["area"], r["text"]) for r in pledge_rows(extract_draft(text), 0)}
    clause = "远航物流集团将在冷链物流、人才培养等领域加大合作"
    assert rows == {("", clause), ("Talent cultivation", clause)}


def _parties(draft) -> set[frozenset[str]]:
    return {frozenset(draft.organisation(k).name for k in a.party_keys)
            for m in draft.meetings for a in m.agreements}


def test_several_signings_in_one_chinese_sentence_are_several_agreements():
    draft = extract_draft(
        "2024年5月21日，省长林振华会见华拓集团董事长钱宏伟。西江省人民政府与华拓集团签署战略合作协议；"
        "西江省发展和改革委员会与华拓新能源有限公司签署投资协议；桂川市人民政府与华拓集团签署合作协议。"
    )
    assert _parties(draft) == {
        frozenset({"西江省人民政府", "华拓集团"}),
        frozenset({"西江省发展和改革委员会", "华拓新能源有限公司"}),
        frozenset({"桂川市人民政府", "华拓集团"}),
    }


def test_several_agreements_listed_after_one_english_verb_are_several_agreements():
    draft = extract_draft(
        "On June 28, 2023, Governor Xu Ming met with Chen Haoran, chairman of Tianrui Automotive Group. "
        "Two agreements were signed: a strategic cooperation agreement between the Jianghai Provincial "
        "People's Government and Tianrui Automotive Group, and a memorandum of understanding between "
        "the Jianghai Department of Commerce and Sato Logistics."
    )
    assert _parties(draft) == {
        frozenset({"Jianghai Provincial People's Government", "Tianrui Automotive Group"}),
        frozenset({"Jianghai Department of Commerce", "Sato Logistics"}),
    }


def test_a_company_referred_to_by_its_kind_is_the_one_just_named():
    draft = extract_draft("2023年11月15日，代表团走访了比迅科技股份有限公司，与公司董事长周家明座谈。"
                          "16日，代表团来到海澜生物医药集团，与集团总裁李慧敏会谈。")
    people = {p.local_name: (p.title, draft.organisation(p.organisation_key).name) for p in draft.people}
    assert people == {"周家明": ("比迅科技董事长", "比迅科技股份有限公司"),
                      "李慧敏": ("海澜生物医药集团总裁", "海澜生物医药集团")}


def test_the_next_day_counts_from_the_day_told_before_and_a_later_post_names_the_body():
    draft = extract_draft(
        "2024年4月19日 星期五 本報訊\n\n香港工商總會訪問團於周三抵達湘北省,省長范志明當天會見了訪問團團長、"
        "香港工商總會會長李家豪一行。\n\n翌日,湘北省商務廳與香港工商總會簽署合作備忘錄,"
        "香港瑞峰集團與長州市人民政府簽署投資協議。副省長鄧麗萍出席座談會並見證簽約。"
    )
    assert {m.date for m in draft.meetings} == {dt.date(2024, 4, 17), dt.date(2024, 4, 18)}
    [li] = [p for p in draft.people if p.local_name == "李家豪"]
    assert draft.organisation(li.organisation_key).name == "香港工商總會"
    assert _parties(draft) == {frozenset({"湘北省商務廳", "香港工商總會"}),
                               frozenset({"香港瑞峰集團", "長州市人民政府"})}


def test_later_meetings_without_a_day_of_their_own_take_the_day_told_before():
    draft = extract_draft(
        "Capital Ledger | Thursday, September 12, 2024\n\nGovernor Anne Whitfield met Tuesday with "
        "leaders of two companies.\n\nAt Hanil Chem's headquarters, Whitfield sat down with Park Ji-hoon, "
        "CEO of Hanil Chem.\n\nThe next day, the delegation met Lee Soo-min, President of Daesung Battery."
    )
    tuesday, wednesday = dt.date(2024, 9, 10), dt.date(2024, 9, 11)
    assert [m.date for m in draft.meetings] == [tuesday, tuesday, wednesday]


def test_two_signings_of_one_kind_with_no_party_in_common_stay_two_agreements():
    draft = extract_draft("2023-10-26 記者王秀玲/南濱報導\n\n南濱市政府今(26)日與宏遠綠能公司簽署合作備忘錄,"
                          "山本精機社長山本健則與南濱市經濟發展局簽署合作備忘錄。")
    assert _parties(draft) == {frozenset({"南濱市政府", "宏遠綠能公司"}),
                               frozenset({"南濱市經濟發展局", "山本精機"})}


def test_workforce_training_is_talent_cultivation_and_a_production_base_is_investment():
    draft = extract_draft("2023年11月16日，副市长何志远会见海澜生物医药集团总裁李慧敏。"
                          "李慧敏表示，集团将在临江建设创新药生产基地，并开展职业培训。")
    pledges = {(draft.organisation(p.organisation_key).name, p.area)
               for m in draft.meetings for p in m.pledges}
    assert pledges == {
        ("海澜生物医药集团", "Opening up and investment"), ("海澜生物医药集团", "Talent cultivation")}


def _people(draft) -> dict[str, tuple[str | None, str | None]]:
    return {p.local_name or p.name: (p.title, o.name if (o := draft.organisation(p.organisation_key))
                                     else None) for p in draft.people}


def test_names_listed_after_a_titled_one_share_its_title():
    draft = extract_draft("2024年5月21日，省长陈立新在云江省会见了丰川株式会社社长佐藤健一一行。"
                          "副省长王海、李娜，省政府秘书长刘志刚参加会见。")
    people = _people(draft)
    assert people["王海"] == people["李娜"] == ("副省长", "云江省人民政府")
    assert people["佐藤健一"] == ("丰川株式会社社长", "丰川株式会社")  # a Japanese name of four characters


def test_a_county_leader_heads_the_county_government_in_its_own_script():
    draft = extract_draft("2024/10/03 記者林雅婷/竹北報導\n\n竹北縣長鄭文忠昨（2）日在縣府接見"
                          "日商佐佐木精機株式會社社長佐佐木浩二一行。副縣長陳思妤陪同接見。")
    people = _people(draft)
    assert people["鄭文忠"] == ("縣長", "竹北縣政府") and people["陳思妤"] == ("副縣長", "竹北縣政府")
    assert people["佐佐木浩二"] == ("佐佐木精機株式會社社長", "佐佐木精機株式會社")  # not 日商…
    assert [m.date for m in draft.meetings] == [dt.date(2024, 10, 2)]  # 陪同接見 is no second meeting


def test_a_composed_name_keeps_the_characters_the_article_prints():
    draft = extract_draft("2025/04/05 記者張雅琪/桃峰報導\n\n"
                          "桃峰市長劉建宏今（5）日在市府會見鈴木電裝株式會社社長鈴木一郎。")
    assert _people(draft)["劉建宏"] == ("市長", "桃峰市政府")  # OpenCC would write 桃峯


def test_cabinet_titles_belong_to_the_government_and_family_names_find_the_speaker():
    draft = extract_draft(
        "The Riverton Herald — Tuesday, October 7, 2025\n\n"
        "Calder Governor Mark Ellison and Commerce Secretary Rachel Ortiz met Monday with Choi Young-ho, "
        "chairman of Daewon Tire. Choi said Daewon Tire will invest $600 million in a plant. "
        "Ellison said the state will speed up permits.\n\n"
        "Ellison first met Kim Seo-yeon, president of Hanbit Solar, in Seoul on Sept. 30.")
    people = _people(draft)
    assert people["Rachel Ortiz"] == ("Commerce Secretary", "State of Calder")
    pledges = {(draft.organisation(p.organisation_key).name, p.area)
               for m in draft.meetings for p in m.pledges}
    assert pledges == {("Daewon Tire", "Opening up and investment"),
                       ("State of Calder", "Business environment")}
    assert sorted(m.date for m in draft.meetings) == [dt.date(2025, 9, 30), dt.date(2025, 10, 6)]


def test_a_minister_of_a_portfolio_belongs_to_the_ministry_named():
    draft = extract_draft("November 7, 2024\n\nMinister of Economic Development Karen Lowe met with Anders "
                          "Lindqvist, the president of Nordic Cell Recycling, on Nov. 4 at the Ministry of "
                          "Economic Development. Trade and Investment Minister Raj Patel attended.")
    people = _people(draft)
    assert people["Karen Lowe"] == ("Minister of Economic Development", "Ministry of Economic Development")
    assert people["Anders Lindqvist"] == ("President of Nordic Cell Recycling", "Nordic Cell Recycling")
    assert people["Raj Patel"][0] == "Trade and Investment Minister"
    assert set(people) == {"Karen Lowe", "Anders Lindqvist", "Raj Patel"}


def test_a_city_named_only_by_its_paper_gives_bare_titles_their_bodies():
    draft = extract_draft(
        "市委书记会见客人\n\n2024年3月2日 来源：青禾日报\n\n3月1日，市委书记吴立新、市长孙敏在青禾宾馆"
        "会见了华远科技有限公司董事长陈浩一行。青禾将持续优化营商环境。副市长刘洋与华远科技副总经理"
        "周凯代表双方签署了战略合作框架协议。")
    people = _people(draft)
    assert people["吴立新"] == ("市委书记", "中共青禾市委")
    assert people["孙敏"] == ("市长", "青禾市人民政府")
    assert "周凯" in people and "周凯代" not in people


def test_a_governor_written_short_governs_the_place_of_the_article():
    draft = extract_draft(
        "Maker to build plant in Tarrow\n\nMay 2, 2025\n\nGov. Ellen Marsh met Wednesday with "
        "Ken Ito, president of Hoshi Metals Co., at the Capitol. Commerce Secretary Paul Reed "
        "and Aya Mori, vice president of Hoshi Metals, signed a memorandum of understanding "
        "between the Tarrow Department of Commerce and the company. The governor said the "
        "state would keep permits fast.")
    people = _people(draft)
    assert people["Ellen Marsh"] == ("Governor", "State of Tarrow")
    assert people["Paul Reed"][1] == "Tarrow Department of Commerce"
    assert people["Aya Mori"][1] == "Hoshi Metals Co."
