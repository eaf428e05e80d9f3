"""Text from a file or the database never reaches the terminal as control sequences: a header or
cell holding "\\x1b]0;title\\x07" (set the window title) or "\\x1b[2J" (clear the screen) is
printed as visible escapes by every command, on the error, preview and listing paths."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import count_rows
from tracker.cli import main
from tracker.cli.console import visible
from tracker.models import Meeting, Organisation, OrganisationKind

OSC = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
CSI_8BIT = "\x9b31m"
RAW_CONTROL = (b"\x1b", b"\x07", b"\xc2\x9b", b"\x08", b"\r", "\u202e".encode())


@pytest.fixture
def tracker(capsysbinary, monkeypatch):
    """(exit code, stdout bytes, stderr bytes) of ``tracker ARGS``."""
    def run(*args: str) -> tuple[int, bytes, bytes]:
        monkeypatch.setattr(sys, "argv", ["tracker", *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out = capsysbinary.readouterr()
        return code, out.out, out.err
    return run


def assert_no_control_bytes(*outputs: bytes) -> None:
    for output in outputs:
        for raw in RAW_CONTROL:
            assert raw not in output, f"{raw!r} reached the terminal: {output[:300]!r}"


def test_visible_shows_control_characters_and_keeps_text():
    assert visible(f"a{OSC}b") == r"a\x1b]0;owned\x07b"
    assert visible(f"{CLEAR}{CSI_8BIT}x\rback\bz") == r"\x1b[2J\x9b31mx\x0dback\x08z"
    assert visible("Café “quoted” 马化腾\tand\nlines") == "Café “quoted” 马化腾\tand\nlines"
    assert visible("\u202eevil") == r"\u202eevil"


def test_unmappable_headers_are_escaped_in_the_error(database_url, tracker, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(f"Colour{OSC},Size{CLEAR}\nred,3\n", encoding="utf-8")
    code, out, err = tracker("import", str(path))
    # The reader drops control characters at the edge (issue 12 item 8): what is left is printed.
    assert code == 2 and b"Colour]0;owned" in err
    assert_no_control_bytes(out, err)


def test_row_errors_and_mapping_are_escaped(database_url, session, tracker, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(f"Date,Organisation{OSC},Purpose\n"
                    f"not a date{CLEAR}{CSI_8BIT},Acme{OSC},Talks\n"
                    f"2019-05-06,Beta{OSC},Talks\r\n"
                    f"2019-05-07,Gamma,Kind\x08\x08\x08\n", encoding="utf-8")
    outputs = {}
    for args in (("--dry-run",), ("--show-mapping",), (), ("--json",)):
        code, out, err = tracker("import", str(path), *args)
        assert code == 0, err
        assert_no_control_bytes(out, err)
        outputs[args] = out
    # The reader drops control characters at the edge (issue 12 item 8): what is left is printed.
    assert b"not a date[2J31m" in outputs[()]
    assert "not a date[2J31m" in json.loads(outputs[("--json",)])["errors"][0]["reason"]
    assert count_rows(session, Meeting) == 2


def test_extract_escapes_the_articles_names(database_url, tracker, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(f"Haicheng signs cloud deal{CLEAR} with Skyline Data\n\n"
                    f"2022-03-02 Source: Haicheng{CSI_8BIT} Daily\n\n"
                    f"The Haicheng Municipal People's Government and Skyline{OSC} Data Group signed a "
                    f"strategic cooperation agreement on March 1, 2022 in Fuzhou{CSI_8BIT} Hall. Vice "
                    f"Mayor Sun Wei and Skyline Data Group President Grace{CSI_8BIT} Lin signed the "
                    "agreement.\n", encoding="utf-8")
    for args in ((), ("--json",)):
        code, out, err = tracker("extract", str(path), *args)
        assert code == 0, err
        assert_no_control_bytes(out, err)
        assert b"Haicheng" in out


def test_listings_escape_names_stored_in_the_database(database_url, session, tracker):
    # Stored directly, as an older version or another tool could have: the listing must cope.
    for name in (f"Branch{OSC} Holdings Ltd", f"Branch{OSC} Holdings Limited"):
        session.add(Organisation(name=name, name_key=name.casefold(), search_key=name.casefold(),
                                 kind=OrganisationKind.PRIVATE_ENTERPRISE))
    session.commit()
    code, out, err = tracker("duplicates", "--organisations")
    assert code == 0, err
    assert b"Branch\\x1b]0;owned\\x07 Holdings" in out
    assert_no_control_bytes(out, err)
    code, out, err = tracker("duplicates", "--organisations", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    assert_no_control_bytes(out, err)
    code, out, err = tracker("brief", f"Nothing{OSC}", "--out", "/nonexistent/x.pdf")
    assert code == 2
    assert_no_control_bytes(out, err)
