"""Running the ``tracker`` console entry point inside a test, exactly as the shell would."""

from __future__ import annotations

import sys

from tracker.cli import main


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``tracker ARGS``."""
    monkeypatch.setattr(sys, "argv", ["tracker", *args])
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err
