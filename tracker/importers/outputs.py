"""Files an import hands back: the error file (rejected rows with their reason) and the
template for the tracker's own layout, with the mapping that reads it."""

from __future__ import annotations

import csv
import io

from tracker.importers.grouping import RowError
from tracker.importers.mapping import MappingSpec, load_mapping
from tracker.importers.reading import SourceTable

TEMPLATE_COLUMNS = [
    ("Meeting ID", "meeting_id", "M-001", "Rows with the same id are one meeting"),
    ("Date", "date", "2019-05-06", "YYYY-MM-DD; or a month (2019-05) or quarter (2019 Q2)"),
    ("Time", "time", "14:30", ""),
    ("Title", "title", "Strategic cooperation talks", ""),
    ("Kind", "kind", "talk", "talk, visit, signing_ceremony, forum, call, banquet, inspection, other"),
    ("Status", "status", "held", "held, planned or cancelled"),
    ("Place", "place", "Fuzhou", ""),
    ("Government body", "government_body", "Fujian Provincial Government", ""),
    ("Official", "official", "Tang Dengjie", "Our official; a title before the name is kept as title"),
    ("Official title", "official_title", "Governor", ""),
    ("Organisations", "organisations", "Tencent; Alibaba", "Separate several with ;"),
    ("People met", "people", "Ma Huateng; Jack Ma", "Separate several with ;"),
    ("Topics", "topics", "digital economy; smart city", "Separate several with ;"),
    ("Summary", "summary", "Discussed cooperation on digital government.", ""),
    ("Source", "source", "https://example.org/news/1", ""),
    ("Confidentiality", "confidentiality", "internal", "public, internal, confidential or secret"),
]


def template_mapping() -> MappingSpec:
    """The mapping that reads the template exactly."""
    fields = {field: ({"column": header, "split": [";"]} if field in ("organisations", "people", "topics")
                      else header) for header, field, _example, _help in TEMPLATE_COLUMNS}
    return load_mapping({"name": "Tracker template", "fields": fields})


def template_csv() -> bytes:
    """The template as UTF-8 CSV (with a BOM so Excel opens Chinese text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c[0] for c in TEMPLATE_COLUMNS])
    writer.writerow([c[2] for c in TEMPLATE_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The template as XLSX: a header row with notes, one example row, and a help sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Meetings")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    for column, (header, _field, example, help_text) in enumerate(TEMPLATE_COLUMNS):
        sheet.write(0, column, header, bold)
        sheet.write(1, column, example)
        sheet.set_column(column, column, max(14, len(header) + 2))
        if help_text:
            sheet.write_comment(0, column, help_text)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("Help")
    notes.write(0, 0, "Column", bold)
    notes.write(0, 1, "What to enter", bold)
    for row, (header, _field, _example, help_text) in enumerate(TEMPLATE_COLUMNS, start=1):
        notes.write(row, 0, header)
        notes.write(row, 1, help_text)
    book.close()
    return buffer.getvalue()


def error_file(table: SourceTable, errors: list[RowError]) -> bytes:
    """The rejected rows as CSV: their row number, the reason, then the original cells."""
    by_row = {row.number: row for row in table.rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "reason", *table.headers])
    for error in sorted(errors, key=lambda e: e.row):
        cells = by_row[error.row].cells if error.row in by_row else ()
        writer.writerow([error.row, error.reason, *cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
