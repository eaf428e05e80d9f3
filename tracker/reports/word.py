"""Renders a ``Document`` as a Word file with python-docx: real headings, tables and pictures.

Large tables are appended as raw table-row XML: python-docx's ``add_row`` recomputes the grid on
every call, which makes long tables slow (a year's appendix holds thousands of meetings).
Columns are sized to their content as in the PDF (``layout``), measured with average glyph widths
(Word lays the text out itself); a table with a ``limit`` ends with an "and N more" line.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

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
from tracker.reports.layout import column_widths, unbreakable

EAST_ASIAN_FONT = "Microsoft YaHei"
CELL_PADDING_CM = 0.45  # Word's default cell margins (0.19 cm a side) and a little air
PT_TO_CM = 2.54 / 72


def text_width_cm(text: str, size_pt: float) -> float:
    """About how wide ``text`` prints: a digit up to 0.64 em (DejaVu Serif, which LibreOffice
    substitutes for Calibri, has wide digits: a date must not wrap), a letter about 0.52 em,
    a Chinese character a full em."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.64 if ch.isdigit() or ch in "-:" else 0.52 for ch in text)
    return ems * size_pt * PT_TO_CM


def _set_east_asian_font(style, name: str = EAST_ASIAN_FONT) -> None:
    """Tell Word which font to use for Chinese characters in this style."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _east_asian_run_properties(props) -> None:
    """Name the East Asian font on a run's properties (``w:rPr``): Word picks the font of Chinese
    characters from ``w:eastAsia``, and without it may fall back to one that has none."""
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.insert(0, fonts)  # w:rFonts comes first in w:rPr
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    fonts.set(qn("w:hint"), "eastAsia")


def _east_asian_runs(paragraphs) -> None:
    """Every run holding Chinese in ``paragraphs`` gets the East Asian font."""
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if has_cjk(run.text):
                _east_asian_run_properties(run._r.get_or_add_rPr())


def _set_language(style, language: str) -> None:
    """The style's East Asian language (``w:lang w:eastAsia``): Word lays out and checks the
    Chinese text as Chinese."""
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), language)


def _text_cell(text: str, bold: bool = False, no_wrap: bool = False):
    cell = OxmlElement("w:tc")
    if no_wrap:  # a date or a number stays on one line
        props = OxmlElement("w:tcPr")
        props.append(OxmlElement("w:noWrap"))
        cell.append(props)
    paragraph = OxmlElement("w:p")
    run = OxmlElement("w:r")
    chinese = has_cjk(text)
    if bold or chinese:
        props = OxmlElement("w:rPr")
        if chinese:
            _east_asian_run_properties(props)
        if bold:
            props.append(OxmlElement("w:b"))
        run.append(props)
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    paragraph.append(run)
    cell.append(paragraph)
    return cell


def _mark_header_row(row_element) -> None:
    props = OxmlElement("w:trPr")
    props.append(OxmlElement("w:tblHeader"))  # repeat the header on every page
    row_element.insert(0, props)


class WordRenderer:
    def __init__(self, document: Document):
        self.doc = document
        self.word = new_docx()
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        margin = Cm(1.4) if document.compact else Cm(2.0)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
        normal = self.word.styles["Normal"]
        normal.font.size = Pt(8.5 if document.compact else 10)
        normal.paragraph_format.space_after = Pt(2 if document.compact else 4)
        for name in ("Normal", "Title", "Heading 1", "Heading 2"):
            _set_east_asian_font(self.word.styles[name])
        if document.chinese:
            self.word.core_properties.language = "zh-CN"
            _set_language(self.word.styles["Normal"], "zh-CN")
        if document.compact:
            self.word.styles["Heading 1"].font.size = Pt(11)
            self.word.styles["Heading 1"].paragraph_format.space_before = Pt(5)
        footer = section.footer.paragraphs[0]
        footer.text = document.footer
        footer.runs[0].font.size = Pt(7)
        self.footer = footer

    def render(self) -> bytes:
        self.word.add_heading(self.doc.title, level=0)
        if self.doc.subtitle:
            self.word.add_paragraph(self.doc.subtitle)
        for block in self.doc.blocks:
            getattr(self, type(block).__name__.lower())(block)
        # Table cells are written with their fonts (``_text_cell``); the other paragraphs here.
        _east_asian_runs([*self.word.paragraphs, self.footer])
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()

    def heading(self, block: Heading) -> None:
        self.word.add_heading(block.text, level=block.level)

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self.word.add_paragraph(block.text)
        if block.style in ("note", "small"):
            for run in paragraph.runs:
                run.font.size = Pt(8)
                if block.style == "note":
                    run.font.color.rgb = RGBColor(150, 40, 40)

    def keyvalues(self, block: KeyValues) -> None:
        for label, value in block.pairs:
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(_("{label}: ").format(label=label)).bold = True
            paragraph.add_run(cell_text(value))

    def pagebreak(self, _block: PageBreak) -> None:
        self.word.add_page_break()

    def image(self, block: Image) -> None:
        self.word.add_picture(io.BytesIO(block.png), width=Cm(16.5))
        caption = self.word.add_paragraph(block.caption)
        caption.runs[0].font.size = Pt(8)

    def table(self, block: Table) -> None:
        table = self.word.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        header = table.rows[0]._tr
        for tc in list(header.iterchildren(qn("w:tc"))):
            header.remove(tc)
        _mark_header_row(header)
        for name in block.columns:
            header.append(_text_cell(str(name), bold=True))
        body = table._tbl
        rows = block.printed_rows
        for row in rows:
            element = OxmlElement("w:tr")
            for value in row:
                element.append(_text_cell(cell_text(value), no_wrap=unbreakable(value)))
            body.append(element)
        table.autofit = False
        usable = 17.0 if not self.doc.compact else 18.2
        size = 8.5 if self.doc.compact else 10
        widths = column_widths(block.columns, rows, usable, lambda text: text_width_cm(text, size),
                               CELL_PADDING_CM)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        if block.left_out:
            self.paragraph(Paragraph(block.more_line(self.doc.annex), "small"))
        if block.note:
            self.paragraph(Paragraph(block.note, "small"))


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    return WordRenderer(document).render()
