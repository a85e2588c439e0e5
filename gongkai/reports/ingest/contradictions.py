"""Contradictions between what a report says in prose and what its tables say (前后矛盾).

Reported as warnings, never resolved silently: the table figure is kept in the summary (the
table is the form the format prescribes) and the warning quotes both. Approximate prose
figures (``1.17万``, ``15184余条``) are compared only when the table figure falls outside what
the words allow (余/多/超 mean at least; 近 at most). Figures stated only in prose are also
checked against each other with the table's own rules (spec §3.6): new + carried in = concluded
+ carried over, the outcomes add up to the total, natural persons + legal persons = new.
"""

from __future__ import annotations

SUMMARY_LABELS = {
    "applications_new": "本年新收申请",
    "applications_carried_in": "上年结转申请",
    "natural_person": "自然人申请",
    "legal_person_or_org": "法人或其他组织申请",
    "outcome_disclose": "予以公开",
    "outcome_partial": "部分公开",
    "outcome_withhold": "不予公开",
    "outcome_cannot_provide": "无法提供",
    "outcome_not_processed": "不予处理",
    "outcome_other": "其他处理",
    "outcome_total": "办理结果总计",
    "carried_out": "结转下年度继续办理",
    "review_total": "行政复议",
    "review_upheld": "行政复议结果维持",
    "review_corrected": "行政复议结果纠正",
    "litigation_total": "行政诉讼",
    "proactive_items": "主动公开政府信息",
    "regulatory_docs_new": "新制发规范性文件",
    "fees": "信息处理费",
}


def table_vs_prose(table: dict, prose: dict) -> list[dict]:
    """``table`` and ``prose`` map summary keys to (value, evidence, approximate)."""
    warnings = []
    for key, (value, _evidence, _) in table.items():
        if key not in prose:
            continue
        said, said_evidence, approximate = prose[key]
        if said == value or (approximate and _allowed(said, value, said_evidence)):
            continue
        warnings.append(
            {
                "rule": "prose_table_contradiction",
                "message": f"{SUMMARY_LABELS[key]}：正文为{said}（“{said_evidence}”），表格为{value}",
                "cells": [key],
            }
        )
    return warnings


def _allowed(said, value, evidence: str) -> bool:
    if any(word in evidence for word in ("余", "多", "超", "逾", "以上")):
        return value >= said
    if "近" in evidence:
        return value <= said
    return False


_BALANCES = (
    (
        ("applications_new", "applications_carried_in"),
        ("outcome_total", "carried_out"),
        "新收与上年结转之和不等于办结与结转下年之和",
    ),
    (
        (
            "outcome_disclose",
            "outcome_partial",
            "outcome_withhold",
            "outcome_cannot_provide",
            "outcome_not_processed",
            "outcome_other",
        ),
        ("outcome_total",),
        "各项办理结果之和不等于办理结果总计",
    ),
    (
        ("natural_person", "legal_person_or_org"),
        ("applications_new",),
        "各类申请人之和不等于新收申请数",
    ),
)


def prose_balance(prose: dict) -> list[dict]:
    """The table's rules applied to figures stated only in prose (all terms must be stated)."""
    warnings = []
    for left, right, message in _BALANCES:
        keys = left + right
        if not all(k in prose for k in keys) or any(prose[k][2] for k in keys):
            continue
        a = sum(prose[k][0] for k in left)
        b = sum(prose[k][0] for k in right)
        if a != b:
            warnings.append(
                {
                    "rule": "prose_balance",
                    "message": f"正文数字不一致：{message}（{a}≠{b}）",
                    "cells": list(keys),
                }
            )
    return warnings
