"""Every file format the tracker writes, registered once: key, label, file suffix, MIME type and, for
each kind of document it is offered for, the function that renders it (one renderer registry, as
Datasette has).

The CLI's ``--format`` choices and defaults, the pages' format pickers and download buttons, the
builders of exports, period reports, briefings and transparency returns, and the table in
docs/reports.md all read this registry: offering a format for one more kind of document, or a new
format, is one entry here. A test fails if a list of formats or a MIME type is written elsewhere.

The order of ``FORMATS`` is the order a person is offered them in; the first format a kind offers
is its default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO

from tracker.i18n import current_language, gettext, using_language

if TYPE_CHECKING:
    from tracker.reports.document import Document
    from tracker.reports.exports import Sheet
    from tracker.reports.ics import CalendarContent

Output = Path | str | BinaryIO
RowCounts = dict[str, int]


class DocumentKind(StrEnum):
    """What is being written; each kind is offered in the formats that register a renderer for it."""

    TABLE_EXPORT = "table export"
    PERIOD_REPORT = "period report"
    BRIEFING = "briefing"
    TRANSPARENCY_RETURN = "transparency return"
    CALENDAR = "calendar"


@dataclass(frozen=True)
class Tables:
    """A tabular document: its sheets and the lines of a workbook's "About" sheet (pairs, or a
    function of the rows written per sheet, for streamed sheets). A CSV file holds the first sheet."""

    sheets: Sequence[Sheet]
    about: Sequence[tuple[str, object]] | Callable[[RowCounts], Sequence[tuple[str, object]]] = ()
    # The reader's language when the tables were made: the workbook's own words follow it.
    language: str = field(default_factory=current_language)


# The renderers import their libraries when called: the CLI loads this registry for its choices, and
# fpdf2, python-docx and xlsxwriter would otherwise load with every ``tracker`` command.

def _write_bytes(out: Output, data: bytes) -> None:
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def _tables_csv(content: Tables, out: Output) -> RowCounts:
    from tracker.reports.exports import write_csv

    sheet = content.sheets[0]
    return {sheet.name: write_csv(out, sheet.columns, sheet.rows)}


def _tables_xlsx(content: Tables, out: Output) -> RowCounts:
    from tracker.reports.exports import write_xlsx

    return write_xlsx(out, content.sheets, content.about)


def _document_pdf(document: Document, out: Output) -> RowCounts:
    from tracker.reports.pdf import render_pdf

    _write_bytes(out, render_pdf(document))
    return {}


def _document_docx(document: Document, out: Output) -> RowCounts:
    from tracker.reports.word import render_docx

    _write_bytes(out, render_docx(document))
    return {}


def _document_xlsx(document: Document, out: Output) -> RowCounts:
    """The document's tables as worksheets (one per table) and an "About" sheet."""
    from tracker.reports.document import Table
    from tracker.reports.exports import Sheet, write_xlsx

    sheets, used = [], set()
    for block in document.blocks:
        if isinstance(block, Table):
            name = block.sheet_name
            while name in used:
                name = name[:28] + f" {len(used)}"
            used.add(name)
            sheets.append(Sheet(name, block.columns, block.rows))
    return write_xlsx(out, sheets, [*document.about, (gettext("Footer"), document.footer)])


def _calendar_ics(content: CalendarContent, out: Output) -> RowCounts:
    from tracker.reports.ics import render_ics

    _write_bytes(out, render_ics(content))
    return {}


Renderer = Callable[[Any, Output], RowCounts]


@dataclass(frozen=True)
class Format:
    """One file format: how a person and a browser know it, and how each kind of document is written
    in it. ``draws_charts`` says whether a report's charts appear in it (so they are drawn only then);
    ``typed_cells`` whether its cells keep their types (a date column holds dates, its precision in a
    column of its own) rather than the text a reader sees; ``icon`` is the Material icon of its
    button among a table's download buttons."""

    key: str
    label: str
    suffix: str
    mime: str
    renderers: Mapping[DocumentKind, Renderer] = field(hash=False)
    draws_charts: bool = False
    typed_cells: bool = False
    icon: str = ":material/download:"

    def __post_init__(self) -> None:
        object.__setattr__(self, "renderers", MappingProxyType(dict(self.renderers)))  # read-only

    def offered_for(self, kind: DocumentKind) -> bool:
        return kind in self.renderers

    def render(self, kind: DocumentKind, content: Any, out: Output) -> RowCounts:
        """Write ``content`` (``Tables`` or a ``Document``, as ``kind`` needs) to ``out`` (a path or a
        binary file); returns the rows written per sheet (empty for a document that is not a workbook)."""
        if kind not in self.renderers:
            raise ValueError(f"unknown {kind} format {self.key!r}")
        # Every format writes in the language the content was made in (a ``Document`` or ``Tables``
        # records it), so a file rendered later or in another thread reads as one language.
        with using_language(getattr(content, "language", None) or current_language()):
            return self.renderers[kind](content, out)

    def render_bytes(self, kind: DocumentKind, content: Any) -> bytes:
        buffer = BytesIO()
        self.render(kind, content, buffer)
        return buffer.getvalue()


TABLES = (DocumentKind.TABLE_EXPORT, DocumentKind.TRANSPARENCY_RETURN)
DOCUMENTS = (DocumentKind.PERIOD_REPORT, DocumentKind.BRIEFING)


def _each(kinds: Sequence[DocumentKind], renderer: Renderer) -> dict[DocumentKind, Renderer]:
    return dict.fromkeys(kinds, renderer)


CSV = Format(key="csv", label="CSV", suffix=".csv", mime="text/csv",
             renderers=_each(TABLES, _tables_csv))
PDF = Format(key="pdf", label="PDF", suffix=".pdf", mime="application/pdf",
             renderers=_each(DOCUMENTS, _document_pdf), draws_charts=True)
DOCX = Format(key="docx", label="Word", suffix=".docx",
              mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              renderers=_each(DOCUMENTS, _document_docx), draws_charts=True)
XLSX = Format(key="xlsx", label="Excel", suffix=".xlsx",
              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              renderers={**_each(TABLES, _tables_xlsx), DocumentKind.PERIOD_REPORT: _document_xlsx},
              typed_cells=True, icon=":material/table_view:")
ICS = Format(key="ics", label="iCalendar", suffix=".ics", mime="text/calendar",
             renderers={DocumentKind.CALENDAR: _calendar_ics}, icon=":material/calendar_month:")
FORMATS: tuple[Format, ...] = (CSV, PDF, DOCX, XLSX, ICS)
_BY_KEY = {fmt.key: fmt for fmt in FORMATS}


def get_format(key: str) -> Format:
    """The registered format called ``key`` (csv, pdf…)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown format {key!r}") from None


def formats_for(kind: DocumentKind) -> tuple[Format, ...]:
    """The formats ``kind`` is offered in, the default first."""
    return tuple(fmt for fmt in FORMATS if fmt.offered_for(kind))


def keys_for(kind: DocumentKind) -> tuple[str, ...]:
    return tuple(fmt.key for fmt in formats_for(kind))


def format_for(kind: DocumentKind, key: str) -> Format:
    """The format ``key`` if ``kind`` is offered in it; ValueError otherwise."""
    fmt = _BY_KEY.get(key)
    if fmt is None or not fmt.offered_for(kind):
        raise ValueError(f"unknown {kind} format {key!r}")
    return fmt


def render(kind: DocumentKind, key: str, content: Any, out: Output) -> RowCounts:
    """Write ``content`` as ``kind`` in format ``key`` to ``out``; returns rows written per sheet."""
    return format_for(kind, key).render(kind, content, out)


def render_bytes(kind: DocumentKind, key: str, content: Any) -> bytes:
    return format_for(kind, key).render_bytes(kind, content)


def or_list(words: Sequence[str]) -> str:
    """``["pdf", "docx", "xlsx"]`` → "pdf, docx or xlsx", for help texts and labels."""
    words = list(words)
    if len(words) == 1:
        return words[0]
    return gettext("{first} or {last}").format(first=gettext(", ").join(words[:-1]), last=words[-1])


def markdown_tables() -> str:
    """The formats as docs/reports.md shows them (a test keeps the page equal to this)."""
    lines = ["| Document | `--format` (the first is the default) |", "|---|---|"]
    for kind in DocumentKind:
        lines.append(f"| {kind.capitalize()} | {', '.join(f'`{key}`' for key in keys_for(kind))} |")
    lines += ["", "| Format | Label | File suffix | MIME type |", "|---|---|---|---|"]
    lines += [f"| `{f.key}` | {f.label} | `{f.suffix}` | `{f.mime}` |" for f in FORMATS]
    return "\n".join(lines)
