"""A report as a list of simple blocks, so one builder feeds the PDF, Word and Excel renderers alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from tracker.i18n import CHINESE, _, current_language, format_number, format_short_date
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
    """Rows of plain values; ``name`` names its Excel sheet. ``widths`` (relative) are no longer
    used by the printed renderers, which size columns to their content (``layout``). With
    ``limit``, a printed report shows that many rows and a line saying how many more are on the
    table's sheet of the report's Excel annex; the workbook always holds every row."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[float] = ()
    note: str | None = None
    limit: int | None = None

    @property
    def printed_rows(self) -> Sequence[Sequence]:
        return self.rows if self.limit is None else self.rows[:self.limit]

    @property
    def left_out(self) -> int:
        """How many rows a printed report leaves to the annex."""
        return len(self.rows) - len(self.printed_rows)

    @property
    def sheet_name(self) -> str:
        return self.name[:31]

    def more_line(self, annex: str | None = None) -> str:
        """"and 184 more", and where they are (``annex``: the workbook's name, default its Excel
        version)."""
        return _("… and {count} more. The full list is on the sheet “{sheet}” of {annex}.").format(
            count=format_number(self.left_out), sheet=self.sheet_name,
            annex=annex or _("the Excel version of this report"))

    @classmethod
    def from_frame(cls, name: str, frame: pd.DataFrame, columns: dict[str, str] | None = None,
                   widths: Sequence[float] = (), note: str | None = None,
                   humanise: Sequence[str] = (), limit: int | None = None) -> Table:
        """A table of ``frame``'s columns (all, or those in ``columns`` renamed to their labels);
        ``humanise`` columns hold codes shown as words ('in_progress' → 'In progress', 'mou' → 'MoU')."""
        if humanise and not frame.empty:
            frame = frame.assign(**{c: frame[c].map(label) for c in humanise})
        if columns:
            frame = frame[list(columns)]
        labels = [columns[c] for c in frame.columns] if columns else list(map(str, frame.columns))
        return cls(name, labels, list(frame_rows(frame)), widths, note, limit)


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
    # The workbook holding the full lists a printed report shortens (its tables, every row); None:
    # "the Excel version of this report".
    annex: str | None = None
    # The language it was written in (the context's, when built): its renderers write their own
    # words (page numbers, "and N more") in it too, wherever and whenever they run.
    language: str = field(default_factory=current_language)

    @property
    def chinese(self) -> bool:
        return self.language == CHINESE

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
        return f"{format_short_date(value)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_short_date(value)
    return str(value)
