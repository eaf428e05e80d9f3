"""Counts on hover are grammatical (issue 14 item 11): every dashboard chart that shows a count
says "1 meeting" and "2 meetings", never "1 meetings" or "meeting(s)". Read from the figure
objects: each point's hover text as Plotly would fill it in."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboards import charts
from tracker.i18n import using_language
from tracker.queries.relationships import health_reason

FIELD = re.compile(r"%\{(customdata\[(\d+)\]|x|y|hovertext)\}")


def hovers(figure: go.Figure) -> list[str]:
    """Every point's hover text: its hovertemplate filled in, or its text when hoverinfo is text."""
    shown = []
    for trace in figure.data:
        template = trace.hovertemplate
        points = len(trace.labels if isinstance(trace, go.Treemap) else trace.x)
        for i in range(points):
            if template is None:
                texts = trace.hovertext if trace.hovertext is not None else trace.text
                shown.append(texts if isinstance(texts, str) else texts[i])
                continue

            def value(found: re.Match, i: int = i, trace=trace) -> str:
                if found[2] is not None:
                    return str(trace.customdata[i][int(found[2])])
                return str(getattr(trace, found[1])[i])

            shown.append(FIELD.sub(value, template).replace("<extra></extra>", ""))
    return shown


def test_meetings_per_month():
    frame = pd.DataFrame({"month": ["2024-01", "2024-01", "2024-03"], "segment": ["AI", "Finance", "AI"],
                          "meetings": [1, 2, 1]})
    texts = hovers(charts.meetings_per_month(frame, "sector"))
    assert sorted(texts) == ["AI<br>February 2024: 0 meetings", "AI<br>January 2024: 1 meeting",
                             "AI<br>March 2024: 1 meeting", "Finance<br>January 2024: 2 meetings"]


def test_top_bar():
    frame = pd.DataFrame({"organisation_id": [1, 2], "meetings": [2, 1], "name": ["Tencent", "SenseTime"],
                          "last_met": ["2025-01-02", "2024-12-01"]})
    texts = hovers(charts.top_bar(frame, name="name", id_column="organisation_id", title="t"))
    assert texts == ["SenseTime<br>1 meeting, last on 1 December 2024",
                     "Tencent<br>2 meetings, last on 2 January 2025"]


def test_pledges_treemap():
    frame = pd.DataFrame({"top_area": ["Digital economy"] * 2, "area_id": [1, 1], "area": ["AI R&D"] * 2,
                          "status": ["pledged", "delivered"], "pledges": [1, 2]})
    assert hovers(charts.pledges_treemap(frame)) == [
        "Digital economy: 3 pledges", "AI R&D: 3 pledges", "AI R&D · Pledged: 1 pledge",
        "AI R&D · Delivered: 2 pledges"]


def test_funnel():
    frame = pd.DataFrame({"stage": ["pledged", "delivered"], "label": ["Pledged", "Delivered"],
                          "pledges": [1, 2]})
    assert hovers(charts.funnel(frame)) == ["Pledged: 1 pledge", "Delivered: 2 pledges"]


def test_network():
    edges = pd.DataFrame({"official": ["Zhao Long", "Zhao Long"], "enterprise": ["Tencent", "SenseTime"],
                          "sector": ["Internet", "AI"], "meetings": [2, 1]})
    lines = [text for text in hovers(charts.network(edges)) if "↔" in text]
    assert lines == ["Zhao Long ↔ Tencent: 2 meetings", "Zhao Long ↔ Tencent: 2 meetings",
                     "Zhao Long ↔ SenseTime: 1 meeting", "Zhao Long ↔ SenseTime: 1 meeting"]


def test_topics_over_time():
    frame = pd.DataFrame({"topic": ["AI", "AI", "Health"], "year": [2023, 2024, 2024], "meetings": [1, 3, 1]})
    texts = hovers(charts.topics_over_time(frame, "t"))
    assert sorted(texts) == ["AI<br>2023: 1 meeting", "AI<br>2024: 3 meetings", "Health<br>2024: 1 meeting"]


def test_relationship_scatter_reasons():
    """The reason on hover counts days and meetings in words too, also beside an enterprise never
    met (which makes the days column float)."""
    frame = pd.DataFrame({"organisation_id": [1, 2, 3], "name": ["Alpha", "Beta", "Gamma"],
                          "days_since": [1, None, 30], "health": ["neglected", "neglected", "healthy"],
                          "open_pledges": [1, 2, 0], "overdue_pledges": [0, 0, 0],
                          "meetings_12m": [1, 0, 1], "meetings_prev_12m": [0, 0, 1]})
    frame["reason"] = [health_reason(row) for row in frame.itertuples()]
    texts = hovers(charts.relationship_scatter(frame))
    assert sorted(texts) == ["Alpha<br>1 open pledge but last met 1 day ago",
                             "Beta<br>2 open pledges but never met",
                             "Gamma<br>1 meeting in the last 12 months; nothing overdue"]


def test_relationship_reasons_in_chinese():
    frame = pd.DataFrame({"organisation_id": [1, 2, 3, 4, 5],
                          "name": ["Alpha", "Beta", "Gamma", "Delta", "Eta"],
                          "days_since": [1, None, 30, 400, 500],
                          "health": ["neglected", "neglected", "healthy", "cooling", "overdue"],
                          "open_pledges": [1, 2, 0, 0, 3], "overdue_pledges": [0, 0, 0, 0, 1],
                          "meetings_12m": [1, 0, 1, 1, 0], "meetings_prev_12m": [0, 0, 1, 4, 0]})
    with using_language("zh_CN"):
        reasons = [health_reason(row) for row in frame.itertuples()]
    assert reasons == ["1 项未完成承诺，但上次会见在 1 天前", "2 项未完成承诺，但从未会见",
                       "最近 12 个月 1 场会见；无逾期承诺", "最近 12 个月 1 场会见，此前一年 4 场",
                       "1 项承诺已过目标日期"]
    assert health_reason(next(frame.iloc[[4]].itertuples())) == "1 pledge past its target date"


def test_a_share_of_a_meeting_keeps_its_decimals():
    assert (charts.counted(1, "meeting"), charts.counted(2.0, "meeting"), charts.counted(0.5, "meeting"),
            charts.counted(1234, "meeting")) == ("1 meeting", "2 meetings", "0.5 meetings", "1,234 meetings")


def test_no_chart_writes_a_count_and_its_noun_itself():
    """A count next to a fixed plural ("%{x} meetings", f"{n} pledges") is how "1 meetings" came
    about; every chart count goes through ``counted`` instead (whose ``ngettext`` forms, singular
    and plural side by side, are the one place a noun follows a count)."""
    source = "\n".join(line for line in Path(charts.__file__).read_text(encoding="utf-8").splitlines()
                       if "ngettext(" not in line)
    assert not re.findall(r"\}\s*(?:meeting|pledge|day|agreement)s?\b|\(s\)", source)


def test_network_gives_every_name_a_line_of_its_own():
    """Thirty officials beside six enterprises: the chart is tall enough for the longer column, so
    the officials' names (12 px) do not overlap, and long names are cut, whole on hover."""
    officials = [f"Official {i:02d}" for i in range(30)]
    enterprises = [f"Enterprise {i} Holdings Joint Stock Company Limited" for i in range(6)]
    edges = pd.DataFrame({"official": officials, "enterprise": [enterprises[i % 6] for i in range(30)],
                          "sector": ["AI"] * 30, "meetings": range(1, 31)})
    figure = charts.network(edges)
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    low, high = figure.layout.yaxis.range
    pixels_per_unit = (figure.layout.height - 120) / (high - low)
    for trace in nodes:
        ys = sorted(trace.y)
        assert min(b - a for a, b in zip(ys, ys[1:], strict=False)) * pixels_per_unit >= 18
    enterprise_nodes = nodes[1]
    assert all(len(text) <= charts.NAME_CHARS for text in enterprise_nodes.text)
    assert sorted(enterprise_nodes.hovertext) == enterprises
