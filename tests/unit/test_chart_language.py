"""Charts in the reader's language (issue 15): months on the axis and on hover as the language
writes them (2019年5月 / May 2019), never as the stored key 2019-05, which stays in the figure's
data for drilling; areas and sectors by their Chinese names in Chinese, in legends, cells and hover."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboards import charts
from tests.unit.test_chart_counts import hovers
from tracker.i18n import format_date, using_language

MONTHS = pd.DataFrame({"month": ["2019-05", "2019-05", "2019-07"],
                       "segment": ["Internet and digital platforms", "Several sectors", "Finance"],
                       "meetings": [2, 1, 1]})


def test_months_read_as_the_language_writes_them_and_keep_their_keys_for_drilling():
    with using_language("zh_CN"):
        figure = charts.meetings_per_month(MONTHS, "sector")
    axis = figure.layout.xaxis
    assert list(axis.ticktext) == ["2019年5月", "2019年6月", "2019年7月"]
    assert list(axis.tickvals) == ["2019-05", "2019-06", "2019-07"]
    assert sorted(hovers(figure)) == [
        "互联网与数字平台<br>2019年5月：2 场会见", "互联网与数字平台<br>2019年6月：0 场会见",
        "多个行业<br>2019年5月：1 场会见", "金融<br>2019年7月：1 场会见"]
    assert {trace.customdata[0][0] for trace in figure.data} <= {"2019-05", "2019-06", "2019-07"}
    with using_language("en"):
        english = charts.meetings_per_month(MONTHS, "sector")
    assert list(english.layout.xaxis.ticktext) == ["May 2019", "June 2019", "July 2019"]


def test_sectors_and_areas_read_in_chinese_in_legends_cells_and_hover():
    with using_language("zh_CN"):
        stacked = charts.meetings_per_month(MONTHS, "sector")
        tree = charts.pledges_treemap(pd.DataFrame({
            "top_area": ["Digital economy"] * 2, "area_id": [1, 1], "area": ["AI R&D"] * 2,
            "status": ["pledged", "delivered"], "pledges": [1, 2]}))
        top = charts.top_bar(pd.DataFrame({"organisation_id": [1], "meetings": [2],
                                           "name": ["腾讯 (Tencent)"], "last_met": ["2019-05-07"],
                                           "sector": ["Internet and digital platforms"]}),
                             name="name", id_column="organisation_id", title="t", colour_by="sector")
    assert {trace.name for trace in stacked.data} == {"互联网与数字平台", "多个行业", "金融"}
    assert list(tree.data[0].labels)[:2] == ["数字经济", "人工智能研发"]
    assert all("Digital" not in text and "AI R&D" not in text for text in tree.data[0].hovertext)
    assert [trace.name for trace in top.data] == ["互联网与数字平台"]
    assert "2019年5月7日" in hovers(top)[0]


def test_quarters_and_days_by_babel():
    with using_language("zh_CN"):
        assert format_date(dt.date(2019, 5, 7), "quarter") == "2019年第二季度"
        assert format_date(dt.date(2019, 5, 7)) == "2019年5月7日"
    assert format_date(dt.date(2019, 5, 7), "month", lang="en") == "May 2019"


def test_a_period_of_years_names_fewer_months_so_that_they_never_overlap():
    years = pd.DataFrame({"month": ["2015-03", "2026-11"], "segment": ["Finance", "Finance"],
                          "meetings": [1, 1]})
    with using_language("zh_CN"):
        axis = charts.meetings_per_month(years, "sector").layout.xaxis
    assert len(axis.categoryarray) == 141  # every month still has its bar, and drills by its key
    assert list(axis.tickvals) == [f"{year}-01" for year in range(2016, 2027)]
    assert axis.ticktext[0] == "2016年1月"
