"""The comparison charts: well-formed, accessible SVG; names escaped; unknown figures shown
as gaps or notes, never as zero."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from gongkai.reports.library.charts import grouped_bars, line_chart, nice_ceiling, stacked_bars

NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [
        (0, 1),
        (1, 1),
        (3, 5),
        (7, 10),
        (11, 20),
        (21, 25),
        (26, 50),
        (964, 1000),
        (1062, 2000),
        (0.3, 0.5),
    ],
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_line_chart_is_accessible_and_escapes_names():
    svg = parse(
        line_chart(
            "c1",
            title="本年新收申请",
            desc="两个机关",
            years=[2020, 2021, 2022],
            series=[("<script>甲局</script>", {2020: 4, 2021: 8, 2022: 6}), ("乙局", {2021: 3})],
        )
    )
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{NS}title").text == "本年新收申请"
    assert svg.find(f"{NS}desc").text == "两个机关"
    assert svg.find(f"{NS}script") is None  # the name is text, not markup
    legend = [t.text for t in svg.iter(f"{NS}text")]
    assert "<script>甲局</script>" in legend and "乙局" in legend
    # 甲局: one line through three points; 乙局: a single point, no line
    assert len(svg.findall(f"{NS}polyline")) == 1
    points = [c.find(f"{NS}title").text for c in svg.findall(f"{NS}circle")]
    assert points == [
        "<script>甲局</script> 2020年：4件",
        "<script>甲局</script> 2021年：8件",
        "<script>甲局</script> 2022年：6件",
        "乙局 2021年：3件",
    ]


def test_line_chart_breaks_at_unknown_years():
    svg = parse(
        line_chart(
            "c2",
            title="t",
            desc="d",
            years=[2019, 2020, 2021, 2022],
            series=[("甲局", {2019: 1, 2020: None, 2021: 2, 2022: 3})],
        )
    )
    # 2019 alone, then 2021–2022: one line (2021–2022); an unknown year is not drawn as 0
    assert len(svg.findall(f"{NS}polyline")) == 1
    assert len(svg.findall(f"{NS}circle")) == 3


def test_stacked_bars_shares_and_notes():
    svg = parse(
        stacked_bars(
            "c3",
            title="t",
            desc="d",
            categories=["公开", "不公开"],
            bars=[("甲局", [30, 10]), ("乙局", None), ("丙局", [0, 0])],
        )
    )
    rects = [r for r in svg.findall(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert [r.find(f"{NS}title").text for r in rects] == [
        "甲局 公开：30件（75.0%）",
        "甲局 不公开：10件（25.0%）",
    ]
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "数据不全" in texts and "没有办结的申请" in texts


def test_grouped_bars_unknown_rates_are_written_out():
    svg = parse(
        grouped_bars(
            "c4",
            title="t",
            desc="d",
            measures=["复议率", "诉讼率"],
            bars=[("甲局", [0.05, None])],
        )
    )
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "5.0%" in texts and "诉讼率：未知" in texts
