"""Pages that show something written from the code, between two markers:

    <!-- NAME:start (generated from MODULE.FUNCTION) -->
    …what FUNCTION() returns…
    <!-- NAME:end -->

Tests compare each block with its function, so a page cannot drift from the code it describes;
``make docs`` (``python -m tests.generated_docs``) rewrites every block after a change.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Block:
    page: str          # path from the repository root
    name: str
    function: str      # dotted path of the function that writes the block

    def find(self, text: str) -> re.Match | None:
        """The block in ``text``: group 1 is what lies between the markers."""
        start = re.escape(f"<!-- {self.name}:start")
        end = re.escape(f"<!-- {self.name}:end -->")
        return re.search(rf"{start}[^>]*-->\n(.*?)\n?(?={end})", text, re.S)

    def generated(self) -> str:
        module, _, function = self.function.rpartition(".")
        return getattr(importlib.import_module(module), function)()

    def read(self) -> str:
        return (ROOT / self.page).read_text(encoding="utf-8")

    def rewrite(self) -> bool:
        """Put the function's text into the page; True when the page changed."""
        text = self.read()
        found = self.find(text)
        if found is None:
            raise LookupError(f"{self.page} has no {self.name} block")
        new = f"{text[:found.start(1)]}{self.generated()}\n{text[found.end():]}"
        if new != text:
            (ROOT / self.page).write_text(new, encoding="utf-8")
        return new != text


BLOCKS = (
    Block("docs/reports.md", "formats", "tracker.reports.formats.markdown_tables"),
    Block("README.md", "commands", "tracker.cli.reference.command_table"),
    Block("docs/cli.md", "commands", "tracker.cli.reference.command_reference"),
)


def block(page: str, name: str) -> Block:
    return next(b for b in BLOCKS if b.page == page and b.name == name)


if __name__ == "__main__":
    for each in BLOCKS:
        if each.rewrite():
            print(f"rewrote the {each.name} block of {each.page}")
