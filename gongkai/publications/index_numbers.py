"""索引号 patterns (spec §5: no national format; each organ configures its own, numbers unique).

Observed schemes the tokens cover: gov.cn ``000014349/2017-00110`` (organ prefix / year-serial),
``11441700007280420Y/2021-00050`` (统一社会信用代码 / year-serial), Anhui ``…/202110-00013``
(year+month), older ``地区-部门-类别-…-序号`` schemes (``{division_code}-…-{category}-…``).

Pure: no ORM. The serial comes from a per-organ, per-year counter (``services.documents``).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

TOKENS = {
    "credit_code": "统一社会信用代码（机关无统一社会信用代码时为机关代码）",
    "organ_code": "机关代码",
    "division_code": "行政区划代码",
    "year": "年份（4位）",
    "month": "月份（数字，可写 {month:02d}）",
    "category": "主题分类代码",
    "seq": "流水号（数字，可写 {seq:05d}）",
}
NUMERIC = frozenset({"year", "month", "seq"})


@dataclass(frozen=True)
class IndexTokens:
    credit_code: str
    organ_code: str
    division_code: str
    year: int
    month: int
    category: str
    seq: int


def pattern_problems(pattern: str) -> list[str]:
    """Why ``pattern`` cannot generate unique numbers (empty when it can)."""
    problems: list[str] = []
    try:
        fields = [
            (name, spec)
            for _, name, spec, _ in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as exc:
        return [f"格式有误：{exc}"]
    names = {name for name, _ in fields}
    unknown = sorted(n for n in names if n not in TOKENS)
    if unknown:
        problems.append("未知占位符：" + "、".join("{" + n + "}" for n in unknown))
    if "seq" not in names:
        problems.append("缺少流水号 {seq}")
    if "year" not in names:
        problems.append("缺少年份 {year}（流水号按年重新计数）")
    if not names & {"credit_code", "organ_code"}:
        problems.append("缺少 {credit_code} 或 {organ_code}（否则不同机关的索引号会重复）")
    if not problems:
        sample = IndexTokens("11449902007200019X", "demo", "449902", 2026, 1, "01", 1)
        try:
            render(pattern, sample)
        except (ValueError, KeyError, IndexError) as exc:
            problems.append(f"格式有误：{exc}")
    if len(pattern) > 80:
        problems.append("格式过长（最多80个字符）")
    return problems


def render(pattern: str, tokens: IndexTokens) -> str:
    values = {
        "credit_code": tokens.credit_code or tokens.organ_code,
        "organ_code": tokens.organ_code,
        "division_code": tokens.division_code,
        "year": tokens.year,
        "month": tokens.month,
        "category": tokens.category or "00",
        "seq": tokens.seq,
    }
    return pattern.format(**values)
