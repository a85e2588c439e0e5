"""The official table layouts of the annual report as grids of cells (spans, headers, the model
path of each figure) — one definition for every renderer (HTML, DOCX, PDF via HTML).

Layouts follow the format notices (国办公开办函〔2021〕30号; 〔2019〕60号 试行) as published
(seed 004 shows the 2019 layout with its merged header cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.reports.statistics import (
    APPLICANT_COLUMNS,
    COLUMN_LABELS,
    PROACTIVE_LAYOUTS,
    REMEDY_KINDS,
    REMEDY_RESULT_LABELS,
    REMEDY_RESULTS,
    ROW_LABELS,
    TABLE3_HEADER_NOTE,
    Statistics,
)


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: str = ""  # col, colgroup, row, rowgroup (for accessible HTML)
    path: str = ""  # the model cell shown here (figures only)


@dataclass
class Grid:
    caption: str
    columns: int
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0


def number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        text = f"{Decimal(str(value)):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _value(stats: Statistics, path: str) -> Cell:
    return Cell(number_text(stats.get(path)), path=path)


def table2(stats: Statistics) -> Grid:
    """二、主动公开政府信息情况 — blocks by Art. 20 item, four columns."""
    grid = Grid("二、主动公开政府信息情况", 4)
    block = None
    for row in PROACTIVE_LAYOUTS.get(stats.format, ()):
        if row.block != block:
            block = row.block
            grid.rows.append([Cell(block, colspan=4, header=True, scope="colgroup")])
            headings = [Cell("信息内容", header=True, scope="col")]
            for n, (_, heading) in enumerate(row.columns):
                span = 3 - len(row.columns) + 1 if n == len(row.columns) - 1 else 1
                headings.append(Cell(heading, colspan=span, header=True, scope="col"))
            grid.rows.append(headings)
        cells = [Cell(row.label, header=True, scope="row")]
        for n, (key, _) in enumerate(row.columns):
            cell = _value(stats, f"proactive.{row.key}.{key}")
            cell.colspan = 3 - len(row.columns) + 1 if n == len(row.columns) - 1 else 1
            cells.append(cell)
        grid.rows.append(cells)
    return grid


def table3(stats: Statistics) -> Grid:
    """三、收到和处理政府信息公开申请情况 — three label columns and seven figure columns."""
    grid = Grid("三、收到和处理政府信息公开申请情况", 10, header_rows=3)
    grid.rows.append(
        [
            Cell(TABLE3_HEADER_NOTE, rowspan=3, colspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True, scope="colgroup"),
        ]
    )
    grid.rows.append(
        [
            Cell(COLUMN_LABELS["NP"], rowspan=2, header=True, scope="col"),
            Cell("法人或其他组织", colspan=5, header=True, scope="colgroup"),
            Cell(COLUMN_LABELS["TOT"], rowspan=2, header=True, scope="col"),
        ]
    )
    grid.rows.append(
        [Cell(COLUMN_LABELS[c], header=True, scope="col") for c in APPLICANT_COLUMNS[1:]]
    )

    def figures(code: str) -> list[Cell]:
        return [_value(stats, f"applications.{code}.{c}") for c in (*APPLICANT_COLUMNS, "TOT")]

    undivided_other = stats.format == "2019"
    groups = [
        ("R3.1", "（一）予以公开", ["R3.1"]),
        ("R3.2", ROW_LABELS["R3.2"], ["R3.2"]),
        ("R3.3", "（三）不予公开", [f"R3.3.{i}" for i in range(1, 9)]),
        ("R3.4", "（四）无法提供", [f"R3.4.{i}" for i in range(1, 4)]),
        ("R3.5", "（五）不予处理", [f"R3.5.{i}" for i in range(1, 6)]),
        (
            "R3.6",
            "（六）其他处理",
            ["R3.6.3"] if undivided_other else [f"R3.6.{i}" for i in range(1, 4)],
        ),
        ("R3.7", "（七）总计", ["R3.7"]),
    ]
    section_rows = sum(len(codes) for _, _, codes in groups)
    grid.rows.append([Cell(ROW_LABELS["R1"], colspan=3, header=True, scope="row"), *figures("R1")])
    grid.rows.append([Cell(ROW_LABELS["R2"], colspan=3, header=True, scope="row"), *figures("R2")])
    first = True
    for _key, label, codes in groups:
        for n, code in enumerate(codes):
            row: list[Cell] = []
            if first:
                row.append(
                    Cell("三、本年度办理结果", rowspan=section_rows, header=True, scope="rowgroup")
                )
                first = False
            single = len(codes) == 1
            if single:
                row.append(Cell(label, colspan=2, header=True, scope="row"))
            else:
                if n == 0:
                    row.append(Cell(label, rowspan=len(codes), header=True, scope="rowgroup"))
                row.append(Cell(ROW_LABELS[code], header=True, scope="row"))
            row.extend(figures(code))
            grid.rows.append(row)
    grid.rows.append([Cell(ROW_LABELS["R4"], colspan=3, header=True, scope="row"), *figures("R4")])
    return grid


def table4(stats: Statistics) -> Grid:
    """四、政府信息公开行政复议、行政诉讼情况 — one row of fifteen figures."""
    grid = Grid("四、政府信息公开行政复议、行政诉讼情况", 15, header_rows=3)
    results = [REMEDY_RESULT_LABELS[r] for r in REMEDY_RESULTS]
    grid.rows.append(
        [
            Cell("行政复议", colspan=5, header=True, scope="colgroup"),
            Cell("行政诉讼", colspan=10, header=True, scope="colgroup"),
        ]
    )
    grid.rows.append(
        [
            *(Cell(r, rowspan=2, header=True, scope="col") for r in results),
            Cell("未经复议直接起诉", colspan=5, header=True, scope="colgroup"),
            Cell("复议后起诉", colspan=5, header=True, scope="colgroup"),
        ]
    )
    grid.rows.append([Cell(r, header=True, scope="col") for r in results * 2])
    grid.rows.append(
        [
            _value(stats, f"remedies.{kind}.{result}")
            for kind in REMEDY_KINDS
            for result in REMEDY_RESULTS
        ]
    )
    return grid


def expand(grid: Grid) -> list[list[tuple[int, int, Cell]]]:
    """Place each cell on the full grid: rows of (row, column, cell) for the cell's top-left
    position, respecting the spans of cells above (used by the DOCX renderer)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid.rows):
        c = 0
        out = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        placed.append(out)
    return placed
