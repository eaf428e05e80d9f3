"""Words for people: one labelling helper, the sector palette and the enterprise bar chart's axis."""

from __future__ import annotations

import pandas as pd

from dashboards import charts
from seed_data.generator.vocab import INDUSTRIES
from tracker import palette
from tracker.labels import header, label
from tracker.models import AgreementKind, MeetingKind


def test_codes_become_words_and_missing_values_blank():
    assert label("signing_ceremony") == "Signing ceremony"
    assert label(MeetingKind.INSPECTION) == "Inspection"
    assert label(AgreementKind("mou")) == "MoU"
    assert label("in_force") == "In force"
    assert (label(None), label(float("nan"))) == ("", "")
    headings = [header(c) for c in ("date_precision", "meeting_id", "id")]
    assert headings == ["Date precision", "Meeting ID", "ID"]


def test_every_sector_has_its_own_colour():
    sectors = sorted({sector for sector, _, _ in INDUSTRIES})
    colours = [palette.colour_for(sector) for sector in sectors]
    assert len(set(colours)) == len(sectors)
    assert palette.GREY not in colours
    assert palette.colour_for("Finance") != palette.colour_for("Real estate and construction")


def test_names_on_one_chart_never_share_a_colour():
    names = ["Finance", *(f"Topic {n}" for n in range(20)), "Sector not recorded"]
    chosen = palette.colour_map(names)
    assert len(set(chosen.values())) == len(names)
    assert chosen["Finance"] == palette.SECTOR["Finance"] and chosen["Sector not recorded"] == palette.GREY


def test_long_enterprise_names_are_cut_on_the_axis_but_whole_on_hover():
    long_name = "Fujian Provincial Xiamen Boxing Automotive Joint Stock Company Xiamen Branch"
    frame = pd.DataFrame({"organisation_id": [1, 2, 3], "meetings": [9, 5, 2],
                          "name": [long_name, long_name + " Two", "Tencent"],
                          "sector": ["New energy vehicles", "Finance", "Internet and digital platforms"],
                          "last_met": ["2025-01-02"] * 3})
    figure = charts.top_bar(frame, name="name", id_column="organisation_id", colour_by="sector", title="t")
    shown = [y for trace in figure.data for y in trace.y]
    assert all(len(text) <= charts.NAME_CHARS + 4 for text in shown) and len(set(shown)) == 3
    assert long_name in {row[1] for trace in figure.data for row in trace.customdata}
    assert figure.layout.yaxis.automargin is True
    assert figure.layout.height >= 3 * charts.BAR_PX
