"""The command reference (issue 14 item 17): README.md lists every command and docs/cli.md
documents each argument and option, both written from the Typer app and kept equal to it; every
command, argument and option says in words what it is for."""

from __future__ import annotations

import pytest

from tests.generated_docs import BLOCKS, Block
from tracker.cli.reference import commands

# The commands the README has to show (issue 14 item 17 names them); the walk must find each.
EXPECTED = {"tracker export", "tracker report", "tracker brief", "tracker return", "tracker import",
            "tracker duplicates", "tracker merge", "tracker backup", "tracker restore",
            "tracker export-all", "tracker import-all", "tracker upgrade", "tracker user add",
            "tracker user list", "tracker audit verify", "tracker extract", "tracker seed"}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: f"{block.page}:{block.name}")
def test_each_generated_block_equals_what_the_code_writes_now(block):
    page = block.read()
    found = block.find(page)
    assert found is not None, f"{block.page} lost its {block.name} block"
    assert f"<!-- {block.name}:start (generated from {block.function}) -->" in page
    assert found.group(1) == block.generated(), f"{block.page} is out of date: run `make docs`"


def test_the_walk_finds_every_command_and_the_readme_lists_each():
    paths = [command.path for command in commands()]
    assert EXPECTED <= set(paths) and len(paths) == len(set(paths))
    readme = Block("README.md", "commands", "tracker.cli.reference.command_table").read()
    for command in commands():
        assert f"| `{command.usage}` | {command.summary} |" in readme


def test_every_command_argument_and_option_has_a_help_text_in_words():
    for command in commands():
        summary = command.summary
        assert summary[:1].isupper() and summary.endswith(".") and len(summary.split()) >= 3, \
            f"{command.path}: say in a sentence what it does"
        assert "``" not in command.help, f"{command.path}: reST markup shows as is in --help"
        for parameter in command.parameters:
            if parameter.name == "--help":
                continue
            assert parameter.help, f"{command.path} {parameter.name} has no help text"
            assert "<" not in parameter.name, f"{command.path} {parameter.name}: give it a metavar"


def test_the_reference_shows_usage_defaults_and_requirements():
    reference = Block("docs/cli.md", "commands", "tracker.cli.reference.command_reference").generated()
    export = reference.split("### `tracker export`\n", 1)[1].split("\n### ", 1)[0]
    assert "tracker export VIEW --out FILE [OPTIONS]" in export
    assert "- `--out FILE`: The file to write. Required." in export
    assert "- `--format FORMAT`: File format: csv or xlsx. Default: `csv`." in export
    assert "- `--kind KIND`: Only organisations of this kind" in export
    assert "- `--charts / --no-charts`: Draw the charts (needs Chromium). Default: `--charts`." \
        in reference


def test_make_docs_rewrites_a_stale_block_and_leaves_the_rest(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n<!-- commands:start (generated from tracker.cli.reference.command_table) "
                    "-->\n| stale |\n<!-- commands:end -->\n\nAfter.\n", encoding="utf-8")
    block = Block(str(page), "commands", "tracker.cli.reference.command_table")
    assert block.rewrite() is True
    text = page.read_text(encoding="utf-8")
    assert block.find(text).group(1) == block.generated()
    assert text.startswith("# Title\n\n<!-- commands:start")
    assert text.endswith("<!-- commands:end -->\n\nAfter.\n")
    assert block.rewrite() is False
