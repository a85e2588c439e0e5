"""Letters (DOCX/PDF with an embedded CJK font, the remedy clause) and personal-data protection."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
import time_machine
from docx import Document

from django.db import connection

from gongkai.cases.models import Applicant, LetterKind
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.remedy_clause import remedy_clause
from gongkai.cases.selectors import (
    applicant_personal_data,
    can_view_personal_data,
    case_list_for,
    letter_for,
)
from gongkai.cases.services import DecisionData, letter_docx, letter_pdf, letter_template_save
from gongkai.cases.tests.conftest import VALID_ID
from gongkai.cases.tests.test_lifecycle import handle_to_reply
from gongkai.core.errors import NotAllowed
from gongkai.core.models import AuditEvent

D = date.fromisoformat
pytestmark = pytest.mark.django_db

WITHHOLD = DecisionData(
    Decision.WITHHOLD,
    withhold_reason=WithholdReason.PROCESS_INFO,
    basis="《中华人民共和国政府信息公开条例》第十六条第二款",
    reasons="该信息属于内部讨论记录。",
)


def pdf_text(data: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return fonts, "".join(text.split())


@pytest.mark.slow
@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_reply_letter_pdf_embeds_a_cjk_font_and_says_what_the_law_requires(
    register, people, tree, tmp_path
):
    case = handle_to_reply(register(), people, tree, WITHHOLD)
    letter = case.letters.get(kind=LetterKind.REPLY)
    fonts, text = pdf_text(letter_pdf(letter), tmp_path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line or "WenQuanYi" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), fonts  # the "emb" column
    assert "张三丰" in text
    assert "第十六条第二款" in text and "不予公开" in text
    # review-first wording for 不予公开 decided after 2024-01-01, naming the district government
    assert "应当自收到本答复之日起六十日内先向江州市青山区人民政府申请行政复议" in text
    assert letter.number in text


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_reply_letter_docx_contains_the_decision_and_remedy(register, people, tree):
    case = handle_to_reply(
        register(), people, tree, DecisionData(Decision.NOT_EXIST, search_scope="文书档案系统")
    )
    document = Document(io.BytesIO(letter_docx(case.letters.get(kind=LetterKind.REPLY))))
    text = "".join(p.text for p in document.paragraphs)
    assert "张三丰" in text and "该政府信息不存在" in text and "文书档案系统" in text
    assert "可以自收到本答复之日起六十日内向江州市青山区人民政府申请行政复议" in text
    assert "先向" not in text  # not a refusal: no review-first wording


def test_remedy_clause_keeps_the_old_wording_before_2024():
    before = remedy_clause(
        review_body="某区人民政府",
        court="某区人民法院",
        decided_on=D("2023-12-29"),
        review_first=True,
    )
    after = remedy_clause(
        review_body="某区人民政府",
        court="某区人民法院",
        decided_on=D("2024-01-02"),
        review_first=True,
    )
    assert "先向" not in before and "或者自收到本答复之日起六个月内" in before
    assert "先向某区人民政府申请行政复议" in after and "十五日内" in after


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_edited_template_is_a_new_version_and_letters_keep_theirs(register, people, tree):
    first = register()
    receipt = first.letters.get(kind=LetterKind.RECEIPT)
    assert receipt.template.version == 1
    letter_template_save(
        actor=None,
        kind=LetterKind.RECEIPT,
        body="<h1>接收回执</h1><p>{{ applicant.name }}：已收到，查询码 {{ case.tracking_code }}。</p>",
    )
    second = register(items=["另一份文件（文件名称）"])
    new_receipt = second.letters.get(kind=LetterKind.RECEIPT)
    assert new_receipt.template.version == 2
    receipt.refresh_from_db()
    assert receipt.template.version == 1


# --- personal data --------------------------------------------------------------------------------


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_personal_data_is_encrypted_at_rest_and_masked_in_lists(register, people):
    case = register()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_enc, id_number_enc, phone_enc, address_enc, name_masked, id_number_masked "
            "FROM cases_applicant WHERE application_id = %s",
            [case.pk],
        )
        name_enc, id_enc, phone_enc, address_enc, name_masked, id_masked = cursor.fetchone()
    for stored in (name_enc, id_enc, phone_enc, address_enc):
        assert stored.startswith("v1:")
    assert "张三丰" not in name_enc and VALID_ID not in id_enc and "13800138000" not in phone_enc
    assert (name_masked, id_masked) == ("张*丰", "110***********002X")
    row = case_list_for(people["clerk"], queue="open").get(pk=case.pk)
    assert row.applicant.name_masked == "张*丰"


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_only_those_handling_the_case_see_personal_data_and_every_view_is_audited(
    register, people, tree
):
    case = register()
    data = applicant_personal_data(people["clerk"], case, purpose="核对身份")
    assert data.id_number == VALID_ID and data.phone == "13800138000"
    assert (
        AuditEvent.objects.filter(
            action="case.personal_data_view", actor="clerk", target_id=str(case.pk)
        ).count()
        == 1
    )
    for outsider in ("other_handler", "other_head"):
        assert not can_view_personal_data(people[outsider], case)
        with pytest.raises(NotAllowed):
            applicant_personal_data(people[outsider], case)
    letter = case.letters.first()
    with pytest.raises(NotAllowed):
        letter_for(people["other_head"], case=case, letter_id=letter.pk)


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_an_assisting_organ_sees_the_case_but_not_the_applicant(register, people, tree):
    from gongkai.cases.services import application_accept, application_assign

    case = register()
    application_accept(actor=people["clerk"], case=case)
    application_assign(
        actor=people["ogi_head"],
        case=case,
        handling_organ=tree["a"],
        handler=people["handler"],
        assisting_organs=[tree["b"]],
    )
    assert case_list_for(people["other_handler"], queue="open").filter(pk=case.pk).exists()
    assert not can_view_personal_data(people["other_handler"], case)


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_no_personal_data_in_events_or_audit(register, people, tree):
    case = handle_to_reply(register(), people, tree, WITHHOLD)
    texts = [str(e.data) + e.note for e in case.events.all()]
    texts += [str(a.data) for a in AuditEvent.objects.all()]
    blob = " ".join(texts)
    assert "张三丰" not in blob and VALID_ID not in blob and "13800138000" not in blob
    assert Applicant.objects.count() == 1
