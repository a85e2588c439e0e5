"""The portal pages and the staff pages, as a person uses them."""

from __future__ import annotations

import pytest

from gongkai.orgs.roles import Role
from gongkai.search.models import FaqEntry, QueryLog

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_with_highlights_facets_and_interpretations(client, corpus):
    response = client.get("/search/", {"q": "高龄津贴"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_q">检索词</label>' in html
    assert "江州市青山区<mark>高龄津贴</mark>发放办法" in html
    assert "相关解读" in html and "《青山区高龄津贴发放办法》解读" in html
    assert "发布机关" in html and "江州市青山区民政局（" in html


def test_search_page_facet_link_filters(client, corpus):
    html = client.get("/search/", {"q": "补贴", "kind": "interpretation"}).content.decode()
    assert "政策解读" in html and "✓ 政策解读" in html


def test_search_page_when_nothing_is_found(client, corpus):
    html = client.get("/search/", {"q": "量子 补贴 火星", "kind": "report"}).content.decode()
    assert "没有找到" in html
    assert "可以试试" in html and "补贴" in html
    assert "向智能问答提问" in html


def test_search_page_field_error_not_a_stack_trace(client, db):
    response = client.get("/search/", {"q": "长" * 201})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_ask_page_without_javascript(client, corpus, faq):
    response = client.get("/ask/", {"q": "加装电梯要多少业主同意"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "以下内容摘自相关政策文件" in html
    assert "<mark>" in html and "出处" in html
    assert QueryLog.objects.filter(channel="ask", answer_type="passage").exists()


def test_ask_page_empty_question_is_a_field_error(client, db):
    response = client.get("/ask/", {"q": " "})
    assert "请输入问题" in response.content.decode()


def test_faq_public_page(client, faq):
    entry = faq[0]
    html = client.get(f"/ask/faq/{entry.pk}/").content.decode()
    assert entry.question in html
    assert client.get("/ask/faq/999999/").status_code == 404


def test_faq_list_page_lists_every_active_entry_by_organ(client, faq):
    from gongkai.search.services import faq_update

    retired = faq[-1]
    faq_update(actor=None, entry=retired, is_active=False)
    html = client.get("/ask/faq/").content.decode()
    for entry in faq[:-1]:
        assert f'href="/ask/faq/{entry.pk}/"' in html and entry.question in html
        assert entry.organ.name in html
    assert retired.question not in html  # retired entries are not offered
    assert 'href="/ask/faq/"' in client.get("/ask/").content.decode()  # reachable from /ask/


# --- languages -------------------------------------------------------------------------------------


@pytest.fixture
def public_pages(corpus, faq):
    """The public search and Q&A pages in each state a visitor meets: results (also narrowed by a
    facet), nothing found, a field error; a quoted passage, an FAQ answer, no answer; an FAQ."""
    return {
        "search": ("/search/", {"q": "高龄津贴"}, 200),
        "search-filtered": ("/search/", {"q": "补贴", "kind": "interpretation"}, 200),
        "search-nothing": ("/search/", {"q": "量子 补贴 火星", "kind": "report"}, 200),
        "search-error": ("/search/", {"q": "补贴", "year": "公元"}, 400),
        "search-empty": ("/search/", {}, 200),
        "ask-passage": ("/ask/", {"q": "加装电梯要多少业主同意"}, 200),
        "ask-faq": ("/ask/", {"q": faq[0].question}, 200),
        "ask-none": ("/ask/", {"q": "我家的猫走丢了"}, 200),
        "ask-error": ("/ask/", {"q": " "}, 400),
        "faq": (f"/ask/faq/{faq[0].pk}/", {}, 200),
        "faq-list": ("/ask/faq/", {}, 200),
    }


def test_every_public_page_in_english_leaves_no_chinese_ui(client, public_pages):
    """Chinese stays only where it is content and marked so (``lang="zh-Hans"``)."""
    from gongkai.portal.tests.language import html_lang, untranslated

    client.cookies["django_language"] = "en"
    pages = {}
    for name, (url, params, status) in public_pages.items():
        response = client.get(url, params)
        pages[name] = html = response.content.decode()
        assert response.status_code == status, name
        assert html_lang(html) == "en", name
        assert untranslated(html) == [], name
        # the CSP allows no inline style or script (test_security_headers checks the policy)
        assert "style=" not in html and "<script>" not in html, name
    assert "<h1>Policy search</h1>" in pages["search"]
    assert '<label for="id_q">Search terms</label>' in pages["search"]
    assert ">Search</button>" in pages["search"] and "results</h2>" in pages["search"]
    assert "✓ Policy interpretation (" in pages["search-filtered"]
    assert "No results found" in pages["search-nothing"]
    assert "The filter “Year” is not valid" in pages["search-error"]
    assert "Quoted from the relevant policy documents:" in pages["ask-passage"]
    assert "Frequently asked question: " in pages["ask-faq"]
    assert "You can ask a member of staff:" in pages["ask-none"]
    assert "Your question: Please enter a question" in pages["ask-error"]
    assert "Answered by: " in pages["faq"]


def test_every_public_page_in_traditional_chinese(client, public_pages):
    from gongkai.portal.tests.language import html_lang, is_traditional, visible_text

    for name, (url, params, _) in public_pages.items():
        simplified = client.get(url, params).content.decode()
        assert html_lang(simplified) == "zh-Hans", name
        assert not is_traditional(visible_text(simplified)), name  # so the check below can fail
    client.cookies["django_language"] = "zh-hant"
    for name, (url, params, _) in public_pages.items():
        html = client.get(url, params).content.decode()
        assert html_lang(html) == "zh-Hant", name
        assert is_traditional(visible_text(html)), name
    assert "<h1>政策檢索</h1>" in client.get("/search/", {"q": "高齡津貼"}).content.decode()
    assert "<h1>智能問答</h1>" in client.get("/ask/").content.decode()


def test_staff_manage_faq_in_the_workspace(client, qingshan, make_staff):
    handler = make_staff(qingshan["qingshan-mzj"], Role.HANDLER)
    client.force_login(handler)
    home = client.get("/workspace/").content.decode()
    assert "智能问答知识库" in home and "检索分析" in home
    response = client.post(
        "/workspace/knowledge/faq/new/",
        {
            "organ": qingshan["qingshan-mzj"].pk,
            "question": "高龄津贴怎么领？",
            "variants": "",
            "answer": "<p>到社区居委会申请。</p>",
            "document_keys": "document:155",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.document_keys == ["document:155"]
    listing = client.get("/workspace/knowledge/faq/").content.decode()
    assert "高龄津贴怎么领？" in listing
    bad = client.post(
        "/workspace/knowledge/faq/new/",
        {"organ": qingshan["qingshan-rsj"].pk, "question": "", "answer": ""},
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_staff_pages_need_the_capability(client, qingshan, make_staff):
    client.force_login(make_staff(qingshan["qingshan-mzj"], Role.SECRECY))
    assert client.get("/workspace/knowledge/faq/").status_code == 403
    assert client.get("/workspace/knowledge/analytics/").status_code == 403


def test_analytics_show_top_zero_result_and_unanswered(client, corpus, qingshan, make_staff):
    client.get("/search/", {"q": "高龄津贴"})
    client.get("/search/", {"q": "高龄津贴"})
    client.get("/search/", {"q": "火星殖民飞船"})
    client.get("/ask/", {"q": "我家的猫走丢了"})
    client.force_login(make_staff(qingshan["qingshan"], Role.OGI_HEAD))
    html = client.get("/workspace/knowledge/analytics/").content.decode()
    assert '<th scope="row">高龄津贴</th><td>2</td>' in html
    assert "火星殖民飞船" in html
    assert "我家的猫走丢了" in html


def test_staff_add_synonym_and_dictionary_word(client, qingshan, make_staff, corpus):
    client.force_login(make_staff(qingshan["qingshan"], Role.OGI_HEAD))
    response = client.post(
        "/workspace/knowledge/vocabulary/", {"form": "synonym", "words": "敬老卡，老年人优待卡"}
    )
    assert response.status_code == 302
    bad = client.post("/workspace/knowledge/vocabulary/", {"form": "synonym", "words": "孤词"})
    assert "至少需要两个词" in bad.content.decode()
    html = client.get("/search/", {"q": "敬老卡"}).content.decode()
    assert "<mark>老年人优待卡</mark>办理指南" in html
