"""Publishing feeds search: a published document (and its attachments' text) is found, a
withdrawn one disappears, a repealed one is labelled — through the real backend of the test
database and the tasks (run inline under tests)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.documents import html_to_docx, html_to_pdf
from gongkai.publications.models import Attachment
from gongkai.publications.services.documents import (
    attachment_add,
    document_set_validity,
    document_transition,
)
from gongkai.search.retrieval import search
from gongkai.search.services import reindex

pytestmark = pytest.mark.django_db


def keys(query: str) -> list[str]:
    return [r.key for r in search(query, method="bm25").results]


def test_published_document_and_its_attachments_are_searchable(cast, draft, approve):
    document = draft(
        title="青山区老旧小区加装电梯补助办法",
        kind="policy",
        body="<p>对既有住宅加装电梯给予财政补助。</p>",
    )
    pdf = html_to_pdf("<p>申请材料包括业主表决书和施工许可证明。</p>")
    docx = html_to_docx("<p>补助标准表：每台电梯补助二十万元。</p>")
    attachment_add(actor=cast.handler, document=document, data=pdf, filename="申请材料.pdf")
    attachment_add(actor=cast.handler, document=document, data=docx, filename="补助标准.docx")
    approved = approve(document)
    assert f"document:{document.pk}" not in keys("加装电梯")  # not public before publication

    document_transition(actor=cast.publisher, document=approved, action="publish")

    key = f"document:{document.pk}"
    assert key in keys("加装电梯补助")  # title and body
    assert key in keys("业主表决书")  # only in the PDF attachment
    assert key in keys("二十万元")  # only in the DOCX attachment
    result = next(r for r in search("加装电梯", method="bm25").results if r.key == key)
    document.refresh_from_db()
    assert result.url == document.get_absolute_url()


def test_withdrawn_document_leaves_the_index(cast, published):
    document = published(title="青山区夜间经济集聚区认定办法", kind="policy")
    key = f"document:{document.pk}"
    assert key in keys("夜间经济集聚区")
    document_transition(actor=cast.publisher, document=document, action="withdraw", reason="误发")
    assert key not in keys("夜间经济集聚区")


def test_repealed_document_is_reindexed_with_its_validity(cast, published):
    document = published(title="青山区共享单车停放管理规定", kind="policy")
    document_set_validity(
        actor=cast.publisher,
        document=document,
        validity="repealed",
        effective_on=date(2026, 11, 20),
    )
    result = next(r for r in search("共享单车停放", method="bm25").results)
    assert result.key == f"document:{document.pk}" and result.validity == "repealed"


def test_reindex_rebuilds_every_public_document(cast, published, draft):
    document = published(title="青山区社区食堂运营补贴实施细则", kind="policy")
    draft(title="青山区社区食堂选址意见（草稿）")
    counts = reindex()
    assert counts["document"] == 1
    assert keys("社区食堂") == [f"document:{document.pk}"]


def test_unreadable_attachment_does_not_block_publication(cast, draft, approve):
    document = draft(title="青山区河长制工作方案", kind="policy")
    broken = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment_add(actor=cast.handler, document=document, data=broken, filename="方案.pdf")
    assert Attachment.objects.filter(document=document).count() == 1
    document_transition(actor=cast.publisher, document=approve(document), action="publish")
    assert f"document:{document.pk}" in keys("河长制")
