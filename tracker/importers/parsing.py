"""Turning cell text into values: dates with their precision, names with their titles, lists.

Published registers write dates as "July", "Sept", "Jan-14", "Jul-2013", "August, 2010",
"Jan/Feb/Mar", Excel serial numbers or ordinary text dates; a date known only to the month or
quarter is kept with that precision (``DatePrecision``), never invented as the 1st. Officials
appear as "Minister for the Cabinet Office, Paymaster General, The Rt Hon Francis Maude MP":
the name and the title are taken apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.i18n import gettext
from tracker.matching import has_cjk
from tracker.models import DatePrecision
from tracker.models.dates import DATE_RANGE_TEXT, in_date_range


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown for its row."""


MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTH_ABBR = {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name}
_MONTH_WORD = r"[A-Za-z]{3,9}\.?"
_YEAR = r"(?:19|20)?\d{2}"
_MONTH_YEAR = re.compile(rf"^(?P<month>{_MONTH_WORD})[\s,\-/']*(?P<year>{_YEAR})?[\s,.]*$")
_YEAR_MONTH = re.compile(r"^(?P<year>(?:19|20)\d{2})[\-/.年\s]+(?P<month>\d{1,2})月?$")
_NUM_MONTH_YEAR = re.compile(r"^(?P<month>\d{1,2})[/\-.](?P<year>(?:19|20)\d{2})$")
_MONTH_RANGE = re.compile(
    rf"^(?P<months>{_MONTH_WORD}(?:\s*(?:/|-|–|to)\s*{_MONTH_WORD})+)[\s,]*(?P<year>{_YEAR})?[\s,.]*$")
_QUARTER = re.compile(r"^(?:(?P<y1>(?:19|20)\d{2})\s*[\-/ ]?\s*)?Q(?P<q>[1-4])"
                      r"(?:\s*[\-/ ]?\s*(?P<y2>(?:19|20)?\d{2}))?$", re.IGNORECASE)
_CN_QUARTER = re.compile(r"^(?P<year>(?:19|20)\d{2})年?第?(?P<q>[一二三四1-4])季度$")
_CN_DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T](?P<time>\d{1,2}:\d{2})(?::\d{2})?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME_PART = r"(?:[ T,]+(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)))?"
_NUMERIC = re.compile(rf"^(?P<a>\d{{1,2}})[/.\-](?P<b>\d{{1,2}})[/.\-](?P<y>\d{{4}}|\d{{2}}){_TIME_PART}$",
                      re.IGNORECASE)
_WEEKDAY = r"(?:[A-Za-z]+,?\s+)??"
_DAY_MONTH = re.compile(rf"^{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>[A-Za-z]{{3,9}})\.?,?"
                        rf"\s+(?P<y>\d{{4}}){_TIME_PART}$", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"^{_WEEKDAY}(?P<m>[A-Za-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
                        rf"\s+(?P<y>\d{{4}}){_TIME_PART}$", re.IGNORECASE)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Longer text is no date, and dateparser would spend seconds on it.
DATE_MAX_CHARS = 100
_SIGNED = re.compile(r"^[-+−–]\s*\d")


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    precision: DatePrecision
    time: dt.time | None = None


# Month names in the other languages registers come in (French, Spanish, German, Dutch, Chinese).
FOREIGN_MONTHS = {name: number for number, names in enumerate([
    ("janvier", "enero", "januar", "januari", "一月"),
    ("février", "fevrier", "febrero", "februar", "februari", "二月"),
    ("mars", "marzo", "märz", "maerz", "maart", "三月"), ("avril", "abril", "april", "四月"),
    ("mai", "mayo", "mei", "五月"), ("juin", "junio", "juni", "六月"), ("juillet", "julio", "juli", "七月"),
    ("août", "aout", "agosto", "augustus", "八月"), ("septembre", "septiembre", "setiembre", "九月"),
    ("octobre", "octubre", "oktober", "十月"), ("novembre", "noviembre", "十一月"),
    ("décembre", "decembre", "diciembre", "dezember", "december", "十二月")], start=1) for name in names}


def month_number(word: str) -> int | None:
    """1–12 for a month name or any prefix of at least three letters ("Sept", "Marc"), or a month
    named in French, Spanish, German, Dutch or Chinese ("marzo", "März", "三月")."""
    word = word.strip(". ").lower()
    if word in FOREIGN_MONTHS:
        return FOREIGN_MONTHS[word]
    if len(word) < 3:
        return None
    if word in MONTHS:
        return MONTHS[word]
    for name, number in MONTHS.items():
        if name.startswith(word):
            return number
    return MONTH_ABBR.get(word[:3]) if word[:3] in MONTH_ABBR and len(word) <= 4 else None


def _full_year(text: str | None, default_year: int | None) -> int:
    if text:
        year = int(text)
        return year + 2000 if year < 100 else year
    if default_year:
        return default_year
    raise CellError(gettext("the date has no year: give the year in the mapping (or a file name with it)"))


def year_from_filename(filename: str) -> int | None:
    """The year a file name states: "…2013.csv", "…aprjun13.csv", "…_jan_mar_14.csv"."""
    stem = filename.rsplit("/", 1)[-1].lower()
    four = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)
    if four:
        return int(four[-1])
    two = re.findall(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[_\-]?(\d{2})(?!\d)", stem)
    return 2000 + int(two[-1]) if two else None


_MONTH_IN_NAME = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def quarter_from_filename(filename: str, year: int | None) -> ParsedDate | None:
    """The quarter a periodic return's name states ("…aprjun2013.csv", "…_jan_mar_14.csv"), when
    its first and last month fall in one quarter and the year is known."""
    stem = filename.rsplit("/", 1)[-1].lower()
    months = [MONTH_ABBR[m] for m in _MONTH_IN_NAME.findall(stem)]
    year = year or year_from_filename(filename)
    if len(months) < 2 or not year or (months[0] - 1) // 3 != (months[-1] - 1) // 3:
        return None
    return ParsedDate(_quarter_start(year, (months[0] - 1) // 3 + 1), DatePrecision.QUARTER)


def _quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def _month_range(months_text: str, year: int) -> ParsedDate:
    words = re.split(r"\s*(?:/|-|–|to)\s*", months_text)
    numbers = [month_number(w) for w in words]
    if None in numbers:
        raise CellError(gettext("“{text}” is not a range of months").format(text=months_text))
    quarters = {(n - 1) // 3 + 1 for n in numbers}
    if len(quarters) != 1:
        raise CellError(gettext("“{text}” spans more than one quarter").format(text=months_text))
    return ParsedDate(_quarter_start(year, quarters.pop()), DatePrecision.QUARTER)


def _parse_time(text: str | None) -> dt.time | None:
    if not text:
        return None
    hours, minutes = text.split(":")[:2]
    return dt.time(int(hours), int(minutes))


def parse_date(text: str, *, date_format: str | None = None, default_year: int | None = None,
               day_first: bool = True) -> ParsedDate:
    """Read a date cell; raises ``CellError`` with the reason when it cannot, or when the date lies
    outside the range the tracker accepts (``tracker.models.dates``)."""
    text = (text or "").strip().strip(",").strip()
    if not text:
        raise CellError(gettext("the date is empty"))
    if len(text) > DATE_MAX_CHARS:
        raise CellError(gettext("“{text}…” is too long to be a date").format(text=text[:40]))
    if _SIGNED.match(text):
        raise CellError(gettext("“{text}” is not a date (a date has no sign)").format(text=text))
    try:
        parsed = _read_date(text, date_format=date_format, default_year=default_year, day_first=day_first)
    except CellError:
        raise
    except (ValueError, OverflowError):  # a day, month or hour that does not exist ("2019年13月1日")
        raise CellError(gettext("“{text}” is not a real date").format(text=text)) from None
    if not in_date_range(parsed.date):
        raise CellError(gettext("“{text}” is outside the dates the tracker accepts ({range})").format(
            text=text, range=DATE_RANGE_TEXT))
    return parsed


def _read_date(text: str, *, date_format: str | None, default_year: int | None,
               day_first: bool) -> ParsedDate:
    if date_format:
        try:
            parsed = dt.datetime.strptime(text, date_format)
        except ValueError:
            raise CellError(gettext("“{text}” does not match the date format {format}").format(
                text=text, format=date_format)) from None
        precision = DatePrecision.DAY if "%d" in date_format else DatePrecision.MONTH
        return ParsedDate(parsed.date(), precision, parsed.time() if "%H" in date_format else None)
    if match := _ISO.match(text):
        try:
            day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise CellError(gettext("“{text}” is not a real date").format(text=text)) from None
        return ParsedDate(day, DatePrecision.DAY, _parse_time(match["time"]))
    if _SERIAL.match(text):
        serial = float(text)
        if not 10_000 <= serial <= 80_000:
            raise CellError(gettext("“{text}” is not a date").format(text=text))
        moment = dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(days=serial)
        time = moment.time().replace(second=0, microsecond=0) if serial % 1 else None
        return ParsedDate(moment.date(), DatePrecision.DAY, time)
    if fast := _common_day(text, day_first):
        return fast
    if match := _CN_DATE.match(text):
        return ParsedDate(dt.date(int(match["y"]), int(match["m"]), int(match["d"])), DatePrecision.DAY)
    if match := _QUARTER.match(text):
        year = _full_year(match["y1"] or match["y2"], default_year)
        return ParsedDate(_quarter_start(year, int(match["q"])), DatePrecision.QUARTER)
    if match := _CN_QUARTER.match(text):
        quarter = _CN_DIGITS.get(match["q"]) or int(match["q"])
        return ParsedDate(_quarter_start(int(match["year"]), quarter), DatePrecision.QUARTER)
    if match := _YEAR_MONTH.match(text) or _NUM_MONTH_YEAR.match(text):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise CellError(gettext("“{text}” has no month {month}").format(text=text, month=month))
        return ParsedDate(dt.date(int(match["year"]), month, 1), DatePrecision.MONTH)
    if (match := _MONTH_YEAR.match(text)) and month_number(match["month"]):
        year = _full_year(match["year"], default_year)
        return ParsedDate(dt.date(year, month_number(match["month"]), 1), DatePrecision.MONTH)
    if match := _MONTH_RANGE.match(text):
        return _month_range(match["months"], _full_year(match["year"], default_year))
    return _parse_text_date(text, day_first=day_first)


def numeric_date_order(values: list[str]) -> str | None:
    """Which way a column's numeric dates ("01/21/2025", "21/01/2025") are written:
    "day_first" or "month_first" when some value can only be read one way and none only the
    other, "ambiguous" when every value reads both ways (a person is asked), None for no
    numeric dates (or values that contradict each other)."""
    day_first = month_first = numeric = False
    for value in values:
        match = _NUMERIC.match((value or "").strip())
        if not match:
            continue
        numeric = True
        first, second = int(match["a"]), int(match["b"])
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
    if not numeric or (day_first and month_first):
        return None
    return "day_first" if day_first else "month_first" if month_first else "ambiguous"


def _common_day(text: str, day_first: bool) -> ParsedDate | None:
    """The everyday forms ("06/05/2019", "6 May 2019", "May 6, 2019 2:30 pm") without dateparser,
    which costs milliseconds a cell."""
    if match := _NUMERIC.match(text):
        first, second = int(match["a"]), int(match["b"])
        day, month = (first, second) if day_first else (second, first)
        if month > 12 and day <= 12:
            day, month = month, day
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
    elif (match := _DAY_MONTH.match(text) or _MONTH_DAY.match(text)) and month_number(match["m"]):
        day, month, year = int(match["d"]), month_number(match["m"]), int(match["y"])
    else:
        return None
    try:
        return ParsedDate(dt.date(year, month, day), DatePrecision.DAY,
                          parse_time(match["time"]) if match["time"] else None)
    except (ValueError, CellError):
        raise CellError(gettext("“{text}” is not a real date").format(text=text)) from None


DATE_LANGUAGES = ["en", "zh", "fr", "es", "de", "nl"]


@lru_cache(maxsize=4096)
def _parse_text_date(text: str, *, day_first: bool) -> ParsedDate:
    """Full text dates ("5 May 2019", "May 5, 2019 14:30", "05/06/2019") via ``dateparser``."""
    import dateparser

    settings = {"DATE_ORDER": "DMY" if day_first else "MDY", "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, settings=settings, languages=DATE_LANGUAGES)
    if parsed is None:
        raise CellError(gettext("“{text}” is not a date this import can read").format(text=text))
    has_time = bool(re.search(r"\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b|\d\s*(?:am|pm)\b", text, re.IGNORECASE))
    return ParsedDate(parsed.date(), DatePrecision.DAY, parsed.time().replace(second=0) if has_time else None)


def parse_time(text: str) -> dt.time | None:
    """"14:30", "2.30pm", "9am" → a time; empty → None."""
    text = (text or "").strip().lower()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?", text)
    if not match:
        raise CellError(gettext("“{text}” is not a time").format(text=text))
    hours, minutes = int(match[1]), int(match[2] or 0)
    if match[3] == "pm" and hours < 12:
        hours += 12
    if match[3] == "am" and hours == 12:
        hours = 0
    if hours > 23 or minutes > 59:
        raise CellError(gettext("“{text}” is not a time").format(text=text))
    return dt.time(hours, minutes)


DEFAULT_SPLIT = (";", "\n", "；", "、")


@lru_cache(maxsize=64)
def _split_pattern(separators: tuple[str, ...]) -> re.Pattern:
    """One pattern for all separators; a word separator (" and ") must stand between spaces."""
    pieces = [rf"\s+{re.escape(s.strip())}\s+" if s.strip().isalpha() else re.escape(s)
              for s in separators]
    return re.compile("|".join(pieces), re.IGNORECASE)


# A company's legal form or branch after a comma belongs to its name ("ACLU of Oregon, Inc.",
# "SEIU, Local 49"): never a name of its own.
LEGAL_FORM = re.compile(r"^\s*(?:inc|llc|l\.l\.c|ltd|limited|plc|llp|lp|corp|corporation|co|company|gmbh|ag|"
                        r"sa|sas|sarl|sl|srl|bv|nv|pty(?: ltd)?|pc|pllc|n\.?a|local \d+|chapter \d+)\.?\s*$",
                        re.IGNORECASE)


def _rejoin_legal_forms(parts: list[str]) -> list[str]:
    joined: list[str] = []
    for part in parts:
        if joined and part and LEGAL_FORM.match(part):
            joined[-1] = f"{joined[-1]}, {part.strip()}"
        else:
            joined.append(part)
    return joined


def split_values(text: str, separators: list[str] | tuple[str, ...] | None) -> list[str]:
    """A multi-value cell → values; separators such as ";", ",", "/", " and " or newlines."""
    text = (text or "").strip()
    if not text:
        return []
    pattern = _split_pattern(tuple(separators or DEFAULT_SPLIT))
    parts = _rejoin_legal_forms(pattern.split(text)) if "," in (separators or ()) else pattern.split(text)
    seen, values = set(), []
    for part in parts:
        value = part.strip(" .,;()\"'").strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            values.append(value)
    return values


_HONORIFIC_PREFIX = re.compile(
    r"^(?:the\s+)?(?:rt\.?\s+hon\.?|right\s+hon(?:ourable|\.)?|hon\.?|honourable)\s+(?:the\s+)?",
    re.IGNORECASE)
_HONORIFIC_INSIDE = re.compile(
    r"\b(?:the\s+)?(?:rt\.?\s+hon\.?|right\s+honourable)\b", re.IGNORECASE)
_POST_NOMINALS = re.compile(r"(?:[\s,]+(?:MP|QC|KC|MEP|MSP|AM|DBE|CBE|OBE|MBE|KBE|PC|FRS|JP))+\.?$")
_SHORT_TITLE = re.compile(r"^(?:minister|secretary|president|premier|chairman|chair|director|mayor|"
                          r"governor|ambassador|commissioner|senator|dr|prof(?:essor)?|mr|mrs|ms|"
                          r"miss|mme|mlle|m|sr|sra|srta|herr|frau|dhr|mevr|mw)\.?\s+", re.IGNORECASE)
_TITLE_WORDS = re.compile(
    r"\b(?:minister|secretary|leader|whips?|chancellor|paymaster|general|premier|treasurer|attorney|"
    r"president|chair(?:man|woman)?|director|head|mayor|governor|ambassador|commissioner|chief|"
    r"officer|seal|household|deputy|vice|parliamentary|spokes(?:man|person)|ceo|cfo|founder|"
    r"manager|partner|counsellor|adviser|advisor|captain|state)\b", re.IGNORECASE)
_PEER = re.compile(r"^(?:the\s+)?(lord|baroness|lady|earl|viscount|sir|dame)\s+", re.IGNORECASE)
CN_TITLES = ("副省长", "省长", "副市长", "市长", "副部长", "部长", "书记", "副书记", "主任", "副主任",
             "董事长", "总经理", "副总经理", "总裁", "副总裁", "局长", "副局长", "厅长", "副厅长", "主席",
             "副主席", "院长", "首席执行官", "创始人", "区长", "县长", "秘书长", "总监")
_CN_TITLE_SUFFIX = re.compile("(?:" + "|".join(sorted(CN_TITLES, key=len, reverse=True)) + ")$")


# "Dunphy, Jamie", "Pirtle-Guiney, Elana M." : a surname, a comma, given names (no titles).
_NAME_WORD = r"[A-Z][\w'’\-]*\.?"
_LAST_FIRST = re.compile(rf"^(?P<last>{_NAME_WORD}(?: {_NAME_WORD})?),\s*"
                         rf"(?P<first>{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})$")


@dataclass(frozen=True)
class NameAndTitle:
    name: str | None
    title: str | None


def _clean_name(text: str) -> str:
    text = _HONORIFIC_PREFIX.sub("", text.strip(" ,"))
    text = _POST_NOMINALS.sub("", text).strip(" ,")
    text = re.sub(r"^the\s+(?=(?:lord|baroness|lady)\b)", "", text, flags=re.IGNORECASE)
    return text.strip()


def _is_name_segment(segment: str) -> bool:
    return bool(_HONORIFIC_INSIDE.search(segment) or _POST_NOMINALS.search(segment)
                or _PEER.match(segment))


def parse_person(text: str) -> NameAndTitle:
    """"Title, The Rt Hon Name MP" (any order), "Minister Name", "马化腾 董事长" → name and title.

    A cell naming only a role ("Prime Minister", "Other Whips (Commons)") gives no name.
    """
    text = re.sub(r"\s+", " ", (text or "").strip())
    if not text:
        return NameAndTitle(None, None)
    if has_cjk(text):
        return _parse_chinese_person(text)
    if (inverted := _LAST_FIRST.match(text)) and not _TITLE_WORDS.search(text) \
            and not _PEER.match(text) and not _HONORIFIC_INSIDE.search(text):
        return NameAndTitle(f"{inverted['first']} {inverted['last']}", None)
    segments = [s.strip() for s in text.split(",") if s.strip()]
    name_index = next((i for i, s in enumerate(segments) if _is_name_segment(s)), None)
    if name_index is None:
        without_titles = [i for i, s in enumerate(segments) if not _TITLE_WORDS.search(s)]
        name_index = without_titles[-1] if without_titles else None
    if name_index is None:
        if len(segments) == 1 and (short := _SHORT_TITLE.match(text)) and \
                not _TITLE_WORDS.search(text[short.end():]):
            return NameAndTitle(_clean_name(text[short.end():]) or None, short.group(0).strip())
        return NameAndTitle(None, text)
    segment = segments[name_index]
    title_parts = segments[:name_index] + segments[name_index + 1:]
    inside = _HONORIFIC_INSIDE.search(segment)
    if inside and inside.start() > 0:
        title_parts.insert(name_index, segment[:inside.start()].strip())
        segment = segment[inside.start():]
    elif not inside and (short := _SHORT_TITLE.match(segment)):
        title_parts.insert(name_index, short.group(0).strip())
        segment = segment[short.end():]
    name = _clean_name(segment)
    title = ", ".join(p for p in title_parts if p) or None
    return NameAndTitle(name or None, title)


def _parse_chinese_person(text: str) -> NameAndTitle:
    parts = text.split(" ")
    if len(parts) == 2:
        first, second = parts
        if _CN_TITLE_SUFFIX.search(first):
            return NameAndTitle(second, first)
        if _CN_TITLE_SUFFIX.search(second) or len(second) > len(first):
            return NameAndTitle(first, second)
        return NameAndTitle(second, first)
    compact = text.replace(" ", "")
    if match := _CN_TITLE_SUFFIX.search(compact):
        name = compact[:match.start()]
        if 2 <= len(name) <= 4:
            return NameAndTitle(name, match.group(0))
    for title in sorted(CN_TITLES, key=len, reverse=True):
        position = compact.find(title)
        if position >= 0 and 2 <= len(compact) - position - len(title) <= 4:
            return NameAndTitle(compact[position + len(title):], compact[:position + len(title)])
    return NameAndTitle(compact, None)


def slug_to_text(value: str) -> str:
    """"Minister-for-the-Environment" → "Minister for the Environment" (portfolio slugs)."""
    if " " in value.strip() or "-" not in value:
        return value
    return value.replace("--", " – ").replace("-", " ").strip()
