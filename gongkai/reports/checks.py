"""Consistency checks of an annual report (勾稽关系), each named after the rule it enforces
(spec §3.6). Pure functions over :class:`Statistics`; a failed check names the cells and the
numbers. Unknown cells (None) are skipped — a check only judges what the report states.

- ``balance`` (official, printed in table 三's header): for every column
  R1 + R2 = R3.7 + R4 — 第一项加第二项之和，等于第三项加第四项之和.
- ``column_total``: TOT = NP + COM + RES + NGO + LAW + OTH, for every row (layout).
- ``outcome_total``: R3.7 = the sum of the outcome rows R3.1 … R3.6.3, for every column (layout).
- ``remedy_total``: each 总计 of table 四 = 维持 + 纠正 + 其他 + 尚未审结 (layout).
- ``non_negative_integer``: every count is a whole number ≥ 0 (本年增/减 may be negative).
- ``carry_over`` (warning): this year's R2 equals last year's R4 (spec §8 item 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongkai.reports.statistics import (
    APPLICANT_COLUMNS,
    COLUMN_LABELS,
    COLUMNS,
    OUTCOME_ROWS,
    PROACTIVE_LAYOUTS,
    REMEDY_KIND_LABELS,
    REMEDY_KINDS,
    ROW_CODES,
    SIGNED_PROACTIVE_COLUMNS,
    Statistics,
)


@dataclass(frozen=True)
class CheckFailure:
    rule: str
    cells: tuple[str, ...]
    message: str
    severity: str = "error"  # "error" | "warning"

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "cells": list(self.cells),
            "message": self.message,
            "severity": self.severity,
        }


def _cell(stats: Statistics, row: str, column: str):
    return stats.applications.get(row, {}).get(column)


def _known(*values) -> bool:
    return all(v is not None for v in values)


def check_balance(stats: Statistics) -> list[CheckFailure]:
    failures = []
    for column in COLUMNS:
        r1, r2, r37, r4 = (_cell(stats, row, column) for row in ("R1", "R2", "R3.7", "R4"))
        if _known(r1, r2, r37, r4) and r1 + r2 != r37 + r4:
            failures.append(
                CheckFailure(
                    "balance",
                    tuple(f"applications.{row}.{column}" for row in ("R1", "R2", "R3.7", "R4")),
                    f"{COLUMN_LABELS[column]}列：第一项加第二项之和（{r1}+{r2}={r1 + r2}）"
                    f"不等于第三项加第四项之和（{r37}+{r4}={r37 + r4}）",
                )
            )
    return failures


def check_column_total(stats: Statistics) -> list[CheckFailure]:
    failures = []
    for row in ROW_CODES:
        parts = [_cell(stats, row, c) for c in APPLICANT_COLUMNS]
        total = _cell(stats, row, "TOT")
        if _known(total, *parts) and sum(parts) != total:
            failures.append(
                CheckFailure(
                    "column_total",
                    tuple(f"applications.{row}.{c}" for c in COLUMNS),
                    f"{row} 行：总计为{total}，各类申请人之和为{sum(parts)}",
                )
            )
    return failures


def check_outcome_total(stats: Statistics) -> list[CheckFailure]:
    failures = []
    for column in COLUMNS:
        parts = [_cell(stats, row, column) for row in OUTCOME_ROWS]
        known = [p for p in parts if p is not None]
        total = _cell(stats, "R3.7", column)
        # 2019 format: （六） is undivided (R3.6.1/R3.6.2 null); other unknown rows skip the check
        unknown = [row for row, p in zip(OUTCOME_ROWS, parts, strict=True) if p is None]
        if stats.format == "2019":
            unknown = [row for row in unknown if row not in ("R3.6.1", "R3.6.2")]
        if total is None or unknown:
            continue
        if sum(known) != total:
            failures.append(
                CheckFailure(
                    "outcome_total",
                    (
                        f"applications.R3.7.{column}",
                        *(f"applications.{row}.{column}" for row in OUTCOME_ROWS),
                    ),
                    f"{COLUMN_LABELS[column]}列：（七）总计为{total}，各项办理结果之和为{sum(known)}",
                )
            )
    return failures


def check_remedy_total(stats: Statistics) -> list[CheckFailure]:
    failures = []
    for kind in REMEDY_KINDS:
        cols = stats.remedies.get(kind, {})
        parts = [cols.get(k) for k in ("upheld", "corrected", "other", "pending")]
        total = cols.get("total")
        if _known(total, *parts) and sum(parts) != total:
            failures.append(
                CheckFailure(
                    "remedy_total",
                    tuple(
                        f"remedies.{kind}.{k}"
                        for k in ("upheld", "corrected", "other", "pending", "total")
                    ),
                    f"{REMEDY_KIND_LABELS[kind]}：总计为{total}，维持、纠正、其他、尚未审结之和为{sum(parts)}",
                )
            )
    return failures


def check_non_negative_integer(stats: Statistics) -> list[CheckFailure]:
    failures = []
    amounts = {
        f"proactive.{row.key}.{key}"
        for row in PROACTIVE_LAYOUTS.get(stats.format, ())
        for key, _ in row.columns
        if row.decimal or key == "amount"
    }
    for path, value in stats.cells():
        if value is None:
            continue
        column = path.rsplit(".", 1)[1]
        is_amount = path in amounts
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            failures.append(
                CheckFailure("non_negative_integer", (path,), f"{path} 不是数字：{value!r}")
            )
        elif not is_amount and value != int(value):
            failures.append(
                CheckFailure("non_negative_integer", (path,), f"{path} 应为整数，实为{value}")
            )
        elif value < 0 and column not in SIGNED_PROACTIVE_COLUMNS:
            failures.append(
                CheckFailure("non_negative_integer", (path,), f"{path} 不应为负数：{value}")
            )
    return failures


def check_carry_over(stats: Statistics, previous: Statistics | None) -> list[CheckFailure]:
    if previous is None:
        return []
    failures = []
    for column in COLUMNS:
        this_r2, last_r4 = _cell(stats, "R2", column), _cell(previous, "R4", column)
        if _known(this_r2, last_r4) and this_r2 != last_r4:
            failures.append(
                CheckFailure(
                    "carry_over",
                    (f"applications.R2.{column}",),
                    f"{COLUMN_LABELS[column]}列：本年“上年结转”为{this_r2}，"
                    f"上年报告“结转下年度继续办理”为{last_r4}",
                    severity="warning",
                )
            )
    return failures


CHECKS = (
    check_balance,
    check_column_total,
    check_outcome_total,
    check_remedy_total,
    check_non_negative_integer,
)


def run_checks(stats: Statistics, previous: Statistics | None = None) -> list[CheckFailure]:
    """Every rule, errors first then warnings; empty when the report is consistent."""
    failures = [f for check in CHECKS for f in check(stats)]
    return failures + check_carry_over(stats, previous)
