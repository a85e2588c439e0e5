"""The case workspace through HTTP: what each person sees and does."""

from __future__ import annotations

import pytest
import time_machine

from django.urls import reverse

from gongkai.cases.models import Application, LetterKind
from gongkai.cases.tests.conftest import VALID_ID
from gongkai.cases.workflow import State
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = "2026-11-20 10:00 +0800"


def registration_data(tree, **overrides):
    data = {
        "organ": tree["a"].pk,
        "channel": "in_person",
        "applicant_type": "NP",
        "name": "李小龙",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13900001111",
        "address": "江州市青山区1号",
        "postcode": "519900",
        "items": "2025年度区教育局部门预算\n2025年度区教育局部门决算",
        "preferred_form": "electronic",
        "delivery_method": "post",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_registration_form_creates_the_case_and_the_receipt(client, tree, people):
    client.force_login(people["clerk"])
    response = client.post(reverse("cases:new"), registration_data(tree))
    assert response.status_code == 302
    case = Application.objects.get()
    assert case.items.count() == 2
    assert case.received_on.isoformat() == "2026-11-20"
    assert case.letters.filter(kind=LetterKind.RECEIPT).exists()
    page = client.get(response["Location"]).content.decode()
    assert "李*龙" in page and "李小龙" not in page  # masked until asked for
    assert case.tracking_code in page


@time_machine.travel(NOW, tick=False)
def test_invalid_identity_numbers_are_field_errors_naming_the_check(client, tree, people):
    client.force_login(people["clerk"])
    page = client.post(
        reverse("cases:new"), registration_data(tree, id_number="110105194912310021")
    ).content.decode()
    assert 'id="id_id_number_error"' in page and "校验位错误" in page and "GB 11643" in page
    page = client.post(
        reverse("cases:new"),
        registration_data(
            tree,
            applicant_type="COM",
            organisation_name="某公司",
            credit_code="91350100M000100Y44",
            legal_representative="甲",
            contact_person="乙",
        ),
    ).content.decode()
    assert 'id="id_credit_code_error"' in page and "GB 32100" in page
    assert not Application.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_whole_case_through_the_pages(client, tree, people):
    client.force_login(people["clerk"])
    client.post(reverse("cases:new"), registration_data(tree, items="2025年度区教育局部门预算"))
    case = Application.objects.get()
    url = reverse("cases:detail", args=[case.public_id])

    def act(user, op, **fields):
        client.force_login(people[user])
        case.refresh_from_db()
        data = {"op": op, "version": case.version, **{f"{op}-{k}": v for k, v in fields.items()}}
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]

    act("clerk", "accept")
    act("ogi_head", "assign", handling_organ=tree["a"].pk, handler=people["handler"].pk)
    case.refresh_from_db()
    act(
        "handler",
        "decide",
        item=case.items.get().pk,
        decision="disclose",
        provided="部门预算公开文本（电子版）",
    )
    act("handler", "submit_for_review")
    act("head", "approve_review")
    act("leader", "sign")
    act("clerk", "deliver", method="email", delivered_on="2026-11-20")
    case.refresh_from_db()
    assert (case.state, case.outcome_row) == (State.DELIVERED, "R3.1")
    page = client.get(url).content.decode()
    assert "政府信息公开申请答复书" in page and "已送达" in page


@time_machine.travel(NOW, tick=False)
def test_a_disallowed_action_is_refused_and_stale_forms_lose_nothing(
    client, tree, people, register
):
    case = register()
    url = reverse("cases:detail", args=[case.public_id])
    client.force_login(people["leader"])
    client.post(url, {"op": "accept", "version": case.version})
    case.refresh_from_db()
    assert (
        case.state == State.REGISTERED
    )  # a leader cannot accept: the button is not offered, POST refused
    client.force_login(people["clerk"])
    stale = case.version
    client.post(url, {"op": "accept", "version": stale})
    response = client.post(
        url, {"op": "request_correction", "version": stale, "request_correction-items": "x"}
    )
    assert "已被他人更新" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.correction_requested_on is None


@time_machine.travel(NOW, tick=False)
def test_personal_data_reveal_is_audited_and_not_for_other_departments(
    client, tree, people, register
):
    case = register()
    client.force_login(people["clerk"])
    page = client.post(
        reverse("cases:personal", args=[case.public_id]), {"purpose": "送达"}
    ).content.decode()
    assert "张三丰" in page and VALID_ID in page
    assert AuditEvent.objects.filter(action="case.personal_data_view", actor="clerk").count() == 1
    client.force_login(people["other_head"])
    assert client.get(reverse("cases:detail", args=[case.public_id])).status_code == 404
    assert client.post(reverse("cases:personal", args=[case.public_id])).status_code == 404


@pytest.mark.slow
@time_machine.travel(NOW, tick=False)
def test_letters_download_as_pdf_and_docx_for_handlers_only(client, tree, people, register):
    case = register()
    letter = case.letters.get()
    client.force_login(people["clerk"])
    pdf = client.get(reverse("cases:letter", args=[case.public_id, letter.pk, "pdf"]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    docx = client.get(reverse("cases:letter", args=[case.public_id, letter.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert AuditEvent.objects.filter(action="case.letter_view").count() == 2
    client.force_login(people["other_handler"])
    assert (
        client.get(reverse("cases:letter", args=[case.public_id, letter.pk, "pdf"])).status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_list_page_query_count_does_not_grow_with_cases(
    client, tree, people, register, django_assert_max_num_queries
):
    client.force_login(people["clerk"])
    register()
    url = reverse("cases:list") + "?queue=open"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        register(items=[f"第{n}份需要的文件（文件名称）"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("依申〔2026〕") >= 9


@time_machine.travel(NOW, tick=False)
def test_disguised_identity_document_is_rejected_and_nothing_stored(client, tree, people):
    client.force_login(people["clerk"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "id.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    page = client.post(
        reverse("cases:new"), {**registration_data(tree), "identity_document": fake}
    ).content.decode()
    assert "不支持的文件类型" in page
    assert not Application.objects.exists()  # nothing half-written


@time_machine.travel(NOW, tick=False)
def test_list_pages_in_deadline_order_and_caps_the_count(
    client, tree, people, register, monkeypatch
):
    from gongkai.cases.models import Channel
    from gongkai.core.paging import CappedPaginator

    client.force_login(people["clerk"])
    days = ["2026-11-02", "2026-11-09", "2026-11-16"] * 10
    cases = [
        register(channel=Channel.POST_SIGNED, received=day, items=[f"第{n}号文件"])
        for n, day in enumerate(days)
    ]
    expected = sorted(cases, key=lambda c: (c.reply_deadline.due, -c.created_at.timestamp(), -c.pk))
    url = reverse("cases:list") + "?queue=open"
    first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert "共 30 件" in first and "第 2 / 2 页" in second
    shown = [c.number for c in expected if c.number in first]
    assert shown == [c.number for c in expected[:25]]  # the 25 nearest deadlines first
    positions = [first.index(c.number) for c in expected[:25]]
    assert positions == sorted(positions)
    assert [c.number for c in expected if c.number in second] == [c.number for c in expected[25:]]
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    assert "超过 20 件" in client.get(url).content.decode()
