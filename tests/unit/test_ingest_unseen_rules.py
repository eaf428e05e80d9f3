"""Rules of the article reader drawn from reports nobody tuned on (issue 16, round 11), each on a
short text of its own: names that hold a particle, places jieba knows only with their level,
parenthesised regions, mainland bodies in Hong Kong reports, and English company forms."""

from __future__ import annotations

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
