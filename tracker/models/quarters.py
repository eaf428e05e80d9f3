"""A reporting quarter as people write it (2019Q2, 2019-q2): its first and last day, and the one
spelling a sign-off is stored under, so the transparency return, its sign-off and the CLI agree."""

from __future__ import annotations

import datetime as dt
import re

from tracker.errors import ValidationError
from tracker.i18n import _

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


def parse_quarter(text: str) -> tuple[dt.date, dt.date]:
    """'2019Q2' → (2019-04-01, 2019-06-30)."""
    match = _QUARTER.match(text or "")
    if not match:
        raise ValidationError({"quarter": _("“{text}” is not a quarter: write it like 2019Q2").format(
            text=text)})
    year, quarter = int(match[1]), int(match[2])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def normalise_quarter(text: str) -> str:
    start, _ = parse_quarter(text)
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"
