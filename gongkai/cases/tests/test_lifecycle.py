"""Every decision type and side path, end to end through the services, landing in the right
table-三 row (issue #3 'Done when')."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.cases.models import Consultation, Extension, LetterKind
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.services import (
    DecisionData,
    PartyData,
    application_accept,
    application_approve_legal,
    application_approve_review,
    application_archive,
    application_assign,
    application_deliver,
    application_sign,
    application_submit_for_review,
    consultation_end,
    consultation_record_opinion,
    consultation_start,
    extension_decide,
    extension_request,
    item_decide,
)
from gongkai.cases.workflow import State

D = date.fromisoformat
pytestmark = pytest.mark.django_db


def handle_to_reply(case, people, tree, decision: DecisionData, *, deliver_on="2026-11-20"):
    case.refresh_from_db()
    if case.state == State.REGISTERED:
        application_accept(actor=people["clerk"], case=case)
    if case.state in (State.REGISTERED, State.ACCEPTED):
        application_assign(
            actor=people["ogi_head"], case=case, handling_organ=tree["a"], handler=people["handler"]
        )
    for item in case.items.all():
        item_decide(actor=people["handler"], item=item, data=decision)
    application_submit_for_review(actor=people["handler"], case=case)
    case = application_approve_review(actor=people["head"], case=case)
    if case.state == State.LEGAL_REVIEW:
        application_approve_legal(actor=people["legal"], case=case)
    application_sign(actor=people["leader"], case=case, on=D(deliver_on))
    application_deliver(
        actor=people["clerk"],
        case=case,
        method="post",
        delivered_on=D(deliver_on),
        proof="XA123456789CN",
    )
    case.refresh_from_db()
    return case


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_disclosure_runs_end_to_end(register, people, tree):
    case = register()
    assert case.received_on == D("2026-11-02")
    assert case.reply_deadline.due == D("2026-11-30")
    assert case.letters.filter(kind=LetterKind.RECEIPT).count() == 1
    case = handle_to_reply(
        case, people, tree, DecisionData(Decision.DISCLOSE, provided="招生计划文件1份（电子版）")
    )
    assert case.state == State.DELIVERED
    assert case.closed_on == D("2026-11-20")
    assert case.outcome_row == "R3.1"
    assert not case.reply_deadline.is_open
    reply = case.letters.get(kind=LetterKind.REPLY)
    assert reply.number.startswith("区教育局公开复〔2026〕")
    application_archive(actor=people["clerk"], case=case)
    case.refresh_from_db()
    assert case.state == State.ARCHIVED
    labels = list(case.events.values_list("action", flat=True))
    assert labels[:3] == ["register", "accept", "assign"] and "deliver" in labels


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_withholding_requires_legal_review_and_lands_in_its_subrow(register, people, tree):
    case = register()
    case = handle_to_reply(
        case,
        people,
        tree,
        DecisionData(
            Decision.WITHHOLD,
            withhold_reason=WithholdReason.PROCESS_INFO,
            basis="《中华人民共和国政府信息公开条例》第十六条第二款",
            reasons="该信息属于行政机关内部讨论记录。",
        ),
    )
    assert "legal_review" in case.events.values_list("to_state", flat=True)
    assert case.outcome_row == "R3.3.6"


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_consultation_pauses_the_clock_and_extension_needs_the_ogi_head(register, people, tree):
    case = register()
    application_accept(actor=people["clerk"], case=case)
    application_assign(
        actor=people["ogi_head"], case=case, handling_organ=tree["a"], handler=people["handler"]
    )
    consultation_start(
        actor=people["handler"],
        case=case,
        parties=[
            PartyData(
                Consultation.Kind.THIRD_PARTY, "江州市某建筑公司", D("2026-11-09"), D("2026-11-10")
            )
        ],
    )
    case.refresh_from_db()
    # while it is silent the window runs to the third party's 15-working-day limit (12-01): 4 days
    # counted before it (11-03…11-06), 17 paused (11-09…12-01), the 20th is 12-23
    assert case.reply_deadline.due == D("2026-12-23")
    consultation = case.consultations.get()
    consultation_record_opinion(
        actor=people["handler"],
        consultation=consultation,
        opinion=Consultation.Opinion.OBJECT,
        received_on=D("2026-11-13"),
        note="涉及商业秘密",
    )
    case.refresh_from_db()
    # paused 11-09…11-13 (5 working days) → 20th counted working day after 11-02 is 12-07
    assert case.reply_deadline.due == D("2026-12-07")
    consultation_end(actor=people["handler"], case=case)
    ext = extension_request(
        actor=people["handler"], case=case, days=20, reason="需要调取档案逐项核查"
    )
    with pytest.raises(Exception, match="无权"):
        extension_decide(actor=people["head"], extension=ext, approve=True)
    extension_decide(actor=people["ogi_head"], extension=ext, approve=True)
    case.refresh_from_db()
    assert ext.__class__.objects.get(pk=ext.pk).status == Extension.Status.APPROVED
    assert case.reply_deadline.working_days == 40
    assert case.reply_deadline.due == D("2027-01-04")  # 2027 unconfirmed: 01-01 counted
    assert case.letters.filter(kind=LetterKind.EXTENSION).exists()
    assert case.letters.filter(kind=LetterKind.CONSULT_THIRD_PARTY).exists()
