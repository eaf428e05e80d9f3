"""Dates in news text: the dateline, and the meeting's date resolved against it.

News reports say "yesterday", "on Tuesday" or "7日" and leave the year and month to the dateline
(or the publication date). Candidates are found by pattern; ``dateparser`` turns the explicit
ones into dates; relative ones are resolved here against the reference day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from tracker.ingest.rules import load_rules
from tracker.models import DatePrecision
from tracker.models.dates import in_date_range

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_EN_ABSOLUTE = re.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})|(?P<slash>\d{{4}}/\d{{1,2}}/\d{{1,2}})"
    rf"|(?P<mdy>(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dmy>\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}))\b"
)
_EN_MONTH_DAY = re.compile(
    rf"\b(?:on\s+)?(?P<md>(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?)\b(?!,?\s+\d{{4}})"
)
_EN_MONTH_YEAR = re.compile(rf"\bin\s+(?P<my>(?:{_MONTHS})\s+\d{{4}})\b")
_ZH_FULL = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_ZH_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_ZH_DAY = re.compile(r"(?:(?<![\d月])|(?<=本月))(?P<d>\d{1,2})日")  # "12日", "本月12日"
_ZH_DATELINE = re.compile(r"(?P<md>(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日)(?:讯|电)")
_ZH_NUMBERED_DAY = re.compile(r"(?P<word>[今昨前])[(（](?P<d>\d{1,2})[)）]日")
_ZH_WEEKDAY = re.compile(r"(?:星期|周)(?P<w>[一二三四五六日天])")
_ZH_WEEKDAYS = "一二三四五六日"


# Dates news sites put in their addresses: /2023/01/10/, /201405/t20140522_, /20240510214605…
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)"),
    re.compile(r"[/_t](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=\D|$|\d{6})"),
)


@dataclass(frozen=True)
class FoundDate:
    day: dt.date
    start: int
    end: int
    precision: DatePrecision = DatePrecision.DAY


def _parse(expression: str, base: dt.date | None) -> dt.date | None:
    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "YMD" if expression[:4].isdigit() else "MDY"}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
    # Only the abbreviation: replacing inside "September" made it "Sepember", which is no date.
    expression = re.sub(r"\bSept\b", "Sep", expression)
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    return parsed.date() if parsed and in_date_range(parsed) else None


def find_dateline(text: str, *, head: int = 800, base: dt.date | None = None) -> FoundDate | None:
    """The first full date near the top of the article: the report's own date; or a Chinese
    dateline without its year ("兰州1月10日讯"), the latest such day not after ``base``."""
    top = text[:head]
    if base and (match := _ZH_DATELINE.search(top)) and not _ZH_FULL.search(top[: match.start()]):
        day = _latest_on_or_before(base, int(match["m"]), int(match["d"]))
        if day:
            return FoundDate(day, match.start("md"), match.end("md"))
    match = _ZH_FULL.search(top)
    english = _EN_ABSOLUTE.search(top)
    if english and (not match or english.start() < match.start()):
        day = _parse(english.group(0), None)
        return FoundDate(day, english.start(), english.end()) if day else None
    if match:
        day = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        return FoundDate(day, match.start(), match.end()) if day else None
    return None


def date_in_url(url: str | None) -> dt.date | None:
    """The publication date a news address carries, if any."""
    for pattern in _URL_DATES:
        for match in pattern.finditer(url or ""):
            day = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if day:
                return day
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist or lies outside the range the tracker accepts."""
    try:
        day_found = dt.date(year, month, day)
    except ValueError:
        return None
    return day_found if in_date_range(day_found) else None


def _latest_on_or_before(base: dt.date, month: int, day: int) -> dt.date | None:
    """That month and day in the latest year that puts it on or before ``base``."""
    found = _safe_date(base.year, month, day)
    if found is None or found > base:
        found = _safe_date(base.year - 1, month, day)
    return found


def _day_of_month_before(base: dt.date, day_number: int) -> dt.date | None:
    """Day ``day_number`` of ``base``'s month, or of the month before when that is later."""
    day = _safe_date(base.year, base.month, day_number)
    if day is None or day > base:  # "28日" in a report dated the 2nd: last month
        previous = base.replace(day=1) - dt.timedelta(days=1)
        day = _safe_date(previous.year, previous.month, day_number)
    return day


def _weekday_before(base: dt.date, weekday: int) -> dt.date:
    """The latest day with that weekday on or before ``base`` (news tells of the past week)."""
    return base - dt.timedelta(days=(base.weekday() - weekday) % 7)


def english_date(sentence: str, base: dt.date | None) -> FoundDate | None:
    """The date a sentence states, explicit or relative to ``base``."""
    if match := _EN_ABSOLUTE.search(sentence):
        day = _parse(match.group(0), base)
        if day:
            return FoundDate(day, match.start(), match.end())
    if match := _EN_MONTH_YEAR.search(sentence):
        day = _parse(match["my"], base)
        if day:
            return FoundDate(day.replace(day=1), match.start("my"), match.end("my"), DatePrecision.MONTH)
    if base is None:
        return None
    if match := _EN_MONTH_DAY.search(sentence):
        day = _parse(match["md"], base)
        if day:
            return FoundDate(day, match.start("md"), match.end("md"))
    rules = load_rules("en")
    relative = "|".join(sorted(map(re.escape, rules["relative_days"]), key=len, reverse=True))
    if match := re.search(rf"\b({relative})\b", sentence, re.IGNORECASE):
        offset = rules["relative_days"][match.group(1).lower()]
        return FoundDate(base + dt.timedelta(days=offset), match.start(), match.end())
    weekdays = rules["weekdays"]
    # A weekday right after a past verb ("met Tuesday") is past; "continues Friday" may not be.
    if match := re.search(rf"\b(?:on|last|met|\w+ed)\s+({'|'.join(weekdays)})\b", sentence, re.IGNORECASE):
        day = _weekday_before(base, weekdays.index(match.group(1).lower()))
        return FoundDate(day, match.start(1), match.end(1))
    return None


def chinese_date(sentence: str, base: dt.date | None) -> FoundDate | None:
    """The date a Chinese sentence states: 2019年5月7日, 5月7日, 7日, 昨天, 星期二."""
    if match := _ZH_FULL.search(sentence):
        day = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if day:
            return FoundDate(day, match.start(), match.end())
    if base is None:
        return None
    if match := _ZH_MONTH_DAY.search(sentence):
        day = _latest_on_or_before(base, int(match["m"]), int(match["d"]))
        if day:
            return FoundDate(day, match.start(), match.end())
    if match := _ZH_NUMBERED_DAY.search(sentence):  # "今(22)日": the day is given, the word checks it
        day = _day_of_month_before(base, int(match["d"]))
        if day:
            return FoundDate(day, match.start(), match.end())
    rules = load_rules("zh")
    for word, offset in sorted(rules["relative_days"].items(), key=lambda kv: -len(kv[0])):
        # "前日" is the day before yesterday, but not inside "目前日益" or "提前日程"
        index = next((m.start() for m in re.finditer(re.escape(word), sentence)
                      if not (m.start() and sentence[m.start() - 1] in "目提此以之日当")), -1)
        if index >= 0:
            return FoundDate(base + dt.timedelta(days=offset), index, index + len(word))
    if match := _ZH_DAY.search(sentence):
        day = _day_of_month_before(base, int(match["d"]))
        if day:
            return FoundDate(day, match.start(), match.end())
    if match := _ZH_WEEKDAY.search(sentence):
        weekday = _ZH_WEEKDAYS.index(match["w"].replace("天", "日"))
        return FoundDate(_weekday_before(base, weekday), match.start(), match.end())
    return None
