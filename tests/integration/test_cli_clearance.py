"""Clearance of existence on the command line (issue 12, item 4): a viewer's ``brief``,
``duplicates`` and ``export`` show no organisation, person, event or topic known
only from items above the viewer's clearance."""

import pytest
from typer.testing import CliRunner

from tests.integration.world import build_world, marker
from tracker.cli import app
from tracker.models import Confidentiality

runner = CliRunner()
HIDDEN = [marker(level) for level in Confidentiality if level > Confidentiality.INTERNAL]


def cli(*args):
    return runner.invoke(app, list(args))


@pytest.fixture
def world_and_viewer(database_url, session):
    world = build_world(session)
    added = runner.invoke(app, ["user", "add", "vic", "--role", "viewer", "--clearance", "internal",
                                "--password-stdin"], input="viewer-password\n")
    assert added.exit_code == 0, added.output
    return world


def _shown(result) -> str:
    return result.output + (getattr(result, "stderr", "") or "")


@pytest.mark.parametrize("name", ["Org Secret zqsecretmark", "Signer Org zqconfidentialmark",
                                  "Pledger Org zqsecretmark"])
def test_brief_on_an_organisation_known_only_above_clearance_is_not_found(world_and_viewer, tmp_path,
                                                                          name):
    out = tmp_path / "brief.docx"
    result = cli("brief", name, "--format", "docx", "--out", str(out), "--as", "vic")
    assert result.exit_code == 2 and f"No organisation called “{name}”" in _shown(result), _shown(result)
    assert not out.exists()
    assert cli("brief", "Signer Org zqinternalmark", "--format", "docx", "--out", str(out),
               "--as", "vic").exit_code == 0


@pytest.mark.parametrize(("what", "pair"), [
    ([], ("Wang Xiaoming", "Wang Xiao Ming")),
    (["--organisations"], ("Harbour Logistics Co", "Harbour Logistic Co")),
])
def test_duplicates_leave_out_names_known_only_above_clearance(world_and_viewer, session, what, pair):
    """Look-alikes of hidden names, in the directory on their own (so visible), pair only with
    each other: the hidden originals are not candidates."""
    from tracker.auth.actor import SYSTEM_ACTOR
    from tracker.models import OrganisationCreate, PersonCreate
    from tracker.services import organisations, people

    for name in ("Signer Org zqsecretmarc", "Harbour Logistics Co", "Harbour Logistic Co"):
        organisations.create_organisation(session=session, actor=SYSTEM_ACTOR,
                                          data=OrganisationCreate(name=name))
    for name in ("Signatory zqsecretmarc", "Wang Xiaoming", "Wang Xiao Ming"):
        people.create_person(session=session, actor=SYSTEM_ACTOR, data=PersonCreate(name=name))
    result = cli("duplicates", *what, "--limit", "500", "--as", "vic")
    assert result.exit_code == 0, _shown(result)
    pairs = [line for line in result.output.splitlines() if "↔" in line]
    assert len(pairs) == 1 and all(f" {name}  " in pairs[0] for name in pair), result.output
    assert not [m for m in HIDDEN if m in result.output], result.output


@pytest.mark.parametrize("view", ["organisations", "people"])
def test_directory_exports_leave_out_names_known_only_above_clearance(world_and_viewer, tmp_path, view):
    out = tmp_path / f"{view}.csv"
    result = cli("export", view, "--out", str(out), "--as", "vic")
    assert result.exit_code == 0, _shown(result)
    text = out.read_text(encoding="utf-8-sig")
    assert "zqinternalmark" in text
    assert not [m for m in HIDDEN if m in text], text

