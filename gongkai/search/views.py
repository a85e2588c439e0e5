"""Public pages: policy search (/search/) and the Q&A assistant (/ask/). Both work without
JavaScript: plain GET forms whose result is the page itself."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.errors import InvalidInput
from gongkai.search import retrieval
from gongkai.search.assistant import ask
from gongkai.search.forms import AskForm, SearchForm
from gongkai.search.models import IndexEntry
from gongkai.search.selectors import faq_public, faq_public_list

HISTORY = 5


def _url(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    facets: list[dict] = []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        page = retrieval.search(
            data["q"],
            filters=form.filters(),
            page=data.get("page") or 1,
            per_page=10,
            log_channel="search",
        )
        params = {k: v for k, v in data.items() if v not in (None, "") and k != "page"}
        for name, values in page.facets.items():
            if not values:
                continue
            facets.append(
                {
                    "name": name,
                    "title": retrieval.FACET_NAMES[name],
                    "content": name in retrieval.CONTENT_FACETS,
                    "values": [
                        {
                            "label": v.label,
                            "count": v.count,
                            "selected": v.selected,
                            "url": _url(
                                params, **{name: "" if v.selected else v.value, "page": ""}
                            ),
                        }
                        for v in values[:12]
                    ],
                }
            )
        page.first_number = (page.page - 1) * page.per_page + 1
        page.previous_url = _url(params, page=page.page - 1) if page.has_previous else ""
        page.next_url = _url(params, page=page.page + 1) if page.has_next else ""
        page.clear_url = _url({"q": data["q"]}) if any(k != "q" for k in params) else ""
    return render(
        request,
        "search/search.html",
        {"form": form, "page": page, "facets": facets},
        status=200 if not form.errors else 400,
    )


def ask_page(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.GET or None)
    answer = None
    history = request.session.get("ask_history", []) if hasattr(request, "session") else []
    if form.is_bound and form.is_valid():
        try:
            answer = ask(form.cleaned_data["q"], log_channel="ask")
        except InvalidInput as exc:
            form.add_error("q", exc.message)
        else:
            history = [
                {"q": answer.question, "type": answer.answer_type},
                *[h for h in history if h.get("q") != answer.question],
            ][:HISTORY]
            request.session["ask_history"] = history
    return render(
        request,
        "search/ask.html",
        {"form": form, "answer": answer, "history": history},
        status=200 if not form.errors else 400,
    )


def faq_list_page(request: HttpRequest) -> HttpResponse:
    """常见问题: every answer the knowledge base holds, grouped by the organ that answers."""
    groups: list[dict] = []
    for entry in faq_public_list():
        if not groups or groups[-1]["organ"] != entry.organ.name:
            groups.append({"organ": entry.organ.name, "entries": []})
        groups[-1]["entries"].append(entry)
    return render(request, "search/faq_list.html", {"groups": groups})


def faq_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        entry = faq_public(pk)
    except ObjectDoesNotExist:
        raise Http404("FAQ entry not found") from None
    linked = {e.key: e for e in IndexEntry.objects.filter(key__in=entry.document_keys)}
    documents = [linked[k] for k in entry.document_keys if k in linked]
    return render(request, "search/faq.html", {"entry": entry, "documents": documents})
