"""Pydantic's own validation texts as the pages and the CLI show them (issue 15): one table keyed
by the error's ``type``, translated for a Chinese reader (the pages and the CLI name the field in
words); English keeps pydantic's wording."""

from __future__ import annotations

import datetime as dt
import re

import pydantic
import pytest

from tracker.errors import PYDANTIC_MESSAGES, ValidationError
from tracker.i18n import CHINESE, ENGLISH, gettext, using_language


class Form(pydantic.BaseModel):
    name: str = pydantic.Field(max_length=5)
    held_on: dt.date
    count: int = pydantic.Field(ge=0)


def errors_of(data: dict, language: str) -> ValidationError:
    with using_language(language):
        try:
            Form.model_validate(data)
        except pydantic.ValidationError as exc:
            return ValidationError.from_pydantic(exc)
    raise AssertionError("the data was valid")


def test_english_keeps_pydantics_words():
    error = errors_of({"name": "toolong", "held_on": "7 May", "count": -1}, ENGLISH)
    assert error.errors == {"name": "String should have at most 5 characters",
                            "held_on": "Input should be a valid date or datetime, input is too short",
                            "count": "Input should be greater than or equal to 0"}
    assert errors_of({}, ENGLISH).errors["name"] == "Field required"
    assert error.message.startswith("name: String should have at most 5 characters; held_on: ")


def test_chinese_reader_gets_chinese_messages_and_field_names():
    error = errors_of({"name": "toolong", "held_on": "7 May", "count": -1}, CHINESE)
    assert error.errors["name"] == "字符串最多 5 个字符"
    assert error.errors["count"] == "应大于或等于 0"
    assert errors_of({}, CHINESE).errors["held_on"] == "必填项"
    assert "Input" not in error.message and "String" not in error.message


@pytest.mark.parametrize("kind", sorted(PYDANTIC_MESSAGES))
def test_every_message_of_the_table_is_translated(kind):
    english = PYDANTIC_MESSAGES[kind]
    with using_language(CHINESE):
        chinese = gettext(english)
    assert chinese != english
    assert sorted(re.findall(r"{\w+}", english)) == sorted(re.findall(r"{\w+}", chinese))


def test_a_validators_own_message_is_kept():
    class Checked(pydantic.BaseModel):
        value: int

        @pydantic.field_validator("value")
        @classmethod
        def positive(cls, value: int) -> int:
            if value < 0:
                raise ValueError("must not be negative")
            return value

    with pytest.raises(pydantic.ValidationError) as caught:
        Checked(value=-1)
    assert ValidationError.from_pydantic(caught.value).errors == {"value": "must not be negative"}
