"""Tables 二, 三, 四 from text whose layout fell apart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.reports.ingest.normalise import normalise
from gongkai.reports.ingest.tables import coverage, read_tables

FIXTURES = Path(__file__).parent / "fixtures"
HEAD3 = "三、收到和处理政府信息公开申请情况\n"
HEAD4 = "四、政府信息公开行政复议、行政诉讼情况\n"
HEAD5 = "五、存在的主要问题及改进情况\n"


def read(text: str, format: str = "2021"):
    norm, _ = normalise(text)
    return read_tables(norm, format)


def test_broken_pdf_style_table_is_read_completely():
    reading = read((FIXTURES / "broken_table.txt").read_text())
    assert reading.state == {"二": "read", "三": "read", "四": "read"}
    v = reading.values
    # 一、本年新收政府信息公开申请数量 18 3 0 1 0 0 22
    assert [
        v[f"applications.R1.{c}"] for c in ("NP", "COM", "RES", "NGO", "LAW", "OTH", "TOT")
    ] == [18, 3, 0, 1, 0, 0, 22]
    # 二、上年结转…数 / 量 / then seven numbers, one per line
    assert v["applications.R2.NP"] == 2 and v["applications.R2.TOT"] == 2
    # （二）部分公开（区分处理的，只计这一情 / 2 0 0 0 0 0 2 / 形，不计其他情形）
    assert v["applications.R3.2.TOT"] == 2
    # 6.属于四类过程性信息 1 … 1 ; the page number “- 2 -” after row 8 is not a cell
    assert v["applications.R3.3.6.TOT"] == 1 and v["applications.R3.3.8.TOT"] == 0
    # （四）无法 1.本机关不掌握相关政府 5 1 0 1 0 0 7
    assert v["applications.R3.4.1.NGO"] == 1 and v["applications.R3.4.1.TOT"] == 7
    assert v["applications.R3.5.3.TOT"] == 1
    # （六）其他 1.申请人无正当理由逾期 … is item 1, not “3.其他”
    assert v["applications.R3.6.1.TOT"] == 0
    assert v["applications.R3.6.3.COM"] == 1
    assert v["applications.R3.7.TOT"] == 22 and v["applications.R4.TOT"] == 2
    # table 四: fifteen numbers on their own lines; 尚未审结 1, 总计 1
    assert v["remedies.review.pending"] == 1 and v["remedies.review.total"] == 1
    assert v["remedies.litigation_after_review.total"] == 0
    # table 二: 行政规范性 / 文件 split; 万元 amount is a decimal
    assert (v["proactive.normative_documents.issued"], v["proactive.normative_documents.repealed"],
            v["proactive.normative_documents.in_force"]) == (2, 1, 14)  # fmt: skip
    assert v["proactive.punishment.decisions"] == 3
    assert v["proactive.fees.amount"] == Decimal("0.85")
    assert reading.warnings == []


def test_numbers_on_their_own_lines():
    text = (
        HEAD3
        + "一、本年新收政府信息公开申请数量\n"
        + "\n".join(["5", "1", "0", "0", "0", "0", "6"])
        + "\n"
        + HEAD4
    )
    reading = read(text)
    assert reading.values["applications.R1.COM"] == 1
    assert reading.values["applications.R1.TOT"] == 6


def test_a_row_with_missing_cells_stays_unknown_and_is_reported():
    text = (
        HEAD3
        + "一、本年新收政府信息公开申请数量\t5\t\t\t\t\t6\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
        + HEAD4
    )
    reading = read(text)
    assert (
        "applications.R1.NP" not in reading.values and "applications.R1.TOT" not in reading.values
    )
    assert reading.values["applications.R2.TOT"] == 0
    assert [w["rule"] for w in reading.warnings][:2] == ["row_unreadable", "table_partial"]
    assert "找到2个数字（应有7个）" in reading.warnings[0]["message"]


def test_headings_without_cells_leave_tables_unknown():
    reading = read("二、主动公开政府信息情况\n" + HEAD3 + HEAD4 + HEAD5)
    assert reading.values == {}
    assert reading.state == {"二": "empty", "三": "empty", "四": "empty"}
    assert [w["rule"] for w in reading.warnings] == ["table_empty"] * 3


def test_no_headings_no_tables():
    reading = read("2017年共收到政府信息公开申请123件。")
    assert reading.state == {"二": "absent", "三": "absent", "四": "absent"}
    assert reading.warnings == []


def test_header_fragments_with_stray_digits_are_not_rows():
    # seed 004's header: “(本列数据的勾稽关系为: 44 44 法人 或其他 组织 总计”
    text = (
        HEAD3 + "(本列数据的勾稽关系为:\t44 44\t\t法人\t或其他\t组织\t\t总计\n"
        "一、本年新收政府信息公开 申请数量\t\t3\t0\t0\t0\t0\t0\t3\n" + HEAD4
    )
    reading = read(text)
    assert reading.values["applications.R1.NP"] == 3
    assert 44 not in reading.values.values()


def test_2019_format_other_row_is_undivided():
    text = HEAD3 + "(六)其他处理\t1\t0\t0\t0\t0\t0\t1\n(七)总计\t1\t0\t0\t0\t0\t0\t1\n" + HEAD4
    reading = read(text, "2019")
    assert reading.values["applications.R3.6.3.TOT"] == 1
    assert "applications.R3.6.1.TOT" not in reading.values


def test_transposed_table_four():
    text = (
        HEAD4
        + "行政复议\t1\t0\t0\t0\t1\n未经复议直接起诉\t0\t0\t0\t1\t1\n复议后起诉\t0\t0\t0\t0\t0\n"
        + HEAD5
    )
    reading = read(text)
    assert reading.values["remedies.review.upheld"] == 1
    assert reading.values["remedies.litigation_direct.pending"] == 1
    assert reading.values["remedies.litigation_after_review.total"] == 0


def test_table_four_with_the_wrong_count_is_unknown():
    reading = read(HEAD4 + "行政复议 行政诉讼\n1 0 0 0 1 0 0 0\n" + HEAD5)
    assert not any(path.startswith("remedies.") for path in reading.values)
    assert reading.warnings[0]["rule"] == "row_unreadable"


@pytest.mark.parametrize(
    ("label", "text", "at_least"),
    [
        ("信访举报投诉类申请", "1.信访举 诉类申", 0.5),
        ("政府集中采购", "政府集中采贝 沟", 0.6),
        ("其他法律行政法规禁止公开", "2.其他法律行 政法规禁止公 开", 1.0),
    ],
)
def test_label_coverage_survives_lost_characters(label, text, at_least):
    assert coverage(label, text) >= at_least


def test_text_tables_with_cell_rules():
    text = (
        HEAD3 + "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "│二、上年结转政府信息公开申请数量│0│0│0│0│0│0│0│\n" + HEAD4
    )
    reading = read(text)
    assert reading.values["applications.R1.COM"] == 1 and reading.values["applications.R1.TOT"] == 6
    assert reading.values["applications.R2.TOT"] == 0
