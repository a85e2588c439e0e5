"""Indicators for comparing organs and years (年报比对): pure aggregation over the canonical
statistics of a report, generated or parsed. No ORM.

- ``applications_new`` 本年新收 = R1 总计; ``carried_in`` 上年结转 = R2 总计; ``concluded`` 办结 =
  R3.7 总计; ``carried_out`` 结转下年度 = R4 总计 (spec §3.4).
- The outcome mix (办理结果构成) is the 总计 column summed over each group of table 三's section
  三: （一）予以公开 R3.1, （二）部分公开 R3.2, （三）不予公开 R3.3.1–8, （四）无法提供 R3.4.1–3,
  （五）不予处理 R3.5.1–5, （六）其他处理 R3.6.1–3 (in the 2019 format （六） is one undivided row,
  carried in R3.6.3). A group is unknown when any of its cells is.
- ``review`` 行政复议 = table 四 复议总计; ``litigation`` 行政诉讼 = 未经复议直接起诉总计 + 复议后起诉总计.
  Their rates are per concluded application (``review / concluded``): how often a decision of the
  year was challenged.
- ``interpretation_ratio`` 政策解读比例 = of the 规章 and 规范性文件 made and published in the
  year, the share published with an interpretation (三同步). The annual-report tables do not
  state it, so it is known only when the caller supplies the two counts (from the publications
  app, when it is installed, for reports Gongkai generated); otherwise unknown.
- For a parsed report, a figure the tables leave unknown is taken from the prose summary
  (``其中“不予公开”75宗``) when the report states it exactly; approximate figures (``约``/``余``)
  are not used.

Every figure is ``None`` when unknown; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.reports.checks import run_checks
from gongkai.reports.statistics import OUTCOME_GROUPS, Statistics

# key: (label, table-三 group, summary key)
OUTCOMES: dict[str, tuple[str, str, str]] = {
    "disclose": ("予以公开", "R3.1", "outcome_disclose"),
    "partial": ("部分公开", "R3.2", "outcome_partial"),
    "withhold": ("不予公开", "R3.3", "outcome_withhold"),
    "cannot_provide": ("无法提供", "R3.4", "outcome_cannot_provide"),
    "not_processed": ("不予处理", "R3.5", "outcome_not_processed"),
    "other": ("其他处理", "R3.6", "outcome_other"),
}

# Indicator columns in display order: (attribute, heading); rates are fractions.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("applications_new", "本年新收申请"),
    ("carried_in", "上年结转"),
    ("concluded", "本年办结"),
    ("carried_out", "结转下年度"),
    *((f"outcome_{key}", label) for key, (label, _, _) in OUTCOMES.items()),
    ("review", "行政复议"),
    ("review_rate", "复议率"),
    ("litigation", "行政诉讼"),
    ("litigation_rate", "诉讼率"),
    ("interpretation_ratio", "政策解读比例"),
    ("check_errors", "未通过的校验"),
)
RATE_COLUMNS = frozenset({"review_rate", "litigation_rate", "interpretation_ratio"})


@dataclass(frozen=True)
class Indicators:
    applications_new: int | None = None
    carried_in: int | None = None
    concluded: int | None = None
    carried_out: int | None = None
    outcomes: dict[str, int | None] = field(default_factory=dict)
    review: int | None = None
    litigation: int | None = None
    interpreted: int | None = None  # policy documents with an interpretation
    policies: int | None = None  # policy documents made and published in the year
    check_errors: int = 0

    @property
    def review_rate(self) -> float | None:
        return ratio(self.review, self.concluded)

    @property
    def litigation_rate(self) -> float | None:
        return ratio(self.litigation, self.concluded)

    @property
    def interpretation_ratio(self) -> float | None:
        return ratio(self.interpreted, self.policies)

    @property
    def outcome_mix_known(self) -> bool:
        return all(self.outcomes.get(key) is not None for key in OUTCOMES)

    def value(self, column: str):
        """A figure by its column name in :data:`COLUMNS` (``outcome_withhold`` …)."""
        if column.startswith("outcome_"):
            return self.outcomes.get(column.removeprefix("outcome_"))
        return getattr(self, column)


def ratio(part: int | None, whole: int | None) -> float | None:
    """``part / whole``; unknown when either is unknown or the whole is 0."""
    if part is None or not whole:
        return None
    return part / whole


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if any(v is None for v in values):
        return None
    return sum(values)


def _total(stats: Statistics, row: str) -> int | None:
    return stats.applications.get(row, {}).get("TOT")


def outcome_group(stats: Statistics, group: str) -> int | None:
    """The 总计 of one group of outcome rows; unknown when any row of it is."""
    rows = OUTCOME_GROUPS[group][1]
    if stats.format == "2019":
        rows = tuple(r for r in rows if r not in ("R3.6.1", "R3.6.2"))
    return _sum(_total(stats, row) for row in rows)


def exact_summary(summary: Mapping, warnings: Iterable[Mapping]) -> dict:
    """The summary figures without those the report states only approximately."""
    approximate = {
        cell
        for warning in warnings
        if warning.get("rule") == "approximate_figure"
        for cell in warning.get("cells", ())
    }
    return {key: value for key, value in summary.items() if key not in approximate}


def count_check_errors(stats: Statistics) -> int:
    """Failed consistency checks of the report's own arithmetic (勾稽关系, spec §3.6)."""
    return sum(1 for failure in run_checks(stats) if failure.severity == "error")


def indicators(
    stats: Statistics,
    summary: Mapping | None = None,
    *,
    interpretation: tuple[int, int] | None = None,
) -> Indicators:
    """The comparison figures of one report. ``summary`` (a parsed report's exact prose figures,
    see :func:`exact_summary`) fills what the tables leave unknown; ``interpretation`` is
    (policy documents interpreted, policy documents) when known."""
    summary = summary or {}

    def pick(value, key: str):
        if value is None and summary.get(key) is not None:
            found = summary[key]
            return int(found) if isinstance(found, Decimal | float) else found
        return value

    remedies = stats.remedies
    return Indicators(
        applications_new=pick(_total(stats, "R1"), "applications_new"),
        carried_in=pick(_total(stats, "R2"), "applications_carried_in"),
        concluded=pick(_total(stats, "R3.7"), "outcome_total"),
        carried_out=pick(_total(stats, "R4"), "carried_out"),
        outcomes={
            key: pick(outcome_group(stats, group), summary_key)
            for key, (_, group, summary_key) in OUTCOMES.items()
        },
        review=pick(remedies.get("review", {}).get("total"), "review_total"),
        litigation=pick(
            _sum(
                remedies.get(kind, {}).get("total")
                for kind in ("litigation_direct", "litigation_after_review")
            ),
            "litigation_total",
        ),
        interpreted=interpretation[0] if interpretation else None,
        policies=interpretation[1] if interpretation else None,
        check_errors=count_check_errors(stats),
    )
