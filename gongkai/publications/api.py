"""Documents API (mounted at /api/v1/documents): drafts, workflow transitions and staff reads
(scoped to the caller's organs), and the public catalogue (no authentication)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Query, Router, Schema, Status
from pydantic import Field

from django.urls import reverse

from gongkai.core.errors import InvalidInput
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for
from gongkai.publications import selectors
from gongkai.publications.models import Category, Document, TopicColumn
from gongkai.publications.services import documents as services

router = Router(tags=["documents"])

MAX_LIMIT = 100
MAX_OFFSET = 10_000


# --- schemas -------------------------------------------------------------------------------------


class ReviewStepOut(Schema):
    name: str
    role: str
    signer: str
    signed_at: str | None


class DocumentOut(Schema):
    id: int
    index_number: str | None
    organ: str
    publisher_name: str
    title: str
    kind: str
    policy_class: str
    genre: str
    doc_number: str
    category: str | None
    category_label: str | None
    art20_item: int | None
    topics: list[str]
    keywords: str
    summary: str
    body: str
    formed_on: date | None
    published_on: date | None
    scheduled_at: datetime | None
    state: str
    disclosure: str
    disclosure_reason: str
    validity: str
    validity_changed_on: date | None
    replaced_by: int | None
    interprets: int | None
    review_chain: list[ReviewStepOut]
    review_step: int
    public_deadline: date | None = Field(description="第二十六条公开期限（未发布时）")


class DocumentListOut(Schema):
    count: int
    items: list[DocumentOut]


class DocumentIn(Schema):
    organ: str = Field(description="机关代码")
    title: str
    kind: str = "other"
    policy_class: str = ""
    genre: str = "other"
    doc_number: str = ""
    publisher_name: str = ""
    category: str | None = Field(None, description="主题分类代码")
    art20_item: int | None = None
    topics: list[str] = Field(default_factory=list, description="专题专栏代码")
    keywords: str = ""
    summary: str = ""
    body: str = ""
    formed_on: date | None = None
    disclosure: str = "proactive"
    disclosure_reason: str = ""
    interprets: int | None = Field(None, description="被解读文件的 id")


class DocumentPatch(Schema):
    title: str | None = None
    kind: str | None = None
    policy_class: str | None = None
    genre: str | None = None
    doc_number: str | None = None
    publisher_name: str | None = None
    category: str | None = None
    art20_item: int | None = None
    topics: list[str] | None = None
    keywords: str | None = None
    summary: str | None = None
    body: str | None = None
    formed_on: date | None = None
    disclosure: str | None = None
    disclosure_reason: str | None = None
    interprets: int | None = None


class TransitionIn(Schema):
    action: str = Field(
        description="submit, approve, reject, secrecy_approve, secrecy_reject, publish, "
        "schedule, unschedule, withdraw, revise"
    )
    reason: str = ""
    scheduled_at: datetime | None = None


class PublicDocumentOut(Schema):
    id: int
    index_number: str
    url: str
    title: str
    publisher_name: str
    organ: str
    kind: str
    genre: str
    category: str | None
    doc_number: str
    keywords: str
    summary: str
    formed_on: date | None
    published_on: date
    validity: str
    validity_changed_on: date | None
    replaced_by: str | None = Field(description="替代文件的索引号")
    interprets: str | None = Field(description="所解读文件的索引号")


class PublicDocumentDetailOut(PublicDocumentOut):
    body: str
    interpretations: list[str] = Field(description="政策解读的索引号")
    attachments: list[str] = Field(description="附件下载地址")


class PublicListOut(Schema):
    total: int = Field(description="符合条件的数量（超过上限时为上限）")
    capped: bool
    limit: int
    offset: int
    items: list[PublicDocumentOut]


class CatalogueQuery(Schema):
    organ: str = ""
    category: str = ""
    topic: str = ""
    year: int | None = None
    validity: str = ""
    kind: str = ""
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class StaffQuery(Schema):
    queue: str = Field(
        "all",
        description="drafts, review, secrecy, approved, scheduled, "
        "published, withdrawn, overdue, evaluation, all",
    )
    organ: str = ""
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


# --- conversion ---------------------------------------------------------------------------------


def _out(document: Document) -> dict:
    return {
        "id": document.pk,
        "index_number": document.index_number,
        "organ": document.organ.code,
        "publisher_name": document.publisher_name,
        "title": document.title,
        "kind": document.kind,
        "policy_class": document.policy_class,
        "genre": document.genre,
        "doc_number": document.doc_number,
        "category": document.category.code if document.category_id else None,
        "category_label": document.category.label if document.category_id else None,
        "art20_item": document.art20_item,
        "topics": [t.code for t in document.topics.all()],
        "keywords": document.keywords,
        "summary": document.summary,
        "body": document.body,
        "formed_on": document.formed_on,
        "published_on": document.published_on,
        "scheduled_at": document.scheduled_at,
        "state": document.state,
        "disclosure": document.disclosure,
        "disclosure_reason": document.disclosure_reason,
        "validity": document.validity,
        "validity_changed_on": document.validity_changed_on,
        "replaced_by": document.replaced_by_id,
        "interprets": document.interprets_id,
        "review_chain": [
            {
                "name": s["name"],
                "role": s.get("role", ""),
                "signer": s.get("signer", ""),
                "signed_at": s.get("signed_at"),
            }
            for s in document.review_chain
        ],
        "review_step": document.review_step,
        "public_deadline": document.deadline.due
        if document.deadline_id and document.deadline.is_open
        else None,
    }


def _public_out(document: Document) -> dict:
    return {
        "id": document.pk,
        "index_number": document.index_number,
        "url": document.get_absolute_url(),
        "title": document.title,
        "publisher_name": document.publisher_name,
        "organ": document.organ.code,
        "kind": document.kind,
        "genre": document.genre,
        "category": document.category.label if document.category_id else None,
        "doc_number": document.doc_number,
        "keywords": document.keywords,
        "summary": document.summary,
        "formed_on": document.formed_on,
        "published_on": document.published_on,
        "validity": document.validity,
        "validity_changed_on": document.validity_changed_on,
        "replaced_by": document.replaced_by.index_number
        if document.replaced_by_id and document.replaced_by.is_public
        else None,
        "interprets": document.interprets.index_number
        if document.interprets_id and document.interprets.is_public
        else None,
    }


def _resolve(request, data: dict) -> dict:
    """Codes and ids in the payload → objects, refusing what the caller may not see."""
    if "category" in data:
        code = data.pop("category")
        data["category"] = None
        if code:
            data["category"] = Category.objects.filter(code=code, is_active=True).first()
            if data["category"] is None:
                raise InvalidInput(f"未知主题分类：{code}", field="category")
    if "topics" in data:
        codes = data.pop("topics") or []
        topics = list(TopicColumn.objects.filter(code__in=codes))
        missing = set(codes) - {t.code for t in topics}
        if missing:
            raise InvalidInput(f"未知专题专栏：{'、'.join(sorted(missing))}", field="topics")
        data["topics"] = topics
    if "interprets" in data:
        pk = data.pop("interprets")
        data["interprets"] = None
        if pk is not None:
            data["interprets"] = selectors.documents_for(request.auth).filter(pk=pk).first()
            if data["interprets"] is None:
                raise InvalidInput("被解读的文件不存在或无权查看", field="interprets")
    return data


def _staff_document(request, document_id: int) -> Document:
    return selectors.document_get_for(request.auth, document_id)


# --- public catalogue (no authentication) ---------------------------------------------------------


@router.get("/public", response=PublicListOut, auth=None, summary="政府信息公开目录（公开）")
def public_list(request, query: Query[CatalogueQuery]):
    filters = selectors.CatalogueFilter(
        organ=query.organ,
        category=query.category,
        topic=query.topic,
        year=query.year,
        validity=query.validity,
        kind=query.kind,
    )
    items, total = selectors.catalogue_page(
        filters,
        offset=query.offset,
        limit=query.limit,
        cap=MAX_OFFSET,
        categories=selectors.active_categories() if query.category else None,
        topics=selectors.active_topics() if query.topic else None,
    )
    return {
        "total": min(total, MAX_OFFSET),
        "capped": total > MAX_OFFSET,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_public_out(d) for d in items],
    }


@router.get(
    "/public/{path:key}",
    response=PublicDocumentDetailOut,
    auth=None,
    summary="公开信息详情（按索引号或 id）",
)
def public_detail(request, key: str):
    document = selectors.public_document(key)
    return {
        **_public_out(document),
        "body": document.body,
        "interpretations": [i.index_number for i in selectors.public_interpretations(document)],
        "attachments": [
            reverse("publications:attachment", args=[document.pk, a.pk])
            for a in document.attachments.all()
        ],
    }


# --- staff ------------------------------------------------------------------------------------------


@router.get("", response=DocumentListOut, summary="文件列表（本人有权查看的机关）")
def document_list(request, query: Query[StaffQuery]):
    qs = selectors.document_queue(request.auth, query.queue)
    if query.organ:
        qs = qs.filter(organ__code=query.organ)
    qs = qs.select_related("category", "deadline").prefetch_related("topics")
    return {
        "count": qs.count(),
        "items": [_out(d) for d in qs[query.offset : query.offset + query.limit]],
    }


@router.post("", response={201: DocumentOut}, summary="起草文件")
def document_create(request, payload: DocumentIn):
    data = payload.dict()
    code = data.pop("organ")
    organ = organs_for(request.auth, Capability.DOCUMENT_DRAFT).filter(code=code).first()
    if organ is None:
        raise InvalidInput("未知机关或无权在该机关起草文件", field="organ")
    data = _resolve(request, data)
    topics = data.pop("topics", [])
    document = services.document_create(actor=request.auth, organ=organ, topics=topics, **data)
    return Status(201, _out(_staff_document(request, document.pk)))


@router.get("/{int:document_id}", response=DocumentOut, summary="文件详情")
def document_get(request, document_id: int):
    return _out(_staff_document(request, document_id))


@router.patch("/{int:document_id}", response=DocumentOut, summary="修改草稿")
def document_update(request, document_id: int, payload: DocumentPatch):
    document = _staff_document(request, document_id)
    data = _resolve(request, payload.dict(exclude_unset=True))
    topics = data.pop("topics", None)
    services.document_update(actor=request.auth, document=document, topics=topics, **data)
    return _out(_staff_document(request, document_id))


@router.post(
    "/{int:document_id}/transitions",
    response=DocumentOut,
    summary="审核、保密审查、发布、撤回等流程操作",
)
def document_transition(request, document_id: int, payload: TransitionIn):
    document = _staff_document(request, document_id)
    services.document_transition(
        actor=request.auth,
        document=document,
        action=payload.action,
        reason=payload.reason,
        scheduled_at=payload.scheduled_at,
    )
    return _out(_staff_document(request, document_id))
