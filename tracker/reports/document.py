"""A report as a list of simple blocks, so one builder feeds the PDF, Word and Excel renderers alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from tracker.labels import label
from tracker.reports.exports import frame_rows


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    style: str = "normal"  # normal | note | small


@dataclass
class KeyValues:
    pairs: Sequence[tuple[str, str]]


@dataclass
class Table:
    """Rows of plain values; ``widths`` are relative column widths; ``name`` names its Excel sheet."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[float] = ()
    note: str | None = None

    @classmethod
    def from_frame(cls, name: str, frame: pd.DataFrame, columns: dict[str, str] | None = None,
                   widths: Sequence[float] = (), note: str | None = None,
                   humanise: Sequence[str] = ()) -> Table:
        """A table of ``frame``'s columns (all, or those in ``columns`` renamed to their labels);
        ``humanise`` columns hold codes shown as words ('in_progress' → 'In progress', 'mou' → 'MoU')."""
        if humanise and not frame.empty:
            frame = frame.assign(**{c: frame[c].map(label) for c in humanise})
        if columns:
            frame = frame[list(columns)]
        labels = [columns[c] for c in frame.columns] if columns else list(map(str, frame.columns))
        return cls(name, labels, list(frame_rows(frame)), widths, note)


@dataclass
class Image:
    png: bytes
    caption: str


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | KeyValues | Table | Image | PageBreak


@dataclass
class Document:
    """What a renderer needs: a title, a footer line for every page, and the blocks in order."""

    title: str
    subtitle: str = ""
    footer: str = ""
    blocks: list[Block] = field(default_factory=list)
    compact: bool = False  # one-page documents (briefings) use smaller type
    about: list[tuple[str, object]] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self


def cell_text(value) -> str:
    """A value as the text a printed table shows."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
