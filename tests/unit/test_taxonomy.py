"""The taxonomy's synonyms: each names one area, in both languages, and the article reader files
a pledge by what people call the area."""

from __future__ import annotations

import pytest

from tracker import taxonomy
from tracker.ingest.chinese import ChineseExtractor
from tracker.ingest.english import EnglishExtractor
from tracker.matching import fold

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
