"""CSV exports of the library list and of a comparison: UTF-8 with a byte-order mark, so that
Excel opens the Chinese text correctly. Text that a spreadsheet would take for a formula
(``=``, ``+``, ``-``, ``@`` first — an agency name comes from an uploaded file) is prefixed with
an apostrophe. Unknown figures are empty cells; rates are percentages with two decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from gongkai.reports.library.compare import COLUMNS, RATE_COLUMNS
from gongkai.reports.library.selectors import Comparison, LibraryEntry

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.2f}"


def _write(header: list[str], rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return BOM + buffer.getvalue()


def _flags(entry: LibraryEntry | None) -> str:
    return "；".join(f"{f.label}：{f.message}" for f in entry.flags) if entry else ""


def library_csv(entries: Iterable[LibraryEntry]) -> str:
    header = [
        "统计年度",
        "机关",
        "机关代码",
        "来源",
        "格式",
        "来源文件或版本",
        "本年新收申请",
        "未通过的校验",
        "未填写的表格",
        "异常提示",
        "导入或发布时间",
    ]
    return _write(
        header,
        (
            [
                e.year,
                e.name,
                e.organ.code if e.organ else "",
                e.kind_label + ("（平台已发布该年度报告）" if e.shadowed else ""),
                e.format,
                e.source_name,
                e.applications_new,
                e.check_errors,
                "、".join(f"表{n}" for n in e.empty_tables),
                _flags(e),
                e.when.isoformat(timespec="seconds") if e.when else "",
            ]
            for e in entries
        ),
    )


def comparison_csv(comparison: Comparison) -> str:
    header = [
        "机关",
        "机关代码",
        "统计年度",
        "来源",
        *(f"{label}（%）" if key in RATE_COLUMNS else label for key, label in COLUMNS),
        "异常提示",
    ]
    rows = []
    for row in comparison.rows:
        figures = row.figures
        values = []
        for key, _ in COLUMNS:
            value = figures.value(key) if figures else None
            values.append(percent(value) if key in RATE_COLUMNS else value)
        rows.append(
            [
                row.subject.name,
                row.subject.organ.code if row.subject.organ else "",
                row.year,
                row.entry.kind_label if row.entry else "无报告",
                *values,
                _flags(row.entry),
            ]
        )
    return _write(header, rows)
