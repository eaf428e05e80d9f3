"""The tracker in its reader's language: gettext catalogues (English and Simplified Chinese), and
names, dates and numbers written as each language writes them (Babel).

The language is context-local (``contextvars``): a page run, a CLI command or a report sets it once
(``using_language``) and every service, query, label and report below translates through
``gettext``/``_`` without being handed it. Strings defined at import time are marked with ``N_``
(extracted, not translated) and translated where they are shown.

The catalogues are ``tracker/locale/<lang>/LC_MESSAGES/messages.po`` (kept with ``make messages``:
``pybabel extract`` and ``update``). Their ``.mo`` files are never committed: the first use in a
process compiles any that is missing or older than its ``.po`` (``babel.messages.mofile``), so a
fresh clone's ``make run`` and ``make test`` need no extra step.
"""

from __future__ import annotations

import datetime as dt
import gettext as stdlib_gettext
import io
import numbers
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.lists import format_list as babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_group_symbol

ENGLISH = "en"
CHINESE = "zh_CN"
# Each language by its own name: what the sidebar switch shows.
LANGUAGES = {CHINESE: "中文", ENGLISH: "English"}
DEFAULT_LANGUAGE = ENGLISH
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"
# Babel's English is American ("May 7, 2019"); a government office writes British dates (7 May 2019).
FORMAT_LOCALES = {ENGLISH: "en_GB", CHINESE: "zh_Hans_CN"}

_current: ContextVar[str | None] = ContextVar("tracker_language", default=None)
_compile_lock = threading.Lock()


def N_(text: str) -> str:  # noqa: N802  (gettext's own name for "mark, translate later")
    """Marks ``text`` for extraction without translating it (module-level tables, enum labels)."""
    return text


def normalise(code: object) -> str | None:
    """A language code as the tracker knows it, or None: 'zh', 'zh-CN', 'zh_Hans', 'zh_CN.UTF-8'
    → 'zh_CN'; 'en', 'en-GB', 'en_US.UTF-8' → 'en'. Traditional Chinese (zh-TW, zh-Hant) and
    anything else → None (the caller falls back)."""
    if not isinstance(code, str) or not code.strip():
        return None
    text = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    if text.upper() in {"C", "POSIX"}:  # a shell's LANG=C.UTF-8 names no language
        return None
    try:
        locale = Locale.parse(text)
    except (ValueError, UnknownLocaleError):
        return None
    if locale.language == "en":
        return ENGLISH
    if locale.language == "zh":
        traditional = locale.script == "Hant" or (locale.script is None and locale.territory in
                                                  {"TW", "HK", "MO"})
        return None if traditional else CHINESE
    return None


def configured_language() -> str | None:
    """``TRACKER_DEFAULT_LANGUAGE`` when it names a language the tracker has."""
    return normalise(os.environ.get("TRACKER_DEFAULT_LANGUAGE"))


def choose_language(chosen: object = None, browser: object = None) -> str:
    """The language to use: the user's own choice, else ``TRACKER_DEFAULT_LANGUAGE``, else the
    browser's language, else English."""
    return normalise(chosen) or configured_language() or normalise(browser) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this context (a page run, a CLI command); English when none was set."""
    return _current.get() or DEFAULT_LANGUAGE


@contextmanager
def using_language(language: object) -> Iterator[str]:
    """Within this block, ``gettext`` and the formatters use ``language`` (normalised)."""
    chosen = normalise(language) or DEFAULT_LANGUAGE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def set_language(language: object):
    """Set the context's language until ``reset_language(token)`` (a CLI command's whole run)."""
    return _current.set(normalise(language) or DEFAULT_LANGUAGE)


def reset_language(token) -> None:
    _current.reset(token)


# --- catalogues ---------------------------------------------------------------------------------


def catalogue_path(language: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compiled_catalogue(language: str) -> bytes | None:
    """The ``.mo`` bytes of ``language``'s catalogue, compiled from its ``.po`` when the ``.mo`` is
    missing or older. Written beside the ``.po`` (atomically: parallel test workers compile at
    once); where the package folder is read-only, compiled in memory."""
    po_file, mo_file = catalogue_path(language), catalogue_path(language, ".mo")
    if not po_file.exists():
        return None
    with _compile_lock:
        if mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
            return mo_file.read_bytes()
        with po_file.open("rb") as source:
            catalogue = read_po(source, locale=language, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=False)
        data = buffer.getvalue()
        try:
            temporary = mo_file.with_name(f"{mo_file.name}.{os.getpid()}.{threading.get_ident()}")
            temporary.write_bytes(data)
            os.replace(temporary, mo_file)
        except OSError:
            pass  # a read-only installation: the in-memory copy serves this process
        return data


@cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """The catalogue of ``language`` (loaded once per process), or one that returns the English."""
    data = compiled_catalogue(language)
    if data is None:
        return stdlib_gettext.NullTranslations()
    return stdlib_gettext.GNUTranslations(io.BytesIO(data))


def gettext(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the context's language); English text comes back as is."""
    language = normalise(lang) if lang else current_language()
    if language in (None, ENGLISH) or not text:
        return text
    return translations(language).gettext(text)


def ngettext(singular: str, plural: str, number: int, lang: str | None = None) -> str:
    """The singular or plural form for ``number``, in ``lang`` (Chinese has one form)."""
    language = normalise(lang) if lang else current_language()
    if language in (None, ENGLISH):
        return singular if number == 1 else plural
    return translations(language).ngettext(singular, plural, number)


def pgettext(context: str, text: str, lang: str | None = None) -> str:
    """``text`` in the sense ``context`` names, where one English word needs two renderings
    ('Enterprise' the side of a meeting is 企业方; a table's column of enterprises is 企业)."""
    language = normalise(lang) if lang else current_language()
    if language in (None, ENGLISH) or not text:
        return text
    return translations(language).pgettext(context, text)


_ = gettext


# --- names, dates, numbers ----------------------------------------------------------------------


def format_locale(lang: str | None = None) -> str:
    return FORMAT_LOCALES[normalise(lang) or current_language()]


def display_name(english: str | None, chinese: str | None, lang: str | None = None) -> str:
    """A name in the reader's language first: '马化腾 (Ma Huateng)' in Chinese, 'Ma Huateng
    (马化腾)' in English; the one that exists when only one does (or both are the same). A name
    that is not text (pandas' NaN for a column of missing names) is missing."""
    english = english.strip() if isinstance(english, str) else ""
    chinese = chinese.strip() if isinstance(chinese, str) else ""
    if not english or not chinese or english == chinese:
        return english or chinese
    if (normalise(lang) or current_language()) == CHINESE:
        return f"{chinese} ({english})"
    return f"{english} ({chinese})"


# Month and year from Babel's skeletons. A quarter by pattern: CLDR's Chinese skeleton writes
# "2019年第2季度", the office writes the quarter's own name, "2019年第二季度".
_SKELETONS = {"month": "yMMMM", "year": "y"}
_QUARTER_PATTERNS = {ENGLISH: "QQQ y", CHINESE: "y年QQQQ"}


def format_date(day: dt.date | None, precision: object = "day", lang: str | None = None) -> str:
    """A date as the language writes it, to the precision known: 'day' → 2019年5月7日 / 7 May 2019,
    'month' → 2019年5月 / May 2019, 'quarter' → 2019年第二季度 / Q2 2019, 'year' → 2019年 / 2019.
    None → ''."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    language = normalise(lang) or current_language()
    locale = FORMAT_LOCALES[language]
    key = str(getattr(precision, "value", precision) or "day")
    if key == "day":
        return babel_format_date(day, format="long", locale=locale)
    if key == "quarter":
        return babel_format_date(day, format=_QUARTER_PATTERNS[language], locale=locale)
    return format_skeleton(_SKELETONS[key], day, locale=locale)


def format_number(number: float | int | None, lang: str | None = None, *, decimals: int | None = None) -> str:
    """A number with the language's grouping: 1,204 (both languages group by thousands);
    ``decimals`` fixes the digits after the point. None → ''."""
    if number is None:
        return ""
    locale = format_locale(lang)
    if not decimals and isinstance(number, numbers.Integral) and number >= 0 and not isinstance(number, bool):
        separator = _thousands_separator(locale)
        if separator is not None:  # Babel's own answer, ~30x faster (tables format hundreds per run)
            return f"{int(number):,}".replace(",", separator)
    pattern = None if decimals is None else ("#,##0." + "0" * decimals if decimals else "#,##0")
    return format_decimal(number, format=pattern, locale=locale)


@cache
def _thousands_separator(locale: str) -> str | None:
    """The separator when ``locale`` groups whole numbers by threes as Python's ``{:,}`` does
    (English and Chinese both do), else None (Babel formats them)."""
    pattern = Locale.parse(locale).decimal_formats[None]
    return get_group_symbol(locale) if pattern.grouping == (3, 3) else None


def format_share(share: float | None, lang: str | None = None) -> str:
    """A share (0–1) as a whole percentage: 0.42 → 42%. None → ''."""
    if share is None:
        return ""
    return format_percent(share, locale=format_locale(lang))


def format_list(items, lang: str | None = None) -> str:
    """Items in a row as the language lists them: 'A, B and C'; '甲、乙和丙'. None → ''."""
    items = [str(item) for item in items or () if item is not None and str(item)]
    return babel_format_list(items, style="standard", locale=format_locale(lang)) if items else ""


def sentences(*texts: str, lang: str | None = None) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese, whose
    full stop (。) already ends a sentence."""
    gap = "" if (normalise(lang) or current_language()) == CHINESE else " "
    return gap.join(text.strip() for text in texts if text and text.strip())


def format_short_date(day: dt.date | None, lang: str | None = None) -> str:
    """A date in a table cell or a range of a report: 2019-05-07 in English (a column of them
    reads and sorts at a glance), 2019年5月7日 in Chinese (how the office writes a date). None → ''."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    if (normalise(lang) or current_language()) == CHINESE:
        return format_date(day, lang=CHINESE)
    return day.isoformat()


# The same rule for a table's date column that stays a date (it sorts as one): the moment.js
# pattern a table writes it with (Streamlit's ``DateColumn``/``DatetimeColumn`` ``format``), so
# the cells read as ``format_short_date`` writes them: 2019-05-07 / 2019年5月7日.
_TABLE_DATE_PATTERNS = {ENGLISH: "YYYY-MM-DD", CHINESE: "YYYY年M月D日"}


def table_date_pattern(lang: str | None = None, *, time: str | None = None) -> str:
    """The pattern a table column of dates is written with in ``lang`` (``format_short_date``'s
    rule); ``time`` (a moment.js time, "HH:mm") is added after the date for a column of times."""
    pattern = _TABLE_DATE_PATTERNS[normalise(lang) or current_language()]
    return f"{pattern} {time}" if time else pattern


def format_short_time(moment: dt.datetime | None, lang: str | None = None) -> str:
    """A moment in a table cell or a label: its date by ``format_short_date``, then hours and
    minutes (2019-05-07 14:30 / 2019年5月7日 14:30). None → ''."""
    if moment is None:
        return ""
    return f"{format_short_date(moment, lang)} {moment:%H:%M}"
