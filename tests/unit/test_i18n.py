"""tracker.i18n: the language chosen, gettext per context, and names, dates and numbers written
as each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker import i18n
from tracker.i18n import (
    CHINESE,
    ENGLISH,
    choose_language,
    current_language,
    display_name,
    format_date,
    format_number,
    format_share,
    gettext,
    ngettext,
    normalise,
    using_language,
)

MAY_7 = dt.date(2019, 5, 7)


@pytest.mark.parametrize(("precision", "english", "chinese"), [
    ("day", "7 May 2019", "2019年5月7日"),
    ("month", "May 2019", "2019年5月"),
    ("quarter", "Q2 2019", "2019年第二季度"),
    ("year", "2019", "2019年"),
])
def test_dates_to_the_precision_known(precision, english, chinese):
    assert format_date(MAY_7, precision, ENGLISH) == english
    assert format_date(MAY_7, precision, CHINESE) == chinese


def test_dates_follow_the_context_and_take_datetimes_and_enum_precisions():
    from tracker.models import DatePrecision

    assert format_date(dt.datetime(2019, 11, 30, 15, 0), DatePrecision.QUARTER, ENGLISH) == "Q4 2019"
    with using_language(CHINESE):
        assert format_date(MAY_7) == "2019年5月7日"
        assert format_date(dt.date(2019, 11, 1), DatePrecision.QUARTER) == "2019年第四季度"
    assert format_date(MAY_7) == "7 May 2019"
    assert format_date(None) == ""


def test_names_in_the_readers_language_first():
    assert display_name("Ma Huateng", "马化腾", CHINESE) == "马化腾 (Ma Huateng)"
    assert display_name("Ma Huateng", "马化腾", ENGLISH) == "Ma Huateng (马化腾)"
    assert display_name("Ma Huateng", None, CHINESE) == "Ma Huateng"
    assert display_name(None, "马化腾", ENGLISH) == "马化腾"
    assert display_name("  ", "马化腾 ", CHINESE) == "马化腾"
    assert display_name("Tencent", "Tencent", CHINESE) == "Tencent"
    # A participants table whose people all lack a Chinese name holds NaN there (a meeting record
    # the load test opened failed on it).
    assert display_name("Ma Huateng", float("nan"), CHINESE) == "Ma Huateng"
    with using_language(CHINESE):
        assert display_name("SenseTime", "商汤科技") == "商汤科技 (SenseTime)"


def test_numbers_and_shares_grouped_by_thousands():
    assert format_number(1234567, ENGLISH) == "1,234,567"
    assert format_number(1234567, CHINESE) == "1,234,567"
    assert format_number(1234.5, ENGLISH, decimals=2) == "1,234.50"
    assert format_number(0, CHINESE) == "0"
    assert format_number(None) == ""
    assert (format_share(0.42, ENGLISH), format_share(0.425, CHINESE)) == ("42%", "42%")


def test_whole_numbers_are_written_as_babel_writes_them():
    """Whole numbers skip Babel's general formatting (a table of 500 rows formats 1,000 of them);
    what they read must not change, in either language, for Python and NumPy integers alike."""
    import numpy as np
    from babel.numbers import format_decimal

    for language, locale in i18n.FORMAT_LOCALES.items():
        for number in (0, 7, 999, 1000, 123456789, np.int64(98765), -1234):
            assert format_number(number, language) == format_decimal(number, locale=locale)
            assert format_number(number, language, decimals=0) == format_decimal(
                number, format="#,##0", locale=locale)


@pytest.mark.parametrize(("code", "language"), [
    ("zh", CHINESE), ("zh-CN", CHINESE), ("zh_Hans", CHINESE), ("zh-Hans-CN", CHINESE),
    ("zh_CN.UTF-8", CHINESE), ("en", ENGLISH), ("en-GB", ENGLISH), ("en_US.UTF-8", ENGLISH),
    ("zh-TW", None), ("zh-Hant", None), ("fr-FR", None), ("C.UTF-8", None), ("", None), (None, None),
    ("not a language!", None),
])
def test_language_codes_are_normalised(code, language):
    assert normalise(code) == language


def test_the_users_choice_then_the_setting_then_the_browser_then_english(monkeypatch):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    assert choose_language(None, None) == ENGLISH
    assert choose_language(None, "zh-CN") == CHINESE
    assert choose_language("en", "zh-CN") == ENGLISH
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "zh_CN")
    assert choose_language(None, "en-GB") == CHINESE
    assert choose_language("en", "en-GB") == ENGLISH
    monkeypatch.setenv("TRACKER_DEFAULT_LANGUAGE", "klingon")
    assert choose_language(None, "zh-Hans") == CHINESE


def test_gettext_per_context_and_english_untouched():
    assert current_language() == ENGLISH
    assert gettext("Meetings held") == "Meetings held"
    assert gettext("Meetings held", CHINESE) == "已举行会见"
    with using_language("zh-CN"):
        assert current_language() == CHINESE
        assert gettext("Meetings held") == "已举行会见"
        assert gettext("Meetings held", "en") == "Meetings held"
        assert gettext("A sentence no catalogue holds") == "A sentence no catalogue holds"
        assert ngettext("{count} meeting", "{count} meetings", 1).format(count=1) == "1 场会见"
        with using_language(ENGLISH):
            assert gettext("Meetings held") == "Meetings held"
        assert current_language() == CHINESE
    assert current_language() == ENGLISH
    assert ngettext("{count} meeting", "{count} meetings", 2).format(count=2) == "2 meetings"


def test_a_catalogue_is_compiled_when_missing_or_older_than_its_po(tmp_path, monkeypatch):
    source = i18n.catalogue_path(CHINESE)
    copy = tmp_path / CHINESE / "LC_MESSAGES" / "messages.po"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(source.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    compiled = tmp_path / CHINESE / "LC_MESSAGES" / "messages.mo"
    assert not compiled.exists()
    data = i18n.compiled_catalogue(CHINESE)
    assert compiled.read_bytes() == data and len(data) > 1000
    # An edited .po (newer than its .mo) is compiled again.
    copy.write_text(copy.read_text(encoding="utf-8").replace('msgstr "已举行会见"', 'msgstr "举行会见"'),
                    encoding="utf-8")
    import os
    os.utime(compiled, (0, 0))
    assert i18n.compiled_catalogue(CHINESE) != data
    assert "举行会见".encode() in compiled.read_bytes()
    assert i18n.compiled_catalogue("fr") is None


def test_sentences_follow_one_another_as_each_language_writes_them():
    from tracker.i18n import sentences

    assert sentences("Meetings held.", " Select bars. ", "") == "Meetings held. Select bars."
    assert sentences("已举行会见。", "选择柱形。", lang="zh_CN") == "已举行会见。选择柱形。"
