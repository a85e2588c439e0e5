"""Cases API (v1): submit an application, list and read cases within the caller's scope, perform
each workflow action (one endpoint per action, each with its own schema), fetch letters.

Errors: 401 ``unauthenticated``, 403 ``forbidden``, 404 ``not_found``, 409 with the reason
(``transition_not_allowed``, ``stale``, ``correction_once`` …), 422 ``invalid`` with field errors.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Literal
from uuid import UUID

from ninja import Router, Schema, Status
from ninja.throttling import AnonRateThrottle

from django.http import HttpResponse

from gongkai.cases import services as s
from gongkai.cases.identity import IdType
from gongkai.cases.models import Application, Consultation, Delivery, PreferredForm
from gongkai.cases.selectors import (
    QUEUES,
    applicant_personal_data,
    available_actions,
    case_get_for,
    case_list_for,
    letter_for,
)
from gongkai.core.errors import InvalidInput, NotFound
from gongkai.orgs.models import Organ, User

router = Router(tags=["cases"])


# --- submitting ------------------------------------------------------------------------------


class ApplicantIn(Schema):
    applicant_type: Literal["NP", "COM", "RES", "NGO", "LAW", "OTH"]
    name: str = ""
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    organisation_name: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class ItemIn(Schema):
    description: str
    doc_number: str = ""


class FileIn(Schema):
    filename: str
    content_base64: str


class ApplicationIn(Schema):
    organ: str
    applicant: ApplicantIn
    items: list[ItemIn]
    preferred_form: str = PreferredForm.ANY
    delivery_method: str = Delivery.ONLINE
    identity_document: FileIn | None = None


class SubmittedOut(Schema):
    number: str
    tracking_code: str
    state: str
    received_on: date | None
    message: str


@router.post(
    "/applications",
    response={201: SubmittedOut},
    auth=None,
    throttle=[AnonRateThrottle("30/h")],
    summary="网上提交政府信息公开申请",
)
def application_submit(request, payload: ApplicationIn):
    organ = Organ.objects.filter(code=payload.organ, is_active=True).first()
    if organ is None:
        raise InvalidInput("未知的受理机关", field="organ")
    submission = s.Submission(
        applicant=s.ApplicantData(**payload.applicant.dict()),
        items=[s.ItemData(i.description, i.doc_number) for i in payload.items],
        channel="online",
        preferred_form=payload.preferred_form,
        delivery_method=payload.delivery_method,
    )
    identity = None
    if payload.identity_document is not None:
        try:
            data = base64.b64decode(payload.identity_document.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("身份证明材料应为 base64 编码", field="identity_document") from None
        identity = (data, payload.identity_document.filename)
    case = s.application_submit_online(organ=organ, submission=submission, identity=identity)
    return Status(
        201,
        {
            "number": case.number,
            "tracking_code": case.tracking_code,
            "state": case.state,
            "received_on": case.received_on,
            "message": "申请已提交，请凭查询码和证件号码（或手机号码）后四位查询办理进度。",
        },
    )


# --- reading ---------------------------------------------------------------------------------


class DeadlineOut(Schema):
    due: date
    internal_due: date
    confirmed: bool
    is_open: bool
    explanation: list[str]


class CaseSummaryOut(Schema):
    id: UUID
    number: str
    organ: str
    handling_organ: str
    state: str
    state_label: str
    applicant_type: str
    applicant: str
    summary: str
    received_on: date | None
    reply_due: date | None
    handler: str | None
    closed_on: date | None
    outcome_row: str
    version: int


def _summary(case: Application) -> dict:
    return {
        "id": case.public_id,
        "number": case.number,
        "organ": case.organ.code,
        "handling_organ": case.handling_organ.code,
        "state": case.state,
        "state_label": case.get_state_display(),
        "applicant_type": case.applicant_type,
        "applicant": case.applicant.name_masked,
        "summary": case.summary,
        "received_on": case.received_on,
        "reply_due": case.reply_deadline.due if case.reply_deadline else None,
        "handler": case.handler.username if case.handler else None,
        "closed_on": case.closed_on,
        "outcome_row": case.outcome_row,
        "version": case.version,
    }


class CasePage(Schema):
    count: int
    results: list[CaseSummaryOut]


@router.get("/cases", response=CasePage, summary="办件列表（按调用者权限范围）")
def case_list(request, queue: str = "open", q: str = "", offset: int = 0, limit: int = 50):
    if queue not in QUEUES:
        raise InvalidInput(f"未知队列，可选：{', '.join(QUEUES)}", field="queue")
    limit = max(1, min(limit, 200))
    qs = case_list_for(request.auth, queue=queue, search=q[:50])
    return {"count": qs.count(), "results": [_summary(c) for c in qs[offset : offset + limit]]}


class ItemOut(Schema):
    position: int
    description: str
    doc_number: str
    decision: str
    withhold_reason: str
    basis: str
    reasons: str
    row: str


class LetterOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    issued_on: date
    template_version: int


class CaseOut(CaseSummaryOut):
    channel: str
    tracking_code: str
    reply_deadline: DeadlineOut | None
    items: list[ItemOut]
    letters: list[LetterOut]
    actions: list[str]


def _deadline(d) -> dict | None:
    if d is None:
        return None
    return {
        "due": d.due,
        "internal_due": d.internal_due,
        "confirmed": d.confirmed,
        "is_open": d.is_open,
        "explanation": d.explanation,
    }


def _detail(user, case: Application) -> dict:
    return {
        **_summary(case),
        "channel": case.channel,
        "tracking_code": case.tracking_code,
        "reply_deadline": _deadline(case.reply_deadline),
        "items": [
            {
                "position": i.position,
                "description": i.description,
                "doc_number": i.doc_number,
                "decision": i.decision,
                "withhold_reason": i.withhold_reason,
                "basis": i.basis,
                "reasons": i.reasons,
                "row": i.row,
            }
            for i in case.items.all()
        ],
        "letters": [
            {
                "id": letter.pk,
                "kind": letter.kind,
                "title": letter.title,
                "number": letter.number,
                "issued_on": letter.issued_on,
                "template_version": letter.template.version,
            }
            for letter in case.letters.select_related("template")
        ],
        "actions": [t.action for t in available_actions(user, case)],
    }


@router.get("/cases/{public_id}", response=CaseOut, summary="办件详情（申请人信息已脱敏）")
def case_get(request, public_id: UUID):
    return _detail(request.auth, case_get_for(request.auth, public_id=public_id))


class PersonalOut(Schema):
    name: str
    id_type: str
    id_number: str
    organisation_name: str
    credit_code: str
    legal_representative: str
    contact_person: str
    phone: str
    email: str
    address: str
    postcode: str


@router.get(
    "/cases/{public_id}/personal",
    response=PersonalOut,
    summary="申请人个人信息（仅办理人员，记录审计）",
)
def case_personal(request, public_id: UUID, purpose: str = "办理"):
    case = case_get_for(request.auth, public_id=public_id)
    return applicant_personal_data(request.auth, case, purpose=purpose).__dict__


@router.get("/cases/{public_id}/letters/{letter_id}", summary="下载文书（format=pdf|docx）")
def letter_get(request, public_id: UUID, letter_id: int, format: Literal["pdf", "docx"] = "pdf"):
    case = case_get_for(request.auth, public_id=public_id)
    letter = letter_for(request.auth, case=case, letter_id=letter_id)
    if format == "pdf":
        response = HttpResponse(s.letter_pdf(letter), content_type="application/pdf")
    else:
        response = HttpResponse(
            s.letter_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.{format}"'
    return response


# --- actions: one endpoint per action --------------------------------------------------------


class Versioned(Schema):
    version: int | None = None


class NoteIn(Versioned):
    note: str = ""


class AcceptIn(Versioned):
    received_on: date | None = None


class CorrectionIn(Versioned):
    items: str
    due: date | None = None


class CorrectedIn(Versioned):
    corrected_on: date


class OnIn(Versioned):
    on: date | None = None


class AssignIn(Versioned):
    handling_organ: str
    handler: str
    assisting_organs: list[str] = []
    note: str = ""


class PartyIn(Schema):
    kind: Literal["third_party", "co_maker"]
    party: str
    sent_on: date
    letter_received_on: date


class ConsultIn(Versioned):
    parties: list[PartyIn]


class OpinionIn(Schema):
    consultation: int
    opinion: Literal["agree", "object", "no_reply"]
    received_on: date | None = None
    note: str = ""


class FeeIn(Versioned):
    basis: Literal["per_item", "per_page"]
    pages: int | None = None
    sent_on: date | None = None
    received_on: date | None = None


class PaymentIn(Versioned):
    paid_on: date
    receipt_number: str = ""


class ReasonsIn(Versioned):
    on: date
    reasonable: bool
    working_days: int | None = None
    explanation: str = ""


class DecisionIn(Versioned):
    position: int
    decision: str
    withhold_reason: str = ""
    basis: str = ""
    reasons: str = ""
    location: str = ""
    responsible_organ: str = ""
    responsible_contact: str = ""
    search_scope: str = ""
    provided: str = ""
    pages: int | None = None


class DeliverIn(Versioned):
    method: Literal["post", "pickup", "email", "online", "fax"]
    delivered_on: date
    proof: str = ""


class ReturnIn(Versioned):
    note: str


class ExtensionIn(Schema):
    days: int
    reason: str


class ExtensionDecisionIn(Schema):
    extension: int
    approve: bool
    note: str = ""


class RemedyIn(Schema):
    kind: Literal["review", "litigation_direct", "litigation_after_review"]
    filed_on: date
    body: str = ""
    reference: str = ""
    result: Literal["pending", "upheld", "corrected", "other"] = "pending"
    decided_on: date | None = None


def _organ(code: str, field: str) -> Organ:
    organ = Organ.objects.filter(code=code).first()
    if organ is None:
        raise InvalidInput(f"未知机关代码：{code}", field=field)
    return organ


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput(f"未知人员：{username}", field="handler")
    return user


def _item(case, position):
    item = case.items.filter(position=position).first()
    if item is None:
        raise NotFound("该申请没有这一项")
    return item


ACTIONS = {
    "accept": (
        AcceptIn,
        "受理（网上等申请同时确认收到日期）",
        lambda u, c, p: s.application_accept(
            actor=u, case=c, received_on=p.received_on, version=p.version
        ),
    ),
    "request_correction": (
        CorrectionIn,
        "告知补正（第三十条）",
        lambda u, c, p: s.application_request_correction(
            actor=u, case=c, items=p.items, due=p.due, version=p.version
        ),
    ),
    "receive_correction": (
        CorrectedIn,
        "收到补正后的申请",
        lambda u, c, p: s.application_receive_correction(
            actor=u, case=c, corrected_on=p.corrected_on, version=p.version
        ),
    ),
    "correction_lapsed": (
        OnIn,
        "逾期未补正，终止办理",
        lambda u, c, p: s.application_correction_lapsed(
            actor=u, case=c, on=p.on, version=p.version
        ),
    ),
    "assign": (
        AssignIn,
        "分办（承办机关、经办人、协办机关）",
        lambda u, c, p: s.application_assign(
            actor=u,
            case=c,
            handling_organ=_organ(p.handling_organ, "handling_organ"),
            handler=_user(p.handler),
            assisting_organs=[_organ(code, "assisting_organs") for code in p.assisting_organs],
            note=p.note,
            version=p.version,
        ),
    ),
    "start_consultation": (
        ConsultIn,
        "征求第三方或共同制作机关意见（答复期限暂停）",
        lambda u, c, p: s.consultation_start(
            actor=u,
            case=c,
            version=p.version,
            parties=[
                s.PartyData(x.kind, x.party, x.sent_on, x.letter_received_on) for x in p.parties
            ],
        ),
    ),
    "record_opinion": (
        OpinionIn,
        "登记被征求意见方的意见",
        lambda u, c, p: s.consultation_record_opinion(
            actor=u,
            consultation=_consultation(c, p.consultation),
            opinion=p.opinion,
            received_on=p.received_on,
            note=p.note,
        ),
    ),
    "end_consultation": (
        Versioned,
        "结束征求意见",
        lambda u, c, p: s.consultation_end(actor=u, case=c, version=p.version),
    ),
    "send_fee_notice": (
        FeeIn,
        "发出收费通知（国办函〔2020〕109号）",
        lambda u, c, p: s.fee_notice_send(
            actor=u,
            case=c,
            basis=p.basis,
            pages=p.pages,
            sent_on=p.sent_on,
            received_on=p.received_on,
            version=p.version,
        ),
    ),
    "fee_paid": (
        PaymentIn,
        "登记缴费",
        lambda u, c, p: s.fee_record_payment(
            actor=u, case=c, paid_on=p.paid_on, receipt_number=p.receipt_number, version=p.version
        ),
    ),
    "fee_lapsed": (
        OnIn,
        "逾期未缴费，终止办理",
        lambda u, c, p: s.fee_lapse(actor=u, case=c, on=p.on, version=p.version),
    ),
    "ask_reasons": (
        OnIn,
        "要求说明理由（第三十五条）",
        lambda u, c, p: s.art35_ask_reasons(actor=u, case=c, on=p.on, version=p.version),
    ),
    "reasons_received": (
        ReasonsIn,
        "登记申请人说明的理由（第三十五条）",
        lambda u, c, p: s.art35_reasons_received(
            actor=u,
            case=c,
            on=p.on,
            reasonable=p.reasonable,
            working_days=p.working_days,
            explanation=p.explanation,
            version=p.version,
        ),
    ),
    "decide": (
        DecisionIn,
        "拟定某一项的答复意见",
        lambda u, c, p: s.item_decide(
            actor=u,
            item=_item(c, p.position),
            version=p.version,
            data=s.DecisionData(
                decision=p.decision,
                withhold_reason=p.withhold_reason,
                basis=p.basis,
                reasons=p.reasons,
                location=p.location,
                responsible_organ=p.responsible_organ,
                responsible_contact=p.responsible_contact,
                search_scope=p.search_scope,
                provided=p.provided,
                pages=p.pages,
            ),
        ),
    ),
    "submit_for_review": (
        NoteIn,
        "提交科室负责人审核",
        lambda u, c, p: s.application_submit_for_review(
            actor=u, case=c, note=p.note, version=p.version
        ),
    ),
    "approve_review": (
        NoteIn,
        "审核通过（需要时转法律审核）",
        lambda u, c, p: s.application_approve_review(
            actor=u, case=c, note=p.note, version=p.version
        ),
    ),
    "approve_legal": (
        NoteIn,
        "法律审核通过",
        lambda u, c, p: s.application_approve_legal(
            actor=u, case=c, note=p.note, version=p.version
        ),
    ),
    "sign": (
        NoteIn,
        "签发（出具答复书）",
        lambda u, c, p: s.application_sign(actor=u, case=c, note=p.note, version=p.version),
    ),
    "return_for_revision": (
        ReturnIn,
        "退回修改",
        lambda u, c, p: s.application_return(actor=u, case=c, note=p.note, version=p.version),
    ),
    "deliver": (
        DeliverIn,
        "送达（办结）",
        lambda u, c, p: s.application_deliver(
            actor=u,
            case=c,
            method=p.method,
            delivered_on=p.delivered_on,
            proof=p.proof,
            version=p.version,
        ),
    ),
    "archive": (
        Versioned,
        "归档",
        lambda u, c, p: s.application_archive(actor=u, case=c, version=p.version),
    ),
    "withdraw": (
        OnIn,
        "申请人撤回",
        lambda u, c, p: s.application_withdraw(actor=u, case=c, on=p.on, version=p.version),
    ),
    "request_extension": (
        ExtensionIn,
        "申请延期答复",
        lambda u, c, p: s.extension_request(actor=u, case=c, days=p.days, reason=p.reason),
    ),
    "decide_extension": (
        ExtensionDecisionIn,
        "公开办负责人审批延期",
        lambda u, c, p: s.extension_decide(
            actor=u, extension=_extension(c, p.extension), approve=p.approve, note=p.note
        ),
    ),
    "record_remedy": (
        RemedyIn,
        "登记行政复议或行政诉讼",
        lambda u, c, p: s.remedy_record(
            actor=u,
            case=c,
            kind=p.kind,
            filed_on=p.filed_on,
            body=p.body,
            reference=p.reference,
            result=p.result,
            decided_on=p.decided_on,
        ),
    ),
}


def _consultation(case, pk) -> Consultation:
    found = case.consultations.filter(pk=pk).first()
    if found is None:
        raise NotFound("征求意见记录不存在")
    return found


def _extension(case, pk):
    found = case.extensions.filter(pk=pk).first()
    if found is None:
        raise NotFound("延期申请不存在")
    return found


def _register(name: str, schema, summary: str, run):
    def endpoint(request, public_id, payload):
        case = case_get_for(request.auth, public_id=public_id)
        run(request.auth, case, payload)
        return _detail(request.auth, case_get_for(request.auth, public_id=public_id))

    # Real types (not strings): ninja reads them to build the per-action schema.
    endpoint.__annotations__ = {"public_id": UUID, "payload": schema}
    endpoint.__name__ = f"case_{name}"
    router.post(
        f"/cases/{{public_id}}/actions/{name}",
        response=CaseOut,
        summary=summary,
        operation_id=f"case_{name}",
    )(endpoint)


for _name, (_schema, _label, _run) in ACTIONS.items():
    _register(_name, _schema, _label, _run)
