"""Names meet across scripts, spellings, name order and aliases."""

from tracker.matching import fold, matches, name_keys, pinyin, similarity, strip_honorifics


def test_pinyin_of_a_chinese_person_name_keeps_the_surname_apart():
    assert pinyin("马化腾", person=True) == "ma huateng"
    assert pinyin("腾讯") == "teng xun"


def test_ma_huateng_pony_ma_and_chinese_characters_meet():
    record = name_keys("Ma Huateng", "马化腾", "Pony Ma", person=True)
    assert similarity(name_keys("马化腾", person=True), record) == 100
    assert similarity(name_keys("Pony Ma", person=True), record) == 100
    assert similarity(name_keys("Huateng Ma", person=True), record) == 100
    assert similarity(name_keys("Ma Hua-teng", person=True), record) >= 90


def test_different_people_do_not_meet():
    assert similarity(name_keys("Zhang Yiming", person=True), name_keys("Xu Li", person=True)) < 60


def test_honorifics_are_ignored_for_people():
    assert strip_honorifics("The Rt Hon Francis Maude MP") == "francis maude"
    assert fold("  Société  Générale ") == "societe generale"


def test_search_matches_prefixes_and_pinyin():
    keys = name_keys("Ma Huateng", "马化腾", person=True)
    assert matches("ma hua", keys, person=True)
    assert matches("马化", keys, person=True)
    assert matches("mahuateng", keys, person=True)
    assert not matches("zhang", keys, person=True)
