"""Hand-made reports for the ingest tests: one set of figures (written out below, consistent
by construction: every row adds up, R1 + R2 = R3.7 + R4) rendered as an HTML page, a DOCX and a
PDF (WeasyPrint, with and without ruling lines). Helpers, not tests."""

from __future__ import annotations

import io
from decimal import Decimal
from html import escape

from gongkai.reports.statistics import (
    COLUMN_LABELS,
    COLUMNS,
    OUTCOME_GROUPS,
    PROACTIVE_LAYOUTS,
    REMEDY_KINDS,
    REMEDY_RESULT_LABELS,
    REMEDY_RESULTS,
    ROW_LABELS,
    TABLE3_HEADER_NOTE,
    Statistics,
)

AGENCY = "江州市青山区教育局"
YEAR = 2023

#            NP   COM RES NGO LAW OTH  TOT
ROWS = {
    "R1":     (120, 8,  1,  0,  3,  2,  134),
    "R2":     (5,   1,  0,  0,  0,  0,  6),
    "R3.1":   (40,  3,  1,  0,  1,  0,  45),
    "R3.2":   (10,  1,  0,  0,  0,  0,  11),
    "R3.3.5": (2,   0,  0,  0,  0,  0,  2),
    "R3.3.6": (1,   0,  0,  0,  1,  0,  2),
    "R3.4.1": (50,  2,  0,  0,  1,  1,  54),
    "R3.4.2": (3,   0,  0,  0,  0,  0,  3),
    "R3.4.3": (1,   0,  0,  0,  0,  0,  1),
    "R3.5.1": (2,   0,  0,  0,  0,  0,  2),
    "R3.5.2": (4,   0,  0,  0,  0,  1,  5),
    "R3.6.1": (1,   0,  0,  0,  0,  0,  1),
    "R3.6.3": (2,   1,  0,  0,  0,  0,  3),
    "R3.7":   (116, 7,  1,  0,  3,  2,  129),
    "R4":     (9,   2,  0,  0,  0,  0,  11),
}  # fmt: skip
REMEDIES = {
    "review": (2, 1, 0, 1, 4),
    "litigation_direct": (1, 0, 0, 0, 1),
    "litigation_after_review": (0, 0, 1, 0, 1),
}
PROACTIVE = {
    "regulations": (0, 0, 0),
    "normative_documents": (5, 2, 37),
    "licensing": (1234,),
    "punishment": (56,),
    "enforcement": (0,),
    "fees": (Decimal("12.35"),),
}


def sample_statistics() -> Statistics:
    stats = Statistics.blank(organ=AGENCY, year=YEAR)  # every cell 0, then the figures above
    for row, values in ROWS.items():
        stats.applications[row] = dict(zip(COLUMNS, values, strict=True))
    for kind, values in REMEDIES.items():
        stats.remedies[kind] = dict(zip(REMEDY_RESULTS, values, strict=True))
    for row in PROACTIVE_LAYOUTS["2021"]:
        keys = [key for key, _ in row.columns]
        stats.proactive[row.key] = dict(zip(keys, PROACTIVE[row.key], strict=True))
    return stats


PROSE_TOP = (
    f"根据《中华人民共和国政府信息公开条例》规定，现公布{AGENCY}{YEAR}年政府信息公开工作年度报告。"
    f"本报告所列数据的统计期限为{YEAR}年1月1日至{YEAR}年12月31日。"
)
PROSE_OVERVIEW = (
    f"{YEAR}年，我局共收到政府信息公开申请134件，上年结转6件，办结129件，结转下年度继续办理11件。"
    "全年未收取信息处理费。"
)


def _cell(value) -> str:
    return str(value)


def table2_rows(stats: Statistics):
    """(block, label, headings, values) per row of table 二 (2021 layout)."""
    for row in PROACTIVE_LAYOUTS["2021"]:
        yield (
            row.block,
            row.label,
            [h for _, h in row.columns],
            [stats.proactive[row.key][k] for k, _ in row.columns],
        )


def table3_label_rows():
    """(cells of the label columns, row code) in the order of the official table."""
    yield ["一、本年新收政府信息公开申请数量"], "R1"
    yield ["二、上年结转政府信息公开申请数量"], "R2"
    for group, (group_label, codes) in OUTCOME_GROUPS.items():
        for index, code in enumerate(codes):
            cells = []
            if group == "R3.1" and index == 0:
                cells.append("三、本年度办理结果")
            if len(codes) == 1:
                cells.append(ROW_LABELS[code])
            else:
                if index == 0:
                    cells.append(group_label)
                cells.append(ROW_LABELS[code])
            yield cells, code
    yield [ROW_LABELS["R3.7"]], "R3.7"
    yield [ROW_LABELS["R4"]], "R4"


def report_html(stats: Statistics, *, ruled: bool = True, noise: bool = False) -> str:
    border = "1px solid #000" if ruled else "none"
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{AGENCY}{YEAR}年政府信息公开工作年度报告</title>",
        "<style>body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',sans-serif;font-size:10pt}"
        f"table{{border-collapse:collapse;margin:6pt 0}}td,th{{border:{border};padding:2pt 4pt;"
        "font-weight:normal}td.label{width:9em}@page{size:A4;margin:15mm}</style>",
        "<script>var nav = '首页 2099年 申请 999件';</script></head><body>",
    ]
    if noise:
        parts.append(
            "<div class='top-nav'><a href='/'>首页</a> <a>政务公开</a> <a>2024年工作要点</a></div>"
            "<nav><ul><li>机构概况</li><li>政策文件 共8888件</li></ul></nav>"
            "<div class='breadcrumb'>您现在的位置：首页 &gt; 政府信息公开 &gt; 年报</div>"
        )
    parts.append(f"<h1>{AGENCY}{YEAR}年政府信息公开工作年度报告</h1>")
    parts.append(f"<p>{PROSE_TOP}</p><p>一、总体情况</p><p>{PROSE_OVERVIEW}</p>")
    parts.append("<p>二、主动公开政府信息情况</p>")
    for block, label, headings, values in table2_rows(stats):
        parts.append("<table>")
        parts.append(f"<tr><th colspan='{len(headings) + 1}'>{block}</th></tr>")
        parts.append(
            "<tr><th>信息内容</th>" + "".join(f"<th>{escape(h)}</th>" for h in headings) + "</tr>"
        )
        parts.append(
            f"<tr><td>{label}</td>" + "".join(f"<td>{_cell(v)}</td>" for v in values) + "</tr>"
        )
        parts.append("</table>")
    parts.append("<p>三、收到和处理政府信息公开申请情况</p><table>")
    parts.append(
        f"<tr><th rowspan='3' colspan='3'>{TABLE3_HEADER_NOTE}</th><th colspan='7'>申请人情况</th></tr>"
        "<tr><th rowspan='2'>自然人</th><th colspan='5'>法人或其他组织</th><th rowspan='2'>总计</th></tr><tr>"
        + "".join(f"<th>{COLUMN_LABELS[c]}</th>" for c in COLUMNS[1:6])
        + "</tr>"
    )
    for cells, code in table3_label_rows():
        label = "".join(f"<td class='label'>{escape(c)}</td>" for c in cells)
        span = 3 - len(cells) + 1
        if span > 1:
            label = (
                label.rsplit("<td class='label'>", 1)[0]
                + f"<td class='label' colspan='{span}'>"
                + label.rsplit("<td class='label'>", 1)[1]
            )
        values = "".join(f"<td>{stats.applications[code][c]}</td>" for c in COLUMNS)
        parts.append(f"<tr>{label}{values}</tr>")
    parts.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
    parts.append(
        "<tr><th colspan='5' rowspan='2'>行政复议</th><th colspan='10'>行政诉讼</th></tr>"
        "<tr><th colspan='5'>未经复议直接起诉</th><th colspan='5'>复议后起诉</th></tr><tr>"
        + "".join(f"<th>{REMEDY_RESULT_LABELS[r]}</th>" for r in REMEDY_RESULTS) * 3
        + "</tr><tr>"
        + "".join(
            f"<td>{stats.remedies[kind][r]}</td>" for kind in REMEDY_KINDS for r in REMEDY_RESULTS
        )
        + "</tr></table>"
    )
    parts.append("<p>五、存在的主要问题及改进情况</p><p>信息公开的及时性仍需提高。</p>")
    parts.append("<p>六、其他需要报告的事项</p><p>无。</p>")
    if noise:
        parts.append(
            "<div class='footer'>版权所有：江州市青山区人民政府 网站标识码：4401150002 "
            "联系电话：020-12345</div><div id='share'>分享到：微信 微博</div>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def report_pdf(stats: Statistics, *, ruled: bool = True) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(stats, ruled=ruled)).write_pdf()


def report_docx(stats: Statistics) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(f"{AGENCY}{YEAR}年政府信息公开工作年度报告", level=1)
    document.add_paragraph(PROSE_TOP)
    document.add_paragraph("一、总体情况")
    document.add_paragraph(PROSE_OVERVIEW)
    document.add_paragraph("二、主动公开政府信息情况")
    for block, label, headings, values in table2_rows(stats):
        table = document.add_table(rows=3, cols=len(headings) + 1)
        merged = table.cell(0, 0).merge(table.cell(0, len(headings)))
        merged.text = block
        table.cell(1, 0).text = "信息内容"
        table.cell(2, 0).text = label
        for i, (heading, value) in enumerate(zip(headings, values, strict=True), start=1):
            table.cell(1, i).text = heading
            table.cell(2, i).text = str(value)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    label_rows = list(table3_label_rows())
    table = document.add_table(rows=3 + len(label_rows), cols=10)
    table.cell(0, 0).merge(table.cell(2, 2)).text = TABLE3_HEADER_NOTE
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for i, column in enumerate(COLUMNS[1:6], start=4):
        table.cell(2, i).text = COLUMN_LABELS[column]
    for r, (cells, code) in enumerate(label_rows, start=3):
        if len(cells) == 1:
            table.cell(r, 0).merge(table.cell(r, 2)).text = cells[0]
        elif len(cells) == 2:
            table.cell(r, 0).text = cells[0]
            table.cell(r, 1).merge(table.cell(r, 2)).text = cells[1]
        else:
            for i, text in enumerate(cells):
                table.cell(r, i).text = text
        for i, column in enumerate(COLUMNS, start=3):
            table.cell(r, i).text = str(stats.applications[code][column])
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=4, cols=15)
    table.cell(0, 0).merge(table.cell(1, 4)).text = "行政复议"
    table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
    table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
    table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
    for k, kind in enumerate(REMEDY_KINDS):
        for j, result in enumerate(REMEDY_RESULTS):
            table.cell(2, 5 * k + j).text = REMEDY_RESULT_LABELS[result]
            table.cell(3, 5 * k + j).text = str(stats.remedies[kind][result])
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("信息公开的及时性仍需提高。")
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("无。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
