"""The five real reports in ``fixtures/seeds`` (copied from the shared seeds). Every expected
value below was written by reading the seed; the comment quotes the sentence it comes from.
Each test also checks that nothing else was found: the summary has exactly these keys and the
statistics exactly these known cells (a figure the report does not state stays absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.reports.ingest import parse_report
from gongkai.reports.statistics import (
    COLUMNS,
    PROACTIVE_LAYOUTS,
    REMEDY_KINDS,
    REMEDY_RESULTS,
    ROW_CODES,
)

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def parse_seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_report(path.read_bytes(), path.name)


def known_cells(result) -> dict:
    return {path: value for path, value in result.statistics.cells() if value is not None}


def rules(result) -> list[str]:
    return [w["rule"] for w in result.warnings]


def test_seed_000_traditional_department_report_with_empty_tables():
    result = parse_seed("000")
    # last line: 廣州市番禺區政務服務數據管理局2022年政府信息公開工作年度報告.pdf
    assert result.agency == "广州市番禺区政务服务数据管理局"
    assert result.year == 2022
    assert result.format == "2021"  # a 2022 report; the six sections of the 2021 format
    assert result.script == "traditional"
    # 2022年,我局受理政府信息公開申請2宗,均按時按要求辦理。
    assert result.summary == {"applications_new": 2}
    assert "受理政府信息公開申請2宗" in result.evidence["applications_new"]
    assert known_cells(result) == {"applications.R1.TOT": 2}
    # 二、三、四 are headings with nothing under them
    assert rules(result).count("table_empty") == 3


def test_seed_001_html_page_text_year_is_not_the_publication_date():
    result = parse_seed("001")
    # 版权所有:广州市南沙区人民政府 (site footer; the page is under 政府信息公开年报 > 区政府)
    assert result.agency == "广州市南沙区人民政府"
    # 发布日期:2020-02-10, but the report is about 2019: "2019年,我区共受理…"
    assert result.year == 2019
    assert result.format == "2019"
    assert result.script == "simplified"
    # 2019年,我区共受理信息公开申请964件,主要以公民申请为主,共878件,占91.1%;
    # 法人申请共66件,占6.8%;其他组织申请共20件,占2.1%。
    assert result.summary == {
        "applications_new": 964,
        "natural_person": 878,
        "legal_person_or_org": 86,  # 法人 66 + 其他组织 20
    }
    assert "66件" in result.evidence["legal_person_or_org"]
    assert "20件" in result.evidence["legal_person_or_org"]
    assert known_cells(result) == {"applications.R1.TOT": 964, "applications.R1.NP": 878}
    assert rules(result).count("table_empty") == 3


def test_seed_002_traditional_with_pinyin_artefacts():
    result = parse_seed("002")
    # 定海區(qū)人民政府 / 2022年定海區(qū)政府信息公開工作年度報告
    assert result.agency == "定海区人民政府"
    assert result.year == 2022
    assert result.format == "2021"
    assert result.script == "traditional"
    assert result.summary == {
        "applications_new": 24,  # 我區(qū)共收到依申請公開24件
        "review_total": 1,  # 收到1件行政復(fù)議,經(jīng)溝通後申請人已撤銷復(fù)議。
        "litigation_total": 0,  # 無因政府信息公開引起的行政訴訟。
        "proactive_items": 15184,  # 全年共發(fā)布政府信息15184余條
        "fees": 0,  # 無政府信息公開信息處理費收取情況。
    }
    # the evidence is quoted from the report as published, artefacts and all
    assert result.evidence["applications_new"] == "我區(qū)共收到依申請公開24件"
    assert known_cells(result) == {
        "applications.R1.TOT": 24,
        "remedies.review.total": 1,
        "remedies.litigation_direct.total": 0,
        "remedies.litigation_after_review.total": 0,
    }
    # 辦理依申請公開26件: received or concluded? not said, so not used, and said so
    assert "prose_ambiguous" in rules(result)
    assert "approximate_figure" in rules(result)  # 15184余條


def test_seed_003_figures_only_in_prose():
    result = parse_seed("003")
    # 现公布广州市黄埔区人民政府 广州开发区管委会2022年政府信息公开工作年度报告。
    assert result.agency == "广州市黄埔区人民政府 广州开发区管委会"
    assert result.year == 2022
    assert result.format == "2021"  # (国办公开办函〔2021〕30号)
    assert result.summary == {
        # 全区共办理政府信息公开申请1062宗，其中自然人申请1020宗，法人或其他组织申请42宗；
        "applications_new": 1062,
        "natural_person": 1020,
        "legal_person_or_org": 42,
        # 2021年结转政府信息公开申请9宗。
        "applications_carried_in": 9,
        # 该年度办结1048宗，其中“予以公开”333宗，“部分公开”76宗，“不予公开”75宗，
        # “无法提供”530宗，“不予处理”28宗，“其他处理”6宗；转下年度继续办理23宗。
        "outcome_total": 1048,
        "outcome_disclose": 333,
        "outcome_partial": 76,
        "outcome_withhold": 75,
        "outcome_cannot_provide": 530,
        "outcome_not_processed": 28,
        "outcome_other": 6,
        "carried_out": 23,
        # 本年度制定并主动公开行政规范性文件41件
        "regulatory_docs_new": 41,
        # 2022年，我区在办理政府信息公开申请中未收取信息处理费。
        "fees": 0,
    }
    # 通过门户网站发布政府信息27855条 is one channel's count, not the year's total
    assert "proactive_items" not in result.summary
    assert known_cells(result) == {
        "applications.R1.TOT": 1062,
        "applications.R1.NP": 1020,
        "applications.R2.TOT": 9,
        "applications.R3.1.TOT": 333,
        "applications.R3.2.TOT": 76,
        "applications.R3.7.TOT": 1048,
        "applications.R4.TOT": 23,
        # 本年度制定并主动公开行政规范性文件41件，废止行政规范性文件55件，现行有效行政规范性文件181件
        "proactive.normative_documents.issued": 41,
        "proactive.normative_documents.repealed": 55,
        "proactive.normative_documents.in_force": 181,
        # 主动公开办理行政许可222793件，行政处罚358721件，行政强制50167件
        "proactive.licensing.decisions": 222793,
        "proactive.punishment.decisions": 358721,
        "proactive.enforcement.decisions": 50167,
    }
    # the prose adds up (1062+9 = 1048+23; 333+76+75+530+28+6 = 1048; 1020+42 = 1062)
    assert [r for r in rules(result) if r != "table_empty"] == []


def test_seed_004_pdf_extracted_2019_tables_all_zero():
    result = parse_seed("004")
    # 广州市番禺区政务服务数据管理局 2020 年 政府信息公开工作年度报告
    assert result.agency == "广州市番禺区政务服务数据管理局"
    assert result.year == 2020
    assert result.format == "2019"  # 本年新制作数量, 上一年项目数量, 第二十条第(九)项 …
    zero_keys = [
        "applications_new", "applications_carried_in", "natural_person", "legal_person_or_org",
        "outcome_disclose", "outcome_partial", "outcome_withhold", "outcome_cannot_provide",
        "outcome_not_processed", "outcome_other", "outcome_total", "carried_out",
        "review_total", "review_upheld", "review_corrected", "litigation_total",
        "regulatory_docs_new",
    ]  # fmt: skip
    # every cell of tables 二, 三 and 四 is 0; the report says nothing of 信息处理费 or of a
    # total of proactively published items (六、其他需要报告的事项: 无)
    assert result.summary == dict.fromkeys(zero_keys, 0)
    cells = known_cells(result)
    expected_paths = (
        [
            f"applications.{row}.{c}"
            for row in ROW_CODES
            for c in COLUMNS
            if row not in ("R3.6.1", "R3.6.2")
        ]
        + [f"remedies.{k}.{r}" for k in REMEDY_KINDS for r in REMEDY_RESULTS]
        + [
            f"proactive.{row.key}.{key}"
            for row in PROACTIVE_LAYOUTS["2019"]
            for key, _ in row.columns
        ]
    )
    assert cells == dict.fromkeys(expected_paths, 0)
    assert result.statistics.applications["R3.6.1"]["TOT"] is None  # undivided in 2019
    # split and garbled labels still found their rows: “1.信访举 诉类申”, “政府集中采贝 沟”
    assert "信访举 诉类申" in result.statistics.evidence["applications.R3.5.1.TOT"]
    assert "政府集中采贝 沟" in result.statistics.evidence["proactive.procurement.items"]
    assert result.warnings == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_figure_keeps_evidence_from_the_source(prefix):
    result = parse_seed(prefix)
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    source = " ".join(path.read_text().split())
    assert set(result.evidence) == set(result.summary)
    for snippet in result.evidence.values():
        for part in snippet.split("；"):
            assert part in source
