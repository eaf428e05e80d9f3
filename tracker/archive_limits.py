"""Limits for zip-based uploads (XLSX, DOCX, PPTX), checked before anything decompresses them.

A 5.8 MB workbook can hold a sheet that inflates to 1.5 GB: opening it ran for minutes and held
gigabytes. A zip's central directory states every member's compressed and uncompressed size,
and Python's ``zipfile`` (which openpyxl reads through) never inflates a member beyond its
stated size (and checks its CRC at the end), so checking the stated sizes bounds the work.
"""

from __future__ import annotations

import io
import zipfile

from tracker.errors import ValidationError

# A register of 100,000 meetings in XLSX holds about 60 MB of sheet XML; a larger archive is
# refused before it is opened.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# openpyxl holds the whole shared-strings part in memory (about 60 bytes a string).
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
# Sheets written by Excel, LibreOffice or openpyxl inflate 5 to 30 times; deflate's limit is
# about 1,000. Small parts may exceed the ratio harmlessly (an empty sheet, a style sheet).
MAX_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000


class ArchiveRefused(ValidationError):
    """A zip archive whose stated sizes exceed the limits (a zip bomb, or a file far too large)."""


def _refuse(what: str, reason: str) -> ArchiveRefused:
    return ArchiveRefused({"file": f"this {what} was refused: {reason}. If it is genuine, save it "
                                    "again from the program that made it, or split it."})


def check_archive(data: bytes, *, what: str = "XLSX workbook") -> zipfile.ZipFile:
    """The opened archive, once its stated sizes are within the limits; ``ValidationError`` if it
    is not a zip archive or would inflate too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError({"file": f"this is not a readable {what} (not a zip archive)"}) from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(what, f"it holds {len(members):,} parts (at most {MAX_MEMBERS:,})")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(what, f"it would inflate to {total / 2**20:,.0f} MB "
                      f"(at most {MAX_UNCOMPRESSED_BYTES // 2**20} MB)")
    for member in members:
        if member.filename.endswith("sharedStrings.xml") and member.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _refuse(what, f"its shared text is {member.file_size / 2**20:,.0f} MB "
                          f"(at most {MAX_SHARED_STRINGS_BYTES // 2**20} MB)")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_RATIO:
            raise _refuse(what, f"its part {member.filename[:80]} is compressed {ratio:,.0f} times "
                          f"(at most {MAX_RATIO}), as zip bombs are")
    return archive
