"""Words for people instead of stored codes: one place that turns an enum value or a column name
into what a government reader sees ("signing_ceremony" → "Signing ceremony", "mou" → "MoU"), so
the dashboards, the exports and the reports spell a value the same way."""

from __future__ import annotations

from typing import Any

# Values that capitalising alone would spell wrong.
SPELLED = {
    "mou": "MoU",
    "in_force": "In force",
    "in_progress": "In progress",
    "sme": "SME",
    "id": "ID",
}


def label(value: Any) -> str:
    """An enum value or code as a word: 'state_owned_enterprise' → 'State owned enterprise'.
    Missing values (None, NaN) become an empty string, never the text 'None'."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(getattr(value, "value", value))
    if text in SPELLED:
        return SPELLED[text]
    return text.replace("_", " ").capitalize()


def header(column: str) -> str:
    """A column name as a heading: 'signed_on' → 'Signed on', 'meeting_id' → 'Meeting ID'."""
    text = str(column)
    if text.endswith("_id"):
        return f"{label(text[:-3])} ID"
    return label(text)
