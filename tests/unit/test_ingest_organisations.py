"""Organisation names read by their form (legal form, country in front, short forms), and the
other structural readings that replace lists: places jieba knows as other words, plural titles."""

from tracker.ingest.chinese_places import could_be_place
from tracker.ingest.english import plural_titles
from tracker.ingest.enumerations import head_area
from tracker.ingest.organisations import canonical_organisations, core, latin_legal_form, without_country


def test_legal_forms_in_latin_script_come_from_cleanco_and_count_only_in_their_written_case():
    assert latin_legal_form("Alpenwerk AG") == "AG"
    assert latin_legal_form("Brenner Maschinenbau GmbH") == "GmbH"
    assert latin_legal_form("Kaneda Precision Co., Ltd.") is not None
    assert latin_legal_form("Governor Asa Hutchinson") is None  # "ASA" only in capitals
    assert latin_legal_form("Takumi Robotics") is None


def test_a_foreign_company_is_recorded_without_its_country_but_an_association_keeps_it():
    assert without_country("韩国大元化学株式会社") == "大元化学株式会社"
    assert without_country("德国博瑞机械集团有限公司") == "博瑞机械集团有限公司"
    assert without_country("韩国贸易协会") == "韩国贸易协会"
    assert without_country("中国一重集团有限公司") == "中国一重集团有限公司"  # China's own


def test_the_core_is_what_short_forms_share():
    assert core("韩国大元化学株式会社") == "大元化学"
    assert core("金穗农业发展集团有限公司") == "金穗农业发展"
    assert core("Brenner Maschinenbau GmbH") == "Brenner Maschinenbau"


def test_short_forms_stand_for_the_fullest_name_and_an_ambiguous_one_for_none():
    canonical = canonical_organisations(
        ["韩国大元化学株式会社", "大元化学", "东亚重工业株式会社", "东亚重工", "香港科技园公司", "科技园公司",
         "金穗农业发展集团有限公司", "金穗农业集团", "柏川市人民政府"])
    assert canonical["大元化学"] == canonical["韩国大元化学株式会社"] == "大元化学株式会社"
    assert canonical["东亚重工"] == "东亚重工业株式会社"
    assert canonical["科技园公司"] == "香港科技园公司"
    assert canonical["金穗农业集团"] == "金穗农业发展集团有限公司"
    assert "柏川市人民政府" not in canonical
    english = canonical_organisations(["Brenner", "Brenner Maschinenbau", "Brenner Maschinenbau GmbH",
                                       "Alpenwerk", "Alpenwerk AG", "Delmont Department of Commerce"])
    brenner = "Brenner Maschinenbau GmbH"
    assert english == {"Brenner": brenner, "Brenner Maschinenbau": brenner, "Alpenwerk": "Alpenwerk AG"}
    assert canonical_organisations(["Hanul", "Hanul Battery Group", "Hanul Chemical Group"]) == {}


def test_a_word_jieba_knows_as_something_else_names_no_place():
    assert not could_be_place("代表")
    assert could_be_place("江西") and could_be_place("岚江")


def test_every_title_word_has_its_plural():
    plurals = plural_titles()
    assert plurals["vice-mayors"] == "Vice-mayor"
    assert plurals["secretaries"] == "Secretary"
    assert plurals["chairmen"] == "Chairman"


def test_an_unknown_field_takes_the_area_of_its_head_word_only_when_the_taxonomy_agrees():
    assert head_area("apprenticeship training", "en") == "Talent cultivation"
    assert head_area("port rail link", "en") is None
