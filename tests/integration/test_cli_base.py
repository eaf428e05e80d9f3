"""The foundation commands through Typer's CliRunner: exit codes, what they print, and that bad
input is one clear line with exit code 2 (never a traceback) that changes nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.planner import has_planner_statistics
from tracker.cli import app
from tracker.db import get_engine

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def stats() -> dict[str, int]:
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_error(result, *, mentions: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and result.exception.code == 2, result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert mentions in lines[0]
    assert "Traceback" not in result.output


def test_init_is_repeatable(database_url):
    for _ in range(2):
        result = run("init")
        assert result.exit_code == 0, result.output
        assert "Database ready" in result.stdout
    assert stats()["cooperation_areas"] >= 16
    assert has_planner_statistics(get_engine(), "cooperation_area")


def test_seed_demo_loads_once(database_url):
    result = run("seed", "--demo")
    assert result.exit_code == 0, result.output
    assert "Demo loaded" in result.stdout and "admin-demo-pass" in result.stdout
    first = stats()
    assert first["meetings"] == 2001 and first["users"] == 3 and first["agreements"] >= 190
    again = run("seed", "--demo")
    assert again.exit_code == 0 and "already loaded" in again.stdout
    assert stats() == first


def test_seed_meetings_reports_rows_and_time(database_url):
    result = run("seed", "--meetings", "60", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "Inserted" in result.stdout and "(60 meetings)" in result.stdout
    assert "Done in" in result.stdout
    counts = stats()
    assert counts["meetings"] == 60 and counts["participations"] > 120
    assert set(counts) >= {"organisations", "people", "positions", "events", "pledges", "pledge_updates",
                           "agreement_parties", "topics", "users", "audit_events"}


def test_user_add_reads_the_password_from_stdin(database_url):
    result = run("user", "add", "mei", "--role", "editor", "--clearance", "confidential",
                 "--password-stdin", stdin="a-long-password\n")
    assert result.exit_code == 0, result.output
    assert "Created editor “mei” with Confidential clearance." in result.stdout
    assert stats()["users"] == 1
    duplicate = run("user", "add", "mei", "--role", "viewer", "--password-stdin", stdin="another-password\n")
    assert_one_line_error(duplicate, mentions="taken")
    assert stats()["users"] == 1


@pytest.mark.parametrize(("args", "stdin", "mentions"), [
    (("seed",), None, "Say what to seed"),
    (("seed", "--meetings", "-5"), None, "--meetings"),
    (("seed", "--meetings", "3", "--as", "ghost"), None, "ghost"),
    (("user", "add", "lin", "--role", "boss", "--password-stdin"), "a-long-password\n", "--role"),
    (("user", "add", "lin", "--role", "viewer", "--clearance", "top", "--password-stdin"),
     "a-long-password\n", "clearance"),
    (("user", "add", "lin", "--role", "viewer", "--password-stdin"), "short\n", "password"),
    (("user", "add", "bad name!", "--role", "viewer", "--password-stdin"), "a-long-password\n", "username"),
    (("no-such-command",), None, "no-such-command"),
])
def test_bad_input_is_one_line_and_exit_2(database_url, args, stdin, mentions):
    before = stats()
    assert_one_line_error(run(*args, stdin=stdin), mentions=mentions)
    assert stats() == before
