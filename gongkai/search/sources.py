"""Sources this app provides itself: the FAQ knowledge base. Other apps register theirs in
their ``AppConfig.ready`` (see ``documents``)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.search.documents import SearchDocument, register_source


def faq_documents() -> Iterator[SearchDocument]:
    from gongkai.search.models import FaqEntry
    from gongkai.search.services import faq_document

    for entry in FaqEntry.objects.filter(is_active=True).select_related("organ"):
        yield faq_document(entry)


def register_builtin_sources() -> None:
    register_source("faq", faq_documents)
