"""Background work (django-tasks: the database queue by default, inline under tests).

Indexing on publish/withdraw runs here so that publishing stays fast; embeddings follow in
their own task because the model is slow (about 45 sentences a second on two cores) and search
works without them.
"""

from __future__ import annotations

from django_tasks import task

from django.conf import settings

from gongkai.search.documents import SearchDocument


@task()
def index_documents_task(docs: list[dict]) -> int:
    from gongkai.search.services import index_documents

    count = index_documents(SearchDocument.from_dict(d) for d in docs)
    if settings.GONGKAI.get("SEARCH_EMBED_ON_INDEX", True):
        embed_pending_task.enqueue()
    return count


@task()
def remove_documents_task(keys: list[str]) -> int:
    from gongkai.search.services import remove_documents

    return remove_documents(keys)


@task()
def embed_pending_task() -> int:
    from gongkai.search.services import embed_pending

    return embed_pending()


@task()
def reindex_entries_task() -> int:
    """Re-segment every stored entry (after a dictionary or synonym change)."""
    from gongkai.search.services import reindex_entries

    return reindex_entries()
