"""Reads for staff and the portal: FAQ entries within the staff member's organs, analytics."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for
from gongkai.search.models import FaqEntry, QueryLog


def faq_list_for(user) -> QuerySet[FaqEntry]:
    """FAQ entries of the organs where ``user`` may manage the knowledge base."""
    return FaqEntry.objects.filter(
        organ_id__in=organ_ids_for(user, Capability.FAQ_MANAGE)
    ).select_related("organ", "owner")


def faq_get_for(user, pk: int) -> FaqEntry:
    return faq_list_for(user).get(pk=pk)


def faq_public_list() -> QuerySet[FaqEntry]:
    """Every active FAQ entry, by organ (the tree's order) and question."""
    return (
        FaqEntry.objects.filter(is_active=True)
        .select_related("organ")
        .only("question", "organ__name", "organ__path", "organ__sort_order")
        .order_by("organ__path", "question")
    )


def faq_public(pk: int) -> FaqEntry:
    return FaqEntry.objects.select_related("organ").get(pk=pk, is_active=True)


def popular_queries(*, limit: int = 5, days: int = 90) -> list[str]:
    """Frequent searches that found something (suggestions for an empty result)."""
    since = timezone.now() - timedelta(days=days)
    return list(
        QueryLog.objects.filter(created_at__gte=since, result_count__gt=0, channel="search")
        .values("query")
        .annotate(n=Count("id"))
        .order_by("-n", "query")
        .values_list("query", flat=True)[:limit]
    )


def query_analytics(*, days: int = 30, limit: int = 20) -> dict:
    """Top queries, queries that found nothing, questions the assistant could not answer."""
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)

    def top(qs):
        return list(
            qs.values("query")
            .annotate(n=Count("id"), last=Max("created_at"))
            .order_by("-n", "query")[:limit]
        )

    return {
        "days": days,
        "total": logs.count(),
        "top": top(logs),
        "zero_results": top(logs.filter(channel=QueryLog.Channel.SEARCH, result_count=0)),
        "unanswered": top(logs.filter(channel=QueryLog.Channel.ASK, answer_type="none")),
        "by_answer_type": dict(
            logs.filter(channel=QueryLog.Channel.ASK)
            .values_list("answer_type")
            .annotate(n=Count("id"))
            .values_list("answer_type", "n")
        ),
    }
