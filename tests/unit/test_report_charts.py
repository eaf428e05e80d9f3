"""The report's charts: drawn by Kaleido in one browser session, embedded in the PDF and Word files.

Rendering starts Chromium (seconds), so the charts are drawn once for the module.
"""

from __future__ import annotations

import io
import shutil

import docx
import pandas as pd
import pypdf
import pytest

from tracker.reports import charts
from tracker.reports.document import Document, Heading, Image
from tracker.reports.pdf import render_pdf
from tracker.reports.word import render_docx

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                                reason="Plotly's image export needs Chromium")


@pytest.fixture(scope="module")
def pngs() -> list[bytes]:
    per_month = pd.DataFrame({"month": ["2019-04", "2019-05", "2019-05"],
                              "segment": ["Artificial intelligence", "Artificial intelligence", "Internet"],
                              "meetings": [2, 1, 3]})
    top = pd.DataFrame({"name": ["Tencent", "SenseTime"], "local_name": ["腾讯", "商汤科技"],
                        "meetings": [3, 1]})
    by_area = pd.DataFrame({"area": ["AI R&D", "Health"], "pledged": [1, 2], "in_progress": [0, 1],
                            "delivered": [2, 0], "stalled": [0, 0], "withdrawn": [0, 0], "total": [3, 3]})
    figures = [charts.meetings_per_month_figure(per_month), charts.top_enterprises_figure(top),
               charts.pledge_status_figure(by_area)]
    return charts.render_pngs(figures)


def test_every_chart_is_a_png(pngs):
    assert len(pngs) == 3
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000 for png in pngs)


def test_charts_are_embedded_in_pdf_and_word(pngs):
    document = Document("Charts", blocks=[Heading("Charts"), *(Image(png, f"Chart {i}") for i, png in
                                                               enumerate(pngs))])
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(document)))
    assert sum(len(page.images) for page in reader.pages) == 3
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert len(word.inline_shapes) == 3
    captions = [p.text for p in word.paragraphs if p.text.startswith("Chart ")]
    assert captions == ["Chart 0", "Chart 1", "Chart 2"]


def test_missing_browser_becomes_a_note(monkeypatch):
    def broken(_figures):
        raise RuntimeError("no browser")

    monkeypatch.setattr(charts, "render_pngs", broken)
    images, problem = charts.try_render_pngs([charts.top_enterprises_figure(
        pd.DataFrame({"name": ["A"], "local_name": [""], "meetings": [1]}))])
    assert images == [] and "need" in problem and "Chromium" in problem
