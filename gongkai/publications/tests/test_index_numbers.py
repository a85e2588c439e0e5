"""索引号 patterns (spec §5): configurable, but always able to produce unique numbers."""

from __future__ import annotations

import pytest

from gongkai.publications.index_numbers import IndexTokens, pattern_problems, render

TOKENS = IndexTokens(
    credit_code="11441700007280420Y",
    organ_code="dist-a",
    division_code="449902",
    year=2021,
    month=10,
    category="0101",
    seq=50,
)


@pytest.mark.parametrize(
    "pattern,expected",
    [
        # the observed national schemes
        ("{credit_code}/{year}-{seq:05d}", "11441700007280420Y/2021-00050"),
        ("{credit_code}/{year}{month:02d}-{seq:05d}", "11441700007280420Y/202110-00050"),
        (
            "{division_code}-{organ_code}-{category}-{year}-{seq:04d}",
            "449902-dist-a-0101-2021-0050",
        ),
    ],
)
def test_render(pattern, expected):
    assert pattern_problems(pattern) == []
    assert render(pattern, TOKENS) == expected


def test_credit_code_falls_back_to_the_organ_code():
    tokens = IndexTokens("", "dist-t", "", 2026, 1, "", 7)
    assert render("{credit_code}/{year}-{seq:05d}", tokens) == "dist-t/2026-00007"


@pytest.mark.parametrize(
    "pattern,fragment",
    [
        ("{credit_code}/{year}", "缺少流水号"),
        ("{credit_code}/{seq:05d}", "缺少年份"),
        ("{year}-{seq:05d}", "{credit_code} 或 {organ_code}"),
        ("{organ_code}/{year}-{seq:05d}-{secret}", "未知占位符：{secret}"),
        ("{organ_code}/{year}-{seq:05x", "格式有误"),
        ("{organ_code}/{year}-{seq:abc}", "格式有误"),
    ],
)
def test_pattern_problems(pattern, fragment):
    problems = pattern_problems(pattern)
    assert any(fragment in p for p in problems), problems
