"""Numbered things are never merged by fuzzy matching: "Fuzhou No. 2 Hospital" is not "No. 1",
"Branch 21" is not "Branch 12". Such names go to the import preview as possible matches for a
person to confirm; true spelling variants still match ("Tencent Holdings Ltd" ≈ "… Limited")."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import select

from tests.conftest import count_rows
from tests.factories import make_organisation
from tracker.importers import propose_mapping, read_table
from tracker.importers.run import import_rows, preview_import
from tracker.ingest.gazetteer import Gazetteer
from tracker.models import Confidentiality, Event, Organisation
from tracker.queries.duplicates import duplicate_pairs
from tracker.queries.filters import Filters

HEADER = ["Date", "Name of Organisation", "Purpose of meeting"]


def register_bytes(names: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([f"2019-05-{day % 28 + 1:02d}", name, f"Talks {day}"] for day, name in enumerate(names))
    return buffer.getvalue().encode()


def table_of(names: list[str]):
    return read_table(register_bytes(names), "register.csv")


def preview_of(session, names: list[str]):
    table = table_of(names)
    mapping, missing = propose_mapping(table)
    assert not missing
    return table, mapping, preview_import(session=session, table=table, mapping=mapping,
                                          clearance=Confidentiality.SECRET)


@pytest.mark.parametrize(("existing", "in_file"), [
    ("Fuzhou No. 1 Hospital", "Fuzhou No. 2 Hospital"),
    ("Branch 21", "Branch 12"),
    ("Fuzhou First Hospital", "Fuzhou Second Hospital"),
    ("Fuzhou No. 1 Hospital", "Fuzhou Second Hospital"),
    ("Acme Org 0 Ltd", "Acme Org 149 Ltd"),
    ("Airbus A320 Programme", "Airbus A380 Programme"),
    ("福州市第一医院", "福州市第二医院"),
    ("福州一院", "福州二院"),
    ("上海第十二中学", "上海第二十一中学"),
])
def test_a_different_number_is_a_possible_match_not_a_match(session, admin, existing, in_file):
    make_organisation(session, name=existing)
    table, mapping, preview = preview_of(session, [in_file])
    match = preview.matches[("organisation", in_file)]
    assert match.is_new, f"{in_file!r} was matched to {match.record_name!r}"
    assert match.possible_name == existing
    frame = preview.matches_frame()
    assert frame.loc[frame["in file"] == in_file, "possible match"].tolist() == [existing]
    result = import_rows(session=session, actor=admin, table=table, mapping=mapping, preview=preview)
    assert result.created_organisations == 1
    assert set(session.exec(select(Organisation.name))) == {existing, in_file}


def test_a_confirmed_possible_match_is_used(session, admin):
    hospital = make_organisation(session, name="Fuzhou No. 1 Hospital")
    table, mapping, preview = preview_of(session, ["Fuzhou No 1. Hospital", "Fuzhou No. 2 Hospital"])
    assert preview.matches[("organisation", "Fuzhou No 1. Hospital")].record_id == hospital.id
    preview.confirm_match("organisation", "Fuzhou No. 2 Hospital")
    result = import_rows(session=session, actor=admin, table=table, mapping=mapping, preview=preview)
    assert (result.imported, result.created_organisations) == (2, 0)
    assert count_rows(session, Organisation) == 1


def test_a_file_of_150_numbered_organisations_creates_150(session, admin):
    names = [f"Shenzhen Innovation Org {n} Ltd" for n in range(150)]
    table, mapping, preview = preview_of(session, names)
    result = import_rows(session=session, actor=admin, table=table, mapping=mapping, preview=preview)
    assert (result.imported, result.created_organisations) == (150, 150)
    assert count_rows(session, Organisation) == 150


def test_true_variants_still_match(session, admin):
    tencent = make_organisation(session, name="Tencent Holdings Ltd")
    branch = make_organisation(session, name="Fuzhou No. 2 Hospital")
    _table, _mapping, preview = preview_of(session, ["Tencent Holdings Limited", "Fuzhou No.2 Hospital",
                                                     "Fuzhou Number Two Hospital"])
    assert preview.matches[("organisation", "Tencent Holdings Limited")].record_id == tencent.id
    assert preview.matches[("organisation", "Fuzhou No.2 Hospital")].record_id == branch.id
    assert preview.matches[("organisation", "Fuzhou Number Two Hospital")].record_id == branch.id


def test_duplicates_do_not_pair_numbered_names(session, admin):
    for name in ("Branch 21", "Branch 12", "Fuzhou No. 1 Hospital", "Fuzhou No. 2 Hospital",
                 "福州市第一医院", "福州市第二医院", "Tencent Holdings Ltd", "Tencent Holdings Limited"):
        make_organisation(session, name=name)
    frame = duplicate_pairs(session, Filters.for_actor(admin), person=False)
    pairs = {frozenset((row.a_name, row.b_name)) for row in frame.itertuples()}
    assert pairs == {frozenset(("Tencent Holdings Ltd", "Tencent Holdings Limited"))}


def test_article_reader_does_not_match_another_years_event(session):
    session.add(Event(name="China-UK Economic Summit 2018"))
    session.commit()
    gazetteer = Gazetteer(session)
    assert gazetteer.match_event("China-UK Economic Summit 2019") is None
    assert gazetteer.match_event("China UK Economic Summit 2018") is not None


def test_cli_lists_possible_matches_and_takes_confirmations(database_url, session, tmp_path, monkeypatch,
                                                            capsys):
    from tests.cli_helpers import run_cli

    hospital = make_organisation(session, name="Fuzhou No. 1 Hospital")
    path = tmp_path / "register.csv"
    path.write_bytes(register_bytes(["Fuzhou No. 2 Hospital", "Branch 12"]))
    code, out, err = run_cli(monkeypatch, capsys, "import", str(path), "--dry-run")
    assert code == 0, err
    assert "“Fuzhou No. 2 Hospital” ≈ #1 “Fuzhou No. 1 Hospital”" in out
    code, out, err = run_cli(monkeypatch, capsys, "import", str(path), "--json", "--confirm", "Branch 12")
    assert code == 2 and "“Branch 12” has no possible match" in err
    code, out, err = run_cli(monkeypatch, capsys, "import", str(path), "--json",
                             "--confirm", "Fuzhou No. 2 Hospital")
    assert code == 0, err
    assert (json.loads(out)["matched_organisations"], json.loads(out)["created_organisations"]) == (1, 1)
    assert set(session.exec(select(Organisation.name))) == {hospital.name, "Branch 12"}
