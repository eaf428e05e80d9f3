"""What a chart's data needs before it is drawn, the same in the app and in printed reports: a
time axis with every month in order (a month without meetings is a zero, not a gap closed up) and
a legend of at most ``palette.LEGEND_MAX`` items (the smaller categories together as "Other")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.palette import LEGEND_MAX, OTHER


def months_between(first: str, last: str) -> list[str]:
    """Every month 'YYYY-MM' from ``first`` to ``last``, both included, in order."""
    if first > last:
        return []
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_axis(months, start: dt.date | None = None, end: dt.date | None = None) -> list[str]:
    """The months a monthly chart shows: from the period's first month (or the first with data)
    to its last (or the last with data), every month in between."""
    present = sorted(str(m) for m in months)
    first = f"{start:%Y-%m}" if start else (present[0] if present else None)
    last = f"{end:%Y-%m}" if end else (present[-1] if present else None)
    if first is None or last is None:
        return []
    return months_between(first, last)


# The most month names the monthly axis writes: beyond it they would overlap (a period of years).
MAX_MONTH_TICKS = 12


def month_ticks(axis: list[str]) -> list[str]:
    """The months the axis names: every month up to ``MAX_MONTH_TICKS``, else every 2nd, 3rd, 4th or
    6th month, or each January of every year or few years, so that the names never overlap."""
    for step in (1, 2, 3, 4, 6, 12, 24, 36, 60, 120):
        if len(axis) <= MAX_MONTH_TICKS * step:
            break
    return [month for month in axis if (int(month[:4]) * 12 + int(month[5:7]) - 1) % step == 0] or axis[:1]


def fill_months(frame: pd.DataFrame, axis: list[str], value: str = "meetings") -> pd.DataFrame:
    """``frame`` (month, segment, ``value``) with a zero row for every month of ``axis`` it lacks,
    so the bars stand at their months and an empty month reads 0."""
    missing = sorted(set(axis) - set(frame["month"]))
    if not missing:
        return frame
    segment = frame["segment"].iloc[0] if len(frame) else OTHER
    zeros = pd.DataFrame({"month": missing, "segment": segment, value: 0})
    return pd.concat([frame, zeros], ignore_index=True)


def top_and_other(frame: pd.DataFrame, column: str, weight: str, limit: int = LEGEND_MAX) -> pd.DataFrame:
    """``frame`` with ``column`` kept for the ``limit - 1`` largest categories by total ``weight``
    and every other one named "Other", added up, when there are more than ``limit``."""
    totals = frame.groupby(column)[weight].sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= limit:
        return frame
    keep = set(totals.index[: limit - 1])
    named = frame.assign(**{column: frame[column].where(frame[column].isin(keep), OTHER)})
    keys = [c for c in frame.columns if c not in (column, weight)]
    return named.groupby([*keys, column], as_index=False, sort=False)[weight].sum()


def legend_order(frame: pd.DataFrame, column: str, weight: str) -> list:
    """Categories largest first, "Other" last."""
    totals = frame.groupby(column)[weight].sum().sort_values(ascending=False, kind="stable")
    names = [name for name in totals.index if name != OTHER]
    return names + ([OTHER] if OTHER in totals.index else [])
