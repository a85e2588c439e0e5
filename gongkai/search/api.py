"""Search API: public search and Q&A (no login, rate-limited per client), and the FAQ
knowledge base for staff (``FAQ_MANAGE`` in the entry's organ)."""

from __future__ import annotations

from datetime import date

from ninja import Query, Router, Schema, Status
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from django.core.exceptions import ObjectDoesNotExist

from gongkai.core.errors import InvalidInput, NotFound
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for
from gongkai.search import retrieval, services
from gongkai.search.assistant import ask
from gongkai.search.backends.base import Filters
from gongkai.search.documents import KINDS, VALIDITY
from gongkai.search.selectors import faq_get_for, faq_list_for

router = Router(tags=["search"])
PUBLIC_THROTTLE = [AnonRateThrottle("60/m"), AuthRateThrottle("120/m")]


class SearchQueryIn(Schema):
    q: str
    organ: str | None = None
    kind: str | None = None
    year: int | None = None
    category: str | None = None
    validity: str | None = None
    page: int = 1
    per_page: int = 10


class LinkOut(Schema):
    id: str
    title: str
    url: str


class ResultOut(Schema):
    id: str
    title: str
    kind: str
    organ: str
    organ_name: str
    published_on: date | None
    url: str
    score: float
    snippet: str  # HTML: text escaped, matches in <mark>
    doc_number: str
    category: str
    validity: str
    exact_match: bool
    related_interpretations: list[LinkOut]
    interprets: LinkOut | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    results: list[ResultOut]
    facets: dict[str, list[FacetValueOut]]
    suggestions: list[str]


def _link(link) -> dict | None:
    return {"id": link.key, "title": link.title, "url": link.url} if link else None


@router.get(
    "/search",
    response=SearchOut,
    auth=None,
    throttle=PUBLIC_THROTTLE,
    summary="检索政策文件、解读、年度报告和常见问题",
)
def search(request, params: Query[SearchQueryIn]):
    text = params.q.strip()
    if not text:
        raise InvalidInput("检索词不能为空", field="q")
    if len(text) > 200:
        raise InvalidInput("检索词不能超过200字", field="q")
    if params.kind and params.kind not in KINDS:
        raise InvalidInput(f"未知类别：{params.kind}", field="kind")
    if params.validity and params.validity not in VALIDITY:
        raise InvalidInput(f"未知有效性：{params.validity}", field="validity")
    if not 1 <= params.per_page <= 50:
        raise InvalidInput("per_page 应在 1 到 50 之间", field="per_page")
    if not 1 <= params.page <= 20:
        raise InvalidInput("page 应在 1 到 20 之间", field="page")
    filters = Filters(
        organs=(params.organ,) if params.organ else (),
        kinds=(params.kind,) if params.kind else (),
        years=(params.year,) if params.year else (),
        categories=(params.category,) if params.category else (),
        validity=(params.validity,) if params.validity else (),
    )
    page = retrieval.search(
        text, filters=filters, page=params.page, per_page=params.per_page, log_channel="search"
    )
    return {
        "query": text,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "results": [
            {
                "id": r.key,
                "title": r.title,
                "kind": r.kind,
                "organ": r.organ_code,
                "organ_name": r.organ_name,
                "published_on": r.published_on,
                "url": r.url,
                "score": r.score,
                "snippet": r.snippet,
                "doc_number": r.doc_number,
                "category": r.category,
                "validity": r.validity,
                "exact_match": r.exact,
                "related_interpretations": [_link(x) for x in r.related],
                "interprets": _link(r.interprets),
            }
            for r in page.results
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in page.facets.items()
        },
        "suggestions": page.suggestions,
    }


class CitationOut(Schema):
    id: str
    title: str
    url: str


class AskOut(Schema):
    answer_type: str  # faq | passage | none
    answer: str
    citations: list[CitationOut]


@router.get(
    "/ask",
    response=AskOut,
    auth=None,
    throttle=PUBLIC_THROTTLE,
    summary="智能问答：常见问题解答或政策文件摘录，均注明出处",
)
def ask_question(request, q: str, organ: str | None = None):
    return ask(q, organ_code=organ, log_channel="ask").as_dict()


class FaqIn(Schema):
    organ: str
    question: str
    variants: list[str] = []
    answer: str
    document_keys: list[str] = []
    review_on: date | None = None
    is_active: bool = True


class FaqOut(Schema):
    id: int
    organ: str
    question: str
    variants: list[str]
    answer: str
    document_keys: list[str]
    owner: str | None
    review_on: date | None
    is_active: bool


def _faq_out(entry) -> dict:
    return {
        "id": entry.pk,
        "organ": entry.organ.code,
        "question": entry.question,
        "variants": entry.variant_list(),
        "answer": entry.answer,
        "document_keys": entry.document_keys,
        "owner": entry.owner.username if entry.owner else None,
        "review_on": entry.review_on,
        "is_active": entry.is_active,
    }


def _organ(user, code: str):
    organ = organs_for(user, Capability.FAQ_MANAGE).filter(code=code).first()
    if organ is None:
        raise InvalidInput("未知机关或无权维护该机关的知识库", field="organ")
    return organ


def _faq(user, pk: int):
    try:
        return faq_get_for(user, pk)
    except ObjectDoesNotExist:
        raise NotFound("常见问题不存在或无权查看") from None


@router.get("/faq", response=list[FaqOut], summary="知识库：本人可维护的常见问题")
def faq_list(request):
    return [_faq_out(e) for e in faq_list_for(request.auth)]


@router.post("/faq", response={201: FaqOut}, summary="知识库：新增常见问题")
def faq_create(request, payload: FaqIn):
    entry = services.faq_create(
        actor=request.auth,
        organ=_organ(request.auth, payload.organ),
        question=payload.question,
        answer=payload.answer,
        variants="\n".join(payload.variants),
        document_keys=payload.document_keys,
        review_on=payload.review_on,
        is_active=payload.is_active,
    )
    return Status(201, _faq_out(entry))


@router.get("/faq/{faq_id}", response=FaqOut, summary="知识库：查看常见问题")
def faq_get(request, faq_id: int):
    return _faq_out(_faq(request.auth, faq_id))


@router.put("/faq/{faq_id}", response=FaqOut, summary="知识库：修改常见问题")
def faq_update(request, faq_id: int, payload: FaqIn):
    entry = services.faq_update(
        actor=request.auth,
        entry=_faq(request.auth, faq_id),
        organ=_organ(request.auth, payload.organ),
        question=payload.question,
        answer=payload.answer,
        variants="\n".join(payload.variants),
        document_keys=payload.document_keys,
        review_on=payload.review_on,
        is_active=payload.is_active,
    )
    return _faq_out(entry)


@router.delete("/faq/{faq_id}", response={204: None}, summary="知识库：删除常见问题")
def faq_delete(request, faq_id: int):
    services.faq_delete(actor=request.auth, entry=_faq(request.auth, faq_id))
    return Status(204, None)
