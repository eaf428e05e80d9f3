"""A meeting's date as a page shows it, as precisely as it is known: in English the ISO form a
register uses ("2025-12-03", a month "2025-12", a quarter "2025-Q4"), in Chinese as Chinese writes
dates ("2025年12月3日", "2025年12月", "2025年第四季度")."""

from __future__ import annotations

import datetime as dt

from tracker.i18n import CHINESE, current_language, format_date


def shown_date(day: dt.date, precision: str = "day") -> str:
    if current_language() == CHINESE:
        return format_date(day, precision if precision in ("month", "quarter") else "day")
    if precision == "month":
        return f"{day:%Y-%m}"
    if precision == "quarter":
        return f"{day:%Y}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()
