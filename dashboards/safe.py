"""Showing user-entered text safely: as text, never as Markdown, HTML or a Streamlit directive.

Prefer widgets that never interpret text (``st.text``, ``st.dataframe``, ``st.code``). When a
name must sit inside ``st.markdown``/``st.caption``/``st.info``/``st.error`` (which all read
Markdown), pass it through ``plain``: `**bold**` stays two asterisks, `<script>` stays visible
characters, ``:red[x]`` and ``$x$`` are not colour or maths, a leading ``#`` is no heading.

Only what could change the rendering is escaped (CommonMark backslash escapes), so ordinary text
such as ``end_date: must not be empty`` reads, and compares in tests, unchanged.
"""

from __future__ import annotations

import re

_ALWAYS = re.compile(r"([\\`*~$\[\]<])")                 # emphasis, code, maths, links, HTML
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # intraword _ is literal
_DIRECTIVE = re.compile(r":(?=[A-Za-z][\w-]*(?:[\[/]|:))")  # :red[..], :material/x:, :smile:
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>=+-])", re.MULTILINE)  # headings, quotes, bullet lists
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)  # "1. " starts a numbered list


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows every character literally."""
    if text is None:
        return ""
    escaped = _ALWAYS.sub(r"\\\1", str(text))
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", escaped)
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    escaped = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return escaped.replace("\n", "  \n")  # a line break stays a break, not a new paragraph
