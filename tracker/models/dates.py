"""The range of dates the tracker accepts, defined once for the models, the importer and the
article reader.

Python's dates run from year 1 to 9999, but a year-1 date cannot be written to Excel (its dates
start in 1900) and a date in December 9999 overflows as soon as anything adds a month to it; a
typing slip ("20199", "0019") is far likelier than a real engagement outside these years.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator

from tracker.i18n import _

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_TEXT = f"between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"


def in_date_range(value: dt.date) -> bool:
    """Whether ``value`` (a date or datetime) lies in the accepted range."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def check_date_range(value: dt.date | None) -> dt.date | None:
    """``value`` unchanged when in range (or None); ``ValueError`` naming the range otherwise."""
    if value is not None and not in_date_range(value):
        raise ValueError(_("a date must be between {earliest} and {latest} (this one is {date})").format(
            earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat(), date=value.isoformat()))
    return value


RecordDate = Annotated[dt.date, AfterValidator(check_date_range)]
OptionalRecordDate = Annotated[dt.date | None, AfterValidator(check_date_range)]
