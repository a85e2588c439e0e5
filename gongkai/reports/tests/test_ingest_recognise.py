"""Organ, statistics year (not the publication date) and format."""

from __future__ import annotations

import pytest

from gongkai.reports.ingest.normalise import normalise
from gongkai.reports.ingest.recognise import recognise, recognise_format


def recognised(text: str, hints=None, filename="report.txt"):
    norm, _ = normalise(text)
    return recognise(norm, norm.compact(), hints or {}, filename, max_year=2026)


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        (
            "广州市番禺区政务服务数据管理局 2020 年 政府信息公开工作年度报告\n一、总体情况",
            "广州市番禺区政务服务数据管理局",
            2020,
        ),
        (
            "根据…要求,现公布广州市黄埔区人民政府 广州开发区管委会2022年政府信息公开工作年度报告。",
            "广州市黄埔区人民政府 广州开发区管委会",
            2022,
        ),
        ("定海区人民政府\n2022年定海区政府信息公开工作年度报告\n", "定海区人民政府", 2022),
        ("2021年青山区政府信息公开工作年度报告\n", "青山区人民政府", 2021),
        ("江州市教育局2018年度政府信息公开年报\n", "江州市教育局", 2018),
        ("江州市青山区民政局\n2019年政府信息公开工作年度报告", "江州市青山区民政局", 2019),
    ],
)
def test_title_forms(text, agency, year):
    found = recognised(text)
    assert (found.agency, found.year) == (agency, year)


def test_statistics_year_not_publication_date():
    text = (
        "发布日期：2020-02-10\n一、总体情况\n2019年，我区共受理信息公开申请964件。2019年组织培训。"
        "2020年，我区将继续推进。\n版权所有：广州市南沙区人民政府\n"
    )
    found = recognised(text)
    assert found.year == 2019
    assert found.agency == "广州市南沙区人民政府"


def test_statistical_period_gives_the_year():
    found = recognised(
        "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。2022年工作计划。2022年目标。"
    )
    assert found.year == 2021


def test_publication_date_is_the_last_resort_and_says_so():
    found = recognised("发布日期：2023-01-15\n我局认真落实政府信息公开工作。")
    assert found.year == 2022
    assert [w["rule"] for w in found.warnings] == ["year_from_publication"]


def test_nothing_known():
    found = recognised("我局认真落实政府信息公开工作。")
    assert (found.agency, found.year, found.format) == (None, None, None)


def test_html_title_and_file_name_hints():
    found = recognised(
        "我局认真落实。", hints={"title": "江州市林业局2021年政府信息公开工作年度报告"}
    )
    assert (found.agency, found.year) == ("江州市林业局", 2021)
    found = recognised("我局认真落实。", filename="江州市水务局2020年政府信息公开工作年度报告.pdf")
    assert (found.agency, found.year) == ("江州市水务局", 2020)


def test_future_years_are_not_report_years():
    found = recognised("2099年政府信息公开工作年度报告\n2021年，我局收到申请3件。")
    assert found.year == 2021


@pytest.mark.parametrize(
    ("text", "year", "format"),
    [
        ("信息内容 本年制发件数 本年废止件数 现行有效件数", 2022, "2021"),
        ("信息内容 本年新制作数量 本年新公开数量 对外公开总数量 上一年项目数量", 2020, "2019"),
        ("国办公开办函〔2021〕30号", 2022, "2021"),
        ("三、收到和处理政府信息公开申请情况", 2022, "2021"),
        ("三、收到和处理政府信息公开申请情况", 2019, "2019"),
        ("三、依申请公开政府信息情况", 2017, "pre2019"),
        ("三、收到和处理政府信息公开申请情况", None, None),
    ],
)
def test_format(text, year, format):
    assert recognise_format(text, year)[0] == format


def test_a_2021_report_in_the_2019_format_is_warned():
    found = recognised(
        "江州市民政局2021年政府信息公开工作年度报告\n信息内容 本年新制作数量 本年新公开数量 上一年项目数量"
    )
    assert found.format == "2019"
    assert [w["rule"] for w in found.warnings] == ["format_year_mismatch"]
