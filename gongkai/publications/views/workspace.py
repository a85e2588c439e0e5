"""Staff pages for proactive disclosure: document queues, drafting, the review chain and 保密审查,
publication, validity, consultations and comment moderation, decision-record import. Thin: every
read goes through the selectors, every write through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import GongkaiError, NotFound
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for, user_can
from gongkai.publications import selectors, workflow
from gongkai.publications.forms import (
    AttachmentForm,
    ConcludeForm,
    ConsultationForm,
    DecideForm,
    DecisionImportForm,
    DocumentForm,
    EvaluateForm,
    ModerateForm,
    TransitionForm,
    ValidityForm,
    add_service_error,
)
from gongkai.publications.models import Attachment, Comment, Consultation, DecisionImport, State
from gongkai.publications.services import consultations as consultation_services
from gongkai.publications.services import documents as document_services
from gongkai.publications.services.decisions import DecisionImportRejected, decisions_import
from gongkai.publications.views.public import _file_response

STAFF_PAGE_SIZE = 30


def _document_or_404(request, pk: int):
    try:
        return selectors.document_get_for(request.user, pk)
    except NotFound:
        raise Http404("文件不存在或无权查看") from None


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "drafts")
    if queue not in selectors.QUEUES:
        raise Http404("未知列表")
    today = timezone.localdate()
    page = Paginator(
        selectors.document_queue(request.user, queue, today=today), STAFF_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.queue_counts(request.user, today=today)
    return render(
        request,
        "publications/workspace/list.html",
        {
            "queue": queue,
            "queue_label": selectors.QUEUES[queue],
            "tabs": [(key, label, counts.get(key)) for key, label in selectors.QUEUES.items()],
            "page": page,
            "today": today,
            "can_draft": user_can(request.user, Capability.DOCUMENT_DRAFT),
        },
    )


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    organs = organs_for(request.user, Capability.DOCUMENT_DRAFT)
    if not organs.exists():
        raise Http404("您没有起草文件的权限")
    form = DocumentForm(
        request.POST or None, organs=organs, documents=selectors.documents_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        topics = data.pop("topics")
        try:
            document = document_services.document_create(
                actor=request.user,
                organ=form.cleaned_data["organ"],
                topics=topics,
                **data,
            )
        except GongkaiError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("publications_ws:detail", pk=document.pk)
    return render(
        request,
        "publications/workspace/edit.html",
        {"form": form, "document": None},
        status=422 if form.errors else 200,
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = DocumentForm(
        request.POST or None,
        initial=DocumentForm.initial_for(document),
        documents=selectors.documents_for(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        topics = data.pop("topics")
        try:
            document_services.document_update(
                actor=request.user, document=document, topics=topics, **data
            )
        except GongkaiError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "修改已保存。")
            return redirect("publications_ws:detail", pk=document.pk)
    return render(
        request,
        "publications/workspace/edit.html",
        {"form": form, "document": document},
        status=422 if form.errors else 200,
    )


def _actions_for(user, document) -> list[dict]:
    """The workflow actions this user may try on this document (the service decides)."""
    actions = []
    for transition in workflow.actions_from(document.state):
        if not user_can(user, transition.capability, document.organ_id):
            continue
        actions.append(
            {
                "action": transition.action,
                "label": transition.label,
                "needs_reason": transition.needs_reason,
                "schedule": transition.action == "schedule",
            }
        )
    return actions


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    can_publish = user_can(request.user, Capability.DOCUMENT_PUBLISH, document.organ_id)
    return render(
        request,
        "publications/workspace/detail.html",
        {
            "document": document,
            "events": list(document.events.select_related("actor").order_by("created_at", "id")),
            "attachments": list(document.attachments.all()),
            "topics": list(document.topics.all()),
            "interpretations": list(document.interpretations.all().order_by("id")),
            "validity_history": list(
                document.validity_records.select_related("actor", "replaced_by").order_by("id")
            ),
            "actions": _actions_for(request.user, document),
            "transition_form": TransitionForm(),
            "attachment_form": AttachmentForm(),
            "validity_form": ValidityForm(initial={"effective_on": timezone.localdate()}),
            "evaluate_form": EvaluateForm(),
            "can_edit": document.state == State.DRAFT
            and user_can(request.user, Capability.DOCUMENT_DRAFT, document.organ_id),
            "can_validity": can_publish
            and document.state
            in (State.APPROVED, State.SCHEDULED, State.PUBLISHED, State.WITHDRAWN),
            "today": timezone.localdate(),
        },
    )


def _back(document):
    return redirect("publications_ws:detail", pk=document.pk)


def _flash_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


@login_required
@require_POST
def document_action(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return _back(document)
    data = form.cleaned_data
    try:
        document = document_services.document_transition(
            actor=request.user,
            document=document,
            action=data["action"],
            reason=data["reason"],
            scheduled_at=data["scheduled_at"],
        )
    except GongkaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{workflow.TRANSITIONS[data['action']].label}。")
    return _back(document)


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    try:
        document_services.document_delete(actor=request.user, document=document)
    except GongkaiError as exc:
        messages.error(request, exc.message)
        return _back(document)
    messages.success(request, "草稿已删除。")
    return redirect("publications_ws:list")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document_services.attachment_add(
                actor=request.user, document=document, data=upload.read(), filename=upload.name
            )
        except GongkaiError as exc:
            messages.error(request, f"附件：{exc.message}")
        else:
            messages.success(request, f"已添加附件“{upload.name}”。")
    else:
        _flash_errors(request, form)
    return _back(document)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    attachment = Attachment.objects.filter(document=document, pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在")
    try:
        document_services.attachment_remove(actor=request.user, attachment=attachment)
    except GongkaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "附件已删除。")
    return _back(document)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int):
    document = _document_or_404(request, pk)
    attachment = Attachment.objects.filter(document=document, pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在")
    return _file_response(attachment)


@login_required
@require_POST
def document_validity(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = ValidityForm(request.POST, documents=selectors.documents_for(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            document_services.document_set_validity(
                actor=request.user,
                document=document,
                validity=data["validity"],
                effective_on=data["effective_on"],
                replaced_by=data["replaced_by"],
                note=data["note"],
            )
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "有效性已更新，公开页面同步显示。")
    else:
        _flash_errors(request, form)
    return _back(document)


@login_required
@require_POST
def document_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = EvaluateForm(request.POST)
    if form.is_valid():
        try:
            document = document_services.document_evaluate(
                actor=request.user, document=document, note=form.cleaned_data["note"]
            )
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已记录评估结果：继续有效。下次评估：{document.next_evaluation_on:%Y年%-m月%-d日}。",
            )
    return _back(document)


# --- consultations ---------------------------------------------------------------------------------


def _consultation_or_404(request, pk: int) -> Consultation:
    found = selectors.consultations_for(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("征求意见不存在或无权查看")
    return found


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.consultations_for(request.user).order_by("-opens_on", "-id")
    page = Paginator(consultations, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publications/workspace/consultations.html",
        {
            "page": page,
            "can_create": user_can(request.user, Capability.DOCUMENT_DRAFT),
            "today": timezone.localdate(),
        },
    )


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    organs = organs_for(request.user, Capability.DOCUMENT_DRAFT)
    if not organs.exists():
        raise Http404("您没有发起征求意见的权限")
    form = ConsultationForm(request.POST or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_services.consultation_create(
                actor=request.user, **form.cleaned_data
            )
        except GongkaiError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "征求意见已保存，须经保密审查后发布。")
            return redirect("publications_ws:consultation", pk=consultation.pk)
    return render(
        request,
        "publications/workspace/consultation_edit.html",
        {"form": form, "consultation": None},
        status=422 if form.errors else 200,
    )


@login_required
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_or_404(request, pk)
    form = ConsultationForm(
        request.POST or None,
        editing=True,
        initial={
            "title": consultation.title,
            "description": consultation.description,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation_services.consultation_update(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except GongkaiError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("publications_ws:consultation", pk=consultation.pk)
    return render(
        request,
        "publications/workspace/consultation_edit.html",
        {"form": form, "consultation": consultation},
        status=422 if form.errors else 200,
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_or_404(request, pk)
    organ_id = consultation.organ_id
    return render(
        request,
        "publications/workspace/consultation.html",
        {
            "consultation": consultation,
            "comments": list(consultation.comments.select_related("moderated_by", "decided_by")),
            "moderate_form": ModerateForm(),
            "decide_form": DecideForm(),
            "conclude_form": ConcludeForm(),
            "can_moderate": user_can(request.user, Capability.DOCUMENT_PUBLISH, organ_id),
            "can_decide": user_can(request.user, Capability.DOCUMENT_DRAFT, organ_id),
            "can_secrecy": user_can(request.user, Capability.DOCUMENT_SECRECY_REVIEW, organ_id),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def consultation_action(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_or_404(request, pk)
    action = request.POST.get("action")
    try:
        if action == "secrecy_approve":
            consultation_services.consultation_secrecy_approve(
                actor=request.user, consultation=consultation
            )
            messages.success(request, "保密审查通过。")
        elif action == "publish":
            consultation_services.consultation_publish(
                actor=request.user, consultation=consultation
            )
            messages.success(request, "征求意见已发布。")
        elif action == "conclude":
            form = ConcludeForm(request.POST)
            if not form.is_valid():
                _flash_errors(request, form)
            else:
                consultation_services.consultation_conclude(
                    actor=request.user,
                    consultation=consultation,
                    summary=form.cleaned_data["summary"],
                )
                messages.success(request, "意见采纳情况已公布。")
        else:
            messages.error(request, "未知操作")
    except GongkaiError as exc:
        messages.error(request, exc.message)
    return redirect("publications_ws:consultation", pk=consultation.pk)


@login_required
@require_POST
def comment_action(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    consultation = _consultation_or_404(request, pk)
    comment = Comment.objects.filter(consultation=consultation, pk=comment_id).first()
    if comment is None:
        raise Http404("意见不存在")
    action = request.POST.get("action")
    form = ModerateForm(request.POST) if action == "moderate" else DecideForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("publications_ws:consultation", pk=consultation.pk)
    try:
        if action == "moderate":
            consultation_services.comment_moderate(
                actor=request.user,
                comment=comment,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        else:
            consultation_services.comment_decide(
                actor=request.user,
                comment=comment,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
    except GongkaiError as exc:
        messages.error(request, f"意见 #{comment.pk}：{exc.message}")
    else:
        messages.success(request, f"意见 #{comment.pk} 已处理。")
    return redirect("publications_ws:consultation", pk=consultation.pk)


# --- decision records --------------------------------------------------------------------------


@login_required
def decision_import(request: HttpRequest) -> HttpResponse:
    organs = organs_for(request.user, Capability.REPORT_COMPILE)
    if not organs.exists():
        raise Http404("您没有导入行政决定数据的权限")
    form = DecisionImportForm(request.POST or None, request.FILES or None, organs=organs)
    result, row_errors, status = None, [], 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = decisions_import(
                    actor=request.user,
                    organ=form.cleaned_data["organ"],
                    data=upload.read(),
                    filename=upload.name,
                )
            except DecisionImportRejected as exc:
                row_errors, status = exc.rows, 422
            except GongkaiError as exc:
                add_service_error(form, exc)
                status = 422
        else:
            status = 422
    batches = DecisionImport.objects.filter(organ__in=organs).select_related("organ", "created_by")
    return render(
        request,
        "publications/workspace/decisions.html",
        {
            "form": form,
            "result": result,
            "row_errors": row_errors,
            "batches": list(batches[:20]),
        },
        status=status,
    )
