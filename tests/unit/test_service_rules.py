"""The services' pure rules, checked without a database: input validation (as the services report
it, through ``ValidationError.from_pydantic``), the title a person held on a date, and what a
merge keeps of the merged record's names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pydantic
import pytest

from tracker.errors import ValidationError
from tracker.models import AgreementCreate, EventCreate, PersonCreate, Position, PositionCreate
from tracker.models.meeting import ParticipantIn, clean_topic_list
from tracker.models.organisation import clean_alias_list
from tracker.services.merge import check_merge_pair, local_name_to_keep, names_to_keep
from tracker.services.people import held_on


def errors_of(model: type[pydantic.BaseModel], **data) -> dict[str, str]:
    with pytest.raises(pydantic.ValidationError) as caught:
        model(**data)
    return ValidationError.from_pydantic(caught.value).errors


# --- validation ---------------------------------------------------------------------------------

def test_a_position_cannot_end_before_it_starts():
    assert errors_of(PositionCreate, organisation_id=1, title="Director",
                     start_date=dt.date(2024, 5, 2), end_date=dt.date(2024, 5, 1)) == {
        "end_date": "a position cannot end before it starts"}
    same_day = PositionCreate(organisation_id=1, title="Director",
                              start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 5, 1))
    assert (same_day.start_date, same_day.end_date) == (dt.date(2024, 5, 1), dt.date(2024, 5, 1))


def test_a_person_s_invalid_position_is_named_by_its_place_in_the_list():
    assert errors_of(PersonCreate, name="Li Wei", positions=[
        {"organisation_id": 1, "title": "CEO"},
        {"organisation_id": 2, "title": "Chair", "start_date": "2024-02-01", "end_date": "2023-01-01"},
    ]) == {"positions.1.end_date": "a position cannot end before it starts"}


def test_an_event_cannot_end_before_it_starts():
    assert errors_of(EventCreate, name="Summit", start_date=dt.date(2024, 3, 2),
                     end_date=dt.date(2024, 3, 1)) == {"end_date": "an event cannot end before it starts"}


@pytest.mark.parametrize(("data", "expected"), [
    ({"currency": "usdollar"}, {"currency": "use a three-letter currency code such as CNY or USD"}),
    ({"value": Decimal("10")}, {"currency": "give the currency of the stated value"}),
    ({"start_date": "2024-02-01", "end_date": "2024-01-31"},
     {"end_date": "the term cannot end before it starts"}),
    ({"parties": [{"organisation_id": 3}, {"organisation_id": 3}]},
     {"parties": "an organisation is listed twice as a party"}),
])
def test_agreement_rules(data, expected):
    assert errors_of(AgreementCreate, title="MoU", **data) == expected


def test_an_agreement_s_currency_is_normalised_and_blank_means_none():
    assert AgreementCreate(title="MoU", value=Decimal("5"), currency=" cny ").currency == "CNY"
    assert AgreementCreate(title="MoU", currency="  ").currency is None


@pytest.mark.parametrize("data", [{}, {"person_id": 1, "new_person": {"name": "Li Wei"}}])
def test_a_participant_is_exactly_one_person(data):
    assert errors_of(ParticipantIn, **data) == {"person": "choose an existing person or enter a new one"}


def test_topics_and_aliases_are_trimmed_and_deduplicated_keeping_the_first_spelling():
    assert clean_topic_list([" Trade ", "trade", "", "Green  finance", "TRADE"]) == ["Trade", "Green finance"]
    assert clean_alias_list(["  Tencent ", "TENCENT", "", "腾讯"]) == ["Tencent", "腾讯"]
    with pytest.raises(ValueError, match="a topic is longer than 100 characters"):
        clean_topic_list(["x" * 101])


# --- the title a person held on a date ----------------------------------------------------------

def position(title: str, organisation_id: int, start: str | None, end: str | None = None) -> Position:
    return Position(person_id=1, organisation_id=organisation_id, title=title,
                    start_date=dt.date.fromisoformat(start) if start else None,
                    end_date=dt.date.fromisoformat(end) if end else None)


CAREER = [
    position("Deputy Director", 10, "2018-01-01", "2020-12-31"),
    position("Director", 10, "2021-01-01"),
    position("Board member", 20, "2019-06-01"),
    position("Adviser", 30, None, "2019-12-31"),
]


@pytest.mark.parametrize(("on", "organisation_id", "expected"), [
    ("2019-03-01", None, "Deputy Director"),   # the latest started of the two held then
    ("2019-07-01", None, "Board member"),      # started 2019-06-01, after the Deputy Director post
    ("2019-07-01", 10, "Deputy Director"),     # the meeting's organisation comes first
    ("2019-07-01", 30, "Adviser"),             # an open start counts as held since ever
    ("2020-12-31", 10, "Deputy Director"),     # the end date is still held
    ("2021-01-01", 10, "Director"),
    ("2021-01-01", 99, "Director"),            # no post there: the latest started anywhere
    ("2017-01-01", 20, "Adviser"),
])
def test_the_title_held_on_a_date(on, organisation_id, expected):
    held = held_on(CAREER, dt.date.fromisoformat(on), organisation_id)
    assert held is not None and held.title == expected


def test_no_title_before_the_first_or_after_the_last_position():
    career = [position("Director", 10, "2021-01-01", "2022-12-31")]
    assert held_on(career, dt.date(2020, 12, 31)) is None
    assert held_on(career, dt.date(2023, 1, 1), 10) is None
    assert held_on([], dt.date(2023, 1, 1)) is None


# --- what a merge keeps -------------------------------------------------------------------------

def record(name: str, local_name: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(name=name, local_name=local_name)


def test_a_record_cannot_be_merged_into_itself():
    with pytest.raises(ValidationError) as caught:
        check_merge_pair(7, 7)
    assert caught.value.errors == {"merged_id": "choose two different records to merge"}
    check_merge_pair(7, 8)  # two records: no error, nothing to return


@pytest.mark.parametrize(("merged", "survivor", "expected"), [
    (record("Ma Huateng", "马化腾"), record("Pony Ma"), "马化腾"),    # its local name
    (record("马化腾"), record("Pony Ma"), "马化腾"),                  # its name, being Chinese
    (record("马化腾"), record("马化腾先生"), None),                    # the survivor's is Chinese already
    (record("Pony Ma"), record("Ma Huateng"), None),                  # nothing in a local script
])
def test_the_local_name_the_survivor_gains(merged, survivor, expected):
    assert local_name_to_keep(merged, survivor) == expected


def test_the_merged_names_kept_as_aliases_skip_blanks_repeats_and_the_survivor_s_local_name():
    merged = record("Tencent Holdings", "腾讯控股")
    survivor = record("Tencent", "腾讯控股")
    assert names_to_keep(merged, survivor, ["Tencent Holdings", "QQ", "", "Pony's firm"]) == [
        "Tencent Holdings", "QQ", "Pony's firm"]
    assert names_to_keep(record("Beta Bank"), record("Beta"), []) == ["Beta Bank"]
