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
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


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


def test_every_public_page_passes_axe_fits_the_budget_and_is_photographed(page, tree):
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
    }
    for name, url in _more_public_pages(tree).items():
        pages[name] = url
    for name, url in pages.items():
        weight = page_weight(page, url)
        assert weight < PAGE_BUDGET, f"{name}: {weight} bytes"
        check_axe(page, name)
        shoot(page, name)
    # a form with errors is accessible too
    page.goto("/apply/")
    page.get_by_role("button", name="提交申请").click()
    assert page.locator("#error-summary").is_visible()
    check_axe(page, "apply-errors")
    shoot(page, "apply-errors")


def _more_public_pages(tree) -> dict[str, str]:
    """Pages of other capabilities, when installed (catalogue, search)."""
    from django.urls import NoReverseMatch, reverse

    found = {}
    for name, route in (
        ("catalogue", "catalogue:list"),
        ("search", "search:search"),
        ("ask", "search:ask"),
    ):
        try:
            found[name] = reverse(route)
        except NoReverseMatch:
            continue
    return found
