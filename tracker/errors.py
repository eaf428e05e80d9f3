"""Domain errors: what a user can cause, with a message a person understands.

Pages show them next to the field (``ValidationError.errors``) or as one line; the CLI prints
them and exits with code 2. Anything else is a bug and may surface as a traceback.
"""

from __future__ import annotations

import pydantic

from tracker.i18n import ENGLISH, N_, current_language, gettext

# Pydantic's own messages, keyed by its error ``type`` (stable across releases, unlike the
# wording); placeholders are filled from the error's ``ctx``. English keeps pydantic's text.
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "string_type": N_("Input should be a valid string"),
    "string_too_short": N_("String should have at least {min_length} characters"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "string_pattern_mismatch": N_("String should match the required pattern"),
    "too_short": N_("List should have at least {min_length} items"),
    "too_long": N_("List should have at most {max_length} items"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "decimal_type": N_("Input should be a valid decimal"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time"),
    "date_past": N_("Date should be in the past"),
    "date_future": N_("Date should be in the future"),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "uuid_type": N_("UUID input should be a string, bytes or UUID object"),
    "uuid_parsing": N_("Input should be a valid UUID"),
    "url_parsing": N_("Input should be a valid URL"),
    "url_scheme": N_("URL scheme should be {expected_schemes}"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of the model"),
    "none_required": N_("Input should be None"),
}


def pydantic_message(item: dict) -> str:
    """One pydantic error as text in the reader's language: its own message, by ``type``, from
    the table; a validator's message (value errors) as the validator wrote it; English as
    pydantic words it (with its details: "…, input is too short")."""
    template = PYDANTIC_MESSAGES.get(str(item.get("type", "")))
    if template is None or current_language() == ENGLISH:
        return str(item.get("msg", gettext("invalid value"))).removeprefix("Value error, ")
    context = {key: str(value) for key, value in (item.get("ctx") or {}).items()}
    try:
        return gettext(template).format(**context)
    except (KeyError, IndexError):  # a context this table does not know: pydantic's own words
        return str(item.get("msg", ""))


class DomainError(Exception):
    """Base of every error a user can cause."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that breaks a rule; ``errors`` maps field name → message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        self.errors = dict(errors)
        if message is None:
            message = "; ".join(f"{field}: {text}" if field and field != "__all__" else text
                                for field, text in self.errors.items())
        super().__init__(message)

    @classmethod
    def from_pydantic(cls, exc: pydantic.ValidationError) -> ValidationError:
        errors: dict[str, str] = {}
        for item in exc.errors():
            field = ".".join(str(part) for part in item.get("loc", ()))
            text = pydantic_message(item)
            # Model-level validators name their field as "field: message", also inside lists
            # (``positions.0`` + "end_date: ..." → ``positions.0.end_date``).
            if ": " in text and " " not in text.split(": ", 1)[0]:
                name, text = text.split(": ", 1)
                field = f"{field}.{name}" if field else name
            errors.setdefault(field or "__all__", text)
        return cls(errors)


class NotFound(DomainError):
    """The record asked for does not exist (or is above the reader's clearance)."""


class PermissionDenied(DomainError):
    """The acting user's role or clearance does not allow this."""


class Conflict(DomainError):
    """Someone changed the record since it was read; ``changes`` names what changed meanwhile."""

    def __init__(self, message: str, changes: dict[str, tuple[object, object]] | None = None,
                 current_version: int | None = None):
        super().__init__(message)
        self.changes = changes or {}
        self.current_version = current_version


class DatabaseUnavailable(DomainError):
    """The database could not be reached (restarting, network): nothing to correct, only to retry.
    A write that meets it was not finished; the user is asked to try again."""

    def __init__(self, message: str | None = None):
        super().__init__(message or gettext(
            "The database could not be reached just now (it may be restarting), so this was not "
            "done. Please try again in a moment."))


class QueryTimedOut(DomainError):
    """A read ran past its time limit (``TRACKER_DB_STATEMENT_TIMEOUT_MS``) and was stopped."""

    def __init__(self, message: str | None = None):
        super().__init__(message or gettext(
            "This view took too long to work out and was stopped. Narrow the period or the filters "
            "and try again."))


def validate(model_cls: type[pydantic.BaseModel], data) -> pydantic.BaseModel:
    """Parse ``data`` into ``model_cls``, turning pydantic's error into a domain ``ValidationError``."""
    if isinstance(data, model_cls):
        # Re-validate, so a model built with model_construct or mutated later is checked too.
        data = data.model_dump(exclude_unset=True)
    try:
        return model_cls.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError.from_pydantic(exc) from None
