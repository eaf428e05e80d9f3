"""The article as HTML with each extracted item marked, every piece of text escaped first.

Only this module's own ``<mark>`` tags are HTML; whatever the article contains is shown as text.
"""

from __future__ import annotations

import html

from tracker.ingest.draft import Draft
from tracker.labels import label as word

COLOURS = {
    "person": "#cfe8ff",
    "organisation": "#ffe3b3",
    "date": "#d9f2d0",
    "place": "#e6dcff",
    "event": "#ffd6e7",
    "agreement": "#fff1a8",
    "pledge": "#c9f0ec",
    "topic": "#ececec",
}


def highlighted_html(text: str, draft: Draft) -> str:
    pieces: list[str] = []
    position = 0
    for label, span in draft.all_spans():
        if span.start < position:  # nested or overlapping: the outer item is marked already
            continue
        pieces.append(html.escape(text[position : span.start]))
        pieces.append(
            f'<mark style="background:{COLOURS[label]}" title="{html.escape(word(label).lower())}">'
            f"{html.escape(text[span.start : span.end])}</mark>"
        )
        position = span.end
    pieces.append(html.escape(text[position:]))
    legend = " ".join(f'<mark style="background:{c}">{html.escape(word(label).lower())}</mark>'
                      for label, c in COLOURS.items())
    body = "".join(pieces).replace("\n", "<br>")
    return f'<div style="font-size:0.9rem">{legend}</div><div style="line-height:1.6">{body}</div>'
