"""Keeping the index in step with content, the FAQ knowledge base, synonyms and dictionary."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.search import retrieval, services
from gongkai.search.documents import SearchDocument, register_source, unregister_source
from gongkai.search.models import IndexEntry, VectorChunk

pytestmark = pytest.mark.django_db


def doc(key="document:9001", **kw):
    values = {
        "key": key,
        "kind": "policy",
        "title": "江州市青山区宠物医院管理办法",
        "body": "第一条 宠物医院应当取得动物诊疗许可证。",
        "url": "/publications/9001/",
        "organ_code": "qingshan-nyj",
        "published_on": date(2025, 1, 2),
        "doc_number": "青山农规〔2025〕9号",
    }
    values.update(kw)
    return SearchDocument(**values)


def found(q):
    return [r.key for r in retrieval.search(q, method="bm25").results]


def test_publish_and_withdraw_through_the_background_task(backend):
    services.search_index_update(doc())
    assert found("动物诊疗许可证") == ["document:9001"]
    services.search_index_update(doc(title="江州市青山区宠物诊所管理办法", body="新的正文。"))
    assert found("动物诊疗许可证") == []
    assert found("宠物诊所") == ["document:9001"]
    services.search_index_remove("document:9001")
    assert found("宠物诊所") == []
    assert not IndexEntry.objects.filter(key="document:9001").exists()


def test_indexing_computes_vectors_and_a_text_change_replaces_them(backend):
    services.search_index_update(doc())
    first = set(VectorChunk.objects.values_list("vector", flat=True))
    assert first
    services.search_index_update(doc(body="完全不同的正文，讲的是犬只登记。"))
    assert set(VectorChunk.objects.values_list("vector", flat=True)).isdisjoint(first)


def test_reindex_rebuilds_from_sources_and_drops_what_a_source_no_longer_yields(backend):
    items = [doc("demo:1"), doc("demo:2", title="犬只登记办法", body="养犬应当登记。")]
    register_source("demo", lambda: list(items))
    try:
        assert services.reindex(sources=["demo"]) == {"demo": 2}
        items.pop()
        services.reindex(sources=["demo"])
        assert found("犬只登记") == []
        assert found("动物诊疗") == ["demo:1"]
        with pytest.raises(InvalidInput):
            services.reindex(sources=["nope"])
    finally:
        unregister_source("demo")


def test_search_document_contract_rejects_bad_values():
    with pytest.raises(ValueError):
        doc(key="no-colon")
    with pytest.raises(ValueError):
        doc(kind="law")
    with pytest.raises(ValueError):
        doc(validity="maybe")


def test_staff_synonym_takes_effect_for_queries_at_once(backend):
    services.index_documents([doc()])
    assert found("牌照") == []
    services.synonym_save(actor=None, words="牌照 = 许可证")
    assert found("牌照") == ["document:9001"]


def test_faq_is_scoped_audited_sanitised_and_searchable(qingshan, make_staff, backend):
    handler = make_staff(qingshan["qingshan-mzj"], Role.HANDLER)
    entry = services.faq_create(
        actor=handler,
        organ=qingshan["qingshan-mzj"],
        question="低保一个月多少钱？",
        answer='<p onclick="x()">每人每月1150元<script>alert(1)</script></p>',
        variants="低保标准\n低保标准",
    )
    assert "script" not in entry.answer and "onclick" not in entry.answer
    assert entry.variant_list() == ["低保标准"]
    assert entry.owner == handler
    assert AuditEvent.objects.filter(action="faq.create", target_id=str(entry.pk)).exists()
    assert found("低保一个月多少钱")[0] == f"faq:{entry.pk}"
    with pytest.raises(NotAllowed):
        services.faq_create(
            actor=handler, organ=qingshan["qingshan-rsj"], question="失业金？", answer="<p>…</p>"
        )
    services.faq_update(actor=handler, entry=entry, is_active=False)
    assert f"faq:{entry.pk}" not in found("低保一个月多少钱")


def test_faq_needs_a_question_and_an_answer(qingshan):
    with pytest.raises(InvalidInput) as exc:
        services.faq_create(actor=None, organ=qingshan["qingshan"], question=" ", answer="<p></p>")
    assert set(exc.value.errors) == {"question", "answer"}


def test_query_log_keeps_only_the_normalised_text(qingshan):
    from gongkai.search.models import QueryLog

    retrieval.search("社會保險　補貼", log_channel="search")
    row = QueryLog.objects.get()
    assert row.query == "社会保险 补贴"
    assert {f.name for f in QueryLog._meta.fields} == {
        "id",
        "created_at",
        "channel",
        "query",
        "result_count",
        "answer_type",
    }
