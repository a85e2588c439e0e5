"""Real-browser tests of the public catalogue and a consultation (Debian Chromium through
Playwright, axe-core WCAG 2.1 AA on every page), reusing the portal's browser fixtures."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.portal.tests.test_browser import browser, check_axe, page, shoot, site  # noqa: F401
from gongkai.publications.models import Comment
from gongkai.publications.services.consultations import (
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.documents import document_set_validity, document_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_filter_and_read(page, cast, draft, approve, published):  # noqa: F811
    policy = approve(draft(title="青山区教育收费管理办法", kind="policy", policy_class="normative"))
    approve(
        draft(title="《青山区教育收费管理办法》政策解读", kind="interpretation", interprets=policy)
    )
    policy = document_transition(actor=cast.publisher, document=policy, action="publish")
    old = published(title="青山区教育收费暂行办法")
    document_set_validity(
        actor=cast.publisher,
        document=old,
        validity="repealed",
        effective_on=date(2026, 11, 20),
        replaced_by=policy,
    )
    page.goto("/gk/")
    check_axe(page, "catalogue")
    shoot(page, "publications-catalogue")
    page.select_option("#id_validity", "repealed")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 1 and "青山区教育收费暂行办法" in rows.first.inner_text()
    page.get_by_role("link", name="青山区教育收费暂行办法").click()
    assert "本文件已废止" in page.locator(".validity-banner").inner_text()
    check_axe(page, "detail")
    page.locator(".validity-banner").get_by_role("link").click()
    assert page.locator("h1").inner_text() == "青山区教育收费管理办法"
    page.get_by_role("link", name="《青山区教育收费管理办法》政策解读").click()
    assert "的政策解读" in page.locator(".interpretation-link").inner_text()
    shoot(page, "publications-detail")


def test_comment_on_a_consultation(page, cast):  # noqa: F811
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="关于《青山区校外培训机构管理办法（征求意见稿）》公开征求意见的公告",
        description="<p>现公开征求意见，征求期至2026年11月30日。</p>",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    consultation_publish(actor=cast.publisher, consultation=consultation)
    page.goto(consultation.get_absolute_url())
    check_axe(page, "consultation")
    page.get_by_label("意见内容").fill("建议明确培训收费退费的办理时限。")
    page.get_by_label("署名（选填，将随意见公开）").fill("李女士")
    page.get_by_role("button", name="提交意见").click()
    assert "审核后公开显示" in page.locator(".messages").inner_text()
    assert "建议明确培训收费退费" not in page.locator("main").inner_text()
    comment = Comment.objects.get()
    assert comment.author_name == "李女士" and comment.moderation == "pending"
    shoot(page, "publications-consultation")


def test_a_handler_drafts_and_submits(page, cast, category):  # noqa: F811
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill("a_handler")
    page.get_by_label("密码").fill("Correct-Horse-42")
    page.get_by_role("button", name="登录").click()
    page.goto("/workspace/publications/new/")
    check_axe(page, "workspace-new")
    page.get_by_label("名称").fill("关于做好冬季校园安全工作的通知")
    page.get_by_role("button", name="保存草稿").click()
    assert "请更正以下问题" not in page.content()  # a draft needs only its name
    page.get_by_role("link", name="修改草稿").click()
    page.select_option("#id_category", str(category.pk))
    page.get_by_label("正文").fill("各学校：请做好冬季校园安全工作。")
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_role("button", name="保存草稿").click()
    check_axe(page, "workspace-detail")
    page.get_by_role("button", name="提交审核").click()
    assert "已提交审核" in page.locator(".messages").inner_text()
    assert "审核中" in page.locator("main").inner_text()
    shoot(page, "publications-workspace-detail")
