"""The import contracts in pyproject.toml ([tool.importlinter]) hold: the library never imports the
pages or Streamlit, the layers point one way, and tracker/ has no import cycles beyond those listed
there as today's known breaches (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = 5  # as declared in pyproject.toml; a contract dropped by mistake fails here too


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in result.stdout, result.stdout
