"""Reading one published annual report: bytes in, :class:`ParseResult` out (年报解析).

``parse_report(data, filename)`` decodes the file (:mod:`decode`), normalises the text
(:mod:`normalise`), recognises organ, year and format (:mod:`recognise`), reads tables 二/三/四
(:mod:`tables`) and the figures stated in prose (:mod:`prose`), and puts them into the canonical
:class:`~gongkai.reports.statistics.Statistics` with every unknown cell ``None``.

Rules of combination:

- A table cell comes from the table. A cell the table does not give is filled from prose only
  when one sentence states exactly that cell (``办结1048宗`` → R3.7 总计, ``受理…申请964件`` → R1
  总计, ``制定…规范性文件41件`` → 本年制发件数, ``无…行政诉讼`` → both litigation totals 0) and
  the figure is exact (not ``余``/``近``). Prose figures for a group of rows (``不予公开75宗``) go
  to the summary only.
- The summary takes the table's figure when the table gives every cell it needs and the prose
  figure otherwise; a disagreement is a warning (:mod:`contradictions`).
- The checks of generated reports (:func:`~gongkai.reports.checks.run_checks`) run on the result;
  their failures are warnings about the published report.

Every warning is ``{"rule", "message", "cells", "severity"}``: ``rule`` names what was found
(``table_empty``, ``table_partial``, ``row_unreadable``, ``prose_ambiguous``,
``prose_inconsistent``, ``prose_table_contradiction``, ``prose_balance``,
``approximate_figure``, ``year_from_publication``, ``format_year_mismatch``, or a check of
:mod:`gongkai.reports.checks` such as ``balance``); ``cells`` holds statistics paths, or summary
keys for figures stated in prose; ``severity`` is ``"error"`` for a failed check of the
report's own arithmetic and ``"warning"`` otherwise.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.reports.checks import run_checks
from gongkai.reports.ingest import contradictions
from gongkai.reports.ingest.decode import Decoded, UnreadableReport, decode
from gongkai.reports.ingest.normalise import CJK_RE, Text, normalise
from gongkai.reports.ingest.prose import ProseReading, read_prose
from gongkai.reports.ingest.recognise import recognise
from gongkai.reports.ingest.tables import TableReading, read_tables
from gongkai.reports.statistics import APPLICANT_COLUMNS, OUTCOME_GROUPS, Statistics

SUMMARY_KEYS = (
    "applications_new",
    "applications_carried_in",
    "natural_person",
    "legal_person_or_org",
    "outcome_disclose",
    "outcome_partial",
    "outcome_withhold",
    "outcome_cannot_provide",
    "outcome_not_processed",
    "outcome_other",
    "outcome_total",
    "carried_out",
    "review_total",
    "review_upheld",
    "review_corrected",
    "litigation_total",
    "proactive_items",
    "regulatory_docs_new",
    "fees",
)

# Summary keys that are exactly one cell of the statistics model.
PROSE_CELLS = {
    "applications_new": "applications.R1.TOT",
    "natural_person": "applications.R1.NP",
    "applications_carried_in": "applications.R2.TOT",
    "outcome_disclose": "applications.R3.1.TOT",
    "outcome_partial": "applications.R3.2.TOT",
    "outcome_total": "applications.R3.7.TOT",
    "carried_out": "applications.R4.TOT",
    "review_total": "remedies.review.total",
    "review_upheld": "remedies.review.upheld",
    "review_corrected": "remedies.review.corrected",
}

_NOISE_LINE_RE = re.compile(
    r"^\s*(?:您(?:现在)?的?(?:当前)?(?:所在)?位置|当前位置|首页\s*[>»]|【|浏览字号|字号\s*[:：]|"
    r"分享到|网站标识码|版权所有|主办单位|技术支持|扫一扫|来源\s*[:：]|继续访问|上一篇|下一篇|"
    r"[|\s\-_=*·]*$)|ICP备|公网安备|网站标识码"
)
# A heading on its own line ends a sentence: its words must not become a figure's label.
_HEADING_LINE_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.]|[(（]\s*[一二三四五六七八九十]+\s*[)）])[^。]{0,40}$"
)
_NUMBER_TOKEN_RE = re.compile(r"(?:(?<=\s)|^)[+\-]?\d[\d,]*(?:\.\d+)?(?=\s|$)")


@dataclass
class ParseResult:
    source: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    script: str | None = None
    statistics: Statistics | None = None
    summary: dict[str, int | Decimal] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    error: str | None = None
    kind: str | None = None  # text | html | pdf | docx
    encoding: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The CLI contract's object (issue 8, item 4): exactly these keys."""
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        return {
            "source": self.source,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "script": self.script,
            "statistics": self.statistics.to_dict() if self.statistics else None,
            "summary": {key: _json_number(value) for key, value in self.summary.items()},
            "evidence": dict(self.evidence),
            "warnings": list(self.warnings),
        }


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def parse_report(
    data: bytes, filename: str = "", *, today: datetime.date | None = None
) -> ParseResult:
    """Parse one report; a file that cannot be read gives a result with ``error`` set."""
    result = ParseResult(source=filename)
    try:
        decoded = decode(data, filename)
    except UnreadableReport as exc:
        result.error = str(exc)
        return result
    return parse_decoded(decoded, filename, today=today)


def parse_decoded(
    decoded: Decoded, filename: str = "", *, today: datetime.date | None = None
) -> ParseResult:
    """Parse decoded text; for a PDF whose tables were left partly unread, also parse the
    slower second reading (:attr:`Decoded.reread`) and keep the one that knows more cells."""
    today = today or datetime.date.today()
    result, tables = _parse_text(decoded, filename, today)
    if decoded.reread is None or not _incomplete(tables):
        return result
    try:
        text = decoded.reread()
    except UnreadableReport:
        return result
    again = Decoded(text, decoded.kind, decoded.encoding, decoded.hints)
    second, _ = _parse_text(again, filename, today)
    return second if _known_cells(second) > _known_cells(result) else result


def _known_cells(result: ParseResult) -> int:
    return sum(1 for _, value in result.statistics.cells() if value is not None)


def _parse_text(
    decoded: Decoded, filename: str, today: datetime.date
) -> tuple[ParseResult, TableReading]:
    result = ParseResult(source=filename, kind=decoded.kind, encoding=decoded.encoding)
    norm, result.script = normalise(decoded.text)
    compact = norm.compact()
    found = recognise(norm, compact, decoded.hints, filename, max_year=today.year)
    result.agency, result.year, result.format = found.agency, found.year, found.format
    result.warnings.extend(found.warnings)

    tables = read_tables(norm, result.format)
    prose = read_prose(prose_text(norm))
    result.statistics = _statistics(result, tables, prose)

    table_summary = summary_from_statistics(result.statistics, tables)
    prose_summary = {
        key: (figure.value, figure.evidence, figure.approximate)
        for key, figure in prose.summary.items()
    }
    for key in SUMMARY_KEYS:
        if key in table_summary:
            result.summary[key], result.evidence[key], _ = table_summary[key]
        elif key in prose_summary:
            result.summary[key], result.evidence[key], approximate = prose_summary[key]
            if approximate:
                result.warnings.append(
                    {
                        "rule": "approximate_figure",
                        "message": f"{contradictions.SUMMARY_LABELS[key]}在正文中是约数：“{result.evidence[key]}”",
                        "cells": [key],
                    }
                )
    result.warnings.extend(tables.warnings)
    result.warnings.extend(prose.warnings)
    result.warnings.extend(contradictions.table_vs_prose(table_summary, prose_summary))
    prose_only = {k: v for k, v in prose_summary.items() if k not in table_summary}
    result.warnings.extend(contradictions.prose_balance(prose_only))
    for failure in run_checks(result.statistics):
        result.warnings.append(failure.as_dict())
    for warning in result.warnings:
        warning.setdefault("severity", "warning")
    return result, tables


def _incomplete(tables: TableReading) -> bool:
    """Some table has numbers that could not be placed, or rows missing (not merely a heading
    without cells)."""
    return tables.unplaced > 0 or any(state == "partial" for state in tables.state.values())


def _table_like(line: str, numbers: int) -> bool:
    """A table row: a few words and several numbers standing alone (a long paragraph with
    some spaced-out numbers is still prose)."""
    chinese = len(CJK_RE.findall(line))
    if "\t" in line:
        return chinese <= 80
    return numbers >= 3 and chinese <= 10 * numbers


def prose_text(norm: Text) -> Text:
    """The report's prose: lines that are neither site noise nor table rows, compacted."""
    spans: list[tuple[int, int]] = []
    separators: list[str] = []
    heading = False
    position = 0
    for line in norm.text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if _NOISE_LINE_RE.search(line):
            continue
        numbers = len(_NUMBER_TOKEN_RE.findall(line))
        if numbers and _table_like(line, numbers):
            continue
        spans.append((start, end))
        separators.append("。" if heading else "\n")
        heading = bool(_HEADING_LINE_RE.match(line)) and not line.rstrip().endswith("。")
    return norm.keep(spans, separators).compact()


def _statistics(result: ParseResult, tables: TableReading, prose: ProseReading) -> Statistics:
    layout = result.format if result.format in ("2019", "2021", "pre2019") else "2021"
    stats = Statistics.blank(
        organ=result.agency or "", year=result.year or 0, format=layout, fill=None
    )
    # None when the report does not say
    stats.organ = result.agency  # type: ignore[assignment]
    stats.year = result.year  # type: ignore[assignment]
    stats.format = result.format  # type: ignore[assignment]
    for path, value in tables.values.items():
        if _known_path(stats, path):
            stats.set(path, value, tables.evidence.get(path))
    cells: dict[str, Any] = {}
    for key, path in PROSE_CELLS.items():
        if key in prose.summary:
            cells[path] = prose.summary[key]
    if layout == "2019" and "outcome_other" in prose.summary:
        cells["applications.R3.6.3.TOT"] = prose.summary["outcome_other"]
    litigation = prose.summary.get("litigation_total")
    if litigation is not None and litigation.value == 0:
        cells["remedies.litigation_direct.total"] = litigation
        cells["remedies.litigation_after_review.total"] = litigation
    issued = {"2021": "issued", "2019": "new_made"}.get(layout)
    if issued and "regulatory_docs_new" in prose.summary:
        cells[f"proactive.normative_documents.{issued}"] = prose.summary["regulatory_docs_new"]
    for key, figure in prose.cells.items():
        row, column = key.split(".") if "." in key else (key, "decisions")
        cells[f"proactive.{row}.{column}"] = figure
    for path, figure in cells.items():
        if figure.approximate or not _known_path(stats, path) or stats.get(path) is not None:
            continue
        stats.set(path, figure.value, figure.evidence)
    return stats


def _known_path(stats: Statistics, path: str) -> bool:
    table, rest = path.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return column in getattr(stats, table).get(row, {})


def summary_from_statistics(stats: Statistics, tables: TableReading) -> dict[str, tuple]:
    """Summary figures the *tables* give (value, evidence, False); a figure needs every cell."""
    a = stats.applications
    out: dict[str, tuple] = {}

    def rows_evidence(*keys: str) -> str:
        return "；".join(tables.rows[k] for k in keys if k in tables.rows)

    def put(key: str, cells: list[tuple[str, str]], *rows: str) -> None:
        values = [a.get(row, {}).get(column) for row, column in cells]
        if (
            values
            and all(v is not None for v in values)
            and all(f"applications.{row}.{column}" in tables.values for row, column in cells)
        ):
            out[key] = (sum(values), rows_evidence(*(f"applications.{r}" for r in rows)), False)

    put("applications_new", [("R1", "TOT")], "R1")
    put("applications_carried_in", [("R2", "TOT")], "R2")
    put("natural_person", [("R1", "NP")], "R1")
    put("legal_person_or_org", [("R1", c) for c in APPLICANT_COLUMNS[1:]], "R1")
    for key, group in (
        ("outcome_disclose", "R3.1"),
        ("outcome_partial", "R3.2"),
        ("outcome_withhold", "R3.3"),
        ("outcome_cannot_provide", "R3.4"),
        ("outcome_not_processed", "R3.5"),
        ("outcome_other", "R3.6"),
    ):
        rows = [
            r
            for r in OUTCOME_GROUPS[group][1]
            if not (stats.format == "2019" and r in ("R3.6.1", "R3.6.2"))
        ]
        put(key, [(r, "TOT") for r in rows], *rows)
    put("outcome_total", [("R3.7", "TOT")], "R3.7")
    put("carried_out", [("R4", "TOT")], "R4")

    r = stats.remedies
    remedy_rows = rows_evidence("remedies", "remedies.review")

    def remedy(key: str, *paths: tuple[str, str]) -> None:
        if all(f"remedies.{kind}.{column}" in tables.values for kind, column in paths):
            values = [r[kind][column] for kind, column in paths]
            if all(v is not None for v in values):
                evidence = tables.rows.get("remedies") or "；".join(
                    tables.rows.get(f"remedies.{kind}", "") for kind, _ in paths
                )
                out[key] = (sum(values), evidence, False)

    del remedy_rows
    remedy("review_total", ("review", "total"))
    remedy("review_upheld", ("review", "upheld"))
    remedy("review_corrected", ("review", "corrected"))
    remedy("litigation_total", ("litigation_direct", "total"), ("litigation_after_review", "total"))

    issued = {"2021": "issued", "2019": "new_made"}.get(stats.format or "")
    path = f"proactive.normative_documents.{issued}"
    if issued and path in tables.values and tables.values[path] is not None:
        out["regulatory_docs_new"] = (
            tables.values[path],
            tables.rows.get("proactive.normative_documents", ""),
            False,
        )
    return out
