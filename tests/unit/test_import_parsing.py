"""Reading cells as real registers write them: dates with their precision, titled names, lists,
encodings and headers; and the mapping proposal and YAML round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.importers import load_mapping, propose_mapping, read_table
from tracker.importers.outputs import TEMPLATE_COLUMNS, template_csv, template_mapping, template_xlsx
from tracker.importers.parsing import (
    CellError,
    parse_date,
    parse_person,
    parse_time,
    slug_to_text,
    split_values,
    year_from_filename,
)
from tracker.importers.reading import decode
from tracker.models import DatePrecision

DAY, MONTH, QUARTER = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.QUARTER


@pytest.mark.parametrize(("text", "date", "precision"), [
    ("2019-05-06", dt.date(2019, 5, 6), DAY),
    ("06/05/2019", dt.date(2019, 5, 6), DAY),
    ("6 May 2019", dt.date(2019, 5, 6), DAY),
    ("Tuesday, 7 May 2019", dt.date(2019, 5, 7), DAY),
    ("May 7, 2019", dt.date(2019, 5, 7), DAY),
    ("43591", dt.date(2019, 5, 6), DAY),
    ("2019年5月6日", dt.date(2019, 5, 6), DAY),
    ("the 6th of May 2019", dt.date(2019, 5, 6), DAY),          # dateparser's turn
    ("July", dt.date(2013, 7, 1), MONTH),
    ("Sept", dt.date(2013, 9, 1), MONTH),
    ("Marc", dt.date(2013, 3, 1), MONTH),
    ("Jan-14", dt.date(2014, 1, 1), MONTH),
    ("Jul-2013", dt.date(2013, 7, 1), MONTH),
    ("August, 2010 ", dt.date(2010, 8, 1), MONTH),
    ("January 2012,", dt.date(2012, 1, 1), MONTH),
    ("2019-05", dt.date(2019, 5, 1), MONTH),
    ("2019年5月", dt.date(2019, 5, 1), MONTH),
    ("Jan/Feb/Mar", dt.date(2013, 1, 1), QUARTER),
    ("Apr/Jun", dt.date(2013, 4, 1), QUARTER),
    ("Q3 2019", dt.date(2019, 7, 1), QUARTER),
    ("2019年第四季度", dt.date(2019, 10, 1), QUARTER),
])
def test_dates_keep_only_what_they_state(text, date, precision):
    parsed = parse_date(text, default_year=2013)
    assert (parsed.date, parsed.precision) == (date, precision)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"), ("July", "no year"), ("31/02/2019", "not a real date"),
    ("Jan/Jul 2019", "more than one quarter"), ("nil return", "not a date"),
])
def test_unreadable_dates_say_why(text, reason):
    with pytest.raises(CellError, match=reason):
        parse_date(text)


def test_date_format_and_times():
    assert parse_date("06.05.19 14:30", date_format="%d.%m.%y %H:%M").time == dt.time(14, 30)
    assert parse_date("05/06/2019", day_first=False).date == dt.date(2019, 5, 6)
    assert parse_time("2.30pm") == dt.time(14, 30) and parse_time("9am") == dt.time(9, 0)
    assert parse_date("43591.75").time == dt.time(18, 0)


@pytest.mark.parametrize(("text", "name", "title"), [
    ("Minister for the Cabinet Office, Paymaster General, The Rt Hon Francis Maude MP",
     "Francis Maude", "Minister for the Cabinet Office, Paymaster General"),
    ("Commons Government Whip, The Rt Hon Mark Francois, Vice-Chamberlain of HM Household",
     "Mark Francois", "Commons Government Whip, Vice-Chamberlain of HM Household"),
    ("Parliamentary Secretary, Deputy Leader of the House of Commons The Rt Hon Tom Brake MP",
     "Tom Brake", "Parliamentary Secretary, Deputy Leader of the House of Commons"),
    ("Leader of the House of Lords, The Rt Hon The Lord Strathclyde", "Lord Strathclyde",
     "Leader of the House of Lords"),
    ("Chief Whip, The Rt Hon Baroness Anelay of St Johns DBE", "Baroness Anelay of St Johns", "Chief Whip"),
    ("Minister Zhang Wei", "Zhang Wei", "Minister"),
    ("Ma Huateng", "Ma Huateng", None),
    ("马化腾 董事长", "马化腾", "董事长"),
    ("福建省省长唐登杰", "唐登杰", "福建省省长"),
    ("Prime Minister", None, "Prime Minister"),
])
def test_titles_are_taken_off_names(text, name, title):
    parsed = parse_person(text)
    assert (parsed.name, parsed.title) == (name, title)


def test_lists_years_and_slugs():
    assert split_values("Oxfam, NCVO and ACEVO; Crisis", [",", " and ", ";"]) == \
        ["Oxfam", "NCVO", "ACEVO", "Crisis"]
    assert split_values("Andersen and Co", [","]) == ["Andersen and Co"]
    assert split_values("腾讯；阿里巴巴、华为", None) == ["腾讯", "阿里巴巴", "华为"]
    assert year_from_filename("comeetingsjulsept13__2_.csv") == 2013
    assert year_from_filename("CO_meetings_jan_mar_14.csv") == 2014
    assert year_from_filename("dpmmeetingsaprjun2011.csv") == 2011
    assert year_from_filename("pmmeetingsjanmar.csv") is None
    assert slug_to_text("Minister-for-the-Environment") == "Minister for the Environment"


def test_encodings():
    text, encoding = decode("Café – £5".encode("cp1252"))
    assert text == "Café – £5" and encoding in ("cp1252", "windows-1252")
    assert decode(b"\xef\xbb\xbfDate") == ("Date", "utf-8-sig")
    assert decode("数字".encode()) == ("数字", "utf-8")


def test_template_reads_back_with_the_proposal_and_its_own_mapping():
    for data, name in ((template_xlsx(), "template.xlsx"), (template_csv(), "template.csv")):
        table = read_table(data, name)
        assert table.headers == [c[0] for c in TEMPLATE_COLUMNS] and len(table.rows) == 1
        proposal, missing = propose_mapping(table)
        assert not missing
        assert {f: r.column for f, r in proposal.fields.items()} == \
            {f: r.column for f, r in template_mapping().fields.items()}


def test_mapping_yaml_round_trip_and_errors():
    spec = load_mapping("fields:\n  date: {column: Date, year: 2013}\n  organisations:\n"
                        "    column: [Name of Organisation, Name of External Organisation]\n"
                        "    split: [',']\nfixed:\n  government_body: Cabinet Office\n")
    again = load_mapping(spec.to_yaml())
    assert again == spec
    assert again.fields["organisations"].column == ["Name of Organisation", "Name of External Organisation"]
    from tracker.errors import ValidationError

    with pytest.raises(ValidationError, match="unknown field"):
        load_mapping({"fields": {"colour": "Colour"}})
    with pytest.raises(ValidationError):
        load_mapping("fields: [")
