"""Column values as JSON and back, typed so nothing is lost: the portable dump (``tracker.dump``)
and a merge's record of the rows it changed (``tracker.services.merge_undo``) both write them so.

Dates, times and datetimes as ISO text (datetimes in UTC), decimals as text, enums as their
values, JSON as JSON, bytes as base64; ``decode`` restores them from the column type.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import sqlalchemy as sa


def encode(value: Any) -> Any:
    """A JSON-safe form of one column value; ``decode`` turns it back using the column type."""
    if isinstance(value, enum.Enum):  # before str/int: our enums subclass them
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # whatever the server's time zone
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict | list):
        return value
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def decode(column: sa.Column, value: Any) -> Any:
    """The Python value ``column`` expects, from its exported form."""
    if value is None or isinstance(column.type, sa.JSON):
        return value
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = None
    if isinstance(column.type, sa.DateTime) or python_type is dt.datetime:
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo or not column.type.timezone else moment.replace(tzinfo=dt.UTC)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dt.time:
        return dt.time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64decode(value)
    return value
