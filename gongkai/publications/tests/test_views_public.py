"""The public catalogue (/gk/), feeds, sitemap and consultation pages, through the test client."""

from __future__ import annotations

import re
from datetime import date

import pytest

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.publications.models import Category, Comment, Document
from gongkai.publications.services.config import topic_save
from gongkai.publications.services.consultations import (
    comment_moderate,
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.documents import (
    attachment_add,
    document_set_validity,
    document_transition,
)

pytestmark = pytest.mark.django_db
CATALOGUE = "/gk/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_only_published_documents_are_listed(client, cast, draft, approve, published):
    published(title="已发布的通知")
    draft(title="还在起草的草稿")
    approve(draft(title="审定待发的文件"))
    approve(draft(title="不予公开的请示", disclosure="withheld", disclosure_reason="内部请示"))
    withdrawn = published(title="已撤回的文件")
    document_transition(actor=cast.publisher, document=withdrawn, action="withdraw", reason="误发")
    html = page(client, CATALOGUE)
    assert "已发布的通知" in html
    for hidden in ("还在起草的草稿", "审定待发的文件", "不予公开的请示", "已撤回的文件"):
        assert hidden not in html
    assert "共 1 条" in html


def test_filters(client, tree, cast, draft, approve, published):
    topic = topic_save(actor=None, code="yshj", name="优化营商环境")
    child = Category.objects.get(code="1002")  # 科技、教育\教育
    published(title="教育收费通知", category=child, topics=[topic])
    published(title="政务公开通知")
    repealed = published(title="旧的办法")
    document_set_validity(
        actor=cast.publisher, document=repealed, validity="repealed", effective_on=date(2026, 1, 1)
    )
    by_category = page(client, CATALOGUE, category="10")  # the parent includes its subtree
    assert "教育收费通知" in by_category and "政务公开通知" not in by_category
    by_topic = page(client, CATALOGUE, topic="yshj")
    assert "教育收费通知" in by_topic and "旧的办法" not in by_topic
    by_validity = page(client, CATALOGUE, validity="repealed")
    assert "旧的办法" in by_validity and "政务公开通知" not in by_validity
    assert "共 3 条" in page(client, CATALOGUE, organ="dist-a", year="2026")
    assert "共 0 条" in page(client, CATALOGUE, organ="dist-b")
    assert "共 0 条" in page(client, CATALOGUE, year="2025")


def test_topic_and_category_pages_follow_withdrawal_and_moves(client, cast, published):
    from gongkai.publications.services.config import category_save

    topic = topic_save(actor=None, code="xczx", name="乡村振兴")
    leaf = Category.objects.get(code="0501")  # 农业、林业、水利\农业、畜牧业、渔业
    document = published(title="涉农补贴发放通知", category=leaf, topics=[topic])
    assert "涉农补贴发放通知" in page(client, CATALOGUE, topic="xczx")
    assert "涉农补贴发放通知" in page(client, CATALOGUE, category="05")
    # the leaf moves under another top-level category: the old one no longer lists it
    category_save(
        actor=None,
        category=leaf,
        code="0501",
        name=leaf.name,
        parent=Category.objects.get(code="21"),
    )
    assert "涉农补贴发放通知" not in page(client, CATALOGUE, category="05")
    assert "涉农补贴发放通知" in page(client, CATALOGUE, category="21")
    document_transition(actor=cast.publisher, document=document, action="withdraw", reason="过期")
    assert "涉农补贴发放通知" not in page(client, CATALOGUE, topic="xczx")


def test_bad_filter_values_are_field_errors_not_crashes(client, published):
    published()
    html = page(client, CATALOGUE, organ="<script>", year="abc", page="x")
    # each error is tied to its field and listed in the summary, like the portal's forms
    for field in ("organ", "year"):
        assert f'id="id_{field}_error"' in html and f'href="#id_{field}"' in html
        select = re.search(rf'<select[^>]+id="id_{field}"[^>]*>', html).group(0)
        assert f'aria-describedby="id_{field}_error"' in select and 'aria-invalid="true"' in select
    assert "<script>" not in html.split("</form>")[1]


def test_paging_and_capped_count(client, published, monkeypatch):
    for n in range(5):
        published(title=f"第{n}号通知")
    monkeypatch.setattr("gongkai.publications.views.public.PAGE_SIZE", 2)
    html = page(client, CATALOGUE, page=3)
    assert "第 3/3 页" in html and html.count('scope="row"><a href="/gk/') == 1
    monkeypatch.setattr("gongkai.publications.views.public.COUNT_CAP", 3)
    html = page(client, CATALOGUE)
    assert "超过 3 条" in html and "第 1/2 页" in html


def test_list_runs_a_constant_number_of_queries(client, published, django_assert_num_queries):
    published(title="一")
    # organs, categories, topics, the capped count, the page's ids, the page's documents
    with django_assert_num_queries(6):
        client.get(CATALOGUE, {"category": "01", "year": "2026"})
    for n in range(12):
        published(title=f"多{n}")
    with django_assert_num_queries(6):
        response = client.get(CATALOGUE, {"category": "01", "year": "2026"})
    assert response.content.decode().count('scope="row"><a href="/gk/') == 13


def test_detail_page(client, cast, draft, approve, published, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = draft(
        title="青山区教育收费管理办法",
        kind="policy",
        policy_class="normative",
        doc_number="青教规〔2026〕1号",
        keywords="教育 收费",
        summary="规范教育收费行为。",
    )
    attachment_add(actor=cast.handler, document=policy, data=PDF, filename="收费标准.pdf")
    policy = approve(policy)
    interpretation = approve(
        draft(title="《青山区教育收费管理办法》政策解读", kind="interpretation", interprets=policy)
    )
    policy = document_transition(actor=cast.publisher, document=policy, action="publish")
    interpretation.refresh_from_db()
    html = page(client, f"/gk/{policy.index_number}/")
    for text in (
        policy.index_number,
        "综合政务\\政务公开",
        "江州市青山区教育局",
        "青教规〔2026〕1号",
        "2026年11月2日",  # 成文日期
        "规范教育收费行为。",
        "（一）行政法规、规章和规范性文件",
        "收费标准.pdf",
    ):
        assert text in html, text
    assert interpretation.get_absolute_url() in html
    back = page(client, f"/gk/{interpretation.pk}/")
    assert "的政策解读" in back and policy.get_absolute_url() in back
    attachment = policy.attachments.get()
    download = client.get(f"/gk/{policy.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_detail_runs_a_constant_number_of_queries(
    client, cast, draft, approve, published, django_assert_num_queries
):
    policy = approve(draft(kind="policy", policy_class="normative"))
    for n in range(3):
        approve(draft(title=f"解读{n}", kind="interpretation", interprets=policy))
    policy = document_transition(actor=cast.publisher, document=policy, action="publish")
    # the document, its topic columns, attachments, interpretations and validity history
    with django_assert_num_queries(5):
        response = client.get(policy.get_absolute_url())
    assert response.content.decode().count("解读") >= 3


def test_detail_of_unpublished_is_404_without_details(
    client, cast, draft, approve, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = draft(title="内部草稿")
    attachment = attachment_add(actor=cast.handler, document=document, data=PDF, filename="a.pdf")
    document = approve(document)
    for url in (
        f"/gk/{document.pk}/",
        f"/gk/{document.index_number}/",
        f"/gk/{document.pk}/attachments/{attachment.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "内部草稿" not in response.content.decode()


def test_repealed_original_shows_banner_and_replacement(client, cast, published):
    new = published(title="新办法", doc_number="青教规〔2026〕2号")
    old = published(title="旧办法")
    document_set_validity(
        actor=cast.publisher,
        document=old,
        validity="repealed",
        effective_on=date(2026, 6, 1),
        replaced_by=new,
    )
    html = page(client, old.get_absolute_url())
    assert "本文件已废止" in html and "2026年6月1日起" in html
    assert f'href="{new.get_absolute_url()}"' in html and "青教规〔2026〕2号" in html
    assert "有效 → 废止" in html
    assert "本文件已" not in page(client, new.get_absolute_url())


def test_feeds(client, published):
    published(title="关于开展安全检查的通知", summary="安全检查安排。")
    rss = client.get("/gk/feed.rss")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert "关于开展安全检查的通知" in rss.content.decode()
    atom = client.get("/gk/feed.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "安全检查安排。" in atom.content.decode()


def test_sitemap(client, cast, published, draft):
    document = published()
    hidden = draft(title="草稿")
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and "sitemap-documents.xml" in index.content.decode()
    section = client.get("/sitemap-documents.xml").content.decode()
    assert document.get_absolute_url() in section
    assert f"/gk/{hidden.pk}/" not in section


# --- consultations ---------------------------------------------------------------------------------


@pytest.fixture
def open_consultation(cast):
    cache.clear()
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="关于校外培训管理办法的征求意见",
        description="<p>征求意见稿正文</p>",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    return consultation_publish(actor=cast.publisher, consultation=consultation)


def test_comment_needs_csrf(open_consultation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(open_consultation.get_absolute_url(), {"body": "建议延长征求期"})
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_comment_is_moderated_before_display(client, cast, open_consultation):
    url = open_consultation.get_absolute_url()
    response = client.post(url, {"body": "建议明确收费上限", "author_name": "李女士"}, follow=True)
    assert "审核后公开显示" in response.content.decode()
    assert "建议明确收费上限" not in response.content.decode()
    comment_moderate(actor=cast.publisher, comment=Comment.objects.get(), approve=True)
    assert "建议明确收费上限" in page(client, url) and "李女士" in page(client, url)


def test_honeypot_stores_nothing(client, open_consultation):
    response = client.post(
        open_consultation.get_absolute_url(),
        {"body": "买药加微信", "website": "http://spam.example"},
    )
    assert response.status_code == 302 and Comment.objects.count() == 0


def test_rate_limit_and_field_errors(client, open_consultation):
    url = open_consultation.get_absolute_url()
    empty = client.post(url, {"body": ""})
    html = empty.content.decode()
    assert empty.status_code == 422 and 'id="id_body_error"' in html
    textarea = re.search(r'<textarea[^>]+id="id_body"[^>]*>', html).group(0)
    assert 'aria-describedby="id_body_error"' in textarea and 'aria-invalid="true"' in textarea
    assert 'id="error-summary"' in html and 'href="#id_body"' in html
    for n in range(5):
        assert client.post(url, {"body": f"第{n}条意见"}).status_code == 302
    limited = client.post(url, {"body": "第六条意见"})
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert Comment.objects.count() == 5


def test_closed_consultation_has_no_form(client, cast):
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="已截止的征求意见",
        description="<p>稿</p>",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 9, 30),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    consultation_publish(actor=cast.publisher, consultation=consultation)
    html = page(client, consultation.get_absolute_url())
    assert "不在征求期内" in html and 'name="body"' not in html
    response = client.post(consultation.get_absolute_url(), {"body": "迟到的意见"})
    assert response.status_code == 409 and Comment.objects.count() == 0
    assert "已截止" in page(client, reverse("publications:consultations"))


def test_draft_consultation_is_not_public(client, cast):
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="未发布的征求意见",
        description="<p>稿</p>",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
    )
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert "未发布的征求意见" not in page(client, reverse("publications:consultations"))


def test_feedback_page_lists_decisions(client, cast, open_consultation):
    from gongkai.publications.services.consultations import (
        comment_decide,
        comment_submit,
        consultation_conclude,
    )

    comment = comment_submit(
        consultation=open_consultation, body="建议取消所有收费", today=date(2026, 11, 3)
    )
    comment_moderate(actor=cast.publisher, comment=comment, approve=True)
    comment_decide(
        actor=cast.handler, comment=comment, decision="not_adopted", reason="收费依据法规设定"
    )
    consultation_conclude(
        actor=cast.publisher,
        consultation=open_consultation,
        summary="<p>共收到意见1条，未采纳1条。</p>",
        today=date(2026, 12, 1),
    )
    html = page(client, open_consultation.get_absolute_url())
    assert "意见采纳情况" in html and "不采纳" in html and "收费依据法规设定" in html
    assert Document.objects.count() == 0


# --- languages -------------------------------------------------------------------------------------


@pytest.fixture
def public_pages(client, cast, draft, approve, published, settings, tmp_path, open_consultation):
    """Every public page of the catalogue and consultations, with content on each: a policy with
    an attachment, a topic and an interpretation; a repealed predecessor; an open consultation
    with a published comment and one whose adoption feedback is out."""
    from gongkai.publications.services.consultations import (
        comment_decide,
        comment_submit,
        consultation_conclude,
    )

    settings.MEDIA_ROOT = tmp_path
    topic = topic_save(actor=None, code="jyjy", name="教育就业")
    policy = draft(
        title="青山区教育收费管理办法",
        kind="policy",
        policy_class="normative",
        doc_number="青教规〔2026〕1号",
        keywords="教育 收费",
        summary="规范教育收费行为。",
        art20_item=1,
        topics=[topic],
    )
    attachment_add(actor=cast.handler, document=policy, data=PDF, filename="收费标准.pdf")
    policy = approve(policy)
    interpretation = approve(
        draft(title="《青山区教育收费管理办法》政策解读", kind="interpretation", interprets=policy)
    )
    policy = document_transition(actor=cast.publisher, document=policy, action="publish")
    interpretation.refresh_from_db()
    old = published(title="青山区教育收费暂行办法")
    document_set_validity(
        actor=cast.publisher,
        document=old,
        validity="repealed",
        effective_on=date(2026, 11, 20),
        replaced_by=policy,
        note="被新办法替代",
    )
    comment = comment_submit(
        consultation=open_consultation, body="建议明确退费时限", author_name="李女士"
    )
    comment_moderate(actor=cast.publisher, comment=comment, approve=True)
    concluded = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="关于学前教育收费标准的征求意见",
        description="<p>征求意见稿</p>",
        opens_on=date(2026, 10, 1),
        closes_on=date(2026, 10, 31),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=concluded)
    concluded = consultation_publish(actor=cast.publisher, consultation=concluded)
    late = comment_submit(consultation=concluded, body="建议降低收费", today=date(2026, 10, 5))
    comment_moderate(actor=cast.publisher, comment=late, approve=True)
    comment_decide(actor=cast.handler, comment=late, decision="partly", reason="部分采纳")
    consultation_conclude(
        actor=cast.publisher,
        consultation=concluded,
        summary="<p>共收到意见1条。</p>",
        today=date(2026, 11, 2),
    )
    return {
        "catalogue": (CATALOGUE, {}),
        "catalogue-filtered": (CATALOGUE, {"validity": "repealed", "topic": "jyjy"}),
        "catalogue-bad-filter": (CATALOGUE, {"year": "abc"}),
        "detail": (policy.get_absolute_url(), {}),
        "detail-repealed": (old.get_absolute_url(), {}),
        "interpretation": (interpretation.get_absolute_url(), {}),
        "consultations": (reverse("publications:consultations"), {}),
        "consultation": (open_consultation.get_absolute_url(), {}),
        "consultation-concluded": (concluded.get_absolute_url(), {}),
    }


def test_every_public_page_in_english_leaves_no_chinese_ui(client, public_pages):
    """Chinese stays only where it is content and marked so (``lang="zh-Hans"``)."""
    from gongkai.portal.tests.language import html_lang, title, untranslated

    client.cookies["django_language"] = "en"
    for name, (url, params) in public_pages.items():
        response = client.get(url, params)
        html = response.content.decode()
        assert response.status_code == 200, name
        assert html_lang(html) == "en", name
        assert untranslated(html) == [], name
        # the CSP allows no inline style or script (test_security_headers checks the policy)
        assert "style=" not in html and "<script>" not in html, name
    catalogue = page(client, CATALOGUE)
    assert "Catalogue of government information" in title(catalogue)
    assert "<h1>Catalogue of government information</h1>" in catalogue
    assert '<label for="id_validity">Validity</label>' in catalogue
    assert ">Apply filters</button>" in catalogue and "3 documents" in catalogue
    assert catalogue.count('<th lang="zh-Hans" scope="row"><a href="/gk/') == 3  # titles: content
    url, _ = public_pages["detail-repealed"]
    detail = page(client, url)
    assert "This document has been repealed" in detail and "(since Nov. 20, 2026)" in detail
    assert "Valid → Repealed" in detail
    url, _ = public_pages["consultation"]
    errors = client.post(url, {"body": ""}).content.decode()
    assert html_lang(errors) == "en" and untranslated(errors) == []
    assert "Please correct the following and submit again" in errors
    assert "Your comment: This field is required." in errors


def test_every_public_page_in_traditional_chinese(client, public_pages):
    from gongkai.portal.tests.language import html_lang, is_traditional, visible_text

    for name, (url, params) in public_pages.items():
        simplified = client.get(url, params).content.decode()
        assert html_lang(simplified) == "zh-Hans", name
        assert not is_traditional(visible_text(simplified)), name  # so the check below can fail
    client.cookies["django_language"] = "zh-hant"
    for name, (url, params) in public_pages.items():
        html = client.get(url, params).content.decode()
        assert html_lang(html) == "zh-Hant", name
        assert is_traditional(visible_text(html)), name
    catalogue = page(client, CATALOGUE)
    assert "<h1>政府信息公開目錄</h1>" in catalogue and "青山區教育收費管理辦法" in catalogue
    url, _ = public_pages["consultations"]
    assert "<h1>徵求意見</h1>" in page(client, url)
