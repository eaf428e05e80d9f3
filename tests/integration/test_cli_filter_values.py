"""A filter value that matches nothing (issue 14 item 18): ``export``, ``report`` and ``brief`` stop
with exit code 2 and one line naming the valid values (all of them when few, the closest five
when many), before writing a file or an audit event; and the values a reader cannot see are
never named."""

from __future__ import annotations

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from seed_data.reference import load_reference
from tests.integration.conftest import nothing_changes
from tests.integration.world import build_world, marker
from tracker.cli import app
from tracker.cli.filters import LISTED_IN_FULL, SUGGESTED
from tracker.labels import label
from tracker.models import Confidentiality, Meeting, Organisation, OrganisationKind
from tracker.queries.directory import directory_facets
from tracker.queries.meeting_form import area_choices, organisation_choices

runner = CliRunner()

FAMILIES = {
    "export": ["export", "meetings", "--format", "csv"],
    "report": ["report", "--from", "2019-01-01", "--to", "2019-12-31", "--format", "docx", "--no-charts"],
}

# option, a misspelt value, the value meant (always named), and every valid value.
FILTER_CASES = {
    "--kind": ("Pirate ship", "Private enterprise",
               lambda session: [label(kind) for kind in OrganisationKind]),
    "--sector": ("Artifical inteligence", "Artificial intelligence",
                 lambda session: directory_facets(session, clearance=Confidentiality.SECRET)["sectors"]),
    "--region": ("Fujan", "Fujian",
                 lambda session: directory_facets(session, clearance=Confidentiality.SECRET)["regions"]),
    "--area": ("Smart cty", "Smart city", lambda session: list(area_choices(session)["name"])),
    "--organisation": ("Tencnt", "Tencent",
                       lambda session: list(organisation_choices(
                           session, clearance=Confidentiality.SECRET)["name"])),
}


def cli(*args: str):
    return runner.invoke(app, list(args))


def _refused(result) -> str:
    """The one error line of a refused command."""
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def reference(database_url, session):
    load_reference(session)
    return session


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("option", FILTER_CASES)
def test_a_filter_value_that_matches_nothing_names_the_valid_ones_and_writes_nothing(
        reference, tmp_path, family, option):
    wrong, meant, valid_values = FILTER_CASES[option]
    valid = valid_values(reference)
    assert meant in valid
    out = tmp_path / "out.file"
    with nothing_changes(reference, Meeting, Organisation):
        message = _refused(cli(*FAMILIES[family], "--out", str(out), option, wrong))
    assert not out.exists()
    assert f"“{wrong}”" in message and f"“{meant}”" in message
    named = [value for value in valid if f"“{value}”" in message]
    if len(valid) <= LISTED_IN_FULL:
        assert sorted(named) == sorted(valid)
    else:
        assert len(named) == SUGGESTED and f"closest of {len(valid):,}" in message


def test_the_kind_is_named_in_words_not_codes(reference, tmp_path):
    message = _refused(cli("export", "meetings", "--out", str(tmp_path / "x.csv"), "--kind", "pirates"))
    assert "Unknown --kind “pirates”" in message
    assert "“State owned enterprise”" in message and "state_owned_enterprise" not in message


def test_brief_on_an_unknown_organisation_names_the_closest(reference, tmp_path):
    out = tmp_path / "brief.docx"
    with nothing_changes(reference, Meeting, Organisation):
        message = _refused(cli("brief", "Sensetme", "--format", "docx", "--out", str(out)))
    assert not out.exists()
    assert "No organisation called “Sensetme”" in message and "“SenseTime”" in message


def test_among_many_organisations_the_closest_five_are_named_best_first(reference, tmp_path):
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import OrganisationCreate
    from tracker.services.organisations import create_organisation

    for number in range(LISTED_IN_FULL + 1):
        create_organisation(session=reference, actor=SYSTEM_ACTOR,
                            data=OrganisationCreate(name=f"Harbour Works {number}"))
    total = len(organisation_choices(reference, clearance=Confidentiality.SECRET))
    message = _refused(cli("export", "meetings", "--out", str(tmp_path / "x.csv"),
                           "--organisation", "Tencnt"))
    assert f"the closest of {total:,} are “Tencent”," in message
    assert message.count("“") == 1 + SUGGESTED   # the value given, then the five


def test_spellings_of_a_valid_value_in_another_case_or_as_a_code_are_accepted(reference, tmp_path):
    def exported(*filters: str) -> str:
        result = cli("export", "meetings", "--out", str(tmp_path / "x.csv"), *filters)
        assert result.exit_code == 0, result.output
        return result.stdout.split(" to ")[0]

    assert exported("--sector", "ARTIFICIAL intelligence") == exported("--sector", "Artificial intelligence")
    assert exported("--region", " fujian ") == exported("--region", "Fujian")
    assert exported("--kind", "private enterprise") == exported("--kind", "private_enterprise") \
        == exported("--kind", "Private enterprise")
    assert exported("--kind", "private_enterprise") != "Wrote 0 meetings"


def test_a_reader_is_never_told_of_values_above_their_clearance(database_url, session, tmp_path):
    build_world(session)
    added = runner.invoke(app, ["user", "add", "vic", "--role", "viewer", "--clearance", "internal",
                                "--password-stdin"], input="viewer-password\n")
    assert added.exit_code == 0, added.output
    hidden = [marker(level) for level in Confidentiality if level > Confidentiality.INTERNAL]
    for option, value in (("--sector", "energy"), ("--organisation", "Org")):
        message = _refused(cli("export", "meetings", "--out", str(tmp_path / "x.csv"), "--as", "vic",
                               option, value))
        assert marker(Confidentiality.INTERNAL) in message
        assert not any(mark in message for mark in hidden), message
    message = _refused(cli("brief", "Org Secret", "--out", str(tmp_path / "b.pdf"), "--as", "vic"))
    assert not any(mark in message for mark in hidden), message


@pytest.fixture
def cloud_pledge(reference):
    """A pledge in Digital infrastructure beside the reference meeting's, which file none there."""
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import PledgeCreate
    from tracker.services import areas, pledges

    tencent = reference.exec(select(Organisation).where(Organisation.name == "Tencent")).one()
    area = areas.get_by_name(session=reference, name="Digital infrastructure")
    pledges.create_pledge(session=reference, actor=SYSTEM_ACTOR, data=PledgeCreate(
        organisation_id=tencent.id, area_id=area.id, text="Build a cloud data centre in Fuzhou"))
    return reference


@pytest.mark.parametrize("called", ["cloud computing", "云计算", "CLOUD", "数据中心"])
def test_an_area_is_found_by_what_people_call_it(cloud_pledge, tmp_path, called):
    """``--area`` reads the taxonomy's synonyms as the meeting form and the article reader do."""
    def exported(area: str) -> tuple[str, bytes]:
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}.csv"
        result = cli("export", "pledges", "--out", str(out), "--area", area)
        assert result.exit_code == 0, result.output
        return result.stdout.split(" to ")[0], out.read_bytes()

    by_name = exported("Digital infrastructure")
    assert by_name[0] == "Wrote 1 pledges"
    assert "Build a cloud data centre in Fuzhou" in by_name[1].decode("utf-8-sig")
    assert exported(called) == by_name


def test_the_report_takes_an_area_by_a_synonym(reference, tmp_path):
    out = tmp_path / "report.docx"
    result = cli(*FAMILIES["report"], "--out", str(out), "--area", "云计算")
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_a_near_synonym_is_still_unknown_and_names_the_areas(reference, tmp_path):
    message = _refused(cli("export", "meetings", "--out", str(tmp_path / "x.csv"),
                           "--area", "cloud computin"))
    assert "No cooperation area called “cloud computin” (--area)" in message
    assert "“Digital infrastructure”" in message
