"""Showing user-entered text safely: as text, never as Markdown, HTML or a Streamlit directive.

Prefer widgets that never interpret text (``st.text``, ``st.dataframe``, ``st.code``). When a
name must sit inside ``st.markdown``/``st.caption``/``st.info``/``st.error`` (which all read
Markdown), pass it through ``escape_markdown``: `**bold**` stays two asterisks, `<script>` stays visible
characters, ``:red[x]`` and ``$x$`` are not colour or maths, a leading ``#`` is no heading.

Only what could change the rendering is escaped (CommonMark backslash escapes), so ordinary text
such as ``end_date: must not be empty`` reads, and compares in tests, unchanged.
"""

from __future__ import annotations

import re

import streamlit as st

from tracker.i18n import _
from tracker.models.links import is_web_link

_ALWAYS = re.compile(r"([\\`*~$\[\]<])")                 # emphasis, code, maths, links, HTML
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # intraword _ is literal
_DIRECTIVE = re.compile(r":(?=[A-Za-z][\w-]*(?:[\[/]|:))")  # :red[..], :material/x:, :smile:
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>=+-])", re.MULTILINE)  # headings, quotes, bullet lists
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)  # "1. " starts a numbered list
# GitHub-flavoured Markdown links bare addresses (http://…, www.…, name@host) twice: while parsing
# (a backslash escape stops that) and again in the parsed text, where an address counts only after
# a space, punctuation or the start. An invisible WORD JOINER (U+2060) in front stops the second,
# so stored text never becomes a link to another host.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp|www)([:.])")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
_WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """``text`` escaped so that Markdown shows every character literally."""
    if text is None:
        return ""
    escaped = _ALWAYS.sub(r"\\\1", str(text))
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", escaped)
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    escaped = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    escaped = _AUTOLINK.sub(lambda m: f"{_WORD_JOINER}{m.group(1)}\\{m.group(2)}", escaped)
    escaped = _EMAIL_AT.sub(f"\\\\@{_WORD_JOINER}", escaped)
    return escaped.replace("\n", "  \n")  # a line break stays a break, not a new paragraph


def web_link(url: str | None, label: str) -> None:
    """A stored web link (website, source, document) as a button that opens it in a new tab: the
    address goes into the button's ``href`` only, never into Markdown. A value stored before links
    were checked (``tracker.models.links``) is shown as inert text, so it can be read and mended."""
    if not url:
        return
    if is_web_link(url):
        st.link_button(_("{field}: {value}").format(field=escape_markdown(label),
                                                    value=escape_markdown(_shortened(url))), url,
                       icon=":material/open_in_new:")
    else:
        st.caption(_("{label} (not a valid web link, so not opened): {url}").format(
            label=escape_markdown(label), url=escape_markdown(url)))


def _shortened(url: str, limit: int = 60) -> str:
    """The address without its scheme, cut to ``limit`` characters for a button's label."""
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= limit else bare[:limit - 1] + "…"
