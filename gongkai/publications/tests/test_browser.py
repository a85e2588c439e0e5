"""Real-browser tests of the public catalogue, a consultation and drafting: Debian's Chromium
through Playwright, axe-core (WCAG 2.1 AA) on every page, screenshots in test-artifacts.

Playwright's async API runs in a thread of its own, so these tests never share an event loop
with another app's browser fixture in the same test process."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from gongkai.publications.models import Comment, Document, State
from gongkai.publications.services.consultations import (
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.documents import document_set_validity, document_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_browser(base_url: str, scenario) -> None:
    """Run ``async scenario(page)`` in Chromium; its assertion errors surface here."""
    failure: list[BaseException] = []

    async def main():
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=ARGS
            )
            try:
                # bypass_csp only lets the test inject axe-core
                context = await browser.new_context(
                    base_url=base_url,
                    locale="zh-CN",
                    viewport={"width": 1366, "height": 900},
                    bypass_csp=True,
                )
                await scenario(await context.new_page())
            finally:
                await browser.close()

    def run():
        try:
            asyncio.run(main())
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the browser scenario did not finish"
    if failure:
        raise failure[0]


async def check_axe(page, name: str) -> None:
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert violations == [], f"{name}: {violations}"


async def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)


def test_browse_filter_and_read(live_server, cast, draft, approve, published):
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

    async def scenario(page):
        await page.goto("/gk/")
        await check_axe(page, "catalogue")
        await shoot(page, "publications-catalogue")
        await page.select_option("#id_validity", "repealed")
        await page.get_by_role("button", name="筛选").click()
        rows = page.locator("table.catalogue tbody tr")
        assert await rows.count() == 1
        assert "青山区教育收费暂行办法" in await rows.first.inner_text()
        await page.get_by_role("link", name="青山区教育收费暂行办法").click()
        assert "本文件已废止" in await page.locator(".validity-banner").inner_text()
        await check_axe(page, "detail")
        await page.locator(".validity-banner").get_by_role("link").click()
        assert await page.locator("h1").inner_text() == "青山区教育收费管理办法"
        await page.get_by_role("link", name="《青山区教育收费管理办法》政策解读").click()
        assert "的政策解读" in await page.locator(".interpretation-link").inner_text()
        await shoot(page, "publications-detail")

    in_browser(live_server.url, scenario)


def test_comment_on_a_consultation(live_server, cast):
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

    async def scenario(page):
        await page.goto(consultation.get_absolute_url())
        await check_axe(page, "consultation")
        await page.get_by_label("意见内容").fill("建议明确培训收费退费的办理时限。")
        await page.get_by_label("署名（选填，将随意见公开）").fill("李女士")
        await page.get_by_role("button", name="提交意见").click()
        assert "审核后公开显示" in await page.locator(".messages").inner_text()
        assert "建议明确培训收费退费" not in await page.locator("main").inner_text()
        await check_axe(page, "consultation-after-comment")
        await shoot(page, "publications-consultation")

    in_browser(live_server.url, scenario)
    comment = Comment.objects.get()
    assert comment.author_name == "李女士" and comment.moderation == "pending"


def test_a_handler_drafts_and_submits(live_server, cast, category):
    async def scenario(page):
        await page.goto("/workspace/login/")
        await page.get_by_label("用户名").fill("a_handler")
        await page.get_by_label("密码").fill("Correct-Horse-42")
        await page.get_by_role("button", name="登录").click()
        await page.goto("/workspace/publications/new/")
        await check_axe(page, "workspace-new")
        await page.get_by_label("名称").fill("关于做好冬季校园安全工作的通知")
        await page.get_by_role("button", name="保存草稿").click()
        assert "请更正以下问题" not in await page.content()  # a draft needs only its name
        await page.get_by_role("link", name="修改草稿").click()
        await page.select_option("#id_category", str(category.pk))
        await page.get_by_label("正文").fill("各学校：请做好冬季校园安全工作。")
        await page.get_by_label("成文日期").fill("2026-11-20")
        await page.get_by_role("button", name="保存草稿").click()
        await check_axe(page, "workspace-detail")
        await page.get_by_role("button", name="提交审核").click()
        assert "已提交审核" in await page.locator(".messages").inner_text()
        await shoot(page, "publications-workspace-detail")

    in_browser(live_server.url, scenario)
    document = Document.objects.get()
    assert document.state == State.IN_REVIEW and document.category == category
