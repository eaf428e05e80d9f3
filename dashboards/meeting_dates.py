"""Dates as a page shows them, by one rule (``tracker.i18n``'s ``format_short_date``).

``shown_date``: a meeting's date, as precisely as it is known: in English the ISO form a register
uses ("2025-12-03", a month "2025-12", a quarter "2025-Q4"), in Chinese as Chinese writes dates
("2025年12月3日", "2025年12月", "2025年第四季度").

``date_column`` / ``datetime_column``: a table's column of dates that stays dates (it sorts as
dates), written by the same rule: 2025-12-03 in English, 2025年12月3日 in Chinese. Every table's
date column takes its ``column_config`` from here, so no table shows an ISO date in Chinese.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.i18n import CHINESE, current_language, format_date, table_date_pattern


def shown_date(day: dt.date, precision: str = "day") -> str:
    if current_language() == CHINESE:
        return format_date(day, precision if precision in ("month", "quarter") else "day")
    if precision == "month":
        return f"{day:%Y-%m}"
    if precision == "quarter":
        return f"{day:%Y}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()


def date_column(label: str, **options):
    """A table column of dates headed ``label``, written in the reader's language."""
    return st.column_config.DateColumn(label, format=table_date_pattern(), **options)


def datetime_column(label: str, *, seconds: bool = False, **options):
    """A table column of dates with times (an audit row's moment, a last sign-in)."""
    return st.column_config.DatetimeColumn(
        label, format=table_date_pattern(time="HH:mm:ss" if seconds else "HH:mm"), **options)


def time_column(label: str, **options):
    """A table column of times of day, to the minute (09:30) as every list writes them."""
    return st.column_config.TimeColumn(label, format="HH:mm", **options)


def date_columns(frame) -> dict:
    """``column_config`` for the columns of ``frame`` that hold dates (``date_column``, headed as
    they are), for a table whose columns are not known in advance (an export's preview)."""
    def dates(values) -> bool:
        present = values.dropna()
        return pd.api.types.is_datetime64_any_dtype(values) or (
            not present.empty and present.map(lambda v: isinstance(v, dt.date)).all())

    return {column: date_column(str(column)) for column in frame.columns if dates(frame[column])}
