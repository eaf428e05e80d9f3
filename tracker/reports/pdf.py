"""Renders a ``Document`` as PDF with fpdf2, embedding a subset of a CJK font so Chinese names print.

Without a CJK font the core Helvetica font is used, Chinese characters become '?', and the first
page says so. Columns are sized to their content (``layout``): a date never wraps, a heading wraps
at its spaces and is never cut. Long tables print one line per cell (truncated with an ellipsis)
so a year's appendix of thousands of meetings renders in seconds; short tables wrap up to three
lines. A table with a ``limit`` prints that many rows and an "and N more" line naming the annex.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tracker.i18n import _
from tracker.matching import has_cjk
from tracker.reports.document import (
    Document,
    Heading,
    Image,
    KeyValues,
    PageBreak,
    Paragraph,
    Table,
    cell_text,
)
from tracker.reports.fonts import MISSING_FONT_NOTE, CjkFont, find_cjk_font
from tracker.reports.layout import column_widths, wrap_lines

WRAP_ROW_LIMIT = 300
HEADER_FILL = (221, 228, 238)
CELL_PADDING = 1.5  # mm: a cell's text starts 0.75 mm inside each edge
AUTO = object()


class _Pdf(FPDF):
    footer_text = ""
    body_font = "helvetica"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text}    " + _("Page {page}/{pages}").format(
            page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0)


class PdfRenderer:
    def __init__(self, document: Document, font: CjkFont | None):
        self.doc = document
        self.pdf = _Pdf(orientation="P", unit="mm", format="A4")
        self.pdf.set_margins(14, 14, 14)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.footer_text = self._safe(document.footer) if font is None else document.footer
        self.unicode = font is not None
        self.ellipsis = "…" if self.unicode else "..."
        if font is not None:
            self.pdf.add_font("cjk", "", font.regular.path, collection_font_number=font.regular.index)
            bold = font.bold or font.regular
            self.pdf.add_font("cjk", "B", bold.path, collection_font_number=bold.index)
            self.family = "cjk"
        else:
            self.family = "helvetica"
        self.pdf.body_font = self.family
        self.base = 8.0 if document.compact else 10.0
        self.pdf.set_title(self._safe(document.title))

    def _safe(self, text: str) -> str:
        if getattr(self, "unicode", False):
            return text
        text = (text.replace("\u2013", "-").replace("\u2014", "-").replace("\u201c", '"')
                .replace("\u201d", '"').replace("\u2019", "'").replace("\u2026", "..."))
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float | None = None, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size or self.base)

    @property
    def width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def render(self) -> bytes:
        pdf = self.pdf
        pdf.add_page()
        self.font(self.base + 8, bold=True)
        self._multi_cell(self.width, (self.base + 8) * 0.5, self._safe(self.doc.title))
        if self.doc.subtitle:
            self.font(self.base + 1)
            self._multi_cell(self.width, self.base * 0.6, self._safe(self.doc.subtitle))
        if not self.unicode:
            self.paragraph(Paragraph(_(MISSING_FONT_NOTE), "note"))
        pdf.ln(1)
        for block in self.doc.blocks:
            getattr(self, type(block).__name__.lower())(block)
        return bytes(pdf.output())

    def heading(self, block: Heading) -> None:
        size = self.base + (4 if block.level == 1 else 2)
        if self.pdf.will_page_break(size * 1.6):
            self.pdf.add_page()
        self.pdf.ln(1.5 if self.doc.compact else 3)
        self.font(size, bold=True)
        self.pdf.cell(0, size * 0.5, self._safe(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(0.8)

    def paragraph(self, block: Paragraph) -> None:
        size = self.base - 1 if block.style in ("note", "small") else self.base
        self.font(size)
        if block.style == "note":
            self.pdf.set_text_color(150, 40, 40)
        self._multi_cell(self.width, size * 0.5, self._safe(block.text))
        self.pdf.set_text_color(0)
        self.pdf.ln(0.6)

    def keyvalues(self, block: KeyValues) -> None:
        label_width = 42 if not self.doc.compact else 34
        line = self.base * 0.5
        for label, value in block.pairs:
            self.font(bold=True)
            y = self.pdf.get_y()
            self.pdf.cell(label_width, line, self._safe(label))
            self.font()
            self.pdf.set_xy(self.pdf.l_margin + label_width, y)
            self._multi_cell(self.width - label_width, line, self._safe(cell_text(value)))

    def pagebreak(self, _block: PageBreak) -> None:
        self.pdf.add_page()

    def image(self, block: Image) -> None:
        width = self.width
        height = width * 0.5
        if self.pdf.will_page_break(height + 8):
            self.pdf.add_page()
        self.pdf.image(io.BytesIO(block.png), w=width, h=height)
        self.font(self.base - 1)
        self.pdf.cell(0, 5, self._safe(block.caption), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def _lines(self, text: str, width: float) -> list[str]:
        """``text`` as the lines a cell ``width`` wide shows, in the current font. Chinese breaks
        between characters (``layout.wrap_lines``); fpdf2 breaks other text at its spaces."""
        if has_cjk(text):
            return wrap_lines(text, width - 2 * self.pdf.c_margin - 0.01, self.pdf.get_string_width) or [""]
        return self.pdf.multi_cell(width, 1, text, align="L", dry_run=True, output="LINES") or [""]

    def _multi_cell(self, width: float, line: float, text: str) -> None:
        """A paragraph ``width`` wide from the current position, then the next line at the margin."""
        if has_cjk(text):
            text = "\n".join(self._lines(text, width))
        self.pdf.multi_cell(width, line, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _fit(self, text: str, width: float) -> str:
        """``text`` cut to fit ``width`` (with an ellipsis), measured in the current font."""
        pdf = self.pdf
        if pdf.get_string_width(text) <= width:
            return text
        ellipsis = self.ellipsis
        cut = max(1, int(len(text) * width / pdf.get_string_width(text)))
        while cut > 1 and pdf.get_string_width(text[:cut] + ellipsis) > width:
            cut -= 1
        return text[:cut] + ellipsis

    def column_widths(self, block: Table) -> list[float]:
        """Widths (mm) sized to the printed rows' text, measured in the table's bold heading font
        (a little wider than the body's, so a value measured so fits too)."""
        self.font(self.base - 1, bold=True)
        rows = [[self._safe(cell_text(v)) if isinstance(v, str) else v for v in row]
                for row in block.printed_rows]
        # fpdf2's multi_cell keeps its cell margin inside the width it is given, on both sides.
        padding = CELL_PADDING + 2 * self.pdf.c_margin + 0.2
        widths = column_widths([self._safe(str(c)) for c in block.columns], rows, self.width,
                               lambda text: self.pdf.get_string_width(self._safe(text)), padding)
        self.font(self.base - 1)
        return widths

    def _header(self, block: Table, widths: list[float], line: float) -> None:
        """The heading row; a heading wraps at its spaces (never cut), the row as tall as the tallest."""
        pdf = self.pdf
        self.font(self.base - 1, bold=True)
        pdf.set_fill_color(*HEADER_FILL)
        names = [self._safe(str(name)) for name in block.columns]
        lines = [self._lines(n, w - CELL_PADDING) for n, w in zip(names, widths, strict=True)]
        height = line * max(len(ls) for ls in lines) + 1
        x, y = pdf.l_margin, pdf.get_y()
        for cell_lines, width in zip(lines, widths, strict=True):
            pdf.rect(x, y, width, height, style="DF")
            pdf.set_xy(x + CELL_PADDING / 2, y + 0.5)
            for text in cell_lines:
                pdf.cell(width - CELL_PADDING, line, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)
        self.font(self.base - 1)

    def table(self, block: Table) -> None:
        widths = self.column_widths(block)
        line = (self.base - 1) * 0.46
        if self.pdf.will_page_break(4 * line + 2):
            self.pdf.add_page()
        self._header(block, widths, line)
        rows = block.printed_rows
        if len(rows) <= WRAP_ROW_LIMIT:
            self._wrapped_rows(block, rows, widths, line)
        else:
            self._fast_rows(block, rows, widths, line)
        if block.left_out:
            self.paragraph(Paragraph(block.more_line(self.doc.annex), "small"))
        if block.note:
            self.paragraph(Paragraph(block.note, "small"))
        self.pdf.ln(1.5)

    def _wrapped_rows(self, block: Table, rows: Sequence[Sequence], widths: list[float], line: float) -> None:
        """Rows whose cells wrap onto up to three lines (short tables)."""
        pdf = self.pdf
        more = " " + self.ellipsis
        for row in rows:
            texts = [self._safe(cell_text(v)) for v in row]
            lines = [self._lines(t, w - 1.5) for t, w in zip(texts, widths, strict=True)]
            lines = [ls if len(ls) <= 3 else [*ls[:2], self._fit(ls[2] + more, w - 1.5)]
                     for ls, w in zip(lines, widths, strict=True)]
            height = line * max(len(ls) for ls in lines) + 1
            if pdf.will_page_break(height):
                pdf.add_page()
                self._header(block, widths, line)
            x, y = pdf.l_margin, pdf.get_y()
            for cell_lines, width in zip(lines, widths, strict=True):
                pdf.rect(x, y, width, height)
                pdf.set_xy(x + 0.75, y + 0.5)
                for text in cell_lines:
                    pdf.cell(width - 1.5, line, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
                x += width
            pdf.set_xy(pdf.l_margin, y + height)

    def _fast_rows(self, block: Table, rows: Sequence[Sequence], widths: list[float], line: float) -> None:
        """One line per cell, drawn with ``text()`` and measured from the font's width table:
        ``cell()`` costs about a millisecond each, too slow for a year's ten thousand meetings."""
        pdf = self.pdf
        font, size, scale = pdf.current_font, pdf.font_size_pt, pdf.k
        ellipsis_width = font.get_text_width(self.ellipsis, size, None)[1] / scale

        def fit(text: str, width: float) -> str:
            measured = font.get_text_width(text, size, None)[1] / scale
            if measured <= width:
                return text
            cut = max(1, int(len(text) * (width - ellipsis_width) / measured))
            while cut > 1 and font.get_text_width(text[:cut], size, None)[1] / scale + ellipsis_width > width:
                cut -= 1
            return text[:cut] + self.ellipsis

        height, left = line + 1, pdf.l_margin
        edges = [left]
        for width in widths:
            edges.append(edges[-1] + width)
        top = pdf.get_y()

        def close(bottom: float) -> None:
            for x in edges:
                pdf.line(x, top, x, bottom)

        for row in rows:
            if pdf.will_page_break(height):
                close(pdf.get_y())
                pdf.add_page()
                self._header(block, widths, line)
                top = pdf.get_y()
            y = pdf.get_y()
            for x, width, value in zip(edges, widths, row, strict=False):
                text = self._safe(cell_text(value))
                if text:
                    pdf.text(x + 0.75, y + height * 0.72, fit(text, width - 1.5))
            pdf.line(left, y + height, edges[-1], y + height)
            pdf.set_y(y + height)
        close(pdf.get_y())


def render_pdf(document: Document, font: CjkFont | None | object = AUTO) -> bytes:
    """The document as PDF bytes; ``font`` defaults to the system's CJK font (None: core font only)."""
    chosen = find_cjk_font() if font is AUTO else font
    return PdfRenderer(document, chosen).render()
