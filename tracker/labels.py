"""Words for people instead of stored codes: one place that turns an enum value or a column name
into what a government reader sees ("signing_ceremony" → "Signing ceremony", "mou" → "MoU"), so
the dashboards, the exports, the reports, the audit trail and the command line spell a value the
same way. An empty value reads as EMPTY ("—"), never "None" or "nan"."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tracker.i18n import LANGUAGES, N_, format_short_date, format_short_time, gettext
from tracker.models.enums import Confidentiality

EMPTY = "—"

# Values that capitalising alone would spell wrong.
SPELLED = {
    "mou": "MoU",
    "in_force": "In force",
    "in_progress": "In progress",
    "sme": "SME",
    "id": "ID",
    "sign_in": "Signed in",
    "sign_off": "Signed off",
    "app_user": "User",
    "user_session": "Session",
    "return_sign_off": "Return sign-off",
    "entity_id": "Record ID",
    "source_url": N_("Source link"),
    # Fields of the audit trail's snapshots whose code alone would read as English words.
    "aliases": N_("Other names"),
    "email": N_("E-mail"),
    "parent_id": N_("Parent organisation"),
    "organisation_ids": N_("Organisations"),
}

# Every word a closed vocabulary's code becomes (tracker.models.enums), marked for extraction;
# tests/unit/test_i18n_catalogue.py checks that each code's word is here and translated.
WORDS = (
    # organisation kinds
    N_("Government body"), N_("Party organ"), N_("State owned enterprise"), N_("Private enterprise"),
    N_("Foreign enterprise"), N_("Association"), N_("University"), N_("Other"),
    # date precisions
    N_("Day"), N_("Month"), N_("Quarter"),
    # meeting kinds and statuses
    N_("Talk"), N_("Visit"), N_("Signing ceremony"), N_("Forum"), N_("Call"), N_("Banquet"),
    N_("Inspection"), N_("Planned"), N_("Held"), N_("Cancelled"),
    # participants' roles and sides
    N_("Host"), N_("Guest"), N_("Attendee"), N_("Government"), N_("Enterprise"),
    # agreement kinds and statuses
    N_("Strategic cooperation agreement"), N_("Cooperation agreement"), N_("MoU"),
    N_("Framework agreement"), N_("Investment contract"), N_("Signed"), N_("In force"), N_("Expired"),
    N_("Terminated"),
    # pledge statuses
    N_("Pledged"), N_("In progress"), N_("Delivered"), N_("Stalled"), N_("Withdrawn"),
    # users' roles and clearances
    N_("Admin"), N_("Editor"), N_("Viewer"), N_("Public"), N_("Internal"), N_("Confidential"),
    N_("Secret"),
    # audit actions, as codes and as what was done
    N_("Create"), N_("Update"), N_("Delete"), N_("Merge"), N_("Import"), N_("Created"), N_("Updated"),
    N_("Deleted"), N_("Merged"), N_("Imported"), N_("Signed in"), N_("Signed off"),
    # follow-up actions' statuses and enterprises' importance
    N_("Open"), N_("Done"), N_("Dropped"), N_("Strategic"), N_("Important"), N_("Routine"),
)

# What an audit action did, as the verb of "edith updated organisation Tencent".
ACTION_VERBS = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "merge": "merged",
    "import": "imported",
    "sign_in": "signed in",
    "sign_off": "signed off",
}

# Stored columns whose values are codes of a closed vocabulary (tracker.models.enums).
CODE_FIELDS = frozenset({"kind", "status", "role", "side", "date_precision", "precision", "action",
                         "agreement_kind", "organisation_kind"})


def missing(value: Any) -> bool:
    """None, NaN, NaT or pandas' NA: a value nobody recorded."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and NA differ from themselves
    except (TypeError, ValueError):
        return False


def english_label(value: Any) -> str:
    """An enum value or code as an English word (the msgid ``label`` translates)."""
    if missing(value):
        return ""
    text = str(getattr(value, "value", value))
    if text in SPELLED:
        return SPELLED[text]
    return text.replace("_", " ").capitalize()


def label(value: Any) -> str:
    """An enum value or code as a word in the reader's language: 'state_owned_enterprise' →
    'State owned enterprise' (国有企业). Missing values (None, NaN) become an empty string, never
    the text 'None'."""
    return gettext(english_label(value))


def header(column: str) -> str:
    """A column name as a heading: 'signed_on' → 'Signed on', 'meeting_id' → 'Meeting ID'."""
    text = str(column)
    if text in SPELLED:
        return gettext(SPELLED[text])
    if text.endswith("_id"):
        return f"{label(text[:-3])} ID"
    return label(text)


def field(column: str) -> str:
    """A column name inside a sentence: 'local_name' → 'local name', 'organisation_id' →
    'organisation ID' (the audit trail's "sector: technology → cloud computing")."""
    heading = header(column)
    return heading[:1].lower() + heading[1:] if heading[1:2].islower() or len(heading) == 1 else heading


# A date or a moment as a snapshot stores it (JSON text): written by the date rule when shown.
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Inside a stored row shown as a value (a pledge's progress update): the bookkeeping left out.
_ROW_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version"})


def value_text(column: str, value: Any) -> str:
    """A stored value as text in a column called ``column``: codes as words, dates by the date rule
    (``format_short_date``: 2019年5月7日 in Chinese), a stored row as its fields, a list item by
    item, empty as EMPTY."""
    if missing(value) or value == "" or value == [] or value == {}:
        return EMPTY
    if column in CODE_FIELDS:
        return label(value)
    if column == "language":  # a user's language by its own name: 中文, English
        return LANGUAGES.get(str(value), str(value))
    if column == "confidentiality":
        try:
            return gettext(Confidentiality.parse(value).label)
        except (KeyError, ValueError):
            return str(value)
    if isinstance(value, dt.datetime):
        return format_short_time(value)
    if isinstance(value, dt.date):
        return format_short_date(value)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_short_date(dt.date.fromisoformat(value))
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        try:
            return format_short_time(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | tuple):  # rows (a person's positions) or names (aliases)
        return gettext("; ").join(value_text(column, item) for item in value)
    if isinstance(value, dict):
        return gettext(", ").join(
            gettext("{field}: {value}").format(field=field(key), value=value_text(key, item))
            for key, item in value.items() if key not in _ROW_BOOKKEEPING and not key.endswith("_id"))
    return str(value)


def action_verb(action: Any) -> str:
    """'update' → 'updated', for the audit trail's sentences."""
    code = str(getattr(action, "value", action))
    return ACTION_VERBS.get(code, label(code).lower())


def action(code: Any) -> str:
    """An audit action as a word: 'update' → 'Updated', 'sign_in' → 'Signed in'."""
    if missing(code):
        return EMPTY
    verb = action_verb(code)
    return gettext(verb[:1].upper() + verb[1:])  # the words of WORDS, in the reader's language


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 meeting', '2 meetings', '1,204 meetings': a count a person reads as a phrase."""
    return f"{number:,} {noun if number == 1 else (plural or noun + 's')}"
