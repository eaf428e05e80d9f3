"""Domain errors: what a user can cause, with a message a person understands.

Pages show them next to the field (``ValidationError.errors``) or as one line; the CLI prints
them and exits with code 2. Anything else is a bug and may surface as a traceback.
"""

from __future__ import annotations

import pydantic


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
            message = "; ".join(f"{field}: {text}" if field else text
                                for field, text in self.errors.items())
        super().__init__(message)

    @classmethod
    def from_pydantic(cls, exc: pydantic.ValidationError) -> ValidationError:
        errors: dict[str, str] = {}
        for item in exc.errors():
            field = ".".join(str(part) for part in item.get("loc", ()))
            text = str(item.get("msg", "invalid value"))
            text = text.removeprefix("Value error, ")
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


def validate(model_cls: type[pydantic.BaseModel], data) -> pydantic.BaseModel:
    """Parse ``data`` into ``model_cls``, turning pydantic's error into a domain ``ValidationError``."""
    if isinstance(data, model_cls):
        # Re-validate, so a model built with model_construct or mutated later is checked too.
        data = data.model_dump(exclude_unset=True)
    try:
        return model_cls.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError.from_pydantic(exc) from None
