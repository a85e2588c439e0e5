"""Real-browser tests: Debian's Chromium driven by Playwright (no browser download), axe-core from
npm. What a person does on the public site, start to finish.

Run them alone with ``pytest -m browser``; skip them locally with ``-m 'not browser'``.
Screenshots go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from django.urls import reverse

from gongkai.cases.models import Application
from gongkai.cases.tests.conftest import VALID_ID

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
NUMERALS = "零一二三四五六七八九十"
PAGE_BUDGET = 200 * 1024


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the test body's ORM calls
    # stay synchronous. Set only while the browser runs, never for other processes.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, tree):
    """The demo-like district on a live server, with contacts filled in."""
    from gongkai.orgs.services import organ_update

    organ_update(
        actor=None,
        organ=tree["gov"],
        office_name="区政务公开办",
        office_address="江州市青山区政务大道1号",
        office_hours="工作日 9:00—17:30",
        office_phone="0799-82100001",
        office_email="gk@example.gov.cn",
    )
    return live_server


@pytest.fixture
def page(browser, site):
    # bypass_csp only lets the test inject axe-core; the policy itself is tested in test_portal.py
    context = browser.new_context(
        base_url=site.url,
        locale="zh-CN",
        viewport={"width": 1366, "height": 900},
        accept_downloads=True,
        bypass_csp=True,
    )
    tab = context.new_page()
    weights: dict[str, int] = {}

    def record(response):
        try:
            weights[response.url] = len(response.body())
        except Exception:  # redirects and aborted requests have no body
            weights[response.url] = 0

    tab.on("response", record)
    tab.weights = weights
    yield tab
    context.close()


def solve(page) -> str:
    """Read the arithmetic question as a person would and answer it."""
    label = page.locator("label[for='id_challenge_answer']").inner_text()
    a, b = re.search(r"([零一二三四五六七八九十])加([零一二三四五六七八九十])", label).groups()
    return str(NUMERALS.index(a) + NUMERALS.index(b))


def check_axe(page, name: str) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert violations == [], f"{name}: {violations}"


def shoot(page, name: str) -> None:
    """Save desktop and phone screenshots (artefacts to look at, not a check). ``make test``
    takes them in its SQLite pass only: ``GONGKAI_SCREENSHOTS=0`` in the PostgreSQL pass."""
    if os.environ.get("GONGKAI_SCREENSHOTS", "1") == "0":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def fits_phone(page, name: str, size: str = "medium") -> None:
    """At phone width (and the largest text size) nothing makes the page scroll sideways; wide
    tables scroll inside their own region."""
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    assert overflow <= 0, f"{name} ({size} text): {overflow}px wider than a phone: {culprits}"


def page_weight(page, url: str) -> int:
    page.weights.clear()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return sum(page.weights.values())


def fill_application(page, tree) -> None:
    page.select_option("#id_organ", label=tree["a"].name)
    page.check("input[name='applicant_type'][value='NP']")
    page.fill("#id_name", "陈晓明")
    page.fill("#id_id_number", VALID_ID)
    page.fill("#id_phone", "13700001234")
    page.fill("#id_email", "cxm@example.com")
    page.fill("#id_address", "江州市青山区人民路8号")
    page.fill("#id_items", "2026年度区教育局部门预算")
    page.set_input_files(
        "#id_identity_document", files=[{"name": "id.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.fill("#id_challenge_answer", solve(page))


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63fcffff3f0300050001ff8fa9a8"
    "8a0000000049454e44ae426082"
)


def test_apply_track_and_download_the_reply(page, tree, make_staff):
    page.goto("/")
    page.get_by_role("link", name="申请政府信息公开").click()
    fill_application(page, tree)
    page.wait_for_timeout(3100)  # a person needs more than the minimum fill time
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/apply/done/")
    code = page.locator(".code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    shoot(page, "apply-done")
    # staff answer it
    from gongkai.cases import services as s
    from gongkai.cases.outcomes import Decision
    from gongkai.orgs.roles import Role, Scope

    case = Application.objects.get(tracking_code=code)
    clerk = make_staff(tree["a"], Role.HANDLER, username="clerk")
    head = make_staff(tree["a"], Role.SECTION_HEAD, username="head")
    leader = make_staff(tree["a"], Role.LEADER, username="leader")
    ogi = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi")
    s.application_accept(actor=clerk, case=case)
    s.application_assign(actor=ogi, case=case, handling_organ=tree["a"], handler=clerk)
    s.item_decide(
        actor=clerk,
        item=case.items.get(),
        data=s.DecisionData(Decision.DISCLOSE, provided="部门预算（PDF）"),
    )
    s.application_submit_for_review(actor=clerk, case=case)
    s.application_approve_review(actor=head, case=case)
    s.application_sign(actor=leader, case=case)
    s.application_deliver(actor=clerk, case=case, method="online", delivered_on=date.today())
    # the applicant tracks it in a fresh session
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("#id_code", code)
    page.fill("#id_factor", "1234")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert "已答复" in page.locator("main").inner_text()
    shoot(page, "track-status")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("政府信息公开申请答复书")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_reading_aids_and_languages(page):
    page.goto("/guide/")
    page.get_by_role("button", name="特大").click()
    assert "pref-size-xlarge" in page.locator("html").get_attribute("class")
    big = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="高对比度").click()
    assert "pref-contrast-high" in page.locator("html").get_attribute("class")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)" and big == 24
    shoot(page, "guide-high-contrast")
    page.get_by_role("button", name="恢复默认").click()
    page.select_option("#lang-select", "zh-hant")
    page.get_by_role("button", name="切换").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert "政府信息公開指南" in page.locator("h1").inner_text()
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="切換").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Guide to open government information" in page.locator("h1").inner_text()


def test_the_application_form_by_keyboard_alone(page, tree):
    # Playwright turns on file-chooser interception without waiting for it; a listener from the
    # start makes sure it is on before Space opens the chooser (else the test fails at random).
    page.on("filechooser", lambda chooser: None)
    page.goto("/apply/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            if page.evaluate(f'document.activeElement === document.querySelector("{selector}")'):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {selector}"
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"{selector} is not reachable with Tab")

    tab_to("#id_organ")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the first department
    tab_to("#id_applicant_type_0")
    for selector, text in (
        ("#id_name", "陈晓明"),
        ("#id_id_number", VALID_ID),
        ("#id_phone", "13700001234"),
        ("#id_email", "cxm@example.com"),
        ("#id_address", "江州市青山区人民路8号"),
    ):
        tab_to(selector)
        page.keyboard.type(text)
    tab_to("#id_items")
    page.keyboard.type("2026年度区教育局部门预算")
    tab_to("#id_identity_document")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files=[{"name": "id.png", "mimeType": "image/png", "buffer": PNG}])
    tab_to("#id_challenge_answer")
    page.keyboard.type(solve(page))
    page.wait_for_timeout(3100)
    tab_to("button[type='submit'].submit-application")
    page.keyboard.press("Enter")
    page.wait_for_url("**/apply/done/")
    assert Application.objects.count() == 1


def test_every_public_page_passes_axe_fits_the_budget_and_is_photographed(
    page, site, tree, make_staff, settings, tmp_path
):
    from gongkai.cases.services.importing import ImportRecord, application_import
    from gongkai.reports.services import report_start, report_transition, report_update

    application_import(
        organ=tree["a"],
        record=ImportRecord(
            ref="A1",
            received_on=date(2025, 3, 3),
            applicant_type="NP",
            applicant_name="某人",
            description="某信息",
            closed_on=date(2025, 3, 20),
            outcome="R3.1",
            remedies=(),
        ),
    )
    report = report_start(actor=None, organ=tree["a"], year=2025)
    report_update(actor=None, report=report, problems="<p>问题。</p>")
    for action in ("submit", "approve", "publish"):
        report_transition(actor=None, report=report, action=action)
    settings.MEDIA_ROOT = tmp_path
    content = _publish_content(tree, make_staff)
    pages = {
        "home": "/",
        "guide": "/guide/",
        "guide-organ": f"/guide/{tree['a'].code}/",
        "contact": "/contact/",
        "accessibility": "/accessibility/",
        "apply": "/apply/",
        "track": "/track/",
        "reports": "/reports/",
        "report": f"/reports/{tree['a'].code}/2025/",
        **_catalogue_and_search_pages(content),
    }
    for name, url in pages.items():
        weight = page_weight(page, url)
        assert weight < PAGE_BUDGET, f"{name}: {weight} bytes"
        check_axe(page, name)
        shoot(page, name)
        fits_phone(page, name)
    _check_content_pages_show_their_content(page, content)
    # the largest text size and high contrast (reading aids) still fit a phone and pass axe
    page.goto("/guide/")
    page.get_by_role("button", name="特大").click()
    page.get_by_role("button", name="高对比度").click()
    for name, url in _catalogue_and_search_pages(content).items():
        page.goto(url)
        fits_phone(page, name, "xlarge")
        check_axe(page, f"{name}-xlarge-high-contrast")
        if name in ("catalogue", "search"):
            shoot(page, f"{name}-xlarge-high-contrast")
    page.goto("/guide/")
    page.get_by_role("button", name="恢复默认").click()
    # forms with errors are accessible too
    page.goto("/apply/")
    page.get_by_role("button", name="提交申请").click()
    assert page.locator("#error-summary").is_visible()
    check_axe(page, "apply-errors")
    shoot(page, "apply-errors")
    page.goto(content["consultation"].get_absolute_url())
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "意见内容" in summary.inner_text()
    assert page.locator("#id_body").get_attribute("aria-describedby") == "id_body_error"
    check_axe(page, "consultation-errors")
    shoot(page, "consultation-errors")
    # the same pages in English and in traditional Chinese
    for language, lang, heading in (
        ("en", "en", "Catalogue of government information"),
        ("zh-hant", "zh-Hant", "政府信息公開目錄"),
    ):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
        for name, url in _catalogue_and_search_pages(content).items():
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == lang, (language, name)
            check_axe(page, f"{name}-{language}")
            if name in ("catalogue", "document", "search", "ask"):
                shoot(page, f"{name}-{language}")
        page.goto("/gk/")
        assert page.locator("h1").inner_text() == heading
    page.context.clear_cookies()


def test_catalogue_filters_and_search_by_keyboard_alone_without_javascript(
    browser, site, tree, make_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    content = _publish_content(tree, make_staff)
    context = browser.new_context(base_url=site.url, locale="zh-CN", java_script_enabled=False)
    try:
        _filter_and_search_by_keyboard(context.new_page(), content)
    finally:
        context.close()


def _filter_and_search_by_keyboard(page, content) -> None:
    page.goto("/gk/")
    assert "js" not in (page.locator("html").get_attribute("class") or "").split()

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {selector}"
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"{selector} is not reachable with Tab")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.keyboard.press("Enter")  # the skip link moves focus to the main content
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to("#id_validity")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 全部 → 有效 → 失效 → 废止
    assert page.locator("#id_validity").input_value() == "repealed"
    tab_to(".filters button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gk/?*validity=repealed*")
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 1 and content["repealed"].title in rows.first.inner_text()
    assert page.locator("#id_validity").input_value() == "repealed"  # the filter stays shown
    # a search, typed and submitted from the keyboard
    page.goto("/search/")
    tab_to("#id_q")
    page.keyboard.type("教育收费")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("ol.results > li")
    assert results.count() >= 2
    assert content["policy"].title in page.locator("ol.results").inner_text()
    tab_to("ol.results > li:first-child h3 a")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() in {
        content["policy"].title,
        content["interpretation"].title,
        content["repealed"].title,
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _publish_content(tree, make_staff) -> dict:
    """Public content made the way the organ makes it, through the services: a normative document
    with an attachment, a topic and its interpretation (三同步), a repealed predecessor, an open
    consultation with a published comment, an FAQ entry; publishing indexes them for search."""
    from gongkai.orgs.roles import Role, Scope
    from gongkai.publications.data.categories import seed_categories
    from gongkai.publications.models import Category
    from gongkai.publications.services.config import topic_save
    from gongkai.publications.services.consultations import (
        comment_moderate,
        comment_submit,
        consultation_create,
        consultation_publish,
        consultation_secrecy_approve,
    )
    from gongkai.publications.services.documents import (
        attachment_add,
        document_create,
        document_set_validity,
        document_transition,
    )
    from gongkai.search.services import faq_create

    seed_categories(Category)  # flushed by an earlier transactional test
    a = tree["a"]
    handler = make_staff(a, Role.HANDLER, username="pub_handler")
    reviewers = [
        make_staff(a, Role.SECTION_HEAD, username="pub_head"),
        make_staff(a, Role.LEADER, username="pub_leader"),
        make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="pub_ogi"),
    ]
    secrecy = make_staff(a, Role.SECRECY, username="pub_secrecy")
    publisher = make_staff(a, Role.PUBLISHER, username="pub_publisher")
    topic = topic_save(actor=None, code="jyjf", name="教育惠民")
    today = date.today()

    def draft(**fields):
        values = {
            "kind": "notice",
            "genre": "notice",
            "body": "<p>各学校：现将有关事项通知如下。</p><p>一、收费项目和标准按附件执行。</p>",
            "formed_on": today,
            "category": Category.objects.get(code="1002"),  # 科技、教育\教育
        }
        values.update(fields)
        return document_create(actor=handler, organ=a, **values)

    def approve(document):
        document = document_transition(actor=handler, document=document, action="submit")
        for reviewer in reviewers[: len(document.review_chain)]:
            document = document_transition(actor=reviewer, document=document, action="approve")
        return document_transition(actor=secrecy, document=document, action="secrecy_approve")

    def publish(document):
        return document_transition(actor=publisher, document=document, action="publish")

    repealed = publish(approve(draft(title="青山区中小学教育收费暂行办法", genre="measures")))
    policy = draft(
        title="青山区中小学教育收费管理办法",
        kind="policy",
        genre="measures",
        policy_class="normative",
        doc_number="青教规〔2026〕1号",
        keywords="教育收费 中小学",
        summary="规范全区中小学教育收费行为，明确收费项目、标准和公示要求。",
        art20_item=8,
        topics=[topic],
    )
    attachment_add(actor=handler, document=policy, data=PDF, filename="收费项目和标准.pdf")
    policy = approve(policy)
    interpretation = approve(
        draft(
            title="《青山区中小学教育收费管理办法》政策解读",
            kind="interpretation",
            genre="interpretation",
            interprets=policy,
        )
    )
    policy = publish(policy)
    interpretation.refresh_from_db()
    document_set_validity(
        actor=publisher,
        document=repealed,
        validity="repealed",
        effective_on=today,
        replaced_by=policy,
    )
    repealed.refresh_from_db()
    consultation = consultation_create(
        actor=handler,
        organ=a,
        title="关于《青山区校外培训机构管理办法（征求意见稿）》公开征求意见的公告",
        description="<p>为规范校外培训，现公开征求意见。</p>",
        opens_on=today.replace(day=1),
        closes_on=date(today.year + 1, 1, 31),
    )
    consultation_secrecy_approve(actor=secrecy, consultation=consultation)
    consultation = consultation_publish(actor=publisher, consultation=consultation)
    comment = comment_submit(
        consultation=consultation, body="建议明确培训费退费的办理时限。", author_name="李女士"
    )
    comment_moderate(actor=publisher, comment=comment, approve=True)
    faq = faq_create(
        actor=None,
        organ=tree["gov"],
        question="中小学收费标准在哪里查？",
        variants="学校收费标准怎么查\n教育收费项目有哪些",
        answer="<p>收费项目和标准见《青山区中小学教育收费管理办法》附件，学校也须在校门口公示。</p>",
        document_keys=[f"document:{policy.pk}"],
    )
    return {
        "policy": policy,
        "interpretation": interpretation,
        "repealed": repealed,
        "consultation": consultation,
        "faq": faq,
    }


def _catalogue_and_search_pages(content) -> dict[str, str]:
    return {
        "catalogue": reverse("publications:catalogue"),
        "catalogue-filtered": reverse("publications:catalogue") + "?kind=policy&topic=jyjf",
        "document": content["policy"].get_absolute_url(),
        "document-repealed": content["repealed"].get_absolute_url(),
        "interpretation": content["interpretation"].get_absolute_url(),
        "consultations": reverse("publications:consultations"),
        "consultation": content["consultation"].get_absolute_url(),
        "search": reverse("search:search") + "?q=教育收费",
        "search-nothing": reverse("search:search") + "?q=火星殖民飞船",
        "ask": reverse("search:ask") + "?q=中小学收费标准在哪里查？",
        "faq": reverse("search:faq", args=[content["faq"].pk]),
        "faq-list": reverse("search:faq_list"),
    }


def _check_content_pages_show_their_content(page, content) -> None:
    """The photographed pages show what they are about (axe on an empty page proves little)."""
    page.goto(reverse("publications:catalogue") + "?kind=policy&topic=jyjf")
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 1 and content["policy"].title in rows.first.inner_text()
    page.goto(content["policy"].get_absolute_url())
    main = page.locator("main").inner_text()
    assert "收费项目和标准.pdf" in main and content["interpretation"].title in main
    page.goto(content["repealed"].get_absolute_url())
    assert "本文件已废止" in page.locator(".validity-banner").inner_text()
    page.goto(content["consultation"].get_absolute_url())
    assert "建议明确培训费退费的办理时限。" in page.locator("table.comments").inner_text()
    page.goto(reverse("search:search") + "?q=教育收费")
    assert content["policy"].title in page.locator("ol.results").inner_text()
    page.goto(reverse("search:search") + "?q=火星殖民飞船")
    assert "没有找到" in page.locator("#results-title").inner_text()
    page.goto(reverse("search:ask") + "?q=中小学收费标准在哪里查？")
    assert "常见问题解答" in page.locator(".bubble-a").inner_text()
