"""Column widths of a printed table, sized to their content, shared by the PDF and Word renderers.

A column of dates or numbers is never narrower than its widest value (a date split over two lines
reads as two dates), and a heading never narrower than its longest word (a heading wraps at its
spaces, never inside a word). Text columns share what is left in proportion to how much more room
they would like, so a short column is not padded while a long one wraps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from tracker.matching import has_cjk
from tracker.reports.document import cell_text

SAMPLE_ROWS = 400


def unbreakable(value) -> bool:
    """A value printed on one line whatever the column's width: dates, times and numbers."""
    return isinstance(value, (dt.date, dt.time, int, float)) and not isinstance(value, bool)


# Where a line may break. Chinese breaks between any two characters (a character is a unit), but
# never before closing punctuation (，。、）》” stay with the character before) nor after opening
# punctuation (（《“ stay with the one after); other text breaks at its spaces, as before.
_CLOSING = "，。、；：！？）》」』】〕〉”’…·%％"
_OPENING = "（《「『【〔〈“‘"
_UNITS = re.compile(
    rf"[{_OPENING}]*(?:[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60\u3000-\u303f]|[^\s\u2e80-\u9fff"
    rf"\uf900-\ufaff\uff01-\uff60\u3000-\u303f]+)[{_CLOSING}]*\s*|\s+")


def break_units(text: str) -> list[str]:
    """``text`` cut where a line may break, each unit with the spaces after it: the words of
    English text, and each character (with its punctuation) of Chinese text."""
    if not has_cjk(text):
        return [word + " " for word in text.split()]
    return _UNITS.findall(text)


# A Chinese word this short (a heading, a kind, a status: 日期精度, 签约仪式, 已举行) is not broken:
# one character a line reads as a column of characters, not a word.
SHORT_CHINESE = 5


def unbroken_parts(text: str) -> list[str]:
    """What a narrow column must still fit on one line: each word of English text; a short
    Chinese word whole, else each character of Chinese text."""
    text = text.strip()
    if has_cjk(text) and len(text) <= SHORT_CHINESE and " " not in text:
        return [text]
    return [unit.strip() for unit in break_units(text)]


def wrap_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` in lines no wider than ``width`` (``measure``'s unit): broken at ``break_units``,
    a unit wider than a line (a long URL) broken between its characters; newlines kept."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for unit in break_units(paragraph):
            if not line.strip() or measure((line + unit).rstrip()) <= width:
                line += unit
            else:
                lines.append(line.rstrip())
                line = unit.lstrip()
            while measure(line.rstrip()) > width and len(line.rstrip()) > 1:
                cut = len(line)
                while cut > 1 and measure(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def column_widths(columns: Sequence[str], rows: Sequence[Sequence], total: float,
                  measure: Callable[[str], float], padding: float) -> list[float]:
    """Widths (in ``measure``'s unit, summing to ``total``) for ``columns`` holding ``rows``;
    ``padding`` is the room a cell keeps around its text."""
    sample = rows[:SAMPLE_ROWS]
    minimum, natural, flexible = [], [], []
    for col, name in enumerate(columns):
        heading_word = max((measure(word) for word in unbroken_parts(str(name))), default=0.0)
        values = [row[col] for row in sample if col < len(row) and cell_text(row[col])]
        widest = max((measure(cell_text(v)) for v in values), default=0.0)
        fixed = bool(values) and all(unbreakable(v) for v in values)
        longest_word = max((measure(word) for v in values for word in unbroken_parts(cell_text(v))),
                           default=0.0)
        # A text column may wrap, but not below its longest word (within reason: a long URL may).
        low = max(heading_word, widest if fixed else min(longest_word, total / 6)) + padding
        minimum.append(low)
        natural.append(max(low, max(measure(str(name)), widest) + padding))
        flexible.append(not fixed)
    want = sum(natural)
    if want <= total:
        # Everything fits on one line: share the spare room among the text columns.
        spare = total - want
        grow = [n if f else 0.0 for n, f in zip(natural, flexible, strict=True)]
        if not any(grow):
            grow = natural
        return [n + spare * g / sum(grow) for n, g in zip(natural, grow, strict=True)]
    floor = sum(minimum)
    if floor <= total:
        spare = total - floor
        extra = [n - m for n, m in zip(natural, minimum, strict=True)]
        return [m + spare * e / sum(extra) for m, e in zip(minimum, extra, strict=True)]
    # Even the minimums do not fit: dates and numbers keep theirs, text columns shrink.
    fixed_total = sum(m for m, f in zip(minimum, flexible, strict=True) if not f)
    text_total = floor - fixed_total
    scale = max(0.0, total - fixed_total) / text_total if text_total else 0.0
    return [m * scale if f else m for m, f in zip(minimum, flexible, strict=True)]
