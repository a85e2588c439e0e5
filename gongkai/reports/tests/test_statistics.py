"""The statistics model and its checks, on seed 003's published figures (黄埔区 2022):
1,062 new (1,020 natural persons, 42 organisations), 9 carried in, 1,048 concluded
(333 / 76 / 75 / 530 / 28 / 6), 23 carried over."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports.checks import run_checks
from gongkai.reports.statistics import ROW_CODES, Statistics, add, format_for_year


def seed_003() -> Statistics:
    stats = Statistics.blank(organ="广州市黄埔区人民政府", year=2022)
    a = stats.applications
    a["R1"].update(NP=1020, COM=30, RES=2, NGO=1, LAW=5, OTH=4, TOT=1062)
    a["R2"].update(NP=9, TOT=9)
    a["R3.1"].update(NP=320, COM=13, TOT=333)
    a["R3.2"].update(NP=70, COM=6, TOT=76)
    a["R3.3.5"].update(NP=75, TOT=75)
    a["R3.4.1"].update(NP=520, COM=7, LAW=3, TOT=530)
    a["R3.5.2"].update(NP=24, NGO=1, OTH=3, TOT=28)
    a["R3.6.3"].update(NP=3, RES=2, LAW=1, TOT=6)
    a["R3.7"].update(NP=1012, COM=26, RES=2, NGO=1, LAW=4, OTH=3, TOT=1048)
    a["R4"].update(NP=17, COM=4, LAW=1, OTH=1, TOT=23)
    return stats


def test_a_consistent_report_has_no_failures():
    assert run_checks(seed_003()) == []


def test_balance_failure_names_cells_and_numbers():
    stats = seed_003()
    stats.applications["R4"]["NP"] = 18
    stats.applications["R4"]["TOT"] = 24
    balance = next(f for f in run_checks(stats) if f.rule == "balance")
    assert "applications.R4.NP" in balance.cells
    assert "1020+9=1029" in balance.message and "1012+18=1030" in balance.message


def test_column_outcome_and_remedy_totals():
    stats = seed_003()
    stats.applications["R3.1"]["TOT"] = 334
    stats.remedies["review"].update(upheld=2, corrected=1, total=4)
    rules = {f.rule for f in run_checks(stats)}
    assert {"column_total", "outcome_total", "remedy_total"} <= rules


def test_negative_and_fractional_counts_are_refused_but_amounts_may_be_decimal():
    stats = seed_003()
    stats.applications["R2"]["COM"] = -1
    stats.proactive["fees"]["amount"] = Decimal("1.25")
    stats.proactive["licensing"]["decisions"] = Decimal("2.5")
    bad = [f.cells[0] for f in run_checks(stats) if f.rule == "non_negative_integer"]
    assert bad == ["applications.R2.COM", "proactive.licensing.decisions"]


def test_carry_over_is_a_warning():
    last_year = Statistics.blank(organ="x", year=2021)
    last_year.applications["R4"].update(NP=8, TOT=8)
    failures = run_checks(seed_003(), previous=last_year)
    assert [(f.rule, f.severity) for f in failures] == [
        ("carry_over", "warning"),
        ("carry_over", "warning"),
    ]


def test_unknown_cells_are_skipped_not_failed():
    stats = Statistics.blank(organ="x", year=2022, fill=None)
    stats.applications["R1"]["TOT"] = 5
    assert run_checks(stats) == []


def test_2019_format_has_one_undivided_other_row():
    stats = Statistics.blank(organ="x", year=2020)
    assert stats.format == "2019"
    assert stats.applications["R3.6.1"]["TOT"] is None
    stats.applications["R1"].update(NP=2, TOT=2)
    stats.applications["R3.6.3"].update(NP=2, TOT=2)
    stats.applications["R3.7"].update(NP=2, TOT=2)
    assert run_checks(stats) == []
    assert "procurement" in stats.proactive


def test_round_trip_and_roll_up():
    stats = seed_003()
    stats.proactive["fees"]["amount"] = Decimal("0.35")
    again = Statistics.from_dict(stats.to_dict())
    assert again.to_dict() == stats.to_dict()
    total = add(stats, again)
    assert total.applications["R1"]["TOT"] == 2124
    assert total.proactive["fees"]["amount"] == Decimal("0.70")
    assert run_checks(total) == []
    assert set(stats.to_dict()["applications"]) == set(ROW_CODES)


@pytest.mark.parametrize(
    "year,fmt", [(2024, "2021"), (2021, "2021"), (2020, "2019"), (2019, "2019"), (2018, "pre2019")]
)
def test_format_by_year(year, fmt):
    assert format_for_year(year) == fmt
