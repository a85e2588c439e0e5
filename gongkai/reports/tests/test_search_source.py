"""Published annual reports are searchable (issue 7 item 1): publishing indexes the report, a
correction replaces it under the same key, drafts are never indexed, reindex finds them again."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.cases.services.importing import ImportRecord, application_import
from gongkai.reports.services import report_correct, report_start, report_transition, report_update
from gongkai.search.retrieval import search
from gongkai.search.services import reindex

pytestmark = pytest.mark.django_db


def keys(query: str) -> list[str]:
    return [r.key for r in search(query, method="bm25").results]


def _published_report(organ, problems: str):
    application_import(
        organ=organ,
        record=ImportRecord(
            ref="R1",
            received_on=date(2025, 3, 3),
            applicant_type="NP",
            applicant_name="某人",
            description="某信息",
            closed_on=date(2025, 3, 20),
            outcome="R3.1",
            remedies=(),
        ),
    )
    report = report_start(actor=None, organ=organ, year=2025)
    report_update(actor=None, report=report, problems=problems)
    report_transition(actor=None, report=report, action="submit")
    report_transition(actor=None, report=report, action="approve")
    assert f"report:{organ.code}:2025" not in keys("档案数字化")  # a draft is not public
    report_transition(actor=None, report=report, action="publish")
    return report


def test_a_published_report_is_found_by_its_title_and_its_text(tree):
    organ = tree["a"]
    _published_report(organ, "<p>档案数字化进度滞后，明年完成历史文件扫描。</p>")
    key = f"report:{organ.code}:2025"
    assert key in keys("档案数字化")  # narrative text
    assert key in keys(f"{organ.name}2025年政府信息公开工作年度报告")  # title
    hit = next(r for r in search("档案数字化", method="bm25").results if r.key == key)
    assert hit.kind == "report" and hit.url == f"/reports/{organ.code}/2025/"
    reindex()
    assert key in keys("档案数字化")  # the registered source yields it for a rebuild


def test_a_correction_replaces_the_indexed_report(tree):
    organ = tree["a"]
    report = _published_report(organ, "<p>档案数字化进度滞后。</p>")
    correction = report_correct(actor=None, report=report, note="更正问题表述")
    report_update(actor=None, report=correction, problems="<p>窗口人员轮岗频繁。</p>")
    for action in ("submit", "approve", "publish"):
        report_transition(actor=None, report=correction, action=action)
    key = f"report:{organ.code}:2025"
    assert key in keys("窗口人员轮岗")
    assert key not in keys("档案数字化")
