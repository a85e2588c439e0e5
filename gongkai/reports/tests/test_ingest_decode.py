"""Bytes → text: encodings detected, HTML noise dropped, tables of DOCX and PDF kept as rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongkai.reports.ingest.decode import UnreadableReport, decode, decode_text, html_to_text

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = "江州市青山区民政局2020年政府信息公开工作年度报告。我局共收到政府信息公开申请33件。" * 2


@pytest.mark.parametrize(
    ("data", "encodings"),
    [
        (REPORT.encode("utf-8"), {"utf-8"}),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), {"utf-8-sig"}),
        (REPORT.encode("utf-16"), {"utf-16"}),
        (REPORT.encode("gbk"), {"gb18030"}),
        (REPORT.encode("gb18030"), {"gb18030"}),
        (
            "江州市青山區衛生健康局2022年政府信息公開工作年度報告。本局共受理政府信息公開申請45件。".encode(
                "big5"
            ),
            {"big5"},
        ),
    ],
)
def test_encodings_are_detected_not_assumed(data, encodings):
    text, encoding = decode_text(data)
    assert encoding in encodings
    assert "政府信息公" in text


def test_gbk_and_big5_fixture_files():
    gbk = decode((FIXTURES / "gbk_report.txt").read_bytes(), "gbk_report.txt")
    assert gbk.encoding == "gb18030" and gbk.text.startswith("江州市青山区民政局2020年")
    big5 = decode((FIXTURES / "big5_report.txt").read_bytes(), "big5_report.txt")
    assert big5.encoding == "big5" and big5.text.startswith("江州市青山區衛生健康局2022年")


def test_html_charset_declared_in_meta():
    page = "<html><head><meta charset='gb2312'></head><body><p>" + REPORT + "</p></body></html>"
    decoded = decode(page.encode("gb2312"), "page.htm")
    assert decoded.kind == "html" and decoded.encoding == "gb18030"
    assert REPORT in decoded.text


def test_html_navigation_scripts_and_footer_are_dropped():
    decoded = decode((FIXTURES / "nav_noise.html").read_bytes(), "nav_noise.html")
    assert decoded.kind == "html"
    text = decoded.text
    assert "本局共受理政府信息公开申请8件" in text
    for noise in (
        "999件",
        "8888件",
        "您现在的位置",
        "2023年政府信息公开",
        "网站标识码",
        "分享到",
        "125000条",
    ):
        assert noise not in text
    assert (
        decoded.hints["title"] == "江州市青山区人力资源和社会保障局2021年政府信息公开工作年度报告"
    )
    assert decoded.hints["site"] == "江州市青山区人民政府"
    # table rows are lines with tab-separated cells
    assert "一、本年新收政府信息公开申请数量\t7\t0\t0\t0\t1\t0\t8" in text


def test_html_to_text_blocks_and_cells():
    text, _ = html_to_text(
        "<div>一、总体情况<p>第一段</p></div><table><tr><td>规章</td><td>0</td></tr></table>"
    )
    assert text.split("\n") == ["一、总体情况", "第一段", "规章\t0"]


def test_docx_paragraphs_and_tables_in_order():
    import docx

    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况" * 2)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "申请人情况"
    table.cell(1, 0).text = "一、本年新收政府信息公开\n申请数量"
    table.cell(1, 1).text = "12"
    table.cell(1, 2).text = "12"
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buffer = io.BytesIO()
    document.save(buffer)
    decoded = decode(buffer.getvalue(), "report.docx")
    assert decoded.kind == "docx"
    lines = decoded.text.split("\n")
    # a merged cell once; a label wrapped inside its cell joined again
    assert lines[1:] == [
        "申请人情况",
        "一、本年新收政府信息公开申请数量\t12\t12",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "为空"),
        (b"   \n", "为空"),
        (bytes(range(256)) * 4, "不是文本"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
        (b"%PDF-1.7\n garbage that is not a pdf", "PDF"),
        (b"PK\x03\x04 broken zip", "DOCX"),
        (b"plain English text only, no Chinese at all. " * 10, "中文"),
    ],
)
def test_unreadable_files_say_why(data, message):
    with pytest.raises(UnreadableReport, match=message.replace(".", r"\.")):
        decode(data, "x")


def test_a_zip_that_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableReport, match="不是 DOCX"):
        decode(buffer.getvalue(), "x.zip")


def test_pdf_text_and_ruled_tables(sample_pdf):
    decoded = decode(sample_pdf, "report.pdf")
    assert decoded.kind == "pdf"
    assert "江州市青山区教育局2023年政府信息公开工作年度报告" in decoded.text
    # the fast reading: a table row is a line of label and numbers
    assert "一、本年新收政府信息公开申请数量 120 8 1 0 3 2 134" in decoded.text
    # the second, table-aware reading: ruled cells separated by tabs
    assert "一、本年新收政府信息公开申请数量\t120\t8\t1\t0\t3\t2\t134" in decoded.reread()


def test_pdf_without_text_layer_is_unreadable():
    from weasyprint import HTML

    blank = HTML(string="<html><body><div style='height:10px'></div></body></html>").write_pdf()
    with pytest.raises(UnreadableReport, match="扫描件"):
        decode(blank, "scan.pdf")


def test_docx_report_inside_a_layout_table():
    import docx

    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "四、政府信息公开行政复议、行政诉讼情况"
    inner = cell.add_table(rows=1, cols=3)
    for i, text in enumerate(["行政复议", "1", "1"]):
        inner.cell(0, i).text = text
    cell.add_paragraph("五、存在的主要问题及改进情况" * 2)
    buffer = io.BytesIO()
    document.save(buffer)
    lines = decode(buffer.getvalue(), "r.docx").text.split("\n")
    assert lines == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t1\t1",
        "",  # Word keeps a paragraph after a table in a cell
        "五、存在的主要问题及改进情况" * 2,
    ]
