"""Field validators shared by input models: trimmed, Unicode-normalised, length-limited text."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from tracker.i18n import _
from tracker.models.links import check_web_link

_SPACES = re.compile(r"\s+")
# C0 controls but tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses a NUL
# in text (SQLite stores it), and escape sequences would act on a terminal that prints the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    """``text`` without control characters (tab and line breaks kept): the same on every database."""
    return _CONTROL.sub("", text)


def clean_text(value: object) -> object:
    """NFKC-normalise (composes accents as NFC does, and folds full-width forms pasted from Chinese
    sources), drop control characters, trim and fold runs of white space, so 'Ma  Huateng ' equals
    'Ma Huateng'."""
    if not isinstance(value, str):
        return value
    return _SPACES.sub(" ", strip_control_characters(unicodedata.normalize("NFKC", value))).strip()


def clean_multiline(value: object) -> object:
    """NFC-normalise, drop control characters and trim, keeping line breaks in long text such as
    summaries."""
    if not isinstance(value, str):
        return value
    return strip_control_characters(unicodedata.normalize("NFC", value)).strip()


def _empty_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError(_("must not be empty"))
    return value


def _max_length(limit: int):
    def check(value: str | None) -> str | None:
        if value is not None and len(value) > limit:
            raise ValueError(_("at most {limit} characters (this has {count})").format(
                limit=limit, count=len(value)))
        return value
    return AfterValidator(check)


def check_key_length(value: str | None, limit: int) -> str | None:
    """``value``, if its matching key (``normalise_key``) fits a key column of ``limit``
    characters: case folding spells out letters such as "ß" ("ss"), so 150 of them need 300
    (PostgreSQL refused such a name with a DataError; SQLite stored it)."""
    if value is not None and len(key := normalise_key(value)) > limit:
        raise ValueError(_("at most {limit} characters once letter case is folded (“ß” counts as "
                           "“ss”); this has {count}").format(limit=limit, count=len(key)))
    return value


Name = Annotated[str, BeforeValidator(clean_text), AfterValidator(_not_blank),
                 StringConstraints(max_length=200), AfterValidator(lambda v: check_key_length(v, 200))]
OptionalName = Annotated[str | None, BeforeValidator(_empty_to_none), BeforeValidator(clean_text),
                         _max_length(200)]
Title = Annotated[str, BeforeValidator(clean_text), AfterValidator(_not_blank),
                  StringConstraints(max_length=300)]
OptionalTitle = Annotated[str | None, BeforeValidator(_empty_to_none), BeforeValidator(clean_text),
                          _max_length(300)]
LongText = Annotated[str | None, BeforeValidator(_empty_to_none), BeforeValidator(clean_multiline),
                     _max_length(20_000)]
# Every stored web link (website, source, document): one rule, see tracker/models/links.py.
Url = Annotated[str | None, BeforeValidator(_empty_to_none), BeforeValidator(clean_text),
                _max_length(1000), AfterValidator(check_web_link)]


def normalise_key(value: str) -> str:
    """Case- and space-insensitive key for matching names and aliases."""
    return str(clean_text(value)).casefold()
