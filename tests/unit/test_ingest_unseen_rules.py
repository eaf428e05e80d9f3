"""Rules of the article reader drawn from reports nobody tuned on (issue 16, round 11), each on a
short text of its own: names that hold a particle, places jieba knows only with their level,
parenthesised regions, mainland bodies in Hong Kong reports, and English company forms."""

from __future__ import annotations

import datetime as dt

from tracker.ingest import extract_draft


def _people(draft) -> dict[str, tuple[str | None, str | None]]:
    orgs = {o.key: o.name for o in draft.organisations}
    return {(p.local_name or p.name): (p.title, orgs.get(p.organisation_key)) for p in draft.people}


def _pledges(draft) -> set[tuple[str, str]]:
    orgs = {o.key: o.name for o in draft.organisations}
    return {(orgs[p.organisation_key], p.area) for m in draft.meetings for p in m.pledges}


def test_a_company_whose_name_holds_a_particle_keeps_it_whole():
    # "为" separates words ("并为企业"), but not inside a word jieba reads ("华为", "有为")
    draft = extract_draft(
        "省长会见客人\n\n2025年4月2日 来源：江南日报\n\n4月1日，省长王明在杭州会见了"
        "华为数字能源技术有限公司总裁周强一行。")
    assert _people(draft)["周强"] == ("华为数字能源技术有限公司总裁", "华为数字能源技术有限公司")


def test_a_city_jieba_knows_only_with_its_level_is_the_article_s_city():
    # jieba tags "烟台" alone a noun, "烟台市" a place: bare "市委书记" is Yantai's
    draft = extract_draft(
        "市领导会见客人\n\n烟台日报 2025年3月3日\n\n本报讯 3月2日，市委书记赵青、市长钱亮在烟台"
        "会见了客人。烟台将持续优化营商环境。")
    people = _people(draft)
    assert people["赵青"] == ("市委书记", "中共烟台市委")
    assert people["钱亮"] == ("市长", "烟台市人民政府")


def test_a_province_s_paper_keeps_its_province_when_a_city_committee_is_named():
    # the city's committee ("岳州市委") is named once; the titles are the province's
    draft = extract_draft(
        "省委书记会见客人\n\n来源：湖湘日报  2025年6月6日\n\n本报讯 6月5日，省委书记周明、省长吴强在长沙"
        "会见了客人。湖湘将持续优化营商环境。省委常委、岳州市委书记郑平参加会见。湖湘欢迎企业投资。")
    people = _people(draft)
    assert people["周明"] == ("省委书记", "中共湖湘省委")
    assert people["吴强"] == ("省长", "湖湘省人民政府")


def test_this_month_s_day_and_the_day_before_yesterday_date_the_meeting():
    from tracker.ingest.dates import chinese_date

    base = dt.date(2025, 11, 14)
    assert chinese_date("本报讯 本月12日，省长会见了客人", base).day == dt.date(2025, 11, 12)
    assert chinese_date("本报讯 前日，市长会见了客人", base).day == dt.date(2025, 11, 12)
    assert chinese_date("目前日益增长", base) is None


def test_a_title_inside_a_longer_word_names_nobody_and_a_speech_verb_ends_no_body_s_name():
    draft = extract_draft(
        "市长会见客人\n\n来源：临江日报  2025年7月8日\n\n本报讯 7月7日，临江市市长孙敏在临江会见了"
        "远航物流集团有限公司董事长陈浩一行。孙敏希望远航物流把临江作为布局长三角的重要支点。"
        "孙敏表示市政府将持续优化营商环境。")
    people = _people(draft)
    assert set(people) == {"孙敏", "陈浩"}  # no "局长三角"
    assert ("临江市人民政府", "Business environment") in _pledges(draft)
    assert not any(o.name.endswith("市政府") and o.name != "临江市人民政府" for o in draft.organisations)


def test_a_company_s_first_words_and_its_kind_stand_for_its_full_name():
    draft = extract_draft(
        "省长会见客人\n\n2025年5月6日 来源：岭南日报\n\n5月5日，省长王明在广州会见了"
        "远航智慧物流集团有限公司董事长陈浩一行。陈浩表示，远航集团将在冷链物流、跨境电商等领域与岭南深化合作。")
    assert [o.name for o in draft.organisations if "远航" in o.name] == ["远航智慧物流集团有限公司"]
    assert {org for org, _ in _pledges(draft)} == {"远航智慧物流集团有限公司"}


def test_an_autonomous_region_s_posts_belong_to_its_government_in_full():
    draft = extract_draft(
        "自治区主席会见客人\n\n来源：宁夏日报  2025年8月2日\n\n本报讯 8月1日，自治区主席马立在银川会见了"
        "远航物流集团有限公司董事长陈浩一行。马立表示，自治区将持续优化营商环境。宁夏欢迎企业投资。"
        "自治区副主席李青，自治区政府副秘书长王军参加会见。")
    people = _people(draft)
    assert people["马立"] == ("自治区主席", "宁夏回族自治区人民政府")
    assert people["李青"] == ("自治区副主席", "宁夏回族自治区人民政府")
    assert people["王军"][1] == "宁夏回族自治区人民政府"
    assert ("宁夏回族自治区人民政府", "Business environment") in _pledges(draft)


def test_fields_listed_with_including_are_each_a_pledge():
    draft = extract_draft(
        "省长会见客人\n\n2025年5月6日 来源：岭南日报\n\n5月5日，省长王明在广州会见了远航物流集团有限公司"
        "董事长陈浩一行。陈浩表示，集团将重点推进包括冷库建设、航空货运在内的一批项目，"
        "并在包括跨境电商、供应链金融在内的领域与岭南合作。")
    areas = {area for org, area in _pledges(draft) if org == "远航物流集团有限公司"}
    assert {"冷库建设", "航空货运", "供应链金融"} <= areas  # "跨境电商" is the taxonomy's own
    assert not any(a.startswith("包括") or a.endswith("在内的") for a in areas)


def test_a_company_described_by_its_base_and_written_by_its_initials_is_one_company():
    from tracker.ingest.organisations import canonical_organisations

    draft = extract_draft(
        "Governor meets shipping chief\n\nMay 3, 2025\n\nGovernor Li Ming met Tom Reed, chairman of "
        "Oslo-based Nordic Harbour Lines, in Fuzhou on Friday. Reed said Nordic Harbour Lines will "
        "cooperate in areas such as port logistics and crew training.")
    assert _people(draft)["Tom Reed"] == ("Chairman of Nordic Harbour Lines", "Nordic Harbour Lines")
    assert canonical_organisations(["Siam Agro Group", "SA Group"]) == {"SA Group": "Siam Agro Group"}
    assert canonical_organisations(["Siam Agro Group", "SA Holdings"]) == {}


def test_a_mayor_speaking_by_title_and_family_name_pledges_for_the_city_and_the_x_of_y_is_no_one():
    draft = extract_draft(
        "Mayor meets investor\n\nSource: Coast Daily | Updated: 2025-04-03 08:00\n\nMayor Lin Tao met "
        "Anna Berg, president of Berg Marine AB, at the Harbin Municipal People's Government on "
        "Tuesday. Lin briefed her on the Ice Valley of China. Mayor Lin said the city government "
        "would simplify customs clearance for the project.")
    assert "Ice Valley" not in _people(draft)
    assert ("Harbin Municipal People's Government", "Business environment") in _pledges(draft)


def test_a_transliterated_name_goes_by_its_last_part():
    draft = extract_draft(
        "市长会见客人\n\n来源：临江日报  2025年7月8日\n\n本报讯 7月7日，市长孙敏在临江会见了"
        "诺德航运集团总裁汉斯·穆勒一行。穆勒表示，将在港口物流、冷链仓储等领域与临江深化合作。")
    assert ("诺德航运集团", "港口物流") in _pledges(draft)


def test_a_bracketed_region_is_part_of_a_subsidiary_s_name_and_no_short_form_of_the_group():
    draft = extract_draft(
        "市长会见客人\n\n来源：临江日报  2025年7月8日\n\n本报讯 7月7日，市长孙敏在临江会见了"
        "诺德航运集团总裁汉斯·穆勒一行。会见后，市商务局局长王蕾与诺德航运（中国）有限公司副总裁刘卓"
        "签署了合作备忘录。")
    people = _people(draft)
    assert people["刘卓"] == ("诺德航运（中国）有限公司副总裁", "诺德航运（中国）有限公司")
    assert people["汉斯·穆勒"][1] == "诺德航运集团"


def test_a_hong_kong_report_on_a_mainland_city_names_its_people_s_government():
    draft = extract_draft(
        "2025年3月6日（星期四）  來源：文匯報\n\n【本報訊】東莞市委書記李明昨日訪港，"
        "會見港華集團主席陳偉一行。"
        "會面期間，東莞市副市長張華與港華集團行政總裁何立代表雙方簽署合作備忘錄。")
    assert _people(draft)["張華"] == ("副市長", "東莞市人民政府")


def test_a_subsidiary_named_by_its_country_signs_for_the_parties_named_on_whose_behalf():
    draft = extract_draft(
        "Province and Nordwerk sign agreement\n\nSource: Coast Daily | Updated: 2025-06-05 07:12\n\n"
        "Governor Zhao Ming met Karl Weber, a member of the executive board of Nordwerk AG, in Hefei "
        "on Wednesday. Vice Governor Sun Li and Lin Hui, president of Nordwerk Ltd, China, signed a "
        "cooperation agreement on behalf of the Anhui Provincial People's Government and Nordwerk AG.")
    people = _people(draft)
    assert people["Karl Weber"] == ("Member of the executive board of Nordwerk AG", "Nordwerk AG")
    assert people["Lin Hui"] == ("President of Nordwerk Ltd, China", "Nordwerk Ltd, China")
    parties = [{draft.organisation(k).name for k in a.party_keys}
               for m in draft.meetings for a in m.agreements]
    assert parties == [{"Anhui Provincial People's Government", "Nordwerk AG"}]


def test_a_taiwanese_report_s_full_width_dot_joins_a_transliterated_name():
    draft = extract_draft(
        "2025-04-10 中央社\n\n高港市長陳其明今（9）日會見海風能源公司執行長馬丁．克勞斯一行。"
        "克勞斯表示，將於離岸風電、儲能等領域與高港合作。")
    assert "馬丁．克勞斯" in _people(draft)


def test_a_body_s_standing_short_name_is_its_full_name_in_the_article_s_province():
    draft = extract_draft(
        "省长会见客人\n\n2025年5月6日 来源：岭南日报\n\n5月5日，岭南省省长王明在广州会见了"
        "远航物流集团有限公司"
        "董事长陈浩一行。省发展改革委主任刘平，省住建厅厅长赵强参加会见。")
    people = _people(draft)
    assert people["刘平"] == ("省发展改革委主任", "岭南省发展和改革委员会")
    assert people["赵强"][1] == "岭南省住房和城乡建设厅"


def test_a_bureau_of_two_fields_keeps_both_and_the_text_s_fuller_title_wins_over_the_headline_s():
    draft = extract_draft(
        "市长会见远航物流集团董事长陈浩\n\n来源：临江日报  2025年7月8日\n\n本报讯 7月7日，市长孙敏在临江"
        "会见了远航物流集团有限公司董事长陈浩一行。市经济及信息发展局局长王蕾参加会见。")
    people = _people(draft)
    assert people["陈浩"][0] == "远航物流集团有限公司董事长"
    assert people["王蕾"][0] == "市经济及信息发展局局长"


def test_a_division_s_head_serves_the_company():
    draft = extract_draft(
        "2025-04-10 中央社\n\n高港市政府昨（9）日與德商諾德集團簽署合作備忘錄，由副市長張華與諾德台灣區董事長"
        "李明代表簽署，市長陳其明與諾德集團能源科技事業部執行長馬丁．克勞斯共同見證。")
    people = _people(draft)
    assert people["李明"][1] == "諾德集團"
    assert people["馬丁．克勞斯"] == ("諾德集團能源科技事業部執行長", "諾德集團")


def test_a_city_committee_named_in_a_headline_is_recorded_as_the_cpc_committee():
    draft = extract_draft(
        "東莞市委書記訪港 雙方簽署合作備忘錄\n\n2025年3月6日（星期四）  來源：文匯報\n\n"
        "【本報訊】東莞市委書記李明"
        "昨日訪港，會見港華集團主席陳偉一行。會面期間，東莞市副市長張華與港華集團行政總裁何立代表雙方簽署合作備忘錄。")
    assert "東莞市委" not in {o.name for o in draft.organisations}
