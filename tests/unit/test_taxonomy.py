"""The taxonomy's synonyms: each names one area, in both languages, and the article reader files
a pledge by what people call the area."""

from __future__ import annotations

import pytest

from seed_data.generator.vocab import INDUSTRIES
from tracker import taxonomy
from tracker.i18n import using_language
from tracker.ingest.chinese import ChineseExtractor
from tracker.ingest.english import EnglishExtractor
from tracker.matching import fold, has_cjk, sort_key

AREAS = list(taxonomy.synonyms())


def test_a_synonym_names_one_area_and_no_other_areas_name():
    seen: dict[str, str] = {}
    names = {fold(name) for name in AREAS}
    for area, words in taxonomy.synonyms().items():
        for word in words:
            assert fold(word) not in names - {fold(area)}, (word, area)
            assert seen.setdefault(fold(word), area) == area, (word, area, seen[fold(word)])


@pytest.mark.parametrize(("typed", "area"), [
    ("cloud", "Digital infrastructure"), ("cloud computing", "Digital infrastructure"),
    ("Cloud Computing", "Digital infrastructure"), ("云计算", "Digital infrastructure"),
    ("big data", "Data sharing and security"), ("大数据", "Data sharing and security"),
    ("smart city", "Smart city"), ("智慧城市", "Smart city"),
    ("AI", "AI R&D"), ("人工智能", "AI R&D"),
    ("new energy vehicles", "Production services"), ("新能源汽车", "Production services"),
    ("digital infrastructure", "Digital infrastructure"),
])
def test_what_people_call_an_area_names_it(typed, area):
    assert taxonomy.area_named(typed, AREAS) == area


def test_a_synonym_of_an_area_the_database_lacks_names_nothing():
    assert taxonomy.area_named("cloud computing", ["Smart city", "Health"]) is None
    assert taxonomy.area_named("quantum teleportation", AREAS) is None
    assert taxonomy.area_named("  ", AREAS) is None


def test_the_picker_label_carries_the_synonyms_of_its_area_only():
    infrastructure = taxonomy.picker_label("Digital economy › Digital infrastructure",
                                           "Digital infrastructure")
    products = taxonomy.picker_label("Digital economy › Digital products and content",
                                     "Digital products and content")
    assert "cloud computing" in infrastructure and "云计算" in infrastructure
    assert "cloud" not in products.casefold()
    assert taxonomy.picker_label("Mine › Own area", "Own area") == "Mine › Own area"


@pytest.mark.parametrize(("extractor", "text", "area"), [
    (EnglishExtractor, "Tencent will invest heavily in cloud computing in Fuzhou.", "Digital infrastructure"),
    (EnglishExtractor, "The company will build a big data platform.", "Data sharing and security"),
    (EnglishExtractor, "They agreed to cooperate on new energy vehicles.", "Production services"),
    (ChineseExtractor, "腾讯将在福州发展云计算", "Digital infrastructure"),
    (ChineseExtractor, "双方将在大数据领域深化合作", "Data sharing and security"),
    (ChineseExtractor, "企业将参与智慧城市建设", "Smart city"),
])
def test_the_article_reader_files_a_pledge_by_the_areas_synonyms(extractor, text, area):
    found = [item[0] for item in extractor._areas_in(text)]
    assert area in found, found
    assert "Digital products and content" not in found


# --- names in the reader's language -------------------------------------------------------------


def test_every_default_area_has_a_chinese_name_of_its_own():
    nodes = list(taxonomy._nodes(taxonomy.default_taxonomy()))
    chinese = [node.get("zh") for node in nodes]
    assert all(name and has_cjk(name) for name in chinese), [n["name"] for n in nodes if not n.get("zh")]
    assert len(set(chinese)) == len(chinese)


def test_an_area_reads_in_chinese_in_chinese_and_as_stored_in_english():
    with using_language("zh_CN"):
        assert taxonomy.area_label("E-government") == "电子政务"
        assert taxonomy.area_label("digital economy") == "数字经济"  # any case
        assert taxonomy.area_label("Our own area") == "Our own area"  # one users added
        assert taxonomy.area_label(None) is None
    with using_language("en"):
        assert taxonomy.area_label("E-government") == "E-government"


def test_every_sector_of_the_demo_data_and_the_reference_meeting_reads_in_chinese():
    sectors = {sector for sector, _word, _chinese in INDUSTRIES} | {"Government", "AI", "Finance"}
    with using_language("zh_CN"):
        shown = {sector: taxonomy.sector_label(sector) for sector in sectors}
        assert taxonomy.sector_label("Internet and digital platforms") == "互联网与数字平台"
    assert all(has_cjk(name) for name in shown.values()), shown
    with using_language("en"):
        assert taxonomy.sector_label("Finance") == "Finance"


def test_names_sort_by_pinyin_among_latin_letters():
    names = ["Zeta", "中国移动", "Beta Bank", "阿里巴巴", "cloud", "北京银行", "腾讯 (Tencent)"]
    assert sorted(names, key=sort_key) == ["阿里巴巴", "北京银行", "Beta Bank", "cloud", "腾讯 (Tencent)",
                                           "Zeta", "中国移动"]  # a li, bei jing, beta, …
    with using_language("zh_CN"):
        areas = sorted(map(taxonomy.area_label, ["Health", "E-government", "Consumption"]), key=sort_key)
    assert areas == ["电子政务", "生活消费", "生命健康"]  # dian, sheng huo, sheng ming


def test_the_picker_label_names_the_path_in_chinese_in_chinese():
    from tracker.i18n import using_language

    with using_language("zh_CN"):
        shown = taxonomy.picker_label("Digital economy › Smart city", "Smart city")
    assert shown.startswith("数字经济 › 智慧城市"), shown
