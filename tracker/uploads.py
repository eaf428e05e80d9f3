"""Checks for uploaded files before anything reads them: size, extension and actual content.

A page hands over what ``st.file_uploader`` gave it (name and bytes); ``check_upload`` refuses a
file that is too large, has an extension not allowed here, or whose bytes are not what the
extension claims (an .xlsx that is not a zip workbook, a .csv with binary content...), or a zip
that would inflate too far (``tracker.archive_limits``). The limit is ``TRACKER_MAX_UPLOAD_MB``
(default 20).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from tracker.archive_limits import ArchiveRefused, check_archive
from tracker.errors import ValidationError

DEFAULT_MAX_MB = 20
TEXT_TYPES = {"csv", "txt", "tsv", "json", "yaml", "yml", "md"}
ZIP_MEMBERS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
MAGIC = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",),
         "jpeg": (b"\xff\xd8\xff",), "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)}
TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: a safe display name, its type (extension) and its bytes."""

    name: str
    kind: str
    data: bytes


def max_upload_bytes() -> int:
    try:
        megabytes = float(os.environ.get("TRACKER_MAX_UPLOAD_MB", "") or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def safe_name(name: str) -> str:
    """The file's base name with path parts and control characters removed (for display/logs)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "upload"


def _looks_like(kind: str, data: bytes) -> bool:
    if kind in ZIP_MEMBERS:
        try:
            with check_archive(data, what=f".{kind} file") as archive:
                return ZIP_MEMBERS[kind] in archive.namelist()
        except ArchiveRefused:  # a zip bomb: say so rather than "damaged or renamed"
            raise
        except ValidationError:
            return False
    if kind in MAGIC:
        return data.startswith(MAGIC[kind])
    if kind in TEXT_TYPES:
        if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return False
        for encoding in TEXT_ENCODINGS:
            try:
                data[:65536].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
        return False
    return False


def check_upload(name: str, data: bytes, *, allowed: set[str] | frozenset[str],
                 max_bytes: int | None = None) -> CheckedUpload:
    """The upload, if its size, extension and content are acceptable; ``ValidationError`` if not."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    display = safe_name(name)
    kind = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    allowed = {a.lower().lstrip(".") for a in allowed}
    if kind not in allowed:
        raise ValidationError({"file": f"“{display}” is not one of the accepted types "
                                       f"({', '.join(sorted(allowed))})."})
    if len(data) > limit:
        raise ValidationError({"file": f"“{display}” is {len(data) / 1048576:.1f} MB; the limit is "
                                       f"{limit / 1048576:.0f} MB."})
    if not data:
        raise ValidationError({"file": f"“{display}” is empty."})
    if not _looks_like(kind, data):
        raise ValidationError({"file": f"“{display}” does not contain what a .{kind} file should; "
                                       "it may be damaged or renamed."})
    return CheckedUpload(name=display, kind=kind, data=data)
