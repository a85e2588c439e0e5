"""The assistant answers from sources only: an FAQ answer, quoted passages with citations, or
an honest "no answer" with the way to reach a person."""

from __future__ import annotations

import pytest

from gongkai.core.errors import InvalidInput
from gongkai.search.assistant import ask

pytestmark = pytest.mark.django_db


def test_a_question_worded_like_an_faq_variant_gets_the_staff_answer(corpus, faq):
    answer = ask("政务服务中心周六开门吗？")
    assert answer.answer_type == "faq"
    assert "每周六上午9:00至12:00" in answer.answer
    entry = next(e for e in faq if e.question == "政务服务中心周末上班吗？")
    assert answer.citations[0].id == entry.key
    assert [c.id for c in answer.citations[1:]] == ["document:261"]


def test_otherwise_quoted_passages_with_a_citation_each(corpus, faq):
    answer = ask("加装电梯要多少业主同意")
    assert answer.answer_type == "passage"
    cited = [c.id for c in answer.citations]
    assert {"document:133", "document:134"} & set(cited)
    for passage in answer.passages:
        source = corpus[passage.citation.id]
        assert passage.text in source.body  # extractive: nothing invented
        assert "<mark>" in passage.html
    assert "四分之三以上同意" in answer.answer


def test_no_answer_is_honest_and_says_how_to_reach_a_person(corpus, faq, qingshan):
    answer = ask("我家的猫走丢了")
    assert answer.answer_type == "none"
    assert answer.answer.startswith("抱歉，暂未找到")
    assert "0799-82100001" in answer.answer
    assert "政府信息公开申请" in answer.answer
    assert answer.citations[0].id == "organ:qingshan"  # + the application form, with the portal


def test_no_answer_uses_the_organ_asked_about(corpus, qingshan):
    answer = ask("我家的猫走丢了", organ_code="qingshan-rsj")
    assert "0799-80110011" in answer.answer


def test_every_answer_cites_a_source(corpus, faq, qingshan):
    for question in ("低保一个月多少钱", "垃圾分类不分会罚款吗", "火星移民"):
        assert ask(question).citations


@pytest.mark.parametrize("question", ["", "   ", "问" * 201])
def test_bad_questions_are_rejected(db, question):
    with pytest.raises(InvalidInput):
        ask(question)


def test_answers_are_logged_without_personal_data(corpus, qingshan):
    from gongkai.search.models import QueryLog

    ask("我家的猫走丢了", log_channel="ask")
    row = QueryLog.objects.get()
    assert (row.channel, row.answer_type, row.result_count) == ("ask", "none", 0)
