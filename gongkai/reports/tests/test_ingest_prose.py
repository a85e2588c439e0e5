"""Summary figures from sentences: what each phrasing counts as, and what it must not."""

from __future__ import annotations

import pytest

from gongkai.reports.ingest.normalise import normalise
from gongkai.reports.ingest.prose import read_prose


def prose(text: str):
    norm, _ = normalise(text)
    return read_prose(norm.compact())


def summary(text: str) -> dict:
    return {key: figure.value for key, figure in prose(text).summary.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019年，我区共受理信息公开申请964件。", {"applications_new": 964}),
        ("我区共收到依申请公开24件，均在规定时间予以答复。", {"applications_new": 24}),
        ("本年度新收政府信息公开申请1,062件。", {"applications_new": 1062}),
        ("全年共收到政府信息公开申请一千零六十二件。", {"applications_new": 1062}),
        ("全年共收到政府信息公开申请两百件。", {"applications_new": 200}),
        ("收到24件政府信息公开申请。", {"applications_new": 24}),
        (
            "全区共办理政府信息公开申请1062宗，其中自然人申请1020宗，法人或其他组织申请42宗。",
            {"applications_new": 1062, "natural_person": 1020, "legal_person_or_org": 42},
        ),
        ("上年结转政府信息公开申请9宗。", {"applications_carried_in": 9}),
        ("2021年结转政府信息公开申请9宗。", {"applications_carried_in": 9}),
        (
            "收到申请30件。办结1048宗，其中“予以公开”333宗，“部分公开”76宗，“不予公开”75宗，"
            "“无法提供”530宗，“不予处理”28宗，“其他处理”6宗；转下年度继续办理23宗。",
            {
                "applications_new": 30,
                "outcome_total": 1048,
                "outcome_disclose": 333,
                "outcome_partial": 76,
                "outcome_withhold": 75,
                "outcome_cannot_provide": 530,
                "outcome_not_processed": 28,
                "outcome_other": 6,
                "carried_out": 23,
            },
        ),
        ("收到1件行政复议，经沟通后申请人已撤销复议。", {"review_total": 1}),
        (
            "全年发生行政复议案件两起，其中维持一起，纠正一起；行政诉讼案件一起，其中维持一起。",
            {"review_total": 2, "review_upheld": 1, "review_corrected": 1, "litigation_total": 1},
        ),
        ("无因政府信息公开引起的行政诉讼。", {"litigation_total": 0}),
        (
            "未发生因政府信息公开引起的行政复议、行政诉讼。",
            {"review_total": 0, "litigation_total": 0},
        ),
        ("本年度行政复议、行政诉讼均为0。", {"review_total": 0, "litigation_total": 0}),
        ("无政府信息公开信息处理费收取情况。", {"fees": 0}),
        ("我区在办理政府信息公开申请中未收取信息处理费。", {"fees": 0}),
        ("全年共收取信息处理费1200元。", {"fees": 1200}),
        ("全年共收取信息处理费0.12万元。", {"fees": 1200}),
        ("全年共发布政府信息15184余条。", {"proactive_items": 15184}),
        ("全年主动公开政府信息1.17万条。", {"proactive_items": 11700}),
        (
            "本年度制定并主动公开行政规范性文件41件，废止行政规范性文件55件。",
            {"regulatory_docs_new": 41},
        ),
        ("本年度未收到政府信息公开申请。", {"applications_new": 0}),
        (
            "共办理政府信息公开申请120件，其中新收118件，上年结转2件。",
            {"applications_new": 118, "applications_carried_in": 2},
        ),
    ],
)
def test_what_a_sentence_states(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a count of 不予公开 documents in the catalogue is not an application outcome
        "全年制发公文215件，其中主动公开152件，依申请公开20件，不予公开43件。",
        "完成2019年度72份文件公开属性调整，其中不予公开文件12份。",
        # one channel's count is not the year's total of proactive publication
        "通过门户网站发布政府信息27855条。",
        "区政府网站全年累计发布信息27855条。",
        "“广州黄埔发布”微信公众号发布信息6058条。",
        # interpretations, consultations, other counts
        "发布政策文件解读204份，解读比例达100%。",
        "共开展政策解读34次。",
        "预公开征求意见稿49件，收到意见数量13条，采纳10条。",
        "发布各项政策文件66条、政策解读83条、申报通知48条。",
        "我区38个部门认领事项7337项。",
        # a sub-organ's figure is not the report's
        "其中，区房屋征收办公室收到申请四十件。",
        # an ordinal is not a count; a year is not a count
        "严格依照《条例》第二十条规定公开。",
        "按照“一张表单、一套材料、一次申请、一窗受理”的标准优化。",
        # one case's story is not the year's count
        "对该答复，申请人未提起行政复议。",
        # 不予公开 outside any sentence about handling applications
        "坚持以公开为常态、不公开为例外，不予公开事项3项经保密审查。",
    ],
)
def test_what_a_sentence_does_not_state(text):
    assert summary(text) == {}


def test_handled_without_breakdown_is_ambiguous_and_reported():
    reading = prose("全年共发布政府信息15184余条，办理依申请公开26件。")
    assert set(reading.summary) == {"proactive_items"}
    assert reading.summary["proactive_items"].approximate
    assert [w["rule"] for w in reading.warnings] == ["prose_ambiguous"]
    assert "26件" in reading.warnings[0]["message"]


def test_legal_persons_and_other_organisations_stated_apart_are_added():
    reading = prose(
        "共受理信息公开申请964件，主要以公民申请为主，共878件；法人申请共66件；其他组织申请共20件。"
    )
    assert reading.summary["natural_person"].value == 878
    assert reading.summary["legal_person_or_org"].value == 86


def test_only_legal_persons_stated_is_not_the_group():
    assert "legal_person_or_org" not in summary("共受理信息公开申请964件，其中法人申请66件。")


def test_first_statement_wins_and_a_different_one_is_a_warning():
    reading = prose("全年共收到政府信息公开申请20件。我局共收到政府信息公开申请22件。")
    assert reading.summary["applications_new"].value == 20
    assert [w["rule"] for w in reading.warnings] == ["prose_inconsistent"]


def test_prose_only_table_cells():
    reading = prose(
        "严格依照《条例》第二十条规定，主动公开办理行政许可222793件，行政处罚358721件，行政强制50167件。"
        "本年度制定并主动公开行政规范性文件41件，废止行政规范性文件55件，现行有效行政规范性文件181件。"
    )
    assert {key: f.value for key, f in reading.cells.items()} == {
        "licensing": 222793,
        "punishment": 358721,
        "enforcement": 50167,
        "normative_documents.repealed": 55,
        "normative_documents.in_force": 181,
    }


def test_evidence_is_the_sentence_part_that_states_the_figure():
    reading = prose("2022年，我局受理政府信息公开申请2宗，均按时按要求办理。")
    assert reading.summary["applications_new"].evidence == "我局受理政府信息公开申请2宗"
