"""Text shown in Markdown or in a chart never becomes a link: bare addresses are broken up for
GitHub-flavoured Markdown's autolinker, and Plotly's HTML-like labels get entities."""

from __future__ import annotations

import pytest

from dashboards.charts import chart_text
from dashboards.safe import escape_markdown
from tracker.models.links import is_web_link


@pytest.mark.parametrize("text", ["see http://evil.invalid/x", "HTTPS://EVIL.INVALID", "www.evil.invalid",
                                  "write to spy@evil.invalid", "![x](http://127.0.0.1:9/b.png)"])
def test_escape_markdown_leaves_no_address_for_the_autolinker(text):
    shown = escape_markdown(text)
    for literal in ("http://", "https://", "HTTPS://", "www.", "@evil"):
        assert literal not in shown, shown
    assert shown.replace("\\", "").replace("\u2060", "") == text  # reads as typed


def test_chart_text_keeps_names_from_becoming_plotly_links():
    assert chart_text('<a href="http://evil.invalid">Acme</a>') == '&lt;a href="http://evil.invalid"&gt;Acme&lt;/a&gt;'
    assert chart_text("Ma Huateng & Co") == "Ma Huateng & Co"


@pytest.mark.parametrize(("value", "expected"), [
    ("https://www.tencent.com", True), ("https://a.invalid/)![x](http://h/b.png)", False),
    (None, False), ("", False), ("javascript:alert(1)", False)])
def test_is_web_link(value, expected):
    assert is_web_link(value) is expected
