"""Figures for the annual report: table 二 (2021 layout), the interpretation ratio, consultations.

Expected values are worked out by hand from the scenario, following spec §3.3: 本年制发 (made in
the year), 本年废止 (left force in the year), 现行有效 (in force on 31 December)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.publications.models import Document, State
from gongkai.publications.selectors import (
    consultation_figures,
    document_queue,
    interpretation_ratio,
    interpretation_ratios,
    narrative_facts,
    proactive_figures,
)
from gongkai.publications.services.config import publication_settings_save
from gongkai.publications.services.consultations import (
    comment_decide,
    comment_moderate,
    comment_submit,
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.decisions import decisions_import
from gongkai.publications.services.documents import document_set_validity, document_transition
from gongkai.reports.statistics import PROACTIVE_LAYOUTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(tree, cast, draft, approve, published):
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=False,
        evaluation_months=12,
    )

    def normative(formed, **extra):
        return published(kind="policy", policy_class="normative", formed_on=formed, **extra)

    n1 = normative(date(2024, 5, 10), title="N1")
    n2 = normative(date(2025, 2, 1), title="N2")
    n3 = normative(date(2025, 9, 1), title="N3")
    normative(date(2026, 1, 10), title="N4")
    n5 = normative(date(2025, 12, 30), title="N5")
    document_transition(actor=cast.publisher, document=n5, action="withdraw", reason="误发")
    approve(draft(kind="policy", policy_class="normative", formed_on=date(2025, 5, 5)))  # N6
    published(kind="policy", policy_class="regulation", formed_on=date(2025, 4, 1), title="R1")
    published(kind="policy", policy_class="other_policy", formed_on=date(2025, 4, 1), title="O1")
    document_set_validity(
        actor=cast.publisher, document=n1, validity="repealed", effective_on=date(2025, 6, 1)
    )
    document_set_validity(
        actor=cast.publisher, document=n3, validity="expired", effective_on=date(2026, 3, 1)
    )
    # the interpretation of N2 (三同步) — N3 and R1 have none
    interpretation = approve(draft(kind="interpretation", interprets=n2, title="N2 解读"))
    document_transition(actor=cast.publisher, document=interpretation, action="publish")
    # another department's normative document
    Document.objects.filter(pk=normative(date(2025, 3, 1), title="B1").pk).update(organ=tree["b"])

    csv = (
        "类别,文书号,事项名称,决定日期,金额（元）\n"
        "行政许可,许1,许可,2025-01-01,\n行政许可,许2,许可,2025-06-30,\n"
        "行政许可,许3,许可,2025-12-31,\n行政许可,许0,许可,2024-12-31,\n"
        "行政处罚,罚1,处罚,2025-03-01,500\n行政处罚,罚2,处罚,2025-04-01,\n"
        "行政强制,强1,强制,2025-05-01,\n行政强制,强2,强制,2026-01-02,\n"
        "行政事业性收费,费1,收费,2025-01-31,12500.50\n"
        "行政事业性收费,费2,收费,2025-02-28,37499.50\n"
        "行政事业性收费,费3,收费,2026-01-31,12345\n"
    )
    decisions_import(actor=None, organ=cast.organ, data=csv.encode(), filename="a.csv")
    decisions_import(
        actor=None,
        organ=tree["b"],
        data="类别,文书号,事项名称,决定日期\n行政许可,B许1,许可,2025-02-01\n".encode(),
        filename="b.csv",
    )


def test_table_two_2025(cast, scenario):
    figures = proactive_figures([cast.organ.pk], 2025)
    assert figures == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 2},
        "licensing": {"decisions": 3},
        "punishment": {"decisions": 2},
        "enforcement": {"decisions": 1},
        "fees": {"amount": Decimal("5.00")},  # 50,000.00 元 = 5.00 万元
    }


def test_table_two_2026_and_the_running_identity(cast, scenario):
    figures = proactive_figures([cast.organ.pk], 2026)
    assert figures["normative_documents"] == {"issued": 1, "repealed": 1, "in_force": 2}
    before = proactive_figures([cast.organ.pk], 2025)["normative_documents"]["in_force"]
    n = figures["normative_documents"]
    assert n["in_force"] == before + n["issued"] - n["repealed"]
    assert figures["enforcement"] == {"decisions": 1}
    assert figures["fees"] == {"amount": Decimal("1.23")}  # 12,345 元


def test_table_two_keys_are_the_2021_layout(cast, scenario):
    figures = proactive_figures([cast.organ.pk], 2025)
    layout = {row.key: {c for c, _ in row.columns} for row in PROACTIVE_LAYOUTS["2021"]}
    assert {k: set(v) for k, v in figures.items()} == layout


def test_table_two_sums_organs(tree, cast, scenario):
    both = proactive_figures([cast.organ.pk, tree["b"].pk], 2025)
    assert both["normative_documents"]["issued"] == 3
    assert both["licensing"] == {"decisions": 4}
    empty = proactive_figures([tree["town"].pk], 2025)
    assert empty["normative_documents"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert empty["fees"] == {"amount": Decimal("0.00")}


def test_interpretation_ratio(cast, scenario):
    ratio = interpretation_ratio([cast.organ.pk], 2025)
    # N2, N3 and R1 were made in 2025 and published; only N2 has a published interpretation
    assert ratio == {
        "policies": 3,
        "interpreted": 1,
        "ratio": Decimal("33.3"),
        "interpretations_published": 0,  # it was published today, in 2026
    }
    assert interpretation_ratio([cast.organ.pk], 2026)["interpretations_published"] == 1
    assert interpretation_ratio([cast.organ.pk], 2023)["ratio"] is None


def test_interpretation_ratios_in_one_go_agree_with_one_at_a_time(
    tree, cast, scenario, django_assert_num_queries
):
    requests = {
        (organs, year): (ids, year)
        for organs, ids in (("a", [cast.organ.pk]), ("a+b", [cast.organ.pk, tree["b"].pk]))
        for year in (2023, 2024, 2025, 2026)
    }
    with django_assert_num_queries(2):
        many = interpretation_ratios(requests)
    assert many == {key: interpretation_ratio(ids, year) for key, (ids, year) in requests.items()}
    assert many[("a+b", 2025)]["policies"] == 4  # N2, N3, R1 and department b's B1


def test_narrative_facts(cast, scenario):
    facts = narrative_facts([cast.organ.pk], 2026)
    # every scenario document was published today except N5 (withdrawn): N1–N4, R1, O1, the
    # interpretation of N2 and B1 (moved to department b afterwards, so not counted here)
    assert facts["documents_published"] == 7
    assert facts["interpretations"] == 1
    assert facts["interpretation_ratio"] == Decimal("0.0")  # N4, made in 2026, has none
    assert facts["consultations"]["drafts"] == 0
    assert narrative_facts([cast.organ.pk], 2025)["documents_published"] == 0


def test_consultation_figures(cast):
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="征求意见",
        description="<p>稿</p>",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    consultation_publish(actor=cast.publisher, consultation=consultation)
    for body, decision in (
        ("意见一内容", "adopted"),
        ("意见二内容", "not_adopted"),
        ("广告内容", None),
    ):
        comment = comment_submit(consultation=consultation, body=body, today=date(2026, 11, 2))
        comment_moderate(
            actor=cast.publisher, comment=comment, approve=decision is not None, note="广告"
        )
        if decision:
            comment_decide(
                actor=cast.handler, comment=comment, decision=decision, reason="理由充分"
            )
    assert consultation_figures([cast.organ.pk], 2026) == {
        "drafts": 1,
        "comments": 2,
        "adopted": 1,
        "partly_adopted": 0,
        "not_adopted": 1,
    }
    assert consultation_figures([cast.organ.pk], 2025)["drafts"] == 0


def test_queues_are_scoped_and_exclude_own_documents(tree, cast, draft, make_staff):
    from gongkai.orgs.roles import Role
    from gongkai.publications.services.documents import document_transition as t

    mine = t(actor=cast.handler, document=draft(title="我的"), action="submit")
    by_head = t(actor=cast.head, document=draft(title="科长起草", actor=cast.head), action="submit")
    assert set(document_queue(cast.head, "review")) == {mine}
    assert set(document_queue(cast.leader, "review")) == {mine, by_head}
    outsider = make_staff(tree["b"], Role.SECTION_HEAD)
    assert list(document_queue(outsider, "review")) == []
    assert list(document_queue(outsider, "all")) == []
    assert mine.state == State.IN_REVIEW


def test_overdue_under_article_26(cast, draft):
    late = draft(title="迟发", formed_on=date(2026, 10, 9))
    draft(title="未到期", formed_on=date(2026, 11, 16))
    assert list(document_queue(cast.handler, "overdue")) == [late]
    # 20 working days after Fri 9 Oct 2026: Sat 10 Oct is a 调休上班日 (day 1), then
    # 12 Oct … 5 Nov (days 2–20).
    assert late.deadline.due == date(2026, 11, 5)
