"""Outlier rules of the report library, table-driven. Expected flags follow from the rules as
documented in ``library/outliers.py`` (worked out by hand beside each case)."""

from __future__ import annotations

import pytest

from gongkai.reports.ingest import parse_report
from gongkai.reports.library.outliers import (
    empty_tables,
    failed_checks,
    no_applications,
    series_flags,
    sudden_change,
    tables_left_empty,
)
from gongkai.reports.statistics import Statistics
from gongkai.reports.tests.library_samples import seed


@pytest.mark.parametrize(
    ("series", "years", "flagged"),
    [
        ({2019: 0, 2020: 0}, 2, [2019, 2020]),  # two zero years in a row
        ({2019: 0, 2020: 5, 2021: 0}, 2, []),  # interrupted by a year with applications
        ({2019: 0, 2021: 0}, 2, []),  # 2020 has no report: not consecutive
        ({2018: 3, 2019: 0, 2020: 0, 2021: 0}, 2, [2019, 2020, 2021]),  # a run of three
        ({2019: 0, 2020: None, 2021: 0}, 2, []),  # an unknown figure breaks the run
        ({2020: 0}, 2, []),  # one year is not a run
        ({2019: 0, 2020: 0}, 3, []),  # N = 3 needs three
        ({2020: 0}, 1, [2020]),  # N = 1: every zero year
        ({2016: 0, 2017: 0, 2018: 4, 2019: 0, 2020: 0}, 2, [2016, 2017, 2019, 2020]),  # two runs
        ({}, 2, []),
    ],
)
def test_no_applications(series, years, flagged):
    flags = no_applications(series, years=years)
    assert sorted(flags) == flagged
    assert {f.rule for f in flags.values()} <= {"no_applications"}


def test_no_applications_message_names_the_run():
    flags = no_applications({2018: 3, 2019: 0, 2020: 0, 2021: 0})
    assert flags[2020].message == "连续3年（2019–2021年）未收到政府信息公开申请"
    assert flags[2020].label == "连续无申请"


@pytest.mark.parametrize(
    ("before", "after", "rule"),
    [
        (10, 31, "sudden_jump"),  # +21: more than 20 and more than 100 %
        (10, 30, None),  # +20 is not more than 20
        (30, 55, None),  # +25 is more than 20 but only 83 %
        (30, 61, "sudden_jump"),  # +31 > 30 (100 %) and > 20
        (0, 21, "sudden_jump"),  # from none: any rise above 20
        (0, 20, None),
        (100, 49, "sudden_drop"),  # −51: more than 50 % and more than 20
        (100, 50, None),  # −50 is exactly half, not more
        (40, 19, "sudden_drop"),  # −21 > 20 and > 20 (50 % of 40)
        (30, 9, "sudden_drop"),  # −21 > 20 and > 15
        (30, 10, None),  # −20 is not more than 20
        (3, 9, None),  # tripled, but by 6
        (None, 50, None),  # unknown before
        (50, None, None),  # unknown now
    ],
)
def test_sudden_change(before, after, rule):
    flags = sudden_change({2020: before, 2021: after})
    assert (flags[2021].rule if 2021 in flags else None) == rule
    assert 2020 not in flags


def test_sudden_change_needs_the_previous_calendar_year():
    assert sudden_change({2019: 10, 2021: 40}) == {}  # 2020 missing: no comparison


def test_sudden_change_messages():
    assert (
        sudden_change({2020: 10, 2021: 31})[2021].message
        == "本年新收申请31件，比上年（10件）增加21件（210%）"
    )
    assert (
        sudden_change({2020: 100, 2021: 49})[2021].message
        == "本年新收申请49件，比上年（100件）减少51件（51%）"
    )
    assert (
        sudden_change({2020: 0, 2021: 25})[2021].message
        == "本年新收申请25件，比上年（0件）增加25件"
    )


def test_series_flags_combine_the_rules():
    # 2019–2020 nothing, then 40: a run and a jump from 0
    flags = series_flags({2019: 0, 2020: 0, 2021: 40})
    assert [f.rule for f in flags[2019]] == ["no_applications"]
    assert [f.rule for f in flags[2020]] == ["no_applications"]
    assert [f.rule for f in flags[2021]] == ["sudden_jump"]


@pytest.mark.parametrize(
    ("errors", "message"), [(0, None), (1, "1项勾稽关系校验未通过"), (3, "3项勾稽关系校验未通过")]
)
def test_failed_checks(errors, message):
    flag = failed_checks(errors)
    assert (flag.message if flag else None) == message


def _blank(format):
    stats = Statistics.blank(organ="某局", year=2022, format=format or "2021", fill=None)
    stats.format = format
    return stats


@pytest.mark.parametrize(
    ("format", "warnings", "expected"),
    [
        ("2021", [], "三"),  # no figure at all in table 三
        ("2019", [], "三"),
        ("pre2019", [], ""),  # the old formats have no tables
        (None, [], ""),  # format unknown: nothing to expect
        (
            "pre2019",
            [
                {
                    "rule": "table_empty",
                    "message": "表四（政府信息公开行政复议、行政诉讼情况）只有标题",
                }
            ],
            "四",
        ),
        (
            "2021",
            [
                {"rule": "table_empty", "message": "表二（主动公开政府信息情况）只有标题"},
                {"rule": "table_partial", "message": "表四（…）只读出3个数字"},
            ],
            "二三",
        ),
    ],
)
def test_empty_tables(format, warnings, expected):
    assert empty_tables(_blank(format), warnings) == expected


def test_a_table_with_one_figure_is_not_empty():
    stats = _blank("2021")
    stats.applications["R1"]["TOT"] = 2
    assert empty_tables(stats, []) == ""


def test_seed_reports_left_empty_or_not():
    # seed 000: 二、三、四 are headings with nothing under them
    data, name = seed("000")
    result = parse_report(data, name)
    assert empty_tables(result.statistics, result.warnings) == "二三四"
    # seed 004: every cell of the three tables is 0 — filled in, not empty
    data, name = seed("004")
    result = parse_report(data, name)
    assert empty_tables(result.statistics, result.warnings) == ""


def test_tables_left_empty_flag():
    assert tables_left_empty("") is None
    flag = tables_left_empty("二四")
    assert flag.rule == "tables_empty" and flag.message == "表二、表四只有标题，没有填写数字"
