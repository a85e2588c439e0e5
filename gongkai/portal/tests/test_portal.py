"""The public website: applying online, tracking, reading preferences, languages, security."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gongkai.cases.models import Application, LetterKind
from gongkai.cases.tests.conftest import VALID_ID
from gongkai.core.models import AuditEvent
from gongkai.portal.challenge import SALT
from gongkai.portal.preferences import COOKIE

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def answer(page: str) -> dict:
    """Read the form's challenge token and compute the answer a person would."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    return {"challenge_token": token, "challenge_answer": str(signing.loads(token, salt=SALT)["s"])}


def apply_data(tree, page, **overrides):
    data = {
        "organ": tree["a"].pk,
        "applicant_type": "NP",
        "name": "林小梅",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "lxm@example.com",
        "address": "江州市青山区1号",
        "postcode": "519900",
        "items": "2026年度区教育局部门预算\n学位分配方案",
        "preferred_form": "electronic",
        "delivery_method": "online",
        "identity_document": SimpleUploadedFile("id.png", PNG, "image/png"),
        **answer(page),
    }
    data.update(overrides)
    return data


def test_apply_online_end_to_end(client, tree, time_machine):
    time_machine.move_to("2026-11-20 10:00 +0800", tick=False)
    page = client.get(reverse("portal:apply")).content.decode()
    time_machine.move_to(
        "2026-11-20 10:01 +0800", tick=False
    )  # a person takes more than a few seconds
    response = client.post(reverse("portal:apply"), apply_data(tree, page))
    assert response.status_code == 302 and response["Location"] == reverse("portal:apply_done")
    case = Application.objects.get()
    assert case.channel == "online" and case.received_on.isoformat() == "2026-11-20"
    assert case.attachments.filter(kind="identity").exists()
    done = client.get(response["Location"]).content.decode()
    assert case.tracking_code in done and "2026-12-18" in done  # 20 working days after 11-20
    assert case.tracking_code not in re.search(r"<title>(.*?)</title>", done, re.S).group(1)
    receipt = case.letters.get(kind=LetterKind.RECEIPT)
    assert reverse("portal:track_letter", args=[receipt.pk]) in done
    assert client.get(reverse("portal:track_letter", args=[receipt.pk])).content.startswith(b"%PDF")


def test_field_errors_are_tied_to_fields_and_nothing_is_saved(client, tree, time_machine):
    time_machine.move_to("2026-11-20 10:00 +0800", tick=False)
    page = client.get(reverse("portal:apply")).content.decode()
    time_machine.move_to("2026-11-20 10:01 +0800", tick=False)
    response = client.post(
        reverse("portal:apply"), apply_data(tree, page, id_number="110105194912310021", items="")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_id_number_error"' in body and "校验位错误" in body
    assert 'aria-describedby="id_id_number_error"' in body and 'aria-invalid="true"' in body
    assert 'id="id_items_error"' in body
    assert 'href="#id_id_number"' in body  # the error summary links to the field
    assert not Application.objects.exists()


def test_abuse_protection(client, tree, time_machine):
    time_machine.move_to("2026-11-20 10:00 +0800", tick=False)
    page = client.get(reverse("portal:apply")).content.decode()
    # too fast
    fast = client.post(reverse("portal:apply"), apply_data(tree, page)).content.decode()
    assert "提交过快" in fast
    # honeypot filled
    time_machine.move_to("2026-11-20 10:02 +0800", tick=False)
    page = client.get(reverse("portal:apply")).content.decode()
    time_machine.move_to("2026-11-20 10:03 +0800", tick=False)
    bot = client.post(
        reverse("portal:apply"), apply_data(tree, page, website="http://spam.example")
    ).content.decode()
    assert "提交未成功" in bot
    # wrong answer, then the same token again
    page = client.get(reverse("portal:apply")).content.decode()
    time_machine.move_to("2026-11-20 10:04 +0800", tick=False)
    wrong = apply_data(tree, page)
    wrong["challenge_answer"] = "99"
    assert "计算结果不正确" in client.post(reverse("portal:apply"), wrong).content.decode()
    reused = apply_data(tree, page)
    assert "验证已使用" in client.post(reverse("portal:apply"), reused).content.decode()
    assert not Application.objects.exists()


def test_tracking_needs_the_second_factor_and_shows_only_public_steps(
    client, tree, time_machine, make_staff
):
    time_machine.move_to("2026-11-20 10:00 +0800", tick=False)
    page = client.get(reverse("portal:apply")).content.decode()
    time_machine.move_to("2026-11-20 10:01 +0800", tick=False)
    client.post(reverse("portal:apply"), apply_data(tree, page))
    case = Application.objects.get()
    other = client.__class__()
    wrong = other.post(
        reverse("portal:track"), {"code": case.tracking_code, "factor": "9999"}
    ).content.decode()
    assert "不正确" in wrong and "林" not in wrong
    assert other.get(reverse("portal:track_status")).status_code == 302
    right = other.post(
        reverse("portal:track"),
        {"code": case.tracking_code.replace("-", "").lower(), "factor": "002x"},
    )
    assert right.status_code == 302
    status = other.get(reverse("portal:track_status")).content.decode()
    assert case.number in status and "2026-12-18" in status and "答复期限" in status
    assert "clerk" not in status and VALID_ID not in status
    assert AuditEvent.objects.filter(action="case.tracking_view").count() == 1
    # a letter of another case cannot be fetched with this session
    from gongkai.cases.services import ItemData, Submission, application_register
    from gongkai.cases.tests.conftest import person

    clerk = make_staff(tree["b"], username="clerk_b")
    foreign = application_register(
        actor=clerk,
        organ=tree["b"],
        submission=Submission(
            applicant=person(), items=[ItemData("别人的申请内容（文件）")], channel="in_person"
        ),
    )
    assert (
        other.get(reverse("portal:track_letter", args=[foreign.letters.get().pk])).status_code
        == 404
    )
    # a phone number's last four also works
    third = client.__class__()
    assert (
        third.post(
            reverse("portal:track"), {"code": case.tracking_code, "factor": "5678"}
        ).status_code
        == 302
    )


def test_tracking_is_rate_limited_per_code(client, tree, time_machine):
    for _ in range(8):
        client.post(reverse("portal:track"), {"code": "AAAA-BBBB-CCCC", "factor": "1234"})
    limited = client.post(
        reverse("portal:track"), {"code": "AAAA-BBBB-CCCC", "factor": "1234"}
    ).content.decode()
    assert "尝试次数过多" in limited


def test_reading_preferences_persist_without_javascript(client, tree):
    response = client.post(reverse("portal:reading"), {"size": "xlarge", "next": "/guide/"})
    assert response.status_code == 302 and response["Location"] == "/guide/"
    client.post(reverse("portal:reading"), {"contrast": "high", "next": "/guide/"})
    page = client.get("/guide/").content.decode()
    html_tag = re.search(r"<html [^>]+>", page).group(0)
    assert "pref-size-xlarge" in html_tag and "pref-contrast-high" in html_tag
    assert 'value="xlarge" aria-pressed="true"' in page
    assert (
        client.post(reverse("portal:reading"), {"size": "huge", "next": "https://evil.example/"})[
            "Location"
        ]
        == "/"
    )
    client.post(reverse("portal:reading"), {"reset": "1"})
    assert "pref-size-medium" in re.search(r"<html [^>]+>", client.get("/").content.decode()).group(
        0
    )
    assert COOKIE in client.cookies


def test_languages(client, tree):
    client.cookies["django_language"] = "zh-hant"
    page = client.get(reverse("portal:guide")).content.decode()
    assert (
        '<html lang="zh-Hant"' in page
        and "政府信息公開指南" in page
        and "江州市青山區人民政府" in page
    )
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:guide")).content.decode()
    assert '<html lang="en"' in page and "Guide to open government information" in page
    assert (
        'lang="zh-Hans"' in page and "江州市青山区人民政府" in page
    )  # content stays Chinese, marked as such
    switched = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert switched.status_code == 302


def test_guide_states_what_article_12_requires(client, tree):
    from gongkai.orgs.services import organ_update

    organ_update(
        actor=None,
        organ=tree["gov"],
        office_name="区政务公开办",
        office_address="政务大道1号",
        office_hours="工作日9:00—17:30",
        office_phone="0799-1111111",
        office_fax="0799-2222222",
        office_email="gk@example.gov.cn",
    )
    page = client.get(reverse("portal:guide")).content.decode()
    for text in (
        "区政务公开办",
        "政务大道1号",
        "工作日9:00—17:30",
        "0799-1111111",
        "0799-2222222",
        "gk@example.gov.cn",
        "20个工作日",
        "身份证明",
        "江州市青山区教育局",
    ):
        assert text in page


def test_security_headers(client, tree):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "unsafe-inline" not in csp
        and "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert "style=" not in response.content.decode()  # no inline styles anywhere on the page


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        GONGKAI_PRODUCTION="1",
        GONGKAI_DATA_DIR=str(tmp_path),
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_SECRET_KEY="x" * 20 + "-Production-Secret-Key-With-Enough-Entropy-0123456789",
        GONGKAI_DATA_KEY=base64.urlsafe_b64encode(b"k" * 32).decode(),
        GONGKAI_DATABASE_URL="postgres://gongkai:secret@db.internal:5432/gongkai",  # not connected by check
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_translations_are_complete_and_compiled():
    locale = Path(__file__).resolve().parents[2] / "locale"
    for language in ("en", "zh_Hant"):
        po = polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
        mo = polib.mofile(str(locale / language / "LC_MESSAGES" / "django.mo"))
        assert not [e.msgid for e in po if not e.msgstr], (
            f"{language}: untranslated strings (run scripts/i18n.py build)"
        )
        assert {e.msgid: e.msgstr for e in po} == {e.msgid: e.msgstr for e in mo if e.msgid}, (
            f"{language}: .mo is stale (run scripts/i18n.py build)"
        )


def test_every_portal_page_in_english_leaves_no_chinese_ui(client, tree):
    """Chinese stays only where it is content and marked so (``lang="zh-Hans"``): organ names,
    titles. Error pages and the application form's question included."""
    from datetime import date

    from gongkai.cases.services.importing import ImportRecord, application_import
    from gongkai.portal.tests.language import html_lang, untranslated
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
    client.cookies["django_language"] = "en"
    for url, status in (
        (f"/reports/{tree['a'].code}/2025/", 200),
        ("/", 200),
        ("/guide/", 200),
        (f"/guide/{tree['a'].code}/", 200),
        ("/contact/", 200),
        ("/accessibility/", 200),
        ("/apply/", 200),
        ("/track/", 200),
        ("/reports/", 200),
        ("/no-such-page/", 404),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == status, url
        assert html_lang(html) == "en", url
        assert untranslated(html) == [], url
    apply = client.get("/apply/").content.decode()
    assert re.search(r"what is (one|two|three|four|five|six|seven|eight|nine) plus", apply)
    assert '<option value="" selected>Please choose</option>' in apply
    assert f'<option value="{tree["a"].pk}" lang="zh-Hans">江州市青山区教育局</option>' in apply
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_application_errors_are_in_the_visitors_language(client, tree):
    """The services' field messages (identity checks, Art. 29 content) follow the site's
    language; the check they name stays exact."""
    bad_id = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    client.cookies["django_language"] = "en"
    page = client.get("/apply/").content.decode()
    response = client.post("/apply/", apply_data(tree, page, id_number=bad_id, items="x"))
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        f"the 18th character should be {VALID_ID[17]}" in html
    )  # GB 11643-1999 check character, named
    assert "The description of the information is too short" in html
    assert "校验位" not in html and "过于简略" not in html
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/apply/").content.decode()
    html = client.post("/apply/", apply_data(tree, page, id_number=bad_id)).content.decode()
    assert f"第18位应为{VALID_ID[17]}" in html


def test_the_application_form_offers_every_choice_of_the_models():
    from gongkai.cases.identity import IdType
    from gongkai.cases.models import ApplicantType, PreferredForm
    from gongkai.portal.forms import APPLICANT_TYPES, ID_TYPES, PREFERRED_FORMS

    # the form's translated labels must not drop or add a value the cases app knows
    assert [v for v, _ in APPLICANT_TYPES] == ApplicantType.values
    assert [v for v, _ in ID_TYPES] == IdType.values
    assert [v for v, _ in PREFERRED_FORMS] == PreferredForm.values
    with translation.override("zh-hans"):
        assert [str(label) for _, label in APPLICANT_TYPES] == ApplicantType.labels
