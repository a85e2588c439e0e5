"""Comparison indicators over the canonical statistics (pure). Expected values are worked out
by hand from the figures put in, or read from the seed reports (quoted)."""

from __future__ import annotations

import pytest

from gongkai.reports.ingest import parse_report
from gongkai.reports.library.compare import (
    count_check_errors,
    exact_summary,
    indicators,
    outcome_group,
    ratio,
)
from gongkai.reports.tests.library_samples import figures, seed


def test_indicators_of_a_full_report():
    stats = figures(
        "某局", 2022, new=100, withheld=10, cannot_provide=20, carried_out=5, review=3, litigation=2
    )
    # disclosed = 100 − 10 − 20 − 5 = 65; concluded = 65 + 10 + 20 = 95
    got = indicators(stats)
    assert (got.applications_new, got.carried_in, got.concluded, got.carried_out) == (
        100,
        0,
        95,
        5,
    )
    assert got.outcomes == {
        "disclose": 65,
        "partial": 0,
        "withhold": 10,
        "cannot_provide": 20,
        "not_processed": 0,
        "other": 0,
    }
    assert got.outcome_mix_known
    assert got.review == 3 and got.review_rate == pytest.approx(3 / 95)
    assert got.litigation == 2 and got.litigation_rate == pytest.approx(2 / 95)
    assert got.interpretation_ratio is None  # not in the tables; nobody supplied it
    assert got.check_errors == 0
    assert got.value("outcome_withhold") == 10 and got.value("review_rate") == got.review_rate


def test_litigation_adds_both_kinds_of_lawsuit():
    stats = figures("某局", 2022, new=10, litigation=2)
    stats.remedies["litigation_after_review"].update(upheld=1, total=1)
    assert indicators(stats).litigation == 3


def test_2019_format_other_outcomes_are_one_row():
    stats = figures("某局", 2020, new=10)  # a 2020 report: the 2019 format
    assert stats.format == "2019" and stats.applications["R3.6.1"]["TOT"] is None
    stats.applications["R3.6.3"]["NP"] = stats.applications["R3.6.3"]["TOT"] = 2
    assert outcome_group(stats, "R3.6") == 2  # R3.6.1 and R3.6.2 do not exist in 2019
    assert indicators(stats).outcomes["other"] == 2


def test_an_unknown_cell_leaves_its_group_unknown():
    stats = figures("某局", 2022, new=10)
    stats.applications["R3.3.2"]["TOT"] = None
    got = indicators(stats)
    assert got.outcomes["withhold"] is None and not got.outcome_mix_known
    assert got.outcomes["disclose"] == 10


def test_failed_checks_are_counted():
    stats = figures("某局", 2022, new=10)
    stats.applications["R1"]["TOT"] = 12
    # column_total (R1: NP 10 ≠ TOT 12) and balance (TOT: 12 + 0 ≠ 10 + 0)
    assert count_check_errors(stats) == 2
    assert indicators(stats).check_errors == 2


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(2, 4, 0.5), (1, 0, None), (None, 5, None), (3, None, None)]
)
def test_ratio(part, whole, expected):
    assert ratio(part, whole) == expected


def test_interpretation_ratio_when_supplied():
    got = indicators(figures("某局", 2022, new=1), interpretation=(3, 4))
    assert got.interpretation_ratio == 0.75


def test_seed_003_outcome_mix_comes_from_the_prose():
    data, name = seed("003")
    result = parse_report(data, name)
    got = indicators(result.statistics, exact_summary(result.summary, result.warnings))
    # 全区共办理政府信息公开申请1062宗 … 2021年结转政府信息公开申请9宗。该年度办结1048宗，其中“予以公开”333宗，
    # “部分公开”76宗，“不予公开”75宗，“无法提供”530宗，“不予处理”28宗，“其他处理”6宗；转下年度继续办理23宗。
    assert (got.applications_new, got.carried_in, got.concluded, got.carried_out) == (
        1062,
        9,
        1048,
        23,
    )
    assert got.outcomes == {
        "disclose": 333,
        "partial": 76,
        "withhold": 75,
        "cannot_provide": 530,
        "not_processed": 28,
        "other": 6,
    }
    # the report says nothing about reviews or lawsuits
    assert got.review is None and got.review_rate is None and got.litigation is None


def test_seed_002_reviews_without_a_concluded_count():
    data, name = seed("002")
    result = parse_report(data, name)
    summary = exact_summary(result.summary, result.warnings)
    # 全年共发布政府信息15184余條 is approximate: not used
    assert "proactive_items" not in summary and result.summary["proactive_items"] == 15184
    got = indicators(result.statistics, summary)
    # 我區共收到依申請公開24件; 收到1件行政復議; 無因政府信息公開引起的行政訴訟
    assert (got.applications_new, got.review, got.litigation) == (24, 1, 0)
    # 辦理依申請公開26件 does not say concluded: no denominator, no rate
    assert got.concluded is None and got.review_rate is None
