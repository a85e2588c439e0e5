"""Outliers in the report library (异常提示): rules an OGI office uses to decide which reports to
read closely. Pure functions, no ORM; each returns the flags it raises, with a message that
names the figures.

- ``no_applications`` 连续无申请: 本年新收 (R1 总计) is 0 in at least ``years`` (default 2)
  consecutive calendar years. Every year of such a run is flagged. An unknown figure or a year
  without a report breaks the run — nothing is assumed about a year nobody reported.
- ``sudden_change`` 申请量骤增/骤降: against the previous calendar year, 本年新收 rose by more than
  100 % and by more than 20 applications (from 0, any rise of more than 20 counts), or fell by
  more than 50 % and by more than 20. Small organs whose counts go from 3 to 9 are not flagged.
- ``failed_checks`` 校验未通过: the report's own figures fail a consistency check of spec §3.6
  (:func:`gongkai.reports.checks.run_checks`, errors only).
- ``tables_left_empty`` 表格未填写: a parsed report whose table 二, 三 or 四 is a heading with no
  figures (the parser's ``table_empty`` warning), or whose table 三 has no figure at all in a
  2019/2021-format report. A pre-2019 report has no tables by format and is not flagged for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.reports.statistics import Statistics

NO_APPLICATION_YEARS = 2
JUMP_RATIO = 1.0  # > 100 %
DROP_RATIO = 0.5  # > 50 %
CHANGE_MIN_CASES = 20  # and > 20 applications

RULE_LABELS = {
    "no_applications": "连续无申请",
    "sudden_jump": "申请量骤增",
    "sudden_drop": "申请量骤降",
    "failed_checks": "校验未通过",
    "tables_empty": "表格未填写",
}
TABLE_NAMES = ("二", "三", "四")


@dataclass(frozen=True)
class Flag:
    rule: str
    message: str

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]

    def as_dict(self) -> dict:
        return {"rule": self.rule, "label": self.label, "message": self.message}


def no_applications(
    series: Mapping[int, int | None], *, years: int = NO_APPLICATION_YEARS
) -> dict[int, Flag]:
    """Years in a run of ≥ ``years`` consecutive years with no new application."""
    flags: dict[int, Flag] = {}
    run: list[int] = []
    for year in [*sorted(series), None]:
        if year is not None and series[year] == 0 and (not run or run[-1] == year - 1):
            run.append(year)
            continue
        if len(run) >= years:
            span = f"{run[0]}–{run[-1]}年"
            for y in run:
                flags[y] = Flag(
                    "no_applications", f"连续{len(run)}年（{span}）未收到政府信息公开申请"
                )
        run = [year] if year is not None and series[year] == 0 else []
    return flags


def sudden_change(series: Mapping[int, int | None]) -> dict[int, Flag]:
    """Years whose 本年新收 more than doubled (and by > 20) or more than halved (and by > 20)
    since the year before."""
    flags: dict[int, Flag] = {}
    for year, value in sorted(series.items()):
        before = series.get(year - 1)
        if value is None or before is None:
            continue
        change = value - before
        if change > CHANGE_MIN_CASES and (before == 0 or change > before * JUMP_RATIO):
            flags[year] = Flag(
                "sudden_jump",
                f"本年新收申请{value}件，比上年（{before}件）增加{change}件"
                + (f"（{change / before:.0%}）" if before else ""),
            )
        elif -change > CHANGE_MIN_CASES and -change > before * DROP_RATIO:
            flags[year] = Flag(
                "sudden_drop",
                f"本年新收申请{value}件，比上年（{before}件）减少{-change}件（{-change / before:.0%}）",
            )
    return flags


def failed_checks(errors: int) -> Flag | None:
    """``errors``: the number of failed checks (:func:`compare.count_check_errors`)."""
    if errors <= 0:
        return None
    return Flag("failed_checks", f"{errors}项勾稽关系校验未通过")


def empty_tables(stats: Statistics, warnings: Iterable[Mapping]) -> str:
    """The tables (``"二三四"``) a parsed report leaves empty."""
    names = set()
    for warning in warnings:
        if warning.get("rule") == "table_empty":
            # the parser's message names the table: “表三（收到和处理…）只有标题…”
            names.update(n for n in TABLE_NAMES if warning.get("message", "").startswith(f"表{n}"))
    if stats.format in ("2019", "2021") and all(
        value is None for columns in stats.applications.values() for value in columns.values()
    ):
        names.add("三")
    return "".join(n for n in TABLE_NAMES if n in names)


def tables_left_empty(names: str) -> Flag | None:
    if not names:
        return None
    listed = "、".join(f"表{n}" for n in names)
    return Flag("tables_empty", f"{listed}只有标题，没有填写数字")


def series_flags(series: Mapping[int, int | None]) -> dict[int, list[Flag]]:
    """The flags of an organ's 本年新收 over the years, by year."""
    out: dict[int, list[Flag]] = {}
    for rule in (no_applications, sudden_change):
        for year, flag in rule(series).items():
            out.setdefault(year, []).append(flag)
    return out
