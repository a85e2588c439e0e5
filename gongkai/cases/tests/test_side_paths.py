"""Side paths of the workflow and the table-三 row each outcome lands in."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.cases.models import Application, Channel, FeeNotice, LetterKind
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.services import (
    DecisionData,
    application_accept,
    application_assign,
    application_confirm_receipt,
    application_correction_lapsed,
    application_receive_correction,
    application_request_correction,
    application_withdraw,
    art35_ask_reasons,
    art35_reasons_received,
    fee_lapse,
    fee_notice_send,
    fee_record_payment,
    item_decide,
)
from gongkai.cases.tests.test_lifecycle import handle_to_reply
from gongkai.cases.workflow import State
from gongkai.core.errors import Conflict, InvalidInput

D = date.fromisoformat
pytestmark = pytest.mark.django_db


# --- 补正 (第三十条) ---------------------------------------------------------------------------


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_correction_restarts_the_clock_on_the_corrected_application(register, people, tree):
    case = register()
    application_request_correction(
        actor=people["clerk"], case=case, items="请写明所需文件的年份和名称", on=D("2026-11-05")
    )
    case.refresh_from_db()
    assert case.state == State.CORRECTION
    assert not case.reply_deadline.is_open  # the clock waits for the corrected application
    assert case.correction_due == D(
        "2026-11-19"
    )  # 10 working days (the configured reasonable period)
    assert case.letters.filter(kind=LetterKind.CORRECTION).count() == 1
    application_receive_correction(actor=people["clerk"], case=case, corrected_on=D("2026-11-20"))
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    assert case.reply_deadline.is_open and case.reply_deadline.start == D("2026-11-20")
    assert case.reply_deadline.due == D("2026-12-18")
    assert any("重新起算" in line for line in case.reply_deadline.explanation)
    with pytest.raises(Conflict, match="只能发出一次"):
        application_request_correction(actor=people["clerk"], case=case, items="再次补正")


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_no_correction_in_time_closes_as_other_handling_1(register, people):
    case = register()
    application_request_correction(
        actor=people["clerk"],
        case=case,
        items="请写明文件名称",
        on=D("2026-11-04"),
        due=D("2026-11-18"),
    )
    with pytest.raises(Conflict, match="尚未届满"):
        application_correction_lapsed(actor=people["clerk"], case=case, on=D("2026-11-18"))
    application_correction_lapsed(actor=people["clerk"], case=case, on=D("2026-11-19"))
    case.refresh_from_db()
    assert (case.state, case.outcome_row, case.closed_on) == (
        State.CLOSED,
        "R3.6.1",
        D("2026-11-19"),
    )


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_correction_notice_after_seven_working_days_is_refused(register, people):
    case = register()  # received 11-02 → notice due 11-11
    with pytest.raises(Conflict, match="7个工作日内"):
        application_request_correction(
            actor=people["clerk"], case=case, items="x", on=D("2026-11-12")
        )


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_still_unclear_after_correction_lands_in_r343(register, people, tree):
    case = register()
    application_request_correction(
        actor=people["clerk"], case=case, items="请写明文件名称", on=D("2026-11-04")
    )
    application_receive_correction(actor=people["clerk"], case=case, corrected_on=D("2026-11-09"))
    case = handle_to_reply(
        case,
        people,
        tree,
        DecisionData(Decision.UNCLEAR_AFTER_CORRECTION, reasons="补正后仍未写明所需信息。"),
        deliver_on="2026-11-27",
    )
    assert case.outcome_row == "R3.4.3"
    assert "2026年11月4日告知您补正申请" in _reply_text(case)


def _reply_text(case) -> str:
    from gongkai.core.crypto import decrypt

    return decrypt(case.letters.get(kind=LetterKind.REPLY).html_enc)


# --- receipt dates (第三十一条) --------------------------------------------------------------------


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_online_application_counts_from_the_confirmation_day(register, people):
    # submitted online on Saturday 2026-11-07, confirmed by the office on Monday 11-09
    case = register(channel=Channel.ONLINE, received=None)
    assert case.received_on is None and case.reply_deadline is None
    application_confirm_receipt(actor=people["clerk"], case=case, confirmed_on=D("2026-11-09"))
    case.refresh_from_db()
    assert case.received_on == D("2026-11-09")
    assert case.reply_deadline.due == D("2026-12-07")
    assert case.letters.filter(kind=LetterKind.RECEIPT).exists()


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_signed_post_needs_the_signing_date(register, people):
    with pytest.raises(InvalidInput) as exc:
        register(channel=Channel.POST_SIGNED, received=None)
    assert "received_on" in exc.value.errors
    case = register(channel=Channel.POST_SIGNED, received="2026-11-03")
    assert case.received_on == D("2026-11-03")


# --- fees (国办函〔2020〕109号) ----------------------------------------------------------------------


def _assigned(register, people, tree, **kwargs):
    case = register(**kwargs)
    application_accept(actor=people["clerk"], case=case)
    application_assign(
        actor=people["ogi_head"], case=case, handling_organ=tree["a"], handler=people["handler"]
    )
    return Application.objects.get(pk=case.pk)


@time_machine.travel("2026-12-31 10:00 +0800", tick=False)
def test_fee_paid_pauses_the_clock_and_handling_continues(register, people, tree):
    case = _assigned(register, people, tree)
    fee = fee_notice_send(
        actor=people["handler"],
        case=case,
        basis="per_page",
        pages=250,
        sent_on=D("2026-11-06"),
        received_on=D("2026-11-09"),
    )
    assert fee.amount == 4700  # 70×10 + 100×20 + 50×40 (spec §2 example)
    assert fee.payment_deadline.due == D("2026-12-07")
    fee_record_payment(
        actor=people["handler"], case=case, paid_on=D("2026-11-13"), receipt_number="FS-0001"
    )
    case.refresh_from_db()
    assert case.state == State.ASSIGNED
    # paused 11-06…11-13 (6 working days): the 20th counted working day after 11-02 → 12-08
    assert case.reply_deadline.due == D("2026-12-08")
    assert case.letters.filter(kind=LetterKind.FEE).exists()


@time_machine.travel("2026-12-31 10:00 +0800", tick=False)
def test_fee_unpaid_in_20_working_days_closes_as_other_handling_2(register, people, tree):
    case = _assigned(register, people, tree)
    fee_notice_send(
        actor=people["handler"],
        case=case,
        basis="per_page",
        pages=40,
        sent_on=D("2026-11-06"),
        received_on=D("2026-11-06"),
    )
    with pytest.raises(Conflict, match="尚未届满"):
        fee_lapse(actor=people["handler"], case=case, on=D("2026-12-04"))
    fee_lapse(actor=people["handler"], case=case, on=D("2026-12-07"))
    case.refresh_from_db()
    assert (case.state, case.outcome_row) == (State.CLOSED, "R3.6.2")
    assert FeeNotice.objects.get(application=case).status == FeeNotice.Status.LAPSED


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_fee_per_item_counts_the_applicants_month(register, people, tree):
    # the same applicant made 8 items earlier in November; this application has 5 items
    register(items=[f"第{i}项政府信息（文件名称）" for i in range(1, 9)], received="2026-11-02")
    case = _assigned(
        register,
        people,
        tree,
        items=[f"另一批第{i}项信息（文件名称）" for i in range(1, 6)],
        received="2026-11-03",
    )
    fee = fee_notice_send(
        actor=people["handler"], case=case, basis="per_item", sent_on=D("2026-11-05")
    )
    assert (fee.first_unit, fee.units, fee.amount) == (
        9,
        5,
        300,
    )  # items 9–13 of the month: 11, 12, 13 → 3×100


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_a_zero_fee_is_not_noticed(register, people, tree):
    case = _assigned(register, people, tree)
    with pytest.raises(InvalidInput, match="无需收费"):
        fee_notice_send(actor=people["handler"], case=case, basis="per_page", pages=30)


# --- withdrawal, 第三十五条 --------------------------------------------------------------------------


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_withdrawal_closes_as_other_handling_3(register, people, tree):
    case = _assigned(register, people, tree)
    application_withdraw(actor=people["clerk"], case=case, on=D("2026-11-10"))
    case.refresh_from_db()
    assert (case.state, case.outcome_row, case.termination) == (State.CLOSED, "R3.6.3", "withdrawn")
    assert not case.reply_deadline.is_open


@time_machine.travel("2026-12-30 10:00 +0800", tick=False)
def test_art35_unreasonable_reasons_lead_to_not_processed(register, people, tree):
    case = _assigned(register, people, tree)
    art35_ask_reasons(actor=people["handler"], case=case, on=D("2026-11-04"))
    case = art35_reasons_received(
        actor=people["handler"],
        case=case,
        on=D("2026-11-10"),
        reasonable=False,
        explanation="申请人未说明理由。",
    )
    assert set(case.items.values_list("decision", flat=True)) == {Decision.BULK_UNREASONABLE}
    case = handle_to_reply(
        Application.objects.get(pk=case.pk),
        people,
        tree,
        DecisionData(Decision.BULK_UNREASONABLE, reasons="申请人未说明理由。"),
        deliver_on="2026-11-20",
    )
    assert case.outcome_row == "R3.5.4"
    assert case.letters.filter(kind=LetterKind.ART35_REASONS).exists()


@time_machine.travel("2026-12-30 10:00 +0800", tick=False)
def test_art35_reasonable_sets_a_new_deadline(register, people, tree):
    case = _assigned(register, people, tree)
    art35_ask_reasons(actor=people["handler"], case=case, on=D("2026-11-04"))
    art35_reasons_received(
        actor=people["handler"], case=case, on=D("2026-11-10"), reasonable=True, working_days=30
    )
    case.refresh_from_db()
    assert case.reply_deadline.start == D("2026-11-10") and case.reply_deadline.working_days == 30
    assert case.reply_deadline.due == D("2026-12-22")
    assert case.letters.filter(kind=LetterKind.ART35_DEADLINE).exists()


# --- every decision lands in exactly one row ------------------------------------------------------

DECISION_CASES = [
    (DecisionData(Decision.DISCLOSE, provided="文件1份"), "R3.1"),
    (DecisionData(Decision.ALREADY_PROACTIVE, location="青山区政府网站“政府信息公开”栏目"), "R3.1"),
    (
        DecisionData(
            Decision.PARTIAL,
            withhold_reason=WithholdReason.THIRD_PARTY,
            basis="第十五条",
            reasons="部分内容涉及个人隐私。",
            provided="删除个人信息后的名单",
        ),
        "R3.2",
    ),
    *[
        (
            DecisionData(
                Decision.WITHHOLD, withhold_reason=reason, basis="第十四条", reasons="理由。"
            ),
            row,
        )
        for reason, row in [
            (WithholdReason.STATE_SECRET, "R3.3.1"),
            (WithholdReason.LAW_PROHIBITED, "R3.3.2"),
            (WithholdReason.SAFETY_STABILITY, "R3.3.3"),
            (WithholdReason.THIRD_PARTY, "R3.3.4"),
            (WithholdReason.INTERNAL_AFFAIRS, "R3.3.5"),
            (WithholdReason.PROCESS_INFO, "R3.3.6"),
            (WithholdReason.ENFORCEMENT_FILE, "R3.3.7"),
        ]
    ],
    (
        DecisionData(
            Decision.SPECIAL_REGIME, basis="《不动产登记暂行条例》", reasons="不动产登记资料查询。"
        ),
        "R3.3.8",
    ),
    (DecisionData(Decision.NOT_EXIST, search_scope="本机关文书档案及办公系统"), "R3.4.1"),
    (
        DecisionData(
            Decision.NOT_OUR_DUTY,
            reasons="该信息由市级部门制作。",
            responsible_organ="江州市教育局",
            responsible_contact="0799-1234567",
        ),
        "R3.4.1",
    ),
    (DecisionData(Decision.NEEDS_CREATION, reasons="需汇总统计。"), "R3.4.2"),
    (DecisionData(Decision.PETITION, reasons="属于投诉举报。"), "R3.5.1"),
    (DecisionData(Decision.REPEAT, reasons="已于2026年10月答复。"), "R3.5.2"),
    (DecisionData(Decision.PUBLICATION, location="新华书店", reasons="属于公开出版物。"), "R3.5.3"),
    (DecisionData(Decision.CONFIRM_OR_REISSUE, reasons="要求重新出具。"), "R3.5.5"),
]


@pytest.mark.parametrize(
    "decision,row", DECISION_CASES, ids=[f"{d.decision}-{r}" for d, r in DECISION_CASES]
)
@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_each_decision_lands_in_its_row(register, people, tree, decision, row):
    case = handle_to_reply(register(), people, tree, decision)
    assert case.outcome_row == row


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_mixed_items_count_once_as_partial(register, people, tree):
    case = _assigned(
        register, people, tree, items=["2026年招生计划（文件名称）", "招生会议讨论记录（文件名称）"]
    )
    first, second = case.items.order_by("position")
    item_decide(
        actor=people["handler"], item=first, data=DecisionData(Decision.DISCLOSE, provided="文件")
    )
    item_decide(
        actor=people["handler"],
        item=second,
        data=DecisionData(
            Decision.WITHHOLD,
            withhold_reason=WithholdReason.PROCESS_INFO,
            basis="第十六条第二款",
            reasons="讨论记录。",
        ),
    )
    from gongkai.cases.services import (
        application_approve_legal,
        application_approve_review,
        application_deliver,
        application_sign,
        application_submit_for_review,
    )

    application_submit_for_review(actor=people["handler"], case=case)
    application_approve_review(actor=people["head"], case=case)
    application_approve_legal(actor=people["legal"], case=case)
    application_sign(actor=people["leader"], case=case, on=D("2026-11-27"))
    application_deliver(
        actor=people["clerk"], case=case, method="pickup", delivered_on=D("2026-11-27")
    )
    case.refresh_from_db()
    assert case.outcome_row == "R3.2"


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_a_decision_missing_what_the_law_requires_is_refused(register, people, tree):
    case = _assigned(register, people, tree)
    item = case.items.get()
    with pytest.raises(InvalidInput) as exc:
        item_decide(actor=people["handler"], item=item, data=DecisionData(Decision.WITHHOLD))
    assert {"withhold_reason", "basis", "reasons"} <= set(exc.value.errors)
    with pytest.raises(InvalidInput) as exc:
        item_decide(actor=people["handler"], item=item, data=DecisionData(Decision.NOT_EXIST))
    assert "search_scope" in exc.value.errors
