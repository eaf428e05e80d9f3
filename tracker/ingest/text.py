"""Sentences and paragraphs with their character offsets, so every finding keeps its span."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.ingest.draft import Span
from tracker.matching import CJK

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’)]?\s+|(?<=[。！？])|\n\s*\n|\n")
# A full stop that ends an abbreviation, not a sentence: "Sept. 30", "Mr. Lee", "Gov. Ellison".
_ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.(?=\s+\d))"
    r"|(?:\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Lt|St|Prof|Messrs)\.(?=\s+[A-Z]))"
)
# A straight double quote standing for an apostrophe ("People"s Government"), as some mirrors print.
_QUOTE_AS_APOSTROPHE = re.compile(r'(?<=[A-Za-z])"(?=s\b)')


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    paragraph: int

    def span(self, start: int | None = None, end: int | None = None) -> Span:
        """A span of this piece: whole, or ``start``–``end`` relative to the piece."""
        s = self.start + (start or 0)
        e = self.start + (end if end is not None else len(self.text))
        return Span(start=s, end=e, text=self.text[(start or 0) : (end if end is not None else None)])


def cut(piece: Piece, positions: list[int]) -> list[Piece]:
    """``piece`` cut at ``positions`` (relative to it), each part keeping its offsets."""
    bounds = [0, *sorted(positions), len(piece.text)]
    return [
        Piece(piece.start + a, piece.start + b, piece.text[a:b], piece.paragraph)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if piece.text[a:b].strip()
    ]


def is_chinese(text: str) -> bool:
    """Chinese when a fair share of the letters are CJK characters."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if CJK.match(c)) / len(letters) > 0.3


def sentences(text: str) -> list[Piece]:
    """Sentences in order, with offsets into ``text`` and the index of their paragraph."""
    pieces: list[Piece] = []
    paragraph = 0
    position = 0
    abbreviations = {m.end() for m in _ABBREVIATION.finditer(text)}
    boundaries = [b for b in _SENTENCE_END.finditer(text)
                  if "\n" in b.group(0) or b.start() not in abbreviations]
    for boundary in boundaries + [None]:
        end = boundary.start() if boundary else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            offset = position + chunk.index(stripped)
            pieces.append(Piece(offset, offset + len(stripped), stripped, paragraph))
        if boundary is None:
            break
        if "\n" in boundary.group(0):
            paragraph += 1
        position = boundary.end()
    return pieces


def normalise_quotes(text: str) -> str:
    """``People"s`` read as ``People's`` (same length, so spans still index the original)."""
    return _QUOTE_AS_APOSTROPHE.sub("'", text)
