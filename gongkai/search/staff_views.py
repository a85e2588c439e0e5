"""Staff pages (workspace): the FAQ knowledge base, synonyms and dictionary, search analytics.
Everything is scoped to the organs where the user holds ``FAQ_MANAGE``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for, user_can
from gongkai.search import services
from gongkai.search.forms import DictionaryTermForm, FaqForm, SynonymForm
from gongkai.search.models import DictionaryTerm, Synonym
from gongkai.search.selectors import faq_get_for, faq_list_for, query_analytics


def _require(request) -> None:
    if not user_can(request.user, Capability.FAQ_MANAGE):
        raise PermissionDenied


def _apply_errors(form, exc: InvalidInput) -> None:
    for field, msgs in (exc.errors or {"__all__": [exc.message]}).items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


@login_required
def faq_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    entries = faq_list_for(request.user).order_by("review_on", "question")
    return render(request, "search/staff/faq_list.html", {"entries": entries})


@login_required
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request)
    entry = None
    if pk is not None:
        try:
            entry = faq_get_for(request.user, pk)
        except ObjectDoesNotExist:
            raise Http404 from None
    organs = organs_for(request.user, Capability.FAQ_MANAGE)
    initial = {}
    if entry:
        initial = {
            "organ": entry.organ,
            "question": entry.question,
            "variants": entry.variants,
            "answer": entry.answer,
            "document_keys": "\n".join(entry.document_keys),
            "review_on": entry.review_on,
            "is_active": entry.is_active,
        }
    form = FaqForm(request.POST or None, organs=organs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "organ": data["organ"],
            "question": data["question"],
            "variants": data["variants"],
            "answer": data["answer"],
            "document_keys": form.keys(),
            "review_on": data["review_on"],
            "is_active": data["is_active"],
        }
        try:
            if entry:
                services.faq_update(actor=request.user, entry=entry, **values)
            else:
                services.faq_create(actor=request.user, **values)
        except InvalidInput as exc:
            _apply_errors(form, exc)
        except GongkaiError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存，检索索引将在后台更新。")
            return redirect("search_staff:faq_list")
    return render(request, "search/staff/faq_form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def faq_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    try:
        entry = faq_get_for(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    services.faq_delete(actor=request.user, entry=entry)
    messages.success(request, "已删除。")
    return redirect("search_staff:faq_list")


@login_required
def vocabulary(request: HttpRequest) -> HttpResponse:
    """同义词与领域词典."""
    _require(request)
    synonym_form = SynonymForm(request.POST if request.POST.get("form") == "synonym" else None)
    term_form = DictionaryTermForm(request.POST if request.POST.get("form") == "term" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "synonym" and synonym_form.is_valid():
                services.synonym_save(actor=request.user, **synonym_form.cleaned_data)
                messages.success(request, "同义词组已保存，后台重建索引后对全部文件生效。")
                return redirect("search_staff:vocabulary")
            if request.POST.get("form") == "term" and term_form.is_valid():
                services.dictionary_term_add(actor=request.user, **term_form.cleaned_data)
                messages.success(
                    request,
                    "词语已加入词典，后台重建索引后对全部文件生效。",
                )
                return redirect("search_staff:vocabulary")
            if request.POST.get("delete_synonym"):
                synonym = Synonym.objects.filter(pk=request.POST["delete_synonym"]).first()
                if synonym:
                    services.synonym_delete(actor=request.user, synonym=synonym)
                return redirect("search_staff:vocabulary")
        except InvalidInput as exc:
            _apply_errors(synonym_form if request.POST.get("form") == "synonym" else term_form, exc)
    return render(
        request,
        "search/staff/vocabulary.html",
        {
            "synonym_form": synonym_form,
            "term_form": term_form,
            "synonyms": Synonym.objects.all(),
            "terms": DictionaryTerm.objects.all(),
        },
    )


@login_required
def analytics(request: HttpRequest) -> HttpResponse:
    """检索分析: what people search and ask, what finds nothing — to grow the FAQ."""
    _require(request)
    try:
        days = max(1, min(365, int(request.GET.get("days", 30))))
    except ValueError:
        days = 30
    return render(request, "search/staff/analytics.html", {"stats": query_analytics(days=days)})
