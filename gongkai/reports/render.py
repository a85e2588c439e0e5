"""Rendering an annual report: data (the statistics and the narrative) is separate from its
forms — HTML (the public page, accessible tables), PDF (that HTML with a CJK font embedded),
DOCX (python-docx, merged header cells like the official format) and JSON (the CLI contract)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from django.template.loader import render_to_string

from gongkai.core.documents import CJK_FONTS, _DocxBuilder, html_to_pdf
from gongkai.reports import layout
from gongkai.reports.checks import CheckFailure
from gongkai.reports.statistics import Statistics

FORMAT_NOTICES = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）",
    "pre2019": "有关规定",
}


@dataclass
class ReportDocument:
    """Everything a renderer needs, as plain data."""

    stats: Statistics
    overview: str
    problems: str
    other_matters: str
    checks: list[CheckFailure] = field(default_factory=list)
    version: int = 1
    state: str = "draft"
    correction_note: str = ""

    @property
    def title(self) -> str:
        return f"{self.stats.organ}{self.stats.year}年政府信息公开工作年度报告"

    @property
    def intro(self) -> str:
        return (
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            f"{FORMAT_NOTICES.get(self.stats.format, '有关规定')}要求编制。全文包括总体情况、主动公开政府信息情况、"
            f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
            f"其他需要报告的事项。本报告中所列数据的统计期限自{self.stats.year}年1月1日起至{self.stats.year}年12月31日止。"
        )

    def grids(self) -> list[layout.Grid]:
        return [layout.table2(self.stats), layout.table3(self.stats), layout.table4(self.stats)]


PRINT_CSS = f"""
@page {{ size: A4; margin: 20mm 16mm 18mm 16mm;
        @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; }} }}
body {{ font-family: {CJK_FONTS}; font-size: 11pt; line-height: 1.7; }}
h1 {{ font-size: 17pt; text-align: center; margin: 0 0 10pt; }}
h2 {{ font-size: 13pt; margin: 12pt 0 4pt; }}
h3 {{ font-size: 11.5pt; margin: 6pt 0 2pt; }}
p {{ margin: 0 0 5pt; text-indent: 2em; text-align: justify; }}
table.report {{ border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 8.5pt; line-height: 1.35;
                page-break-inside: auto; }}
table.report caption {{ height: 0; overflow: hidden; padding: 0; }}
table.report th, table.report td {{ border: 0.6pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; }}
table.report th {{ font-weight: normal; }}
table.report tr {{ page-break-inside: avoid; }}
.report-meta {{ text-align: center; color: #444; font-size: 9pt; text-indent: 0; }}
"""


def render_html(doc: ReportDocument, *, standalone: bool = True, cell_url=None) -> str:
    return render_to_string(
        "reports/document.html" if standalone else "reports/_body.html",
        {"doc": doc, "grids": doc.grids(), "cell_url": cell_url, "css": PRINT_CSS},
    )


def render_pdf(doc: ReportDocument) -> bytes:
    return html_to_pdf(render_html(doc), css=PRINT_CSS)


def render_json(doc: ReportDocument) -> dict:
    """The CLI contract of issue #4: organ, year, format, proactive, applications (every row code
    with NP…TOT), remedies, checks (failed ones: rule, cells, message)."""
    data = doc.stats.to_dict()
    return {
        "organ": data["organ"],
        "organ_code": data["organ_code"],
        "year": data["year"],
        "format": data["format"],
        "version": doc.version,
        "state": doc.state,
        "proactive": data["proactive"],
        "applications": data["applications"],
        "remedies": data["remedies"],
        "checks": [c.as_dict() for c in doc.checks],
    }


# --- DOCX -------------------------------------------------------------------------------------


def _font(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = "Noto Serif CJK SC"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _docx_table(document, grid: layout.Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    placed = [entry for row in layout.expand(grid) for entry in row]
    # merge first, then look the cells up once: python-docx's ``table.cell`` rebuilds the whole
    # cell list on every call, which made a report's three tables take seconds
    rows = table.rows
    for r, c, cell in placed:
        if cell.rowspan > 1 or cell.colspan > 1:
            last = rows[r + cell.rowspan - 1].cells[c + cell.colspan - 1]
            rows[r].cells[c].merge(last)
    cells = table._cells
    for r, c, cell in placed:
        paragraph = cells[r * grid.columns + c].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(cell.text), 8)


def render_docx(doc: ReportDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(1.8)
    normal = document.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), 16, bold=True)
    if doc.correction_note:
        _font(
            document.add_paragraph().add_run(
                f"（更正版，第{doc.version}版：{doc.correction_note}）"
            ),
            9,
        )
    document.add_paragraph(doc.intro)
    builder = _DocxBuilder(document)
    grids = doc.grids()
    for heading, body in (
        ("一、总体情况", doc.overview),
        ("二、主动公开政府信息情况", grids[0]),
        ("三、收到和处理政府信息公开申请情况", grids[1]),
        ("四、政府信息公开行政复议、行政诉讼情况", grids[2]),
        ("五、存在的主要问题及改进情况", doc.problems),
        ("六、其他需要报告的事项", doc.other_matters),
    ):
        _font(document.add_paragraph().add_run(heading), 13, bold=True)
        if isinstance(body, layout.Grid):
            _docx_table(document, body)
        else:
            builder.paragraph = None
            builder.feed(body or "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
