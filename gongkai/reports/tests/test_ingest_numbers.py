from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports.ingest.numbers import parse_chinese_numeral, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("964", 964),
        ("1,062", 1062),
        ("1，062", 1062),
        ("1.17万", 11700),
        ("3.8亿", 380_000_000),
        ("2万", 20000),
        ("8千", 8000),
        ("0.85", Decimal("0.85")),
        ("-2", -2),
        ("+3", 3),
        ("一千零六十二", 1062),
        ("两百", 200),
        ("十二", 12),
        ("十", 10),
        ("二十三", 23),
        ("一百零五", 105),
        ("三万五千", 35000),
        ("一万零三百", 10300),
        ("〇", 0),
        ("零", 0),
        ("一二三", 123),
    ],
)
def test_numbers_as_reports_write_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "一是", "1.2.3", "万"])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_chinese_numeral_refuses_two_digits_in_a_positional_numeral():
    assert parse_chinese_numeral("三四十") is None


@pytest.mark.parametrize(
    ("text", "before", "after", "approximate"),
    [
        ("15184", "全年共发布政府信息", "余", True),
        ("400", "挂网公开近", "", True),
        ("2万", "日活用户超", "", True),
        ("964", "共受理信息公开申请", "", False),
    ],
)
def test_approximate_figures_are_flagged(text, before, after, approximate):
    quantity = parse_quantity(text, before=before, after=after)
    assert quantity.approximate is approximate
