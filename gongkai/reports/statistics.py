"""The canonical statistics model of the annual report (政府信息公开工作年度报告).

One model serves generation (computed from Gongkai's records), parsing (published reports read
back), checks and rendering. Pure: no ORM. Layouts and labels follow spec §3 (国办公开办函〔2021〕
30号 for 2021+ reports; 国办公开办函〔2019〕60号 试行格式 for the 2019 and 2020 reports).

- ``applications`` — table 三: row code → column → count. Row codes ``R1`` … ``R4`` (spec §3.4),
  columns ``NP`` 自然人, ``COM`` 商业企业, ``RES`` 科研机构, ``NGO`` 社会公益组织, ``LAW`` 法律服务机构,
  ``OTH`` 其他, ``TOT`` 总计. In the 2019 format （六）其他处理 is one undivided row: its figure is
  carried in ``R3.6.3`` and ``R3.6.1``/``R3.6.2`` are null.
- ``remedies`` — table 四: ``review``, ``litigation_direct``, ``litigation_after_review`` ×
  ``upheld`` 结果维持, ``corrected`` 结果纠正, ``other`` 其他结果, ``pending`` 尚未审结, ``total`` 总计.
- ``proactive`` — table 二, in the layout of the report's format (:data:`PROACTIVE_LAYOUTS`).

A cell is ``None`` when unknown (a parsed report that does not state it); generated reports have
every cell. ``evidence`` maps a cell path (``applications.R1.NP``) to the source snippet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Number = int | Decimal

# --- table 三 -----------------------------------------------------------------------------------

APPLICANT_COLUMNS = ("NP", "COM", "RES", "NGO", "LAW", "OTH")
COLUMNS = (*APPLICANT_COLUMNS, "TOT")
COLUMN_LABELS = {
    "NP": "自然人",
    "COM": "商业企业",
    "RES": "科研机构",
    "NGO": "社会公益组织",
    "LAW": "法律服务机构",
    "OTH": "其他",
    "TOT": "总计",
}

ROW_LABELS: dict[str, str] = {
    "R1": "一、本年新收政府信息公开申请数量",
    "R2": "二、上年结转政府信息公开申请数量",
    "R3.1": "（一）予以公开",
    "R3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "R3.3.1": "1.属于国家秘密",
    "R3.3.2": "2.其他法律行政法规禁止公开",
    "R3.3.3": "3.危及“三安全一稳定”",
    "R3.3.4": "4.保护第三方合法权益",
    "R3.3.5": "5.属于三类内部事务信息",
    "R3.3.6": "6.属于四类过程性信息",
    "R3.3.7": "7.属于行政执法案卷",
    "R3.3.8": "8.属于行政查询事项",
    "R3.4.1": "1.本机关不掌握相关政府信息",
    "R3.4.2": "2.没有现成信息需要另行制作",
    "R3.4.3": "3.补正后申请内容仍不明确",
    "R3.5.1": "1.信访举报投诉类申请",
    "R3.5.2": "2.重复申请",
    "R3.5.3": "3.要求提供公开出版物",
    "R3.5.4": "4.无正当理由大量反复申请",
    "R3.5.5": "5.要求行政机关确认或重新出具已获取信息",
    "R3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "R3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "R3.6.3": "3.其他",
    "R3.7": "（七）总计",
    "R4": "四、结转下年度继续办理",
}
ROW_CODES = tuple(ROW_LABELS)
OUTCOME_ROWS = tuple(code for code in ROW_CODES if code.startswith("R3.") and code != "R3.7")

# The groups of table 三's section 三 (本年度办理结果), for rendering and summaries.
OUTCOME_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "R3.1": ("（一）予以公开", ("R3.1",)),
    "R3.2": ("（二）部分公开", ("R3.2",)),
    "R3.3": ("（三）不予公开", tuple(f"R3.3.{i}" for i in range(1, 9))),
    "R3.4": ("（四）无法提供", tuple(f"R3.4.{i}" for i in range(1, 4))),
    "R3.5": ("（五）不予处理", tuple(f"R3.5.{i}" for i in range(1, 6))),
    "R3.6": ("（六）其他处理", tuple(f"R3.6.{i}" for i in range(1, 4))),
}
TABLE3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# --- table 四 -----------------------------------------------------------------------------------

REMEDY_KINDS = ("review", "litigation_direct", "litigation_after_review")
REMEDY_KIND_LABELS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
REMEDY_RESULTS = ("upheld", "corrected", "other", "pending", "total")
REMEDY_RESULT_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

# --- table 二 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProactiveRow:
    key: str
    label: str
    block: str  # 第二十条第（一）项 …
    columns: tuple[tuple[str, str], ...]  # (key, heading)
    decimal: bool = False


PROACTIVE_LAYOUTS: dict[str, tuple[ProactiveRow, ...]] = {
    "2021": (
        ProactiveRow(
            "regulations",
            "规章",
            "第二十条第（一）项",
            (
                ("issued", "本年制发件数"),
                ("repealed", "本年废止件数"),
                ("in_force", "现行有效件数"),
            ),
        ),
        ProactiveRow(
            "normative_documents",
            "行政规范性文件",
            "第二十条第（一）项",
            (
                ("issued", "本年制发件数"),
                ("repealed", "本年废止件数"),
                ("in_force", "现行有效件数"),
            ),
        ),
        ProactiveRow(
            "licensing", "行政许可", "第二十条第（五）项", (("decisions", "本年处理决定数量"),)
        ),
        ProactiveRow(
            "punishment", "行政处罚", "第二十条第（六）项", (("decisions", "本年处理决定数量"),)
        ),
        ProactiveRow(
            "enforcement", "行政强制", "第二十条第（六）项", (("decisions", "本年处理决定数量"),)
        ),
        ProactiveRow(
            "fees",
            "行政事业性收费",
            "第二十条第（八）项",
            (("amount", "本年收费金额（单位：万元）"),),
            decimal=True,
        ),
    ),
    "2019": (
        ProactiveRow(
            "regulations",
            "规章",
            "第二十条第（一）项",
            (
                ("new_made", "本年新制作数量"),
                ("new_published", "本年新公开数量"),
                ("total_published", "对外公开总数量"),
            ),
        ),
        ProactiveRow(
            "normative_documents",
            "规范性文件",
            "第二十条第（一）项",
            (
                ("new_made", "本年新制作数量"),
                ("new_published", "本年新公开数量"),
                ("total_published", "对外公开总数量"),
            ),
        ),
        ProactiveRow(
            "licensing",
            "行政许可",
            "第二十条第（五）项",
            (
                ("last_year_items", "上一年项目数量"),
                ("change", "本年增/减"),
                ("decisions", "处理决定数量"),
            ),
        ),
        ProactiveRow(
            "other_services",
            "其他对外管理服务事项",
            "第二十条第（五）项",
            (
                ("last_year_items", "上一年项目数量"),
                ("change", "本年增/减"),
                ("decisions", "处理决定数量"),
            ),
        ),
        ProactiveRow(
            "punishment",
            "行政处罚",
            "第二十条第（六）项",
            (
                ("last_year_items", "上一年项目数量"),
                ("change", "本年增/减"),
                ("decisions", "处理决定数量"),
            ),
        ),
        ProactiveRow(
            "enforcement",
            "行政强制",
            "第二十条第（六）项",
            (
                ("last_year_items", "上一年项目数量"),
                ("change", "本年增/减"),
                ("decisions", "处理决定数量"),
            ),
        ),
        ProactiveRow(
            "fees",
            "行政事业性收费",
            "第二十条第（八）项",
            (("last_year_items", "上一年项目数量"), ("change", "本年增/减")),
        ),
        ProactiveRow(
            "procurement",
            "政府集中采购",
            "第二十条第（九）项",
            (("items", "采购项目数量"), ("amount", "采购总金额")),
        ),
    ),
    "pre2019": (),
}

# Columns that may be negative (本年增/减).
SIGNED_PROACTIVE_COLUMNS = frozenset({"change"})


def format_for_year(year: int) -> str:
    """Reports for 2021 and later use the 2021 format; 2019–2020 the 2019 试行 format; earlier
    years the free-text formats (spec §8 item 13)."""
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "pre2019"


# --- the model ----------------------------------------------------------------------------------


@dataclass
class Statistics:
    organ: str
    year: int
    format: str
    organ_code: str | None = None
    applications: dict[str, dict[str, int | None]] = field(default_factory=dict)
    remedies: dict[str, dict[str, int | None]] = field(default_factory=dict)
    proactive: dict[str, dict[str, Number | None]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    @classmethod
    def blank(
        cls,
        *,
        organ: str,
        year: int,
        format: str | None = None,
        organ_code: str | None = None,
        fill: int | None = 0,
    ) -> Statistics:
        """Every cell of the format's tables present, set to ``fill`` (0 to compute into, None
        for a parsed report whose cells are unknown until found)."""
        format = format or format_for_year(year)
        stats = cls(organ=organ, year=year, format=format, organ_code=organ_code)
        stats.applications = {row: dict.fromkeys(COLUMNS, fill) for row in ROW_CODES}
        if format == "2019":
            for row in ("R3.6.1", "R3.6.2"):
                stats.applications[row] = dict.fromkeys(COLUMNS, None)
        stats.remedies = {kind: dict.fromkeys(REMEDY_RESULTS, fill) for kind in REMEDY_KINDS}
        stats.proactive = {
            row.key: {
                key: (Decimal(0) if row.decimal and fill == 0 else fill) for key, _ in row.columns
            }
            for row in PROACTIVE_LAYOUTS.get(format, ())
        }
        return stats

    # --- cells ---

    def get(self, path: str):
        """A cell by path: ``applications.R3.3.1.NP``, ``remedies.review.total``,
        ``proactive.licensing.decisions`` (row codes contain dots; the column is the last part)."""
        table, row, column = split_path(path)
        return getattr(self, table)[row][column]

    def set(self, path: str, value, evidence: str | None = None) -> None:
        table, row, column = split_path(path)
        getattr(self, table).setdefault(row, {})[column] = value
        if evidence:
            self.evidence[path] = evidence

    def cells(self):
        """(path, value) for every cell."""
        for table in ("applications", "remedies", "proactive"):
            for row, columns in getattr(self, table).items():
                for column, value in columns.items():
                    yield f"{table}.{row}.{column}", value

    # --- serialisation ---

    def to_dict(self) -> dict[str, Any]:
        return {
            "organ": self.organ,
            "organ_code": self.organ_code,
            "year": self.year,
            "format": self.format,
            "proactive": {
                row: {col: (float(v) if isinstance(v, Decimal) else v) for col, v in cols.items()}
                for row, cols in self.proactive.items()
            },
            "applications": {row: dict(cols) for row, cols in self.applications.items()},
            "remedies": {kind: dict(cols) for kind, cols in self.remedies.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statistics:
        layout = {row.key: row for row in PROACTIVE_LAYOUTS.get(data.get("format") or "", ())}
        proactive = {
            row: {
                col: (
                    Decimal(str(v))
                    if v is not None and layout.get(row) and layout[row].decimal
                    else v
                )
                for col, v in cols.items()
            }
            for row, cols in (data.get("proactive") or {}).items()
        }
        return cls(
            organ=data["organ"],
            organ_code=data.get("organ_code"),
            year=data["year"],
            format=data["format"],
            applications={
                row: dict(cols) for row, cols in (data.get("applications") or {}).items()
            },
            remedies={kind: dict(cols) for kind, cols in (data.get("remedies") or {}).items()},
            proactive=proactive,
            evidence=dict(data.get("evidence") or {}),
        )


def add(a: Statistics, b: Statistics) -> Statistics:
    """Cell-wise sum (a government's roll-up of its sub-organs). Unknown (None) stays unknown."""
    if (a.year, a.format) != (b.year, b.format):
        raise ValueError("只能合计同一年度、同一格式的统计")
    total = Statistics.from_dict(a.to_dict())
    total.evidence = {}
    for path, value in b.cells():
        mine = total.get(path) if _has(total, path) else 0
        total.set(path, None if mine is None or value is None else mine + value)
    return total


def split_path(path: str) -> tuple[str, str, str]:
    table, rest = path.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table, row, column


def _has(stats: Statistics, path: str) -> bool:
    table, row, column = split_path(path)
    return column in getattr(stats, table).get(row, {})
