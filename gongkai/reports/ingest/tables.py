"""Tables 二, 三 and 四 of an annual report, read from text whose layout may have fallen apart.

Published reports reach us as text in which a table is a sequence of label fragments and
numbers: one row per line (tabs or spaces between cells) when extraction went well; labels
split across lines or inside a line (``不予 公开``, ``1.属于国家秘 密``), vertical labels
scattered between rows (``本 / 年度 / 办理 / 结果``), header fragments with stray digits, and
numbers on their own lines when it went badly; text renderings may draw cell rules with ``|``
or box-drawing characters, which are skipped like spaces. The reader therefore works on *runs*: the label
text since the last number, then the numbers that follow it (across lines). A run is matched to
a row of the format's layout (spec §3.3–§3.5) by

- how much of the row's label it contains (share of the label's character pairs found, so a
  label that lost characters in extraction, ``信访举 诉类申``, still matches),
- its numbering (``（三）``, ``2.``, ``四、``) when that survived,
- order: rows are taken in the layout's order, looking at most a few rows ahead.

A run fills a row only when it has exactly as many numbers as the row has columns (7 in
table 三, 15 in table 四's one data row, 1–3 in table 二); anything else leaves the row's cells
unknown (``None``) with a warning — numbers are never shifted into a column they may not belong
to. A table whose heading is present but whose cells are missing stays unknown, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.reports.ingest.normalise import Text
from gongkai.reports.ingest.numbers import parse_number
from gongkai.reports.statistics import (
    COLUMNS,
    PROACTIVE_LAYOUTS,
    REMEDY_KINDS,
    REMEDY_RESULTS,
    ROW_CODES,
    ROW_LABELS,
)


def loose(words: str) -> str:
    """A pattern for ``words`` that tolerates whitespace between any two characters."""
    return r"\s*".join(re.escape(ch) for ch in words)


HEADINGS = {
    "二": re.compile(rf"二\s*[、.]\s*{loose('主动公开政府信息')}(?:\s*情\s*况)?"),
    "三": re.compile(rf"三\s*[、.]\s*{loose('收到和处理政府信息公开申请')}(?:\s*情\s*况)?"),
    "四": re.compile(rf"四\s*[、.]\s*{loose('政府信息公开行政复议')}[\s、,和及与]*{loose('行政诉讼')}(?:\s*情\s*况)?"),
    "五": re.compile(rf"五\s*[、.][^\n]{{0,30}}?{loose('存在的主要问题')}"),
}  # fmt: skip
TABLE_NAMES = {"二": "表二（主动公开政府信息情况）", "三": "表三（收到和处理政府信息公开申请情况）",
               "四": "表四（政府信息公开行政复议、行政诉讼情况）"}  # fmt: skip

_TOKEN_RE = re.compile(
    r"(?P<sep>[|\u2500-\u257f]+)"  # cell rules of text tables: | │ ┼ ─
    r"|(?P<marker>\d{1,2}\s*[.、](?=\s*[^\s\d.]))"
    r"|(?P<num>[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.])|[+\-]?\d+(?:\.\d+)?(?![\d.]))"
    r"|(?P<text>[^\s\d|\u2500-\u257f]+)"
)
_PAGE_FOOTER_RE = re.compile(
    r"(?m)^[ \t]*(?:[-—–][ \t]*\d{1,4}[ \t]*[-—–]|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t]*$"
)
_DASHES = frozenset({"-", "—", "——", "--", "–", "－"})
_CHINESE_RE = re.compile(r"[\u4e00-\u9fff]")
_GROUP_RE = re.compile(r"\(\s*([一二三四五六七])\s*\)|（\s*([一二三四五六七])\s*）")
_SECTION_RE = re.compile(r"(?<![\u4e00-\u9fff])([一二三四])\s*、")
_ITEM_RE = re.compile(r"(\d)\s*[.、]")


@dataclass
class Run:
    label: str
    start: int  # offset of the run in the text
    end: int
    cells: list[tuple[int | Decimal | None, int, int]] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # cell indexes that start a new line

    @property
    def values(self):
        return [value for value, _, _ in self.cells]


def runs(text: Text, start: int, end: int) -> list[Run]:
    """Label-then-numbers runs of ``text.text[start:end]``."""
    result: list[Run] = []
    label: list[str] = []
    label_start: int | None = None
    current: Run | None = None
    footers = [m.span() for m in _PAGE_FOOTER_RE.finditer(text.text, start, end)]
    for match in _TOKEN_RE.finditer(text.text, start, end):
        if footers and any(a <= match.start() < b for a, b in footers):
            continue  # a page number inside the table (``- 2 -``, ``第3页``)
        kind = match.lastgroup
        token = match.group(0)
        if kind == "sep":
            continue
        if kind == "num" or (kind == "text" and token in _DASHES and current is not None):
            if current is None:
                current = Run(
                    "".join(label),
                    label_start if label_start is not None else match.start(),
                    match.end(),
                )
                result.append(current)
                label, label_start = [], None
            value = parse_number(token) if kind == "num" else None
            if current.cells and "\n" in text.text[current.cells[-1][2] : match.start()]:
                current.breaks.add(len(current.cells))
            current.cells.append((value, match.start(), match.end()))
            current.end = match.end()
        elif kind == "text" and token in _DASHES:
            continue
        else:
            current = None
            if label_start is None:
                label_start = match.start()
            label.append(token)
    return result


def _chinese(text: str) -> str:
    return "".join(_CHINESE_RE.findall(text))


def _pairs(text: str) -> set[str]:
    chars = _chinese(text)
    if len(chars) == 1:
        return {chars}
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def coverage(label: str, text: str) -> float:
    """Share of ``label``'s character pairs that occur in ``text`` (0–1)."""
    wanted = _pairs(label)
    if not wanted:
        return 0.0
    have = _pairs(text) | set(_chinese(text))
    return len(wanted & have) / len(wanted)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str  # the label without its numbering
    section: str | None = None  # 一 二 四 (R1, R2, R4)
    group: str | None = None  # 一 … 七 (R3.x)
    item: str | None = None  # 1 … 8
    size: int = 7


def table3_specs(format: str) -> list[RowSpec]:
    groups = "一二三四五六七"
    specs = []
    for code in ROW_CODES:
        if format == "2019" and code in ("R3.6.1", "R3.6.2"):
            continue
        label = re.sub(r"^[（(]?[一二三四五六七\d]+[)）.、]\s*", "", ROW_LABELS[code])
        label = re.sub(r"（[^）]*）", "", label)
        parts = code[1:].split(".")
        if code in ("R1", "R2", "R4"):
            specs.append(RowSpec(code, label, section="一二三四"[int(parts[0]) - 1]))
            continue
        group = groups[int(parts[1]) - 1]
        item = parts[2] if len(parts) > 2 else None
        if code == "R3.6.3" and format == "2019":
            label, item = "其他处理", None
        specs.append(RowSpec(code, label, group=group, item=item))
    return specs


def _markers(label: str) -> tuple[str | None, str | None, str | None]:
    sections = _SECTION_RE.findall(label)
    groups = [a or b for a, b in _GROUP_RE.findall(label)]
    items = _ITEM_RE.findall(label)
    return (
        sections[-1] if sections else None,
        groups[-1] if groups else None,
        items[-1] if items else None,
    )


def _score(spec: RowSpec, run: Run, offset: int) -> float:
    """How well ``run`` fits ``spec``: label coverage plus numbering, minus distance ahead.

    When the run carries an item number (``2.``), a numbered row is compared with the words
    after that number only: the words before it belong to the group label or to the previous
    row's wrapped label (``（六）其他 1.申请人…`` is item 1, not row 3.其他)."""
    section, group, item = _markers(run.label)
    label = run.label
    if spec.item and item:
        label = _ITEM_RE.split(run.label)[-1]
    score = coverage(spec.label, label)
    if spec.section and section == spec.section:
        score += 0.25
    if spec.group and group == spec.group:
        score += 0.25
    if spec.item and item:
        score += 0.25 if item == spec.item else -0.25
    return score - 0.02 * offset


@dataclass
class Match:
    spec: RowSpec
    run: Run
    readable: bool


def match_rows(specs: list[RowSpec], found: list[Run], window: int = 5) -> list[Match]:
    """Runs matched to rows in layout order (see the module docstring).

    - A run that fits no row of the window may still jump further ahead when it fits a later
      row beyond doubt (its whole label and numbering), so a table whose first rows were lost
      is still read.
    - When a row's numbers come out *before* its wrapped label (a label cell centred on two
      lines), the previous row's run carries further lines of exactly one row's numbers: such
      a line goes to the next row of the layout if the words that follow are its label.
    - A label printed after its numbers is tried too (strictly: the first numbered item of the
      words that follow).
    - One row missing between two matched rows, with exactly one run of its numbers between
      them whose label is absent or only the group's label (the extractor moved the words
      elsewhere): that run is that row (:func:`_sandwiched`).
    """
    matches: list[Match] = []
    position = 0
    pending: list[tuple[int, Run]] = []  # unplaced runs, with the row expected at the time
    for index, run in enumerate(found):
        if position >= len(specs):
            break
        first_new = len(matches)
        unconfirmed: list[Run] = []
        following = found[index + 1].label if index + 1 < len(found) else ""
        for size, threshold in ((window, 0.5), (len(specs), 1.0)):
            candidates = specs[position : position + size]
            scored = [
                (_score(spec, run, i if size == window else 0), i, spec)
                for i, spec in enumerate(candidates)
            ]
            best, offset, spec = max(scored, key=lambda t: (t[0], -t[1]))
            orphans = _orphan_lines(run, spec.size)
            if orphans:
                run = Run(run.label, run.start, run.cells[spec.size - 1][2], run.cells[: spec.size])
            fits = len(run.cells) == spec.size
            if (best >= threshold and fits) or best >= threshold + 0.25:
                matches.append(Match(spec, run, fits))
                position += offset + 1
                for orphan in orphans:
                    if position < len(specs) and coverage(specs[position].label, following) >= 0.5:
                        matches.append(Match(specs[position], orphan, True))
                        position += 1
                    else:
                        unconfirmed.append(orphan)
                break
        else:
            piece = _first_item(following)
            if piece and position < len(specs):
                spec = specs[position]
                trial = Run(piece, run.start, run.end, run.cells)
                if len(run.cells) == spec.size and _score(spec, trial, 0) >= 0.75:
                    matches.append(Match(spec, run, True))
                    position += 1
        if len(matches) > first_new:
            if pending:
                _sandwiched(specs, matches, pending, first_new)
            pending = [(position, orphan) for orphan in unconfirmed]
        else:
            pending.append((position, run))
    return matches


def _sandwiched(specs: list[RowSpec], matches: list[Match], pending, first_new: int) -> None:
    if len(pending) != 1:
        return
    gap, run = pending[0]
    if gap + 1 >= len(specs) or specs.index(matches[first_new].spec) != gap + 1:
        return
    spec = specs[gap]
    _, group, item = _markers(run.label)
    unlabeled = not _CHINESE_RE.search(run.label)
    if len(run.cells) == spec.size and (
        unlabeled or (spec.group and group == spec.group and not item)
    ):
        matches.insert(first_new, Match(spec, run, True))


def _first_item(label: str) -> str:
    """The words up to the end of the first numbered item (``1.属于国家秘密`` of
    ``1.属于国家秘密2.其他法律…``), or up to the first item number."""
    items = list(_ITEM_RE.finditer(label))
    if not items:
        return label
    if items[0].start() > 0:
        return label[: items[0].start()]
    return label[: items[1].start()] if len(items) > 1 else label


def _orphan_lines(run: Run, size: int) -> list[Run]:
    """The whole lines of ``size`` numbers after the run's first ``size`` numbers."""
    count = len(run.cells)
    if count <= size or count % size:
        return []
    cuts = range(size, count, size)
    if not all(cut in run.breaks for cut in cuts):
        return []
    return [
        Run("", run.cells[cut][1], run.cells[cut + size - 1][2], run.cells[cut : cut + size])
        for cut in cuts
    ]


# --- the reading --------------------------------------------------------------------------------


@dataclass
class TableReading:
    values: dict[str, int | Decimal | None] = field(default_factory=dict)  # cell path → value
    evidence: dict[str, str] = field(default_factory=dict)  # cell path → source row
    rows: dict[str, str] = field(default_factory=dict)  # "applications.R1" → source row
    state: dict[str, str] = field(default_factory=dict)  # 二/三/四 → absent|empty|partial|read
    warnings: list[dict] = field(default_factory=list)
    unplaced: int = 0  # numbers in the tables' sections that fit no cell


def regions(text: Text) -> dict[str, tuple[int, int]]:
    """Where each table's section is: (end of its heading, start of the next heading)."""
    found = {}
    for name, pattern in HEADINGS.items():
        match = pattern.search(text.text)
        if match:
            found[name] = match
    result = {}
    order = ["二", "三", "四", "五"]
    for i, name in enumerate(order[:3]):
        if name not in found:
            continue
        start = found[name].end()
        ends = [
            found[n].start() for n in order[i + 1 :] if n in found and found[n].start() >= start
        ]
        result[name] = (start, min(ends) if ends else min(len(text.text), start + 6000))
    return result


def read_tables(text: Text, format: str | None) -> TableReading:
    reading = TableReading()
    where = regions(text)
    layout_format = format if format in ("2019", "2021") else "2021"
    for name in ("二", "三", "四"):
        if name not in where:
            reading.state[name] = "absent"
            continue
        start, end = where[name]
        found = runs(text, start, end)
        if name == "二" and not PROACTIVE_LAYOUTS.get(format or ""):
            reading.state[name] = "absent"  # pre-2019 reports have no table 二
            continue
        if name == "二":
            expected = _read_proactive(text, found, format, reading)
        elif name == "三":
            expected = _read_applications(text, found, layout_format, reading)
        else:
            expected = _read_remedies(text, found, reading)
        prefix = {"二": "proactive.", "三": "applications.", "四": "remedies."}[name]
        got = sum(1 for path in reading.values if path.startswith(prefix))
        reading.unplaced += max(0, sum(len(run.cells) for run in found) - got)
        if got == 0:
            reading.state[name] = "empty"
            reading.warnings.append(
                {
                    "rule": "table_empty",
                    "message": f"{TABLE_NAMES[name]}只有标题，没有可读的数字，各项按未知处理",
                    "cells": [],
                }
            )
        elif got < expected:
            reading.state[name] = "partial"
            reading.warnings.append(
                {
                    "rule": "table_partial",
                    "message": f"{TABLE_NAMES[name]}只读出{got}个数字（应有{expected}个），其余按未知处理",
                    "cells": [],
                }
            )
        else:
            reading.state[name] = "read"
    return reading


def _evidence_start(text: Text, run: Run, label: str) -> int:
    """Where the row's own label starts: header fragments before it are left out."""
    first_number = run.cells[0][1] if run.cells else run.end
    whole = coverage(label, text.text[run.start : first_number])
    position = first_number
    while True:
        position = text.text.rfind("\n", run.start, position)
        start = run.start if position < 0 else position + 1
        if coverage(label, text.text[start:first_number]) >= whole - 0.01 or start == run.start:
            return start
        position = position if position > run.start else run.start
        if position <= run.start:
            return run.start


def _store(
    reading: TableReading, text: Text, row: str, run: Run, paths: list[str], label: str = ""
) -> None:
    start = _evidence_start(text, run, label) if label else run.start
    snippet = text.snippet(start, run.end)
    reading.rows[row] = snippet
    for path, (value, _, _) in zip(paths, run.cells, strict=True):
        reading.values[path] = value
        reading.evidence[path] = snippet


def _unreadable(reading: TableReading, name: str, label: str, run: Run, size: int) -> None:
    reading.warnings.append(
        {
            "rule": "row_unreadable",
            "message": f"{TABLE_NAMES[name]}“{label}”一行找到{len(run.cells)}个数字（应有{size}个），该行按未知处理",
            "cells": [],
        }
    )


def _read_applications(text: Text, found: list[Run], format: str, reading: TableReading) -> int:
    specs = table3_specs(format)
    for match in match_rows(specs, found):
        code = match.spec.key
        if not match.readable:
            _unreadable(reading, "三", ROW_LABELS[code], match.run, 7)
            continue
        paths = [f"applications.{code}.{column}" for column in COLUMNS]
        _store(reading, text, f"applications.{code}", match.run, paths, match.spec.label)
    return len(specs) * len(COLUMNS)


def _read_proactive(text: Text, found: list[Run], format: str | None, reading: TableReading) -> int:
    layout = PROACTIVE_LAYOUTS.get(format or "", ())
    if not layout:
        return 0
    specs = [RowSpec(row.key, row.label, size=len(row.columns)) for row in layout]
    columns = {row.key: row for row in layout}
    for match in match_rows(specs, found, window=3):
        row = columns[match.spec.key]
        if not match.readable:
            _unreadable(reading, "二", row.label, match.run, len(row.columns))
            continue
        paths = [f"proactive.{row.key}.{key}" for key, _ in row.columns]
        _store(reading, text, f"proactive.{row.key}", match.run, paths, row.label)
        for path, (value, _, _) in zip(paths, match.run.cells, strict=True):
            if row.decimal and value is not None:
                reading.values[path] = Decimal(str(value))
    return sum(len(row.columns) for row in layout)


_REMEDY_LABELS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}


def _read_remedies(text: Text, found: list[Run], reading: TableReading) -> int:
    size = len(REMEDY_KINDS) * len(REMEDY_RESULTS)
    paths = [f"remedies.{kind}.{result}" for kind in REMEDY_KINDS for result in REMEDY_RESULTS]
    whole = [run for run in found if len(run.cells) == size]
    if whole:
        _store(reading, text, "remedies", whole[0], paths)
        return size
    # Transposed layouts: one run of five numbers per kind, labelled.
    for run in found:
        if len(run.cells) != len(REMEDY_RESULTS):
            continue
        label = _chinese(run.label)
        kind = (
            "litigation_after_review"
            if "复议后起诉" in label
            else "litigation_direct"
            if "直接起诉" in label or "未经复议" in label
            else "review"
            if label.endswith(("行政复议", "复议"))
            else None
        )
        if kind and f"remedies.{kind}.total" not in reading.values:
            _store(
                reading,
                text,
                f"remedies.{kind}",
                run,
                [f"remedies.{kind}.{r}" for r in REMEDY_RESULTS],
            )
    if not any(p.startswith("remedies.") for p in reading.values) and any(r.cells for r in found):
        reading.warnings.append(
            {
                "rule": "row_unreadable",
                "message": f"{TABLE_NAMES['四']}的数字无法对应到各列（应有{size}个），按未知处理",
                "cells": [],
            }
        )
    return size
