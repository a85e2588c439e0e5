"""Reads of proactive disclosure: staff queues (always through ``organ_ids_for``), the public
catalogue (published documents only), and the figures the annual report needs (table 二, the
interpretation ratio, consultation counts) as set-based aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from gongkai.core.errors import NotFound
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for
from gongkai.publications.models import (
    REPORTED_CLASSES,
    Category,
    Comment,
    Consultation,
    DecisionKind,
    DecisionRecord,
    Disclosure,
    Document,
    DocumentTopic,
    Kind,
    PolicyClass,
    State,
    TopicColumn,
    Validity,
)

# --- staff ---------------------------------------------------------------------------------------


def documents_for(user, capability: Capability = Capability.DOCUMENT_VIEW) -> QuerySet[Document]:
    return Document.objects.filter(organ_id__in=organ_ids_for(user, capability))


def document_get_for(user, pk: int) -> Document:
    """A document the user may see, or NotFound (no hint whether it exists elsewhere)."""
    found = (
        documents_for(user)
        .select_related("organ", "category", "interprets", "replaced_by", "created_by", "deadline")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("文件不存在或无权查看")
    return found


QUEUES = {
    "drafts": "草稿",
    "review": "待我审核",
    "secrecy": "待保密审查",
    "approved": "待发布",
    "scheduled": "定时发布",
    "published": "已发布",
    "withdrawn": "已撤回",
    "overdue": "超期未公开（第二十六条）",
    "evaluation": "待评估有效性",
    "all": "全部",
}


def document_queue(user, queue: str, *, today: date | None = None) -> QuerySet[Document]:
    """One of the workspace lists (``QUEUES``), scoped to the user's organs."""
    today = today or timezone.localdate()
    if queue == "drafts":
        qs = documents_for(user, Capability.DOCUMENT_DRAFT).filter(state=State.DRAFT)
    elif queue == "review":
        qs = (
            documents_for(user, Capability.DOCUMENT_REVIEW)
            .filter(state=State.IN_REVIEW)
            .exclude(created_by=user)
        )
    elif queue == "secrecy":
        qs = (
            documents_for(user, Capability.DOCUMENT_SECRECY_REVIEW)
            .filter(state=State.SECRECY_REVIEW)
            .exclude(created_by=user)
        )
    elif queue == "approved":
        qs = documents_for(user, Capability.DOCUMENT_PUBLISH).filter(state=State.APPROVED)
    elif queue == "scheduled":
        qs = documents_for(user, Capability.DOCUMENT_PUBLISH).filter(state=State.SCHEDULED)
    elif queue == "published":
        qs = documents_for(user).filter(state=State.PUBLISHED)
    elif queue == "withdrawn":
        qs = documents_for(user).filter(state=State.WITHDRAWN)
    elif queue == "overdue":
        qs = overdue_documents(documents_for(user), today=today)
    elif queue == "evaluation":
        qs = documents_for(user, Capability.DOCUMENT_PUBLISH).filter(
            state=State.PUBLISHED, validity=Validity.VALID, next_evaluation_on__lte=today
        )
    elif queue == "all":
        qs = documents_for(user)
    else:
        raise NotFound(f"未知列表：{queue}")
    return qs.select_related("organ", "deadline").order_by("-updated_at", "-id")


def overdue_documents(qs: QuerySet[Document], *, today: date) -> QuerySet[Document]:
    """主动公开 documents not published within 20 working days of formation (条例 第二十六条)."""
    return qs.filter(
        disclosure=Disclosure.PROACTIVE,
        deadline__is_open=True,
        deadline__due__lt=today,
    ).exclude(state__in=(State.PUBLISHED, State.WITHDRAWN))


def queue_counts(user, *, today: date | None = None) -> dict[str, int]:
    return {
        q: document_queue(user, q, today=today).count()
        for q in ("drafts", "review", "secrecy", "approved", "overdue", "evaluation")
    }


def consultations_for(user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        organ_id__in=organ_ids_for(user, Capability.DOCUMENT_VIEW)
    ).select_related("organ")


# --- the public catalogue ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    organ: str = ""
    category: str = ""
    topic: str = ""
    year: int | None = None
    validity: str = ""
    kind: str = ""


def public_documents() -> QuerySet[Document]:
    """Everything the public may see: published documents (only 主动公开 can be published)."""
    return Document.objects.filter(state=State.PUBLISHED)


def catalogue(
    filters: CatalogueFilter,
    *,
    categories: list[Category] | None = None,
    topics: list[TopicColumn] | None = None,
):
    """Ids of the published documents matching ``filters``, newest first (a ``values_list``
    queryset). ``categories`` and ``topics`` are the already-loaded lists the codes are resolved
    against (no extra queries).

    Every filter reads an ordered index (a million documents): a top-level category the
    documents' ``category_root``, a leaf its ``category``, a topic column its link table (which
    carries copies of state and date, so a column's list and count never touch the documents
    table). Fetch a page with :func:`catalogue_page`."""
    if filters.topic:
        topic = next((t for t in topics or [] if t.code == filters.topic), None)
        if topic is None:
            return DocumentTopic.objects.none().values_list("document_id", flat=True)
        qs = DocumentTopic.objects.filter(topic_id=topic.pk, state=State.PUBLISHED)
        prefix, order = "document__", ("-published_on", "-document_id")
        column = "document_id"
    else:
        qs = public_documents()
        prefix, order, column = "", ("-published_on", "-id"), "id"
    if filters.year:
        qs = qs.filter(
            published_on__gte=date(filters.year, 1, 1), published_on__lte=date(filters.year, 12, 31)
        )
    conditions = {}
    if filters.organ:
        conditions["organ__code"] = filters.organ
    if filters.validity:
        conditions["validity"] = filters.validity
    if filters.kind:
        conditions["kind"] = filters.kind
    qs = qs.filter(**{prefix + key: value for key, value in conditions.items()})
    if filters.category:
        qs = _by_category(qs, filters.category, categories or [], prefix)
    return qs.order_by(*order).values_list(column, flat=True)


def catalogue_page(
    filters: CatalogueFilter,
    *,
    offset: int,
    limit: int,
    cap: int,
    categories: list[Category] | None = None,
    topics: list[TopicColumn] | None = None,
) -> tuple[list[Document], int]:
    """(documents of the page, number matching — at most ``cap + 1``). Three queries whatever
    the page: the capped count, the page's ids from the index, then just those documents (a
    deep page never fetches the rows it skips)."""
    ids = catalogue(filters, categories=categories, topics=topics)
    total = capped_count(ids, cap)
    page = list(ids[offset : offset + limit])
    found = {
        d.pk: d
        for d in public_documents()
        .filter(pk__in=page)
        .select_related("organ", "category", "interprets", "replaced_by")
    }
    return [found[pk] for pk in page if pk in found], total


def _by_category(qs, code: str, categories: list[Category], prefix: str = ""):
    node = next((c for c in categories if c.code == code), None)
    if node is None:
        return qs.none()
    if node.parent_id is None:
        return qs.filter(**{f"{prefix}category_root_id": node.pk})
    if not any(c.parent_id == node.pk for c in categories):
        return qs.filter(**{f"{prefix}category_id": node.pk})
    subtree = [c.pk for c in categories if c.path.startswith(node.path)]
    return qs.filter(**{f"{prefix}category_id__in": subtree})


def capped_count(qs: QuerySet, cap: int) -> int:
    """COUNT(*) of at most ``cap + 1`` rows: exact below the cap, cheap on a million rows."""
    return qs.order_by()[: cap + 1].count()


def public_document(key: str) -> Document:
    """A published document by 索引号 or id."""
    qs = public_documents().select_related("organ", "category", "interprets", "replaced_by")
    found = qs.filter(index_number=key).first()
    if found is None and key.isdigit():
        found = qs.filter(pk=int(key)).first()
    if found is None:
        raise NotFound("信息不存在或已撤回")
    return found


def public_interpretations(document: Document) -> list[Document]:
    return list(public_documents().filter(interprets=document).order_by("published_on", "id")[:20])


def active_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("path"))


def active_topics() -> list[TopicColumn]:
    return list(TopicColumn.objects.filter(is_active=True))


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.exclude(status=Consultation.Status.DRAFT).select_related("organ")


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.filter(moderation=Comment.Moderation.APPROVED).order_by(
        "submitted_at", "id"
    )


# --- the annual report (table 二 and the narrative) ----------------------------------------------

_TABLE_ROWS = {
    PolicyClass.REGULATION: "regulations",
    PolicyClass.NORMATIVE: "normative_documents",
}
_DECISION_KEYS = {
    DecisionKind.LICENSING: "licensing",
    DecisionKind.PUNISHMENT: "punishment",
    DecisionKind.ENFORCEMENT: "enforcement",
}
TEN_THOUSAND = Decimal(10000)


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _made_in(start: date, end: date) -> Q:
    """A document was 制发 on its 成文日期 (or, lacking it, its publication date)."""
    return Q(formed_on__range=(start, end)) | Q(
        formed_on__isnull=True, published_on__range=(start, end)
    )


def _made_by(end: date) -> Q:
    return Q(formed_on__lte=end) | Q(formed_on__isnull=True, published_on__lte=end)


def proactive_figures(organ_ids: Iterable[int], year: int) -> dict:
    """Table 二 in the 2021 layout (``reports.statistics.PROACTIVE_LAYOUTS["2021"]``).

    - 规章 / 行政规范性文件: ``issued`` = published documents made in the year; ``repealed`` =
      marked 废止 or 失效 with an effective date in the year (the 2021 layout has one column for
      documents leaving force); ``in_force`` = made by 31 December and not repealed or expired
      by then. So in_force(y) = in_force(y−1) + issued(y) − repealed(y).
    - 行政许可 / 行政处罚 / 行政强制: decision records dated in the year.
    - 行政事业性收费: fee receipts dated in the year, in 万元 (two decimals).
    """
    ids = list(organ_ids)
    start, end = _year_bounds(year)
    figures: dict = {
        key: {"issued": 0, "repealed": 0, "in_force": 0} for key in _TABLE_ROWS.values()
    }
    rows = (
        Document.objects.filter(
            policy_class__in=REPORTED_CLASSES, organ_id__in=ids, state=State.PUBLISHED
        )
        .values("policy_class")
        .annotate(
            # COUNT(policy_class), not COUNT(id) (Django allows no COUNT(*) with a filter): the
            # counts are then read from the doc_reported_policies index alone
            issued=Count("policy_class", filter=_made_in(start, end)),
            repealed=Count(
                "policy_class",
                filter=Q(
                    validity__in=(Validity.EXPIRED, Validity.REPEALED),
                    validity_changed_on__range=(start, end),
                ),
            ),
            in_force=Count(
                "policy_class",
                filter=_made_by(end)
                & (Q(validity=Validity.VALID) | Q(validity_changed_on__gt=end)),
            ),
        )
        .order_by()
    )
    for row in rows:
        figures[_TABLE_ROWS[row["policy_class"]]] = {
            "issued": row["issued"],
            "repealed": row["repealed"],
            "in_force": row["in_force"],
        }
    decisions = DecisionRecord.objects.filter(
        organ_id__in=ids, decided_on__gte=start, decided_on__lte=end
    )
    counts = dict(
        decisions.filter(kind__in=list(_DECISION_KEYS))
        .values("kind")
        .annotate(n=Count("*"))  # COUNT(*): read from the index alone
        .order_by()
        .values_list("kind", "n")
    )
    for kind, key in _DECISION_KEYS.items():
        figures[key] = {"decisions": counts.get(kind, 0)}
    total = decisions.filter(kind=DecisionKind.FEE).aggregate(total=Sum("amount"))["total"]
    amount = (Decimal(total or 0) / TEN_THOUSAND).quantize(Decimal("0.01"), ROUND_HALF_UP)
    figures["fees"] = {"amount": amount}
    return figures


def interpretation_ratio(organ_ids: Iterable[int], year: int) -> dict:
    """政策解读 ratio for the narrative: of the 规章 and 行政规范性文件 made in the year and
    published, how many have a published interpretation (三同步); plus interpretations published
    in the year. ``ratio`` is a percentage with one decimal, None when there is nothing to read."""
    ids = list(organ_ids)
    start, end = _year_bounds(year)
    interpreted = Document.objects.filter(
        interprets=OuterRef("pk"), state=State.PUBLISHED, kind=Kind.INTERPRETATION
    )
    totals = (
        Document.objects.filter(
            _made_in(start, end),
            policy_class__in=REPORTED_CLASSES,
            organ_id__in=ids,
            state=State.PUBLISHED,
        )
        .annotate(has_interpretation=Exists(interpreted))
        .aggregate(
            policies=Count("*"),
            interpreted=Count("policy_class", filter=Q(has_interpretation=True)),
        )
    )
    interpretations = Document.objects.filter(
        organ_id__in=ids,
        state=State.PUBLISHED,
        kind=Kind.INTERPRETATION,
        published_on__range=(start, end),
    ).count()
    policies, done = totals["policies"], totals["interpreted"]
    ratio = (
        (Decimal(done) * 100 / Decimal(policies)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if policies
        else None
    )
    return {
        "policies": policies,
        "interpreted": done,
        "ratio": ratio,
        "interpretations_published": interpretations,
    }


def consultation_figures(organ_ids: Iterable[int], year: int) -> dict:
    """征求意见 counts for the narrative: drafts put out for comment in the year, the comments
    accepted for consideration (moderated in) and how they were decided."""
    ids = list(organ_ids)
    consultations = Consultation.objects.filter(
        organ_id__in=ids,
        status__in=(Consultation.Status.PUBLISHED, Consultation.Status.CONCLUDED),
        opens_on__year=year,
    )
    comments = Comment.objects.filter(
        consultation__in=consultations, moderation=Comment.Moderation.APPROVED
    ).aggregate(
        comments=Count("pk"),
        adopted=Count("pk", filter=Q(decision=Comment.Decision.ADOPTED)),
        partly_adopted=Count("pk", filter=Q(decision=Comment.Decision.PARTLY)),
        not_adopted=Count("pk", filter=Q(decision=Comment.Decision.NOT_ADOPTED)),
    )
    return {"drafts": consultations.count(), **comments}


def narrative_facts(organ_ids: Iterable[int], year: int) -> dict:
    """What the annual report's narrative (一、总体情况 — 主动公开) quotes besides table 二:
    documents published in the year (still public), interpretations published in the year, the
    interpretation ratio and the consultation counts."""
    ids = list(organ_ids)
    start, end = _year_bounds(year)
    ratio = interpretation_ratio(ids, year)
    return {
        "documents_published": Document.objects.filter(
            organ_id__in=ids, state=State.PUBLISHED, published_on__range=(start, end)
        ).count(),
        "interpretations": ratio["interpretations_published"],
        "interpretation_ratio": ratio["ratio"],
        "consultations": consultation_figures(ids, year),
    }


def interpretation_ratios(requests: dict) -> dict:
    """:func:`interpretation_ratio` for many (organ ids, year) requests at once — two queries
    whatever their number (a page comparing many reports). ``requests`` maps a caller's key to
    ``(organ_ids, year)``; the answer maps the same keys to the same dicts."""
    requests = {key: (set(ids), year) for key, (ids, year) in requests.items()}
    if not requests:
        return {}
    all_ids = set().union(*(ids for ids, _ in requests.values()))
    years = {year for _, year in requests.values()}
    interpreted = Document.objects.filter(
        interprets=OuterRef("pk"), state=State.PUBLISHED, kind=Kind.INTERPRETATION
    )
    made = Coalesce("formed_on", "published_on")
    policies = (
        Document.objects.filter(
            policy_class__in=REPORTED_CLASSES, organ_id__in=all_ids, state=State.PUBLISHED
        )
        .annotate(made_year=ExtractYear(made), has_interpretation=Exists(interpreted))
        .filter(made_year__in=years)
        .values("organ_id", "made_year")
        .annotate(
            policies=Count("policy_class"),
            interpreted=Count("policy_class", filter=Q(has_interpretation=True)),
        )
        .order_by()
    )
    published = (
        Document.objects.filter(
            organ_id__in=all_ids, state=State.PUBLISHED, kind=Kind.INTERPRETATION
        )
        .annotate(year=ExtractYear("published_on"))
        .filter(year__in=years)
        .values("organ_id", "year")
        .annotate(n=Count("kind"))
        .order_by()
    )
    by_organ_year = {(r["organ_id"], r["made_year"]): r for r in policies}
    published_by = {(r["organ_id"], r["year"]): r["n"] for r in published}
    answers = {}
    for key, (ids, year) in requests.items():
        rows = [by_organ_year[(i, year)] for i in ids if (i, year) in by_organ_year]
        total = sum(r["policies"] for r in rows)
        done = sum(r["interpreted"] for r in rows)
        answers[key] = {
            "policies": total,
            "interpreted": done,
            "ratio": (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if total
            else None,
            "interpretations_published": sum(published_by.get((i, year), 0) for i in ids),
        }
    return answers
