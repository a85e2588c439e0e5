"""The case workspace: queues, registration, the case page and its actions. Thin: forms collect,
services decide, selectors read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.cases import forms as f
from gongkai.cases import services as s
from gongkai.cases.models import CaseAttachment, Consultation, Extension, LetterKind
from gongkai.cases.selectors import (
    QUEUES,
    applicant_personal_data,
    available_actions,
    can_view_personal_data,
    case_get_for,
    case_list_for,
    letter_for,
    queue_counts,
    timeline,
)
from gongkai.cases.services.common import can_act
from gongkai.cases.workflow import State
from gongkai.core.audit import audit_record
from gongkai.core.crypto import decrypt
from gongkai.core.errors import GongkaiError, InvalidInput, NotFound
from gongkai.core.paging import CappedPaginator
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "mine")
    if queue not in QUEUES:
        queue = "open"
    search = request.GET.get("q", "").strip()[:50]
    page = CappedPaginator(case_list_for(request.user, queue=queue, search=search), 25).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    return render(
        request,
        "cases/list.html",
        {
            "queue": queue,
            "queues": QUEUES,
            "counts": queue_counts(request.user),
            "page": page,
            "search": search,
            "today": today,
        },
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Capability.CASE_REGISTER):
        raise Http404
    form = f.RegistrationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the case and its identity document, or nothing
                case = s.application_register(
                    actor=request.user,
                    organ=form.cleaned_data["organ"],
                    submission=form.submission(),
                    received_on=form.cleaned_data.get("received_on"),
                )
                upload = form.cleaned_data.get("identity_document")
                if upload:
                    s.attachment_add(
                        actor=request.user,
                        case=case,
                        kind=CaseAttachment.Kind.IDENTITY,
                        data=upload.read(),
                        filename=upload.name,
                    )
        except InvalidInput as exc:
            _attach_errors(form, exc, rename={"file": "identity_document"})
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记申请 {case.number}，查询码 {case.tracking_code}。")
            return redirect("cases:detail", public_id=case.public_id)
    return render(request, "cases/new.html", {"form": form})


def _attach_errors(form, exc: InvalidInput, rename: dict | None = None) -> None:
    for field, messages_ in (exc.errors or {None: [exc.message]}).items():
        field = (rename or {}).get(field, field)
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


# --- the case page and its actions ------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    label: str
    form: type
    run: Callable  # (request, case, cleaned_data) -> str (success message)
    allowed: Callable  # (user, case) -> bool


def _transition_allowed(action: str):
    return lambda user, case: any(t.action == action for t in available_actions(user, case))


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _extension_pending(case):
    return case.extensions.filter(status=Extension.Status.REQUESTED).first()


def _accept(r, c, d):
    s.application_accept(
        actor=r.user, case=c, received_on=d.get("received_on"), version=_version(r)
    )
    return "已受理"


def _request_correction(r, c, d):
    s.application_request_correction(
        actor=r.user, case=c, items=d["items"], due=d.get("due"), version=_version(r)
    )
    return "已发出补正告知书"


def _receive_correction(r, c, d):
    s.application_receive_correction(
        actor=r.user, case=c, corrected_on=d["corrected_on"], version=_version(r)
    )
    return "已登记补正，答复期限重新起算"


def _correction_lapsed(r, c, d):
    s.application_correction_lapsed(actor=r.user, case=c, on=d.get("on"), version=_version(r))
    return "已终止办理"


def _assign(r, c, d):
    s.application_assign(
        actor=r.user,
        case=c,
        handling_organ=d["handling_organ"],
        handler=d["handler"],
        assisting_organs=list(d.get("assisting_organs") or []),
        note=d.get("note", ""),
        version=_version(r),
    )
    return "已分办"


def _start_consultation(r, c, d):
    party = s.PartyData(d["kind"], d["party"], d["sent_on"], d["letter_received_on"])
    s.consultation_start(actor=r.user, case=c, parties=[party], version=_version(r))
    return "已发出征求意见书，答复期限暂停计算"


def _record_opinion(r, c, d):
    s.consultation_record_opinion(
        actor=r.user,
        consultation=c.consultations.get(pk=d["consultation"]),
        opinion=d["opinion"],
        received_on=d.get("received_on"),
        note=d.get("note", ""),
    )
    return "已登记意见"


def _end_consultation(r, c, d):
    s.consultation_end(actor=r.user, case=c, version=_version(r))
    return "征求意见结束"


def _send_fee_notice(r, c, d):
    s.fee_notice_send(
        actor=r.user,
        case=c,
        basis=d["basis"],
        pages=d.get("pages"),
        sent_on=d.get("sent_on"),
        received_on=d.get("received_on"),
        version=_version(r),
    )
    return "已发出收费通知书"


def _fee_paid(r, c, d):
    s.fee_record_payment(
        actor=r.user,
        case=c,
        paid_on=d["paid_on"],
        receipt_number=d.get("receipt_number", ""),
        version=_version(r),
    )
    return "已登记缴费"


def _fee_lapsed(r, c, d):
    s.fee_lapse(actor=r.user, case=c, on=d.get("on"), version=_version(r))
    return "已终止办理"


def _ask_reasons(r, c, d):
    s.art35_ask_reasons(actor=r.user, case=c, version=_version(r))
    return "已发出说明理由告知书"


def _reasons_received(r, c, d):
    s.art35_reasons_received(
        actor=r.user,
        case=c,
        on=d["on"],
        reasonable=d["reasonable"],
        working_days=d.get("working_days"),
        explanation=d.get("explanation", ""),
        version=_version(r),
    )
    return "已登记申请人理由"


def _decide(r, c, d):
    data = s.DecisionData(
        decision=d["decision"],
        withhold_reason=d.get("withhold_reason", ""),
        basis=d.get("basis", ""),
        reasons=d.get("reasons", ""),
        location=d.get("location", ""),
        responsible_organ=d.get("responsible_organ", ""),
        responsible_contact=d.get("responsible_contact", ""),
        search_scope=d.get("search_scope", ""),
        provided=d.get("provided", ""),
        pages=d.get("pages"),
    )
    s.item_decide(actor=r.user, item=c.items.get(pk=d["item"]), data=data, version=_version(r))
    return "已保存答复意见"


def _note_step(service, message):
    def run(r, c, d):
        service(actor=r.user, case=c, note=d.get("note", ""), version=_version(r))
        return message

    return run


def _end_step(service, message):
    def run(r, c, d):
        service(actor=r.user, case=c, version=_version(r))
        return message

    return run


def _return(r, c, d):
    s.application_return(actor=r.user, case=c, note=d["note"], version=_version(r))
    return "已退回修改"


def _deliver(r, c, d):
    s.application_deliver(
        actor=r.user,
        case=c,
        method=d["method"],
        delivered_on=d["delivered_on"],
        proof=d.get("proof", ""),
        version=_version(r),
    )
    return "已登记送达，申请办结"


def _withdraw(r, c, d):
    s.application_withdraw(
        actor=r.user, case=c, on=d.get("on"), note=d.get("note", ""), version=_version(r)
    )
    return "已登记撤回，申请终止"


def _extension_request(r, c, d):
    s.extension_request(actor=r.user, case=c, days=d["days"], reason=d["reason"])
    return "已提交延期申请，待公开办负责人批准"


def _extension_decide(r, c, d):
    s.extension_decide(
        actor=r.user,
        extension=c.extensions.get(pk=d["extension"]),
        approve=d["approve"],
        note=d.get("note", ""),
    )
    return "已处理延期申请"


def _remedy(r, c, d):
    s.remedy_record(
        actor=r.user,
        case=c,
        kind=d["kind"],
        filed_on=d["filed_on"],
        body=d.get("body", ""),
        reference=d.get("reference", ""),
        result=d["result"],
        decided_on=d.get("decided_on"),
    )
    return "已登记复议诉讼"


def _attachment(r, c, d):
    upload = d["file"]
    s.attachment_add(actor=r.user, case=c, kind=d["kind"], data=upload.read(), filename=upload.name)
    return "已上传"


def _handling(user, case) -> bool:
    return can_act(user, case, Capability.CASE_HANDLE, "handling")


def _office(user, case) -> bool:
    return user_can(user, Capability.CASE_REGISTER, case.organ) or user_can(
        user, Capability.CASE_ASSIGN, case.organ
    )


OPS: dict[str, Op] = {
    "accept": Op("受理", f.AcceptForm, _accept, _transition_allowed("accept")),
    "request_correction": Op(
        "告知补正", f.CorrectionForm, _request_correction, _transition_allowed("request_correction")
    ),
    "receive_correction": Op(
        "收到补正",
        f.ReceiveCorrectionForm,
        _receive_correction,
        _transition_allowed("receive_correction"),
    ),
    "correction_lapsed": Op(
        "逾期未补正，终止办理",
        f.LapseForm,
        _correction_lapsed,
        _transition_allowed("correction_lapsed"),
    ),
    "assign": Op("分办", f.AssignForm, _assign, _transition_allowed("assign")),
    "start_consultation": Op(
        "征求意见",
        f.ConsultationForm,
        _start_consultation,
        _transition_allowed("start_consultation"),
    ),
    "record_opinion": Op(
        "登记意见",
        f.OpinionForm,
        _record_opinion,
        lambda u, c: c.state == State.CONSULTING and _handling(u, c),
    ),
    "end_consultation": Op(
        "结束征求意见",
        f.NoteForm,
        _end_step(s.consultation_end, "征求意见结束"),
        _transition_allowed("end_consultation"),
    ),
    "send_fee_notice": Op(
        "发出收费通知", f.FeeForm, _send_fee_notice, _transition_allowed("send_fee_notice")
    ),
    "fee_paid": Op("登记缴费", f.PaymentForm, _fee_paid, _transition_allowed("fee_paid")),
    "fee_lapsed": Op(
        "逾期未缴费，终止办理", f.LapseForm, _fee_lapsed, _transition_allowed("fee_lapsed")
    ),
    "ask_reasons": Op(
        "要求说明理由（第三十五条）", f.NoteForm, _ask_reasons, _transition_allowed("ask_reasons")
    ),
    "reasons_received": Op(
        "登记申请人理由",
        f.Art35ReasonsForm,
        _reasons_received,
        _transition_allowed("reasons_received"),
    ),
    "decide": Op(
        "拟定答复意见",
        f.DecisionForm,
        _decide,
        lambda u, c: c.state == State.ASSIGNED and _handling(u, c),
    ),
    "submit_for_review": Op(
        "提交审核",
        f.NoteForm,
        _note_step(s.application_submit_for_review, "已提交审核"),
        _transition_allowed("submit_for_review"),
    ),
    "approve_review": Op(
        "审核通过",
        f.NoteForm,
        _note_step(s.application_approve_review, "审核通过"),
        _transition_allowed("approve_review"),
    ),
    "approve_legal": Op(
        "法律审核通过",
        f.NoteForm,
        _note_step(s.application_approve_legal, "法律审核通过"),
        _transition_allowed("approve_legal"),
    ),
    "sign": Op(
        "签发",
        f.NoteForm,
        _note_step(s.application_sign, "已签发，答复书已生成"),
        _transition_allowed("sign"),
    ),
    "return_for_revision": Op(
        "退回修改", f.ReturnForm, _return, _transition_allowed("return_for_revision")
    ),
    "deliver": Op("送达", f.DeliverForm, _deliver, _transition_allowed("deliver")),
    "archive": Op(
        "归档",
        f.NoteForm,
        _end_step(s.application_archive, "已归档"),
        _transition_allowed("archive"),
    ),
    "withdraw": Op("申请人撤回", f.WithdrawForm, _withdraw, _transition_allowed("withdraw")),
    "extension_request": Op(
        "申请延期答复",
        f.ExtensionRequestForm,
        _extension_request,
        lambda u, c: (
            c.is_open
            and bool(c.reply_deadline_id)
            and c.state != State.CORRECTION
            and _handling(u, c)
            and not _extension_pending(c)
        ),
    ),
    "extension_decide": Op(
        "审批延期",
        f.ExtensionDecideForm,
        _extension_decide,
        lambda u, c: (
            bool(_extension_pending(c)) and can_act(u, c, Capability.CASE_APPROVE_EXTENSION)
        ),
    ),
    "remedy": Op(
        "登记复议诉讼", f.RemedyForm, _remedy, lambda u, c: not c.is_open and _office(u, c)
    ),
    "attachment": Op(
        "上传材料",
        f.AttachmentForm,
        _attachment,
        lambda u, c: user_can(u, Capability.CASE_REGISTER, c.organ) or _handling(u, c),
    ),
}


def _form(op_name: str, case, data=None, files=None):
    op = OPS[op_name]
    kwargs = {"case": case} if op.form is f.AssignForm else {}
    return (
        op.form(data, files, prefix=op_name, **kwargs)
        if files is not None
        else op.form(data, prefix=op_name, **kwargs)
    )


@login_required
def case_detail(request: HttpRequest, public_id) -> HttpResponse:
    case = case_get_for(request.user, public_id=public_id)
    bound: dict[str, object] = {}
    if request.method == "POST":
        op_name = request.POST.get("op", "")
        op = OPS.get(op_name)
        if op is None or not op.allowed(request.user, case):
            messages.error(request, "当前不能执行该操作")
            return redirect("cases:detail", public_id=case.public_id)
        form = _form(
            op_name, case, request.POST, request.FILES if op_name == "attachment" else None
        )
        if form.is_valid():
            try:
                message = op.run(request, case, form.cleaned_data)
            except InvalidInput as exc:
                _attach_errors(form, exc)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, message)
                return redirect("cases:detail", public_id=case.public_id)
        bound[op_name] = form
    return _render_case(request, case, bound)


def _render_case(request, case, bound: dict, personal=None, status: int = 200) -> HttpResponse:
    user = request.user
    ops = []
    for name, op in OPS.items():
        if not op.allowed(user, case):
            continue
        if name in ("decide", "record_opinion", "extension_decide"):
            continue  # rendered next to the item, the consultation or the extension
        ops.append({"name": name, "label": op.label, "form": bound.get(name) or _form(name, case)})
    items = list(case.items.all())
    can_decide = OPS["decide"].allowed(user, case)
    item_forms = []
    for item in items:
        form = None
        if can_decide:
            form = bound.get("decide")
            if form is None or str(form.data.get("decide-item")) != str(item.pk):
                form = _form("decide", case)
                form.initial = {
                    "item": item.pk,
                    "decision": item.decision,
                    "withhold_reason": item.withhold_reason,
                    "basis": item.basis,
                    "reasons": item.reasons,
                    "provided": item.provided,
                    "location": item.location,
                    "responsible_organ": item.responsible_organ,
                    "responsible_contact": item.responsible_contact,
                    "search_scope": item.search_scope,
                    "pages": item.pages,
                }
        item_forms.append((item, form))
    consultations = list(case.consultations.all())
    opinion_allowed = OPS["record_opinion"].allowed(user, case)
    pending_ext = _extension_pending(case)
    ext_form = None
    if pending_ext and OPS["extension_decide"].allowed(user, case):
        ext_form = bound.get("extension_decide") or _form("extension_decide", case)
        ext_form.initial = {"extension": pending_ext.pk}
    attachments = [
        (a, decrypt(a.original_name_enc) if can_view_personal_data(user, case) else "（附件）")
        for a in case.attachments.all()
    ]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "deadlines": [
                d for d in (case.reply_deadline, case.correction_deadline) if d is not None
            ],
            "ops": ops,
            "items": item_forms,
            "consultations": [
                (
                    c,
                    _opinion_form(case, c, bound)
                    if opinion_allowed and c.opinion == Consultation.Opinion.PENDING
                    else None,
                )
                for c in consultations
            ],
            "fee": case.fee if hasattr(case, "fee") else None,
            "extensions": list(case.extensions.all()),
            "pending_extension": pending_ext,
            "extension_form": ext_form,
            "letters": list(case.letters.all()),
            "attachments": attachments,
            "remedies": list(case.remedies.all()),
            "events": list(timeline(case)),
            "can_see_personal": can_view_personal_data(user, case),
            "personal": personal,
            "kinds": LetterKind,
        },
        status=status,
    )


def _opinion_form(case, consultation, bound):
    form = bound.get("record_opinion")
    if form is not None and str(form.data.get("record_opinion-consultation")) == str(
        consultation.pk
    ):
        return form
    form = _form("record_opinion", case)
    form.initial = {"consultation": consultation.pk}
    return form


@login_required
@require_POST
def case_personal(request: HttpRequest, public_id) -> HttpResponse:
    """Show the applicant's personal data once, for this response only (audited)."""
    case = case_get_for(request.user, public_id=public_id)
    personal = applicant_personal_data(
        request.user, case, purpose=request.POST.get("purpose", "办理")
    )
    return _render_case(request, case, {}, personal=personal)


@login_required
def letter_download(request: HttpRequest, public_id, letter_id: int, fmt: str) -> HttpResponse:
    case = case_get_for(request.user, public_id=public_id)
    letter = letter_for(request.user, case=case, letter_id=letter_id)
    filename = f"{letter.title}-{letter.pk}"
    if fmt == "pdf":
        response = HttpResponse(s.letter_pdf(letter), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(
            s.letter_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment_download(request: HttpRequest, public_id, attachment_id: int) -> HttpResponse:
    case = case_get_for(request.user, public_id=public_id)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("附件不存在")
    if not can_view_personal_data(request.user, case):
        raise Http404
    audit_record(
        actor=request.user,
        action="case.attachment_view",
        target=attachment,
        organ_id=case.organ_id,
        data={"kind": attachment.kind},
    )
    with default_storage.open(attachment.file, "rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=attachment-{attachment.pk}{attachment.file[attachment.file.rfind('.') :]}"
    )
    response["Cache-Control"] = "no-store"
    return response


def case_url(case) -> str:
    return reverse("cases:detail", kwargs={"public_id": case.public_id})
