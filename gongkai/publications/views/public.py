"""The public 政府信息公开目录 (条例 第十二条, 第二十三条, 第二十四条): browse, read, download, subscribe;
and the public consultation pages. Server-rendered, no JavaScript needed; the portal restyles.

List pages run a constant number of queries and never count more than ``COUNT_CAP`` rows: on a
catalogue of a million documents an exact COUNT(*) per page view is the slowest part of the page,
and nobody pages past the first few hundred pages — narrowing the filters is the way there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.errors import Conflict, InvalidInput, NotFound
from gongkai.orgs.models import Organ
from gongkai.publications import selectors
from gongkai.publications.forms import CatalogueFilterForm, CommentForm, add_service_error
from gongkai.publications.models import Attachment, Consultation, ValidityRecord
from gongkai.publications.services.consultations import RateLimited, comment_submit

PAGE_SIZE = 20
COUNT_CAP = 10_000
FIRST_YEAR = 2008  # 《政府信息公开条例》(2007) took effect on 2008-05-01


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def catalogue_list(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录: published documents, newest first, filtered and paged."""
    organs = list(
        Organ.objects.filter(is_active=True)
        .only("code", "name", "depth", "sort_order")
        .order_by("depth", "sort_order", "pk")
    )
    categories = selectors.active_categories()
    topics = selectors.active_topics()
    this_year = timezone.localdate().year
    form = CatalogueFilterForm(
        request.GET or None,
        organs=organs,
        categories=categories,
        topics=topics,
        years=range(this_year, FIRST_YEAR - 1, -1),
    )
    filters = selectors.CatalogueFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CatalogueFilter(
            organ=data["organ"],
            category=data["category"],
            topic=data["topic"],
            year=data["year"],
            validity=data["validity"],
            kind=data["kind"],
        )
    max_pages = -(-COUNT_CAP // PAGE_SIZE)
    page = min(_page_number(request), max_pages)

    def fetch(page: int):
        return selectors.catalogue_page(
            filters,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            cap=COUNT_CAP,
            categories=categories,
            topics=topics,
        )

    documents, total = fetch(page)
    capped = total > COUNT_CAP
    pages = max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))
    if page > pages:  # past the end: show the last page
        page = pages
        documents, total = fetch(page)
    offset = (page - 1) * PAGE_SIZE
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publications/public/catalogue.html",
        {
            "form": form,
            "documents": documents,
            "total": min(total, COUNT_CAP),
            "capped": capped,
            "page": page,
            "pages": pages,
            "page_range": _page_range(page, pages),
            "query": query.urlencode(),
            "first_index": offset + 1,
        },
    )


def _page_range(page: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 500 (None marks a gap)."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    result: list[int | None] = []
    for n in shown:
        if result and n - (result[-1] or 0) > 1:
            result.append(None)
        result.append(n)
    return result


def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        document = selectors.public_document(key.strip("/"))
    except NotFound:
        raise Http404("信息不存在或已撤回") from None
    return render(
        request,
        "publications/public/detail.html",
        {
            "document": document,
            "topics": list(document.topics.all()),
            "attachments": list(document.attachments.all()),
            "interpretations": selectors.public_interpretations(document),
            "interpreted": document.interprets
            if document.interprets_id and document.interprets.is_public
            else None,
            "replacement": document.replaced_by
            if document.replaced_by_id and document.replaced_by.is_public
            else None,
            "validity_history": list(  # changes only, not the periodic evaluations
                ValidityRecord.objects.filter(document=document)
                .exclude(old_validity=F("new_validity"))
                .select_related("replaced_by")
                .order_by("created_at", "id")
            ),
        },
    )


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, document_id=pk, document__in=selectors.public_documents()
        )
        .only("file", "original_name", "content_type")
        .first()
    )
    if attachment is None:
        raise Http404("附件不存在")
    return _file_response(attachment)


def _file_response(attachment: Attachment) -> FileResponse:
    try:
        handle = default_storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404("附件文件缺失") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = list(selectors.public_consultations().order_by("-opens_on", "-id")[:100])
    return render(
        request,
        "publications/public/consultations.html",
        {"consultations": consultations, "today": timezone.localdate()},
    )


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.public_consultations().filter(pk=pk).first()
    if consultation is None:
        raise Http404("征求意见不存在")
    today = timezone.localdate()
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the honeypot: answer as if accepted, store nothing.
            messages.success(request, _("意见已提交，审核后公开显示。感谢您的参与！"))
            return redirect(consultation.get_absolute_url())
        try:
            comment_submit(
                consultation=consultation,
                body=form.cleaned_data["body"],
                author_name=form.cleaned_data["author_name"],
                client=_client_address(request),
                today=today,
            )
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        except (InvalidInput, Conflict) as exc:
            add_service_error(form, exc)
            status = 422 if isinstance(exc, InvalidInput) else 409
        else:
            messages.success(request, _("意见已提交，审核后公开显示。感谢您的参与！"))
            return redirect(consultation.get_absolute_url())
    elif request.method == "POST":
        status = 422
    comments = list(selectors.public_comments(consultation))
    return render(
        request,
        "publications/public/consultation.html",
        {
            "consultation": consultation,
            "comments": comments,
            "form": form,
            "is_open": consultation.is_open_on(today),
            "concluded": consultation.status == Consultation.Status.CONCLUDED,
        },
        status=status,
    )
