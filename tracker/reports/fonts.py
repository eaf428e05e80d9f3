"""Finding a font that prints Chinese names: the Noto Sans CJK collection Debian's fonts-noto-cjk installs.

``fc-list :lang=zh`` lists every face with its index in the ``.ttc`` collection; Simplified Chinese
("SC") is preferred. Without fontconfig or a CJK font the PDF still renders, with a visible note.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from tracker.i18n import N_

MISSING_FONT_NOTE = N_("Note: no Chinese (CJK) font was found on this system, so Chinese characters are "
                       "shown as '?'. Install a CJK font (on Debian: apt-get install fonts-noto-cjk).")


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int
    family: str


@dataclass(frozen=True)
class CjkFont:
    regular: FontFace
    bold: FontFace | None


def _faces() -> list[tuple[FontFace, str]]:
    if shutil.which("fc-list") is None:
        return []
    try:
        output = subprocess.run(["fc-list", ":lang=zh", "-f", "%{file}|%{index}|%{family}|%{style}\n"],
                                capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in output.splitlines():
        parts = line.split("|")
        if len(parts) != 4 or not parts[0].lower().endswith((".ttc", ".ttf", ".otf")):
            continue
        path, index, family, style = parts
        faces.append((FontFace(path, int(index or 0), family.split(",")[0]), style.split(",")[0]))
    return faces


def _rank(face: FontFace) -> tuple:
    family = face.family
    return ("Mono" in family, "Sans" not in family, "SC" not in family, family)


@lru_cache(maxsize=1)
def find_cjk_font() -> CjkFont | None:
    """The best sans-serif Simplified Chinese face (and its bold), or None when there is none.

    ``TRACKER_CJK_FONT=none`` pretends there is none (to check the fallback by hand).
    """
    if os.environ.get("TRACKER_CJK_FONT", "").lower() == "none":
        return None
    faces = [(face, style) for face, style in _faces() if os.path.exists(face.path)]
    regular = sorted((f for f, s in faces if s in ("Regular", "Book", "Normal")), key=_rank)
    if not regular:
        regular = sorted((f for f, _ in faces), key=_rank)
    if not regular:
        return None
    best = regular[0]
    bold = [f for f, s in faces if s == "Bold" and f.family == best.family]
    return CjkFont(best, bold[0] if bold else None)
